"""In a real browser: join a group, accept its agreement, post anonymously; another member meets the
listening coach and replies with a Reflect reply. axe scans the group pages on the way."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from groups.models import Post, Thread
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import browser_sign_in
from tests.groups.factories import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

axe = Axe()


def _no_violations(page):
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_join_post_anonymously_and_reply_after_the_coach(browser, live_server, team):
    facilitator = UserFactory(email="fac@example.com", display_name="Tomás Oliveira", org_unit=team)
    second = UserFactory(email="second@example.com", display_name="Second Member", org_unit=team)
    UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    third = UserFactory(email="third@example.com", display_name="Third Member", org_unit=team)
    group = make_group(facilitator=facilitator, name="Parents at work", members=[second, third])

    first_page = browser.new_context().new_page()
    browser_sign_in(first_page, live_server.url, "amira@example.com", PASSWORD)
    first_page.goto(live_server.url + "/groups/")
    _no_violations(first_page)
    first_page.get_by_role("link", name="Parents at work").click()
    _no_violations(first_page)
    first_page.get_by_label("I have read the group agreement and will keep to it").check()
    first_page.get_by_role("button", name="Join the group").click()
    expect(first_page.get_by_text("Welcome to Parents at work.")).to_be_visible()
    first_page.get_by_role("link", name="Start a conversation").click()
    first_page.get_by_label("Title").fill("First week back")
    first_page.get_by_label("What's on your mind?").fill("I cried in the car park on Monday.")
    first_page.get_by_label("Post anonymously").check()
    first_page.get_by_role("button", name="Post").click()
    expect(first_page.get_by_role("heading", level=1)).to_have_text("First week back")
    expect(first_page.locator("article").first.get_by_text("Member A")).to_be_visible()
    _no_violations(first_page)

    second_page = browser.new_context().new_page()
    browser_sign_in(second_page, live_server.url, "second@example.com", PASSWORD)
    thread = Thread.objects.get(title="First week back")
    second_page.goto(f"{live_server.url}/groups/{group.public_id}/threads/{thread.public_id}/")
    expect(second_page.get_by_text("Amira Haddad")).to_have_count(0)
    second_page.get_by_label("Your reply").fill("You should just take it easy.")
    second_page.get_by_role("button", name="Post reply").click()
    expect(second_page.get_by_text("A thought from the listening coach")).to_be_visible()
    _no_violations(second_page)
    second_page.get_by_label("Your reply").fill("It sounds like Monday held a lot of feelings at once.")
    second_page.get_by_role("button", name="Post as written").click()
    expect(second_page.get_by_text("Your reply is posted.")).to_be_visible()
    reply = Post.objects.get()
    assert reply.reply_type == "reflect" and reply.body.startswith("It sounds like")
    second_page.get_by_role("button", name="Sending support").first.click()
    expect(second_page.get_by_role("button", name="Sending support 1")).to_be_visible()

    # A third member reports the reply; the facilitator hides it from the moderation queue.
    third_page = browser.new_context().new_page()
    browser_sign_in(third_page, live_server.url, "third@example.com", PASSWORD)
    third_page.goto(f"{live_server.url}/groups/{group.public_id}/threads/{thread.public_id}/")
    third_page.get_by_role("link", name="Report this reply").click()
    third_page.get_by_label("Breaks the group agreement").check()
    third_page.get_by_role("button", name="Send to the facilitators").click()
    expect(third_page.get_by_text("nobody will know it was you")).to_be_visible()

    facilitator_page = browser.new_context().new_page()
    browser_sign_in(facilitator_page, live_server.url, "fac@example.com", PASSWORD)
    facilitator_page.goto(f"{live_server.url}/groups/{group.public_id}/moderation/")
    expect(facilitator_page.get_by_text("Breaks the group agreement \u00d7 1")).to_be_visible()
    _no_violations(facilitator_page)
    facilitator_page.get_by_label("Reason", exact=True).first.fill("Let's keep to reflecting for now.")
    facilitator_page.get_by_role("button", name="Hide").first.click()
    expect(facilitator_page.get_by_text("Done. The author has been told.")).to_be_visible()
    reply.refresh_from_db()
    assert reply.hidden_at is not None

    # The facilitator's other pages: managing members and a session with its private notes.
    from datetime import timedelta

    from django.utils import timezone

    from groups.services import sessions

    start = timezone.now() + timedelta(days=2)
    session = sessions.session_schedule(
        actor=facilitator,
        group=group,
        title="Lunchtime circle",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        mode="in_person",
        location="Room 4",
    )
    sessions.rsvp(actor=second, session=session, going=True)
    for path in (
        f"/groups/{group.public_id}/manage/",
        f"/groups/{group.public_id}/sessions/{session.public_id}/",
        f"/groups/{group.public_id}/sessions/new/",
    ):
        facilitator_page.goto(live_server.url + path)
        _no_violations(facilitator_page)
