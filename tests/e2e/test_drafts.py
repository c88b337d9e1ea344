"""Long text survives a reload (or an expired session) and is forgotten once it is posted."""

import pytest
from playwright.sync_api import expect

from groups.services import discussions
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import browser_sign_in
from tests.groups.factories import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reply_being_written_survives_a_reload_and_is_cleared_after_posting(page, live_server, team):
    facilitator = UserFactory(org_unit=team)
    writer = UserFactory(email="writer@example.com", org_unit=team)
    group = make_group(facilitator=facilitator, members=[writer])
    thread = discussions.thread_create(
        actor=facilitator,
        group=group,
        title="Check-in",
        body="How are you?",
        anonymous=False,
        open_to_suggestions=False,
    )
    url = f"{live_server.url}/groups/{group.public_id}/threads/{thread.public_id}/"
    browser_sign_in(page, live_server.url, "writer@example.com", PASSWORD)
    page.goto(url)
    page.get_by_label("Your reply").fill("It has been a long week, and I")

    page.reload()
    expect(page.get_by_label("Your reply")).to_have_value("It has been a long week, and I")
    expect(page.get_by_text("We kept what you were writing.")).to_be_visible()

    page.get_by_label("Your reply").fill("It has been a long week, and I am glad this group exists.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    page.goto(url)
    expect(page.get_by_label("Your reply")).to_have_value("")


def _thread_for(team):
    facilitator = UserFactory(org_unit=team)
    writer = UserFactory(email="writer@example.com", org_unit=team)
    colleague = UserFactory(email="colleague@example.com", org_unit=team)
    group = make_group(facilitator=facilitator, members=[writer, colleague])
    thread = discussions.thread_create(
        actor=facilitator,
        group=group,
        title="Check-in",
        body="How are you?",
        anonymous=False,
        open_to_suggestions=False,
    )
    return f"/groups/{group.public_id}/threads/{thread.public_id}/"


def _draft_keys(page):
    return page.evaluate(
        "() => Object.keys(window.localStorage).filter((key) => key.startsWith('ps-draft:'))"
    )


def test_signing_out_clears_unsent_drafts_on_a_shared_computer(page, live_server, team):
    url = live_server.url + _thread_for(team)
    browser_sign_in(page, live_server.url, "writer@example.com", PASSWORD)
    page.goto(url)
    page.get_by_label("Your reply").fill("Something I have not told anyone")
    assert _draft_keys(page)

    page.goto(live_server.url + "/accounts/logout/")
    page.locator("main").get_by_role("button", name="Sign Out").click()
    assert _draft_keys(page) == []

    browser_sign_in(page, live_server.url, "colleague@example.com", PASSWORD)
    page.goto(url)
    expect(page.get_by_label("Your reply")).to_have_value("")


def test_the_next_person_never_sees_a_draft_left_by_an_expired_session(page, live_server, team):
    url = live_server.url + _thread_for(team)
    browser_sign_in(page, live_server.url, "writer@example.com", PASSWORD)
    page.goto(url)
    page.get_by_label("Your reply").fill("Something I have not told anyone")
    page.context.clear_cookies()  # the session ends without signing out

    browser_sign_in(page, live_server.url, "colleague@example.com", PASSWORD)
    page.goto(url)
    expect(page.get_by_label("Your reply")).to_have_value("")
    assert _draft_keys(page) == []


def test_quiz_choices_survive_a_reload_and_are_forgotten_once_submitted(page, live_server, team):
    from tests.training.factories import make_module
    from training.models import QuizAttempt

    module = make_module(questions=2)
    UserFactory(email="learner@example.com", org_unit=team)
    first, second = list(module.questions.prefetch_related("options"))
    url = f"{live_server.url}/training/{module.public_id}/quiz/"
    browser_sign_in(page, live_server.url, "learner@example.com", PASSWORD)
    page.goto(url)
    chosen = first.options.all()[1]
    page.locator(f"input[name=q{first.pk}][value='{chosen.pk}']").check()

    page.reload()  # as after an expired session and signing in again
    expect(page.locator(f"input[name=q{first.pk}][value='{chosen.pk}']")).to_be_checked()
    expect(page.get_by_text("We kept the answers you had chosen.")).to_be_visible()

    page.locator(f"input[name=q{second.pk}]").first.check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Your answers are in.")).to_be_visible()
    assert QuizAttempt.objects.count() == 1
    page.goto(url)
    expect(page.locator(f"input[name=q{first.pk}][value='{chosen.pk}']")).not_to_be_checked()
