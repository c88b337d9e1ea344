"""axe scans of the pages the insider-path work added or changed, as the people who use them."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from groups.services import discussions, moderation
from groups.services import membership as group_services
from peersupport.accounts import services as account_services
from peersupport.accounts.tasks import email_change_path
from tests.accounts.factories import PASSWORD, UserFactory, give_role
from tests.e2e.conftest import browser_sign_in
from tests.groups.factories import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

axe = Axe()


def _scan(page, url):
    page.goto(url)
    results = axe.run(page)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_insider_path_pages_have_no_accessibility_violations(page, live_server, team, settings, theme):
    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False  # signing in with a code is tested elsewhere
    page.emulate_media(color_scheme=theme)
    admin = give_role(UserFactory(org_unit=team), "site_admin")
    lead = give_role(UserFactory(email="lead@example.com", org_unit=team), "programme_lead")
    facilitator = UserFactory(email="fac@example.com", org_unit=team)
    member = UserFactory(email="member@example.com", org_unit=team)
    group = make_group(facilitator=facilitator, members=[member])
    group_services.facilitator_appoint(actor=lead, group=group, user=UserFactory(org_unit=team))
    thread = discussions.thread_create(
        actor=member, group=group, title="Hard week", body="Tired.", anonymous=True, open_to_suggestions=False
    )
    unmask = moderation.unmask_request(actor=facilitator, item=thread, reason="Worried about them")
    change = account_services.email_change_request(actor=admin, user=member, new_email="moved@example.org")

    # Signed out: the two links of an address change.
    _scan(page, live_server.url + email_change_path(change))
    _scan(page, live_server.url + email_change_path(change, cancel=True))

    browser_sign_in(page, live_server.url, "member@example.com", PASSWORD)
    for path in (
        "/me/privacy/",
        f"/groups/{group.public_id}/",
        f"/groups/{group.public_id}/threads/{thread.public_id}/",
    ):
        _scan(page, live_server.url + path)
    page.context.clear_cookies()

    browser_sign_in(page, live_server.url, "fac@example.com", PASSWORD)
    for path in (f"/groups/{group.public_id}/manage/", f"/groups/safeguarding/{unmask.public_id}/"):
        _scan(page, live_server.url + path)
    page.context.clear_cookies()

    browser_sign_in(page, live_server.url, "lead@example.com", PASSWORD)
    for path in (
        f"/groups/{group.public_id}/facilitators/",
        "/groups/safeguarding/",
        f"/groups/safeguarding/{unmask.public_id}/",
    ):
        _scan(page, live_server.url + path)
    # The decision form with its errors shown (no reason, no confirmation) stays accessible too.
    page.get_by_label("Approve: show the name").check()
    page.get_by_role("button", name="Record my decision").click()
    page.wait_for_load_state()
    assert axe.run(page).violations_count == 0
