"""In a real browser: a learner reads the lessons, fails the quiz, reads why, tries again and passes,
practises with the listening coach, finishes the other modules (a shortcut), receives the certificate, opts
in and appears in the supporters directory. axe scans every training page on the way, learner's and
programme lead's, and each fits a 360 px screen."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory, give_role, roles
from tests.e2e.conftest import browser_sign_in, check_page
from tests.groups.factories import make_group
from tests.training.factories import complete
from training.models import Certificate, Module, QuizAttempt
from training.services.curriculum import curriculum_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")


def _check(page, name):
    check_page(page, name, SCREENSHOT_DIR)


def _answer(page, module, *, right: bool, skip=None):
    """Choose the right (or a wrong) answer to every question (but `skip`) of the module's quiz."""
    for question in module.questions.prefetch_related("options"):
        if question == skip:
            continue
        options = list(question.options.all())
        chosen = [o for o in options if o.correct] if right else [next(o for o in options if not o.correct)]
        for option in chosen:
            page.locator(f"input[name=q{question.pk}][value='{option.pk}']").check()


def test_a_learner_becomes_a_peer_supporter_and_joins_the_directory(page, browser, live_server, team):
    curriculum_load()
    learner = UserFactory(email="learner@example.com", display_name="Amira Haddad", org_unit=team)
    first = Module.objects.get(slug="what-peer-support-is")
    base = live_server.url
    browser_sign_in(page, base, learner.email, PASSWORD)

    page.goto(base + reverse("training:list"))
    expect(page.get_by_role("heading", name="Listening and empathy training")).to_be_visible()
    _check(page, "training-list")
    page.get_by_role("link", name="What peer support is and is not", exact=True).first.click()
    _check(page, "training-module")
    page.get_by_role("link", name="Start the module").click()
    lessons = list(first.lessons.all())
    for number, lesson in enumerate(lessons, start=1):
        expect(page.get_by_role("heading", name=lesson.title)).to_be_visible()
        if number == 1:
            _check(page, "training-lesson")
        page.get_by_role(
            "button", name="Finish the lessons" if number == len(lessons) else "Next lesson"
        ).click()

    # The quiz: one question left unanswered keeps the other choices; then all wrong; then all right.
    expect(page.get_by_role("heading", name="Scenario quiz")).to_be_visible()
    _check(page, "training-quiz")
    first_question = first.questions.first()
    _answer(page, first, right=False, skip=first_question)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Some questions have no answer yet")
    _check(page, "training-quiz-error")
    _answer(page, first, right=False)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Not yet: the pass mark is 80%")).to_be_visible()
    wrong = next(o for o in first_question.options.all() if not o.correct)
    expect(page.get_by_text(wrong.explanation).first).to_be_visible()  # why that answer was not the best
    _check(page, "training-attempt-failed")
    page.get_by_role("link", name="Try again").click()
    _answer(page, first, right=True)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("You scored 100%.")).to_be_visible()
    assert list(QuizAttempt.objects.filter(user=learner).values_list("score", flat=True)) == [100, 0]
    page.get_by_role("link", name="Continue").click()

    # Practice: the coach notices advice-giving; the model answer follows.
    expect(page.get_by_text("Your colleague writes:")).to_be_visible()
    _check(page, "training-practice")
    page.get_by_label("Your reply").fill(
        "You should just talk to your manager about it, at least it's Friday."
    )
    page.get_by_role("button", name="Get feedback").click()
    expect(page.get_by_role("heading", name="What the listening coach noticed")).to_be_visible()
    expect(page.get_by_text("can sound like an instruction")).to_be_visible()
    expect(page.get_by_role("heading", name="A model answer")).to_be_visible()
    _check(page, "training-practice-feedback")
    page.get_by_role("link", name="Back to the modules").click()

    # The other required modules, by the shortcut; completing the last one issues the certificate.
    assert not Certificate.objects.filter(user=learner).exists()
    for module in Module.objects.filter(required=True).exclude(pk=first.pk):
        complete(learner, module)
    assert Certificate.objects.filter(user=learner).exists()

    page.goto(base + reverse("training:list"))
    expect(page.get_by_text("Peer supporter", exact=True)).to_be_visible()
    page.get_by_role("link", name="Your certificate").click()
    expect(page.get_by_role("heading", name="Peer-supporter certificate", exact=True)).to_be_visible()
    _check(page, "training-certificate")
    page.get_by_role("button", name="Let the link show my name and dates").click()
    expect(page.get_by_text("The verification link now shows your name")).to_be_visible()
    code = Certificate.objects.get(user=learner).code
    anonymous = browser.new_context().new_page()
    anonymous.goto(base + reverse("training:verify", args=[code]))
    expect(anonymous.get_by_text("Amira Haddad")).to_be_visible()
    _check(anonymous, "training-verify")

    page.goto(base + reverse("training:supporter"))
    _check(page, "training-supporter")
    page.get_by_label("List me in the supporters directory").check()
    page.get_by_label("Bullying and harassment").check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()

    colleague = browser.new_context().new_page()
    UserFactory(email="colleague@example.com", org_unit=team)
    browser_sign_in(colleague, base, "colleague@example.com", PASSWORD)
    colleague.goto(base + reverse("training:directory") + "?topic=bullying")
    expect(colleague.get_by_role("heading", name="Amira Haddad")).to_be_visible()
    _check(colleague, "training-directory")


