"""Learning: scoring, pass marks, best scores, module completion, certificates and their reminders."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from peersupport.core.models import AuditEvent
from peersupport.core.pillars import PEER_SUPPORTER, standings_of
from peersupport.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.training.factories import complete, make_module, right_answers, wrong_answers
from training import kinds, selectors
from training.models import Certificate, ModuleProgress
from training.services import learning
from training.services.certificates import add_months
from training.services.learning import TrainingError, score_answers

pytestmark = pytest.mark.django_db


def test_a_single_answer_question_is_right_only_with_the_correct_option():
    module = make_module(questions=2)
    attempt = learning.quiz_submit(actor=UserFactory(), module=module, answers=right_answers(module))
    assert attempt.score == 100
    assert attempt.passed
    wrong = learning.quiz_submit(actor=UserFactory(), module=module, answers=wrong_answers(module))
    assert wrong.score == 0
    assert not wrong.passed


def test_a_multiple_answer_question_needs_every_correct_option_and_nothing_else():
    module = make_module(questions=3)
    snapshot = {"questions": []}
    learner = UserFactory()
    attempt = learning.quiz_submit(actor=learner, module=module, answers=right_answers(module))
    snapshot = attempt.scored_against
    multiple = next(q for q in snapshot["questions"] if q["multiple"])
    ids = [o["id"] for o in multiple["options"]]  # right, right, wrong
    base = right_answers(module)
    assert score_answers(snapshot, {**base, str(multiple["id"]): ids[:2]}) == 100
    assert score_answers(snapshot, {**base, str(multiple["id"]): ids[:1]}) == 67  # one of two: not right
    assert score_answers(snapshot, {**base, str(multiple["id"]): ids}) == 67  # and a wrong one: not right


def test_the_pass_mark_decides_and_the_best_score_is_kept():
    module = make_module(questions=5)  # 5 questions: 4 right is 80 %, the pass mark
    learner = UserFactory()
    answers = right_answers(module)
    first_question = next(iter(answers))
    almost = {**answers, first_question: wrong_answers(module)[first_question]}
    passed = learning.quiz_submit(actor=learner, module=module, answers=almost)
    assert (passed.score, passed.passed) == (80, True)
    module.pass_mark = 90
    module.save()
    failed = learning.quiz_submit(actor=learner, module=module, answers=almost)
    assert (failed.score, failed.passed) == (80, False)
    learning.quiz_submit(actor=learner, module=module, answers=wrong_answers(module))
    progress = ModuleProgress.objects.get(user=learner, module=module)
    assert progress.best_score == 80
    assert progress.quiz_passed_at == passed.submitted_at


def test_every_question_needs_an_answer():
    module = make_module(questions=2)
    answers = right_answers(module)
    answers.pop(next(iter(answers)))
    with pytest.raises(TrainingError):
        learning.quiz_submit(actor=UserFactory(), module=module, answers=answers)


def test_an_answer_from_another_question_is_refused():
    module = make_module(questions=2)
    answers = right_answers(module)
    first, second = list(answers)
    with pytest.raises(TrainingError):
        learning.quiz_submit(actor=UserFactory(), module=module, answers={first: answers[second], second: []})


def test_a_draft_module_cannot_be_taken():
    module = make_module(publish=False)
    with pytest.raises(TrainingError):
        learning.lesson_read(actor=UserFactory(), lesson=module.lessons.first())


def test_passing_every_required_module_issues_a_certificate_with_its_reminders():
    first, second = make_module(title="One"), make_module(title="Two")
    make_module(title="Optional", required=False)
    learner = UserFactory()
    complete(learner, first)
    assert not Certificate.objects.filter(user=learner).exists()
    assert not selectors.is_supporter(user=learner)
    complete(learner, second)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.expires_at == add_months(certificate.issued_at, 24)
    assert selectors.is_supporter(user=learner)
    assert PEER_SUPPORTER in standings_of(learner)
    reminders = Notification.objects.filter(recipient=learner, kind=kinds.CERTIFICATE_EXPIRING.key)
    assert sorted(n.due_at.date() for n in reminders) == sorted(
        [
            (certificate.expires_at - timedelta(days=60)).date(),
            (certificate.expires_at - timedelta(days=14)).date(),
            certificate.expires_at.date(),
        ]
    )
    assert Notification.objects.filter(recipient=learner, kind=kinds.CERTIFICATE_ISSUED.key).count() == 1
    assert AuditEvent.objects.filter(action="training.certificate.issued", subject=learner).count() == 1


def test_starting_a_module_someone_else_completed_does_not_count_as_passing_it():
    first, second = make_module(title="One"), make_module(title="Two")
    colleague, learner = UserFactory(), UserFactory()
    complete(colleague, first)
    complete(colleague, second)
    learning.lesson_read(actor=learner, lesson=first.lessons.first())  # started One, never finished it
    complete(learner, second)
    assert not selectors.passed_every_required_module(user=learner)
    assert not Certificate.objects.filter(user=learner).exists()
    complete(learner, first)
    assert Certificate.objects.filter(user=learner).exists()


def test_the_certificate_records_which_modules_it_was_issued_for():
    first, second = make_module(title="One"), make_module(title="Two")
    learner = UserFactory()
    complete(learner, first)
    complete(learner, second)
    event = AuditEvent.objects.get(action="training.certificate.issued", subject=learner)
    assert event.metadata["modules"] == sorted([first.public_id, second.public_id])


def test_a_module_is_complete_only_when_lessons_quiz_and_practice_are_done():
    module = make_module()
    learner = UserFactory()
    for lesson in module.lessons.all():
        learning.lesson_read(actor=learner, lesson=lesson)
    learning.quiz_submit(actor=learner, module=module, answers=right_answers(module))
    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is None
    learning.practice_submit(actor=learner, module=module, text="That sounds so hard. What happened next?")
    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is not None


def test_supporter_status_follows_the_certificate():
    module = make_module()
    learner = UserFactory()
    complete(learner, module)
    certificate = Certificate.objects.get(user=learner)
    with time_machine.travel(certificate.expires_at + timedelta(minutes=1)):
        assert not selectors.is_supporter(user=learner)
        assert PEER_SUPPORTER not in standings_of(learner)
    with time_machine.travel(certificate.expires_at - timedelta(minutes=1)):
        assert selectors.is_supporter(user=learner)


def test_a_refresher_renews_the_certificate_and_replaces_its_reminders():
    required = make_module(title="Core")
    refresher = make_module(title="Refresher", required=False, refresher=True, lessons=1, questions=1)
    learner = UserFactory()
    complete(learner, required)
    certificate = Certificate.objects.get(user=learner)
    old_expiry = certificate.expires_at
    later = old_expiry - timedelta(days=30)
    with time_machine.travel(later):
        complete(learner, refresher)
    certificate.refresh_from_db()
    assert certificate.renewed_at is not None
    assert certificate.expires_at == add_months(certificate.renewed_at, 24)
    assert certificate.expires_at > old_expiry
    reminders = Notification.objects.filter(recipient=learner, kind=kinds.CERTIFICATE_EXPIRING.key)
    # The old date's reminders (60 days before had been due already; 14 days and the day) are cancelled;
    # the new date has all three.
    pending = reminders.filter(status=Notification.Status.PENDING)
    assert {n.due_at.date() for n in pending} == {
        (certificate.expires_at - timedelta(days=60)).date(),
        (certificate.expires_at - timedelta(days=14)).date(),
        certificate.expires_at.date(),
    }
    assert reminders.filter(status=Notification.Status.CANCELLED, due_at__lte=old_expiry).count() == 3


def test_an_expired_certificate_is_renewed_by_the_refresher_too():
    required = make_module(title="Core")
    refresher = make_module(title="Refresher", required=False, refresher=True, lessons=1, questions=1)
    learner = UserFactory()
    complete(learner, required)
    certificate = Certificate.objects.get(user=learner)
    with time_machine.travel(certificate.expires_at + timedelta(days=10)):
        assert not selectors.is_supporter(user=learner)
        complete(learner, refresher)
        assert selectors.is_supporter(user=learner)


def test_nudges_wait_a_week_after_the_last_activity_and_are_replaced_by_new_activity():
    module = make_module(lessons=3)
    learner = UserFactory()
    first, second, _third = module.lessons.all()
    learning.lesson_read(actor=learner, lesson=first)
    nudges = Notification.objects.filter(recipient=learner, kind=kinds.MODULE_NUDGE.key)
    pending = nudges.filter(status=Notification.Status.PENDING)
    assert pending.count() == 2
    assert min(n.due_at for n in pending) - timezone.now() > timedelta(days=6, hours=23)
    learning.lesson_read(actor=learner, lesson=second)
    assert pending.count() == 2
    assert nudges.filter(status=Notification.Status.CANCELLED).count() == 2


def test_activity_within_the_same_second_still_leaves_nudges_waiting():
    module = make_module(lessons=3)
    learner = UserFactory()
    first, second, _third = module.lessons.all()
    with time_machine.travel(timezone.now(), tick=False):
        learning.lesson_read(actor=learner, lesson=first)
        learning.lesson_read(actor=learner, lesson=second)
    pending = Notification.objects.filter(
        recipient=learner, kind=kinds.MODULE_NUDGE.key, status=Notification.Status.PENDING
    )
    assert pending.count() == 2


def test_no_more_than_two_nudges_ever_reach_a_learner_for_a_module():
    module = make_module(lessons=3)
    learner = UserFactory()
    lessons = list(module.lessons.all())
    learning.lesson_read(actor=learner, lesson=lessons[0])
    nudges = Notification.objects.filter(recipient=learner, kind=kinds.MODULE_NUDGE.key)
    nudges.filter(status=Notification.Status.PENDING).update(status=Notification.Status.SENT)  # both went
    learning.lesson_read(actor=learner, lesson=lessons[1])
    assert not nudges.filter(status=Notification.Status.PENDING).exists()


def test_completing_a_module_cancels_its_nudges():
    module = make_module()
    learner = UserFactory()
    learning.lesson_read(actor=learner, lesson=module.lessons.first())
    complete(learner, module)
    nudges = Notification.objects.filter(recipient=learner, kind=kinds.MODULE_NUDGE.key)
    assert nudges.exists()
    assert not nudges.filter(status=Notification.Status.PENDING).exists()


def test_practice_keeps_what_the_coach_noticed():
    module = make_module()
    response = learning.practice_submit(
        actor=UserFactory(), module=module, text="You should just ignore him, at least it is Friday."
    )
    assert {"should", "at_least"} <= set(response.coach_flags)


def test_continue_where_left_off_is_the_module_touched_last():
    first, second = make_module(title="One", lessons=3), make_module(title="Two", lessons=3)
    learner = UserFactory()
    assert selectors.continue_where_left_off(selectors.module_rows(actor=learner)).module == first
    learning.lesson_read(actor=learner, lesson=second.lessons.first())
    row = selectors.continue_where_left_off(selectors.module_rows(actor=learner))
    assert row.module == second
    assert row.next_step.lesson == list(second.lessons.all())[1]


def test_someone_who_meets_the_requirement_after_a_lead_changes_it_gets_the_certificate(
    django_capture_on_commit_callbacks,
):
    from training.services import authoring
    from training.services.certificates import certificates_issue_due

    first, second = make_module(title="One"), make_module(title="Two")
    learner = UserFactory()
    complete(learner, first)
    assert not Certificate.objects.filter(user=learner).exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        authoring.module_publish(actor=None, module=second, publish=False)
    assert callbacks, "unpublishing a required module asks for due certificates"
    assert certificates_issue_due() == 1
    assert selectors.is_supporter(user=learner)
    assert certificates_issue_due() == 0


def test_activity_in_a_finished_module_issues_a_certificate_the_requirement_now_allows():
    from training.services import authoring

    first, second = make_module(title="One"), make_module(title="Two")
    learner = UserFactory()
    complete(learner, first)
    authoring.module_update(actor=None, module=second, required=False)
    learning.quiz_submit(actor=learner, module=first, answers=right_answers(first))  # taking it again
    assert selectors.is_supporter(user=learner)


def test_an_expired_holder_is_not_given_a_new_term_without_the_refresher():
    first = make_module(title="One")
    learner = UserFactory()
    complete(learner, first)
    certificate = Certificate.objects.get(user=learner)
    with time_machine.travel(certificate.expires_at + timedelta(days=1)):
        complete(learner, make_module(title="New and required"))
        assert not selectors.is_supporter(user=learner)
