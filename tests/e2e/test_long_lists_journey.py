"""In a real browser, with lists longer than a page: browsing groups a page at a time, a big group's member
list, a long thread read by key, a session's people going (a facilitator records attendance on the second
page), and the notification centre. axe scans each page, and each fits a 360 px screen."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from groups import selectors
from groups.models import SessionRSVP
from groups.services import discussions, sessions
from groups.services import membership as services
from peersupport.notifications import kinds
from peersupport.notifications import services as notifications
from peersupport.notifications.tasks import send_notification
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import browser_sign_in, check_page
from tests.groups.factories import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set SCREENSHOT_DIR to keep pictures of the pages at 1280 and 360 px for review.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")


def _check(page, name):
    check_page(page, name, SCREENSHOT_DIR)


def test_long_lists_come_a_page_at_a_time(browser, live_server, team, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False
    facilitator = UserFactory(email="fac@example.com", display_name="Tomás Oliveira", org_unit=team)
    someone_else = UserFactory(display_name="Another Facilitator")
    for number in range(selectors.GROUPS_PER_PAGE + 2):
        make_group(facilitator=someone_else, name=f"Circle {number:02d}")
    group = make_group(facilitator=facilitator, name="Parents at work")
    people = [UserFactory(display_name=f"Person {number:02d}") for number in range(55)]
    for person in people:
        services.membership_join(actor=person, group=group, accept_agreement=True)
    thread = discussions.thread_create(
        actor=people[0], group=group, title="Back after leave", body="Hard week.", anonymous=False,
        open_to_suggestions=False,
    )  # fmt: skip
    for number in range(2 * selectors.REPLIES_PER_PAGE + 3):
        discussions.post_reply(
            actor=people[number % 5], thread=thread, body=f"Reply {number:02d}", reply_type="reflect",
            anonymous=False,
        )  # fmt: skip
    start = timezone.now() + timedelta(days=2)
    session = sessions.session_schedule(
        actor=facilitator, group=group, title="Monthly circle", starts_at=start,
        ends_at=start + timedelta(hours=1), mode="in_person", location="Room 2", capacity=None,
    )  # fmt: skip
    for person in people:
        sessions.rsvp(actor=person, session=session, going=True)
    for number in range(25):
        sent = notifications.notify(
            recipient=facilitator, kind=kinds.ROLE_CHANGED, idempotency_key=f"n{number}",
            context={"role_label": f"R{number}", "granted": True},
        )  # fmt: skip
        send_notification(sent.pk)

    page = browser.new_context().new_page()
    browser_sign_in(page, live_server.url, "fac@example.com", PASSWORD)
    page.goto(live_server.url + "/groups/")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    _check(page, "group-list")
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()

    page.goto(f"{live_server.url}/groups/{group.public_id}/")
    expect(page.get_by_text("of the 56 people you can see here")).to_be_visible()
    _check(page, "group-members")
    page.get_by_role("navigation", name="Member list, pages").get_by_role("link", name="Next").click()
    expect(page.get_by_text("Person 54")).to_be_visible()

    page.goto(f"{live_server.url}/groups/{group.public_id}/threads/{thread.public_id}/")
    page.get_by_role("link", name="Later").click()
    expect(page.get_by_text("Reply 20")).to_be_visible()
    _check(page, "thread-later")
    page.get_by_role("link", name="Latest replies").click()
    expect(page.get_by_text("Reply 42")).to_be_visible()

    page.goto(f"{live_server.url}/groups/{group.public_id}/sessions/{session.public_id}/")
    expect(page.get_by_text("of the 55 people going")).to_be_visible()
    _check(page, "session-attendees")
    page.get_by_role("navigation", name="People going, pages").get_by_role("link", name="Next").click()
    page.get_by_label("Person 53").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    expect(page.get_by_label("Person 53")).to_be_checked()  # back on the page that was saved
    marked = dict(
        SessionRSVP.objects.filter(attended__isnull=False).values_list("user__display_name", "attended")
    )
    assert marked == {"Person 50": False, "Person 51": False, "Person 52": False, "Person 53": True,
                      "Person 54": False}  # fmt: skip

    page.goto(live_server.url + "/notifications/")
    _check(page, "notifications")
    page.get_by_role("link", name="Older").click()
    expect(page.get_by_role("link", name="Newest")).to_be_visible()
