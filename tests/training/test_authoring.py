"""Programme leads write the curriculum; what learners already did keeps what it was."""

import pytest
from django.test import Client
from django.urls import reverse

from peersupport.core.models import AuditEvent
from peersupport.notifications.models import Notification
from tests.conftest import sign_in
from tests.training.factories import make_module, right_answers
from training import kinds
from training.models import Module, QuizAttempt
from training.services import authoring, learning
from training.services.authoring import AuthoringError

pytestmark = pytest.mark.django_db

OPTIONS = [
    {"text": "Listen", "correct": True, "explanation": "It helps."},
    {"text": "Advise", "correct": False, "explanation": "It takes over."},
]


def test_editing_a_published_quiz_never_changes_past_results(client, employee, programme_lead):
    module = make_module(questions=2)
    attempt = learning.quiz_submit(actor=employee, module=module, answers=right_answers(module))
    question = module.questions.first()
    # The lead makes the answer that was right wrong, and rewrites the question.
    authoring.question_save(
        actor=programme_lead,
        module=module,
        question=question,
        text="A new question",
        multiple=False,
        options=[{**OPTIONS[0], "correct": False}, {**OPTIONS[1], "correct": True}],
    )
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (100, True)
    sign_in(client, employee)
    page = client.get(reverse("training:attempt", args=[attempt.public_id])).content.decode()
    assert "You scored 100%." in page
    assert "Reflect what you heard" in page  # the answers as they were when taken
    assert "A new question" not in page


def test_a_single_answer_question_needs_exactly_one_correct_answer_and_every_explanation():
    module = make_module(questions=0)
    with pytest.raises(AuthoringError):
        authoring.question_save(
            actor=None,
            module=module,
            text="?",
            multiple=False,
            options=[{**o, "correct": True} for o in OPTIONS],
        )
    with pytest.raises(AuthoringError):
        authoring.question_save(
            actor=None,
            module=module,
            text="?",
            multiple=True,
            options=[{**o, "correct": True} for o in OPTIONS],
        )
    with pytest.raises(AuthoringError):
        authoring.question_save(
            actor=None,
            module=module,
            text="?",
            multiple=False,
            options=[OPTIONS[0], {**OPTIONS[1], "explanation": " "}],
        )
    assert not module.questions.exists()


def test_the_question_form_keeps_what_was_typed_when_it_is_refused(programme_lead):
    module = make_module(questions=0, publish=False)
    client = sign_in(Client(), programme_lead)
    body = {
        "text": "What helps?",
        "option-TOTAL_FORMS": "2",
        "option-INITIAL_FORMS": "0",
        "option-0-text": "Listening",
        "option-0-explanation": "Because.",
        "option-1-text": "Advising",
        "option-1-explanation": "Because not.",
    }  # nothing marked correct
    response = client.post(reverse("training:question_create", args=[module.public_id]), body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tick “Correct” on the right answer." in html
    assert html.count("Tick “Correct” on the right answer.") == 1
    assert "Advising" in html and "Because not." in html


def test_a_module_is_published_only_with_a_lesson_and_unpublishing_hides_it(client, employee):
    empty = authoring.module_create(
        actor=None, title="Empty", summary="-", minutes=5, required=True, pass_mark=80
    )
    with pytest.raises(AuthoringError):
        authoring.module_publish(actor=None, module=empty, publish=True)
    module = make_module(title="Boundaries")
    sign_in(client, employee)
    assert module.title in client.get(reverse("training:list")).content.decode()
    authoring.module_publish(actor=None, module=module, publish=False)
    assert module.title not in client.get(reverse("training:list")).content.decode()
    assert client.get(reverse("training:module", args=[module.public_id])).status_code == 404


def test_reordering_moves_a_module_and_a_lesson_one_place(programme_lead):
    first, second = make_module(title="First"), make_module(title="Second")
    authoring.module_move(actor=programme_lead, module=second, up=True)
    assert list(Module.objects.values_list("title", flat=True)) == ["Second", "First"]
    lessons = list(first.lessons.all())
    authoring.lesson_move(actor=programme_lead, lesson=lessons[0], up=False)
    assert list(first.lessons.all()) == [lessons[1], lessons[0]]
    assert AuditEvent.objects.filter(action="training.module.reordered", actor=programme_lead).exists()


def test_a_refresher_cannot_also_be_required():
    with pytest.raises(AuthoringError):
        authoring.module_create(
            actor=None, title="R", summary="-", minutes=5, required=True, refresher=True, pass_mark=80
        )


def test_deleting_a_question_keeps_past_attempts(employee):
    module = make_module(questions=2)
    attempt = learning.quiz_submit(actor=employee, module=module, answers=right_answers(module))
    authoring.question_delete(actor=None, question=module.questions.first())
    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    assert len(attempt.scored_against["questions"]) == 2
    assert attempt.score == 100


def test_unpublishing_a_module_withdraws_the_nudges_that_would_lead_to_it(employee):
    module = make_module(lessons=3)
    learning.lesson_read(actor=employee, lesson=module.lessons.first())
    nudges = Notification.objects.filter(recipient=employee, kind=kinds.MODULE_NUDGE.key)
    assert nudges.filter(status=Notification.Status.PENDING).count() == 2
    authoring.module_publish(actor=None, module=module, publish=False)
    assert not nudges.filter(status=Notification.Status.PENDING).exists()
