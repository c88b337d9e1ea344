"""In a real browser: a facilitator changes a group's agreement and a session's details; a member is asked
to accept the new agreement and does, and can post again. axe scans the edit pages (and the theme edit page
of a programme lead) on the way, and each fits a 360 px screen."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from groups.models import Membership
from groups.services import sessions
from tests.accounts.factories import PASSWORD, UserFactory, give_role
from tests.e2e.conftest import browser_sign_in, check_page
from tests.groups.factories import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set SCREENSHOT_DIR to keep pictures of the edit pages at 1280 and 360 px for review.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")


def _check(page, name):
    check_page(page, name, SCREENSHOT_DIR)


def test_facilitator_changes_the_agreement_and_a_member_accepts_it(browser, live_server, team, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False
    facilitator = UserFactory(email="fac@example.com", display_name="Tomás Oliveira", org_unit=team)
    member = UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    group = make_group(facilitator=facilitator, name="Parents at work", members=[member])
    start = timezone.now() + timedelta(days=2)
    session = sessions.session_schedule(
        actor=facilitator, group=group, title="Lunchtime circle", starts_at=start,
        ends_at=start + timedelta(hours=1), mode="in_person", location="Room 4", capacity=8,
    )  # fmt: skip
    sessions.rsvp(actor=member, session=session, going=True)

    facilitator_page = browser.new_context().new_page()
    browser_sign_in(facilitator_page, live_server.url, "fac@example.com", PASSWORD)
    facilitator_page.goto(f"{live_server.url}/groups/{group.public_id}/")
    facilitator_page.get_by_role("link", name="Edit group").click()
    expect(facilitator_page.get_by_role("heading", level=1)).to_have_text("Edit Parents at work")
    _check(facilitator_page, "group-edit")
    facilitator_page.get_by_label("Group agreement").fill(
        "- **Be gentle** with each other.\n- What is said here stays here."
    )
    facilitator_page.get_by_role("button", name="Save changes").click()
    expect(
        facilitator_page.get_by_text("Members are asked to read and accept the new agreement.")
    ).to_be_visible()

    facilitator_page.goto(f"{live_server.url}/groups/{group.public_id}/sessions/{session.public_id}/")
    facilitator_page.get_by_role("link", name="Edit", exact=True).click()
    _check(facilitator_page, "session-edit")
    facilitator_page.get_by_label("Places").fill("")
    facilitator_page.get_by_label("Location").fill("The garden room")
    facilitator_page.get_by_role("button", name="Save changes").click()
    expect(
        facilitator_page.get_by_text("Changes saved; everyone coming or waiting has been told.")
    ).to_be_visible()
    expect(facilitator_page.get_by_text("The garden room")).to_be_visible()

    member_page = browser.new_context().new_page()
    browser_sign_in(member_page, live_server.url, "amira@example.com", PASSWORD)
    member_page.goto(f"{live_server.url}/groups/{group.public_id}/")
    expect(member_page.get_by_role("heading", name="Our group agreement has changed")).to_be_visible()
    expect(member_page.get_by_text("with each other.")).to_be_visible()
    expect(member_page.get_by_role("link", name="Start a conversation")).to_have_count(0)
    _check(member_page, "agreement-banner")
    member_page.get_by_label("I have read the updated agreement and will keep to it").check()
    member_page.get_by_role("button", name="Accept the agreement").click()
    expect(
        member_page.get_by_text("Thank you for accepting the agreement. You can post again.")
    ).to_be_visible()
    membership = Membership.objects.get(user=member, group=group)
    group.refresh_from_db()
    assert membership.agreement_accepted_at >= group.agreement_changed_at
    member_page.get_by_role("link", name="Start a conversation").click()
    member_page.get_by_label("Title").fill("Settling in")
    member_page.get_by_label("What's on your mind?").fill("The new agreement feels right.")
    member_page.get_by_role("button", name="Post").click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Settling in")


def test_theme_edit_page_has_no_violations(page, live_server, team, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False
    give_role(
        UserFactory(email="priya@example.com", display_name="Priya Raman", org_unit=team), "programme_lead"
    )
    group = make_group(facilitator=UserFactory(org_unit=team), name="Carers circle", sensitive=True)
    browser_sign_in(page, live_server.url, "priya@example.com", PASSWORD)
    page.goto(f"{live_server.url}/groups/themes/")
    page.get_by_role("link", name=f"Edit {group.theme.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit the theme {group.theme.name}")
    _check(page, "theme-edit")
    page.goto(f"{live_server.url}/groups/{group.public_id}/edit/")
    _check(page, "group-edit-lead")
