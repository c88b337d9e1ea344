"""axe scans of the main pages (light and dark), keyboard entry, and layouts down to 320 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from playwright.sync_api import expect

from peersupport.accounts import services
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import browser_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/help/crisis/",
    "/no-such-page/",
    "/accounts/password/reset/",
]
SIGNED_IN_PAGES = [
    "/",
    "/me/",
    "/help/crisis/",
    "/no-such-page/",
    "/me/privacy/",
    "/me/privacy/delete/",
    "/notifications/",
    "/me/notifications/",
    "/accounts/sessions/",
]
ADMIN_PAGES = [
    "/manage/people/",
    "/manage/people/?q=sam&active=yes",
    "/manage/people/?q=nobody",
    "/manage/audit/",
]
ERROR_PAGES = ["/boom/", "/forbidden/"]

axe = Axe()


def _scan(page, url):
    page.goto(url)
    results = axe.run(page)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_public_pages_have_no_accessibility_violations(page, live_server, team, theme):
    page.emulate_media(color_scheme=theme)
    for path in PUBLIC_PAGES:
        _scan(page, live_server.url + path)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_signed_in_pages_have_no_accessibility_violations(page, live_server, team, theme):
    UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    page.emulate_media(color_scheme=theme)
    browser_sign_in(page, live_server.url, "amira@example.com", PASSWORD)
    for path in SIGNED_IN_PAGES:
        _scan(page, live_server.url + path)


def test_privacy_export_notification_and_unsubscribe_pages_have_no_violations(page, live_server, team):
    from peersupport.accounts import services
    from peersupport.notifications import kinds
    from peersupport.notifications import services as notification_services
    from peersupport.notifications.tasks import send_notification

    user = UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    export = services.data_export_request(actor=user)
    services.data_export_build(export_id=export.pk)
    for number in range(3):
        notification = notification_services.notify(
            recipient=user,
            kind=kinds.ROLE_CHANGED,
            idempotency_key=f"a11y-{number}",
            context={"role_label": "Programme lead", "granted": True},
        )
        send_notification(notification.pk)
    unsubscribe = notification_services.unsubscribe_url(user=user, kind=kinds.EXPORT_READY)
    _scan(page, unsubscribe.replace(django_settings.SITE_URL, live_server.url))
    # A mandatory kind's link explains why it cannot be switched off.
    refused = notification_services.unsubscribe_url(user=user, kind=kinds.ROLE_CHANGED)
    _scan(page, refused.replace(django_settings.SITE_URL, live_server.url))
    browser_sign_in(page, live_server.url, "amira@example.com", PASSWORD)
    _scan(page, f"{live_server.url}/me/privacy/exports/{export.public_id}/")
    _scan(page, f"{live_server.url}/notifications/")
    unread = page.get_by_role("button", name="Mark as read")
    before = unread.count()
    unread.first.click()  # the htmx swap must keep the page accessible
    expect(unread).to_have_count(before - 1)
    assert axe.run(page).violations_count == 0


def test_site_admin_pages_have_no_accessibility_violations(page, live_server, team, settings):
    from tests.accounts.factories import give_role

    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False
    sam = give_role(
        UserFactory(email="sam@example.com", display_name="Sam Okafor", org_unit=team), "site_admin"
    )
    give_role(UserFactory(display_name="Rosa Diaz", org_unit=team), "hr_admin")
    UserFactory(display_name="Ola Berg", is_active=False)
    services.invitation_create(
        actor=sam, email="lee@partner.test", display_name="Lee Contractor", org_unit=team
    )
    browser_sign_in(page, live_server.url, "sam@example.com", PASSWORD)
    for path in ADMIN_PAGES:
        _scan(page, live_server.url + path)


def test_error_pages_have_no_accessibility_violations(page, live_server, settings):
    settings.ROOT_URLCONF = "tests.extra_urls"
    for path in ERROR_PAGES:
        _scan(page, live_server.url + path)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, live_server):
    page.goto(live_server.url + "/help/crisis/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_theme_toggle_is_remembered(page, live_server, team):
    UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    page.emulate_media(color_scheme="light")
    browser_sign_in(page, live_server.url, "amira@example.com", PASSWORD)
    page.get_by_role("button", name="Dark mode").click()
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    assert page.get_by_role("button", name="Dark mode").get_attribute("aria-pressed") == "true"


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/help/crisis/"])
def test_pages_fit_a_320_pixel_screen(browser, live_server, team, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