def test_the_programme_leads_and_facilitators_training_pages_pass_axe(browser, live_server, team, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False
    curriculum_load()
    lead = give_role(UserFactory(email="lead2@example.com", org_unit=team), roles.PROGRAMME_LEAD)
    facilitator = UserFactory(email="fac2@example.com", org_unit=team)
    make_group(facilitator=facilitator)
    supporter = UserFactory(email="sup2@example.com", display_name="Grace Mensah", org_unit=team)
    for module in Module.objects.filter(required=True):
        complete(supporter, module)
    module = Module.objects.get(slug="active-listening")
    question, lesson = module.questions.first(), module.lessons.first()
    base = live_server.url

    page = browser.new_context().new_page()
    browser_sign_in(page, base, lead.email, PASSWORD)
    for name, url in [
        ("manage", reverse("training:manage")),
        ("module-edit", reverse("training:module_edit", args=[module.public_id])),
        ("module-create", reverse("training:module_create")),
        ("lesson-edit", reverse("training:lesson_edit", args=[module.public_id, lesson.public_id])),
        ("lesson-delete", reverse("training:lesson_delete", args=[module.public_id, lesson.public_id])),
        ("question-edit", reverse("training:question_edit", args=[module.public_id, question.public_id])),
        ("practice-edit", reverse("training:practice_edit", args=[module.public_id])),
        ("lesson-create", reverse("training:lesson_create", args=[module.public_id])),
        ("question-create", reverse("training:question_create", args=[module.public_id])),
        ("question-delete", reverse("training:question_delete", args=[module.public_id, question.public_id])),
        ("unpublish", reverse("training:module_publish", args=[module.public_id])),
        ("roster-lead", reverse("training:roster")),
    ]:
        page.goto(base + url)
        _check(page, f"training-{name}")
    # A draft previewed, and publishing it from the editor.
    page.goto(base + reverse("training:module_create"))
    page.get_by_label("Title").fill("Supporting remote colleagues")
    page.get_by_label("Summary").fill("Listening well on a video call.")
    page.get_by_role("button", name="Create module").click()
    expect(page.get_by_text("Draft: learners cannot see it")).to_be_visible()
    page.get_by_role("link", name="Add a lesson").click()
    page.get_by_label("Title").fill("Cameras and silence")
    page.get_by_label("Lesson").fill("Silence on a call feels longer. Let it be.")
    page.get_by_role("button", name="Save lesson").click()
    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_text("Preview: this module is a draft")).to_be_visible()
    _check(page, "training-preview")
    page.get_by_role("link", name="Back to the editor").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.", exact=True)).to_be_visible()

    facilitator_page = browser.new_context().new_page()
    browser_sign_in(facilitator_page, base, facilitator.email, PASSWORD)
    facilitator_page.goto(base + reverse("training:roster"))
    expect(facilitator_page.get_by_role("cell", name="Grace Mensah")).to_be_visible()
    _check(facilitator_page, "training-roster")
