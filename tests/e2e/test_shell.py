"""The shell on small screens and for keyboard and screen-reader users: sign-in within reach, the sessions
page fits a phone, the colour-mode toggle says which mode is on, and a notification opened is read."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from peersupport.notifications import kinds
from peersupport.notifications import services as notification_services
from peersupport.notifications.tasks import send_notification
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import browser_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
ANOTHER_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro Build/UQ1A.240205.004) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/122.0.6261.119 Mobile Safari/537.36"
)

axe = Axe()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [320, 360, 991, 1280])
def test_signed_out_the_crisis_page_offers_sign_in_at_every_width(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/help/crisis/")
    sign_in = page.get_by_role("banner").get_by_role("link", name="Sign in")
    expect(sign_in).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Need urgent help?")).to_be_visible()
    assert _fits(page)
    sign_in.click()
    expect(page).to_have_url(live_server.url + "/accounts/login/")
    context.close()


def test_the_sessions_page_fits_a_phone(browser, live_server, team):
    UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    elsewhere = browser.new_context(user_agent=ANOTHER_BROWSER)
    browser_sign_in(elsewhere.new_page(), live_server.url, "amira@example.com", PASSWORD)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    browser_sign_in(page, live_server.url, "amira@example.com", PASSWORD)
    page.goto(live_server.url + "/accounts/sessions/")
    assert _fits(page), "the page scrolls sideways on a phone"
    expect(page.get_by_role("heading", name="Where you're signed in")).to_be_visible()
    expect(page.get_by_text("Pixel 8 Pro")).to_be_visible()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
    elsewhere.close()


def test_the_colour_mode_toggle_says_which_mode_is_on(page, live_server, team):
    UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    page.emulate_media(color_scheme="light")
    browser_sign_in(page, live_server.url, "amira@example.com", PASSWORD)
    toggle = page.locator("[data-theme-toggle]")
    expect(toggle).to_have_accessible_name("Dark mode: off")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_accessible_name("Dark mode: on")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert toggle.inner_text().strip() == "Dark mode: on"  # what is on screen says it too
    page.reload()  # remembered, and said from the first paint
    expect(toggle).to_have_accessible_name("Dark mode: on")
    toggle.click()
    expect(toggle).to_have_accessible_name("Dark mode: off")
    expect(toggle).to_have_attribute("aria-pressed", "false")


def test_opening_a_notification_takes_you_there_and_marks_it_read(page, live_server, team):
    amira = UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    notification = notification_services.notify(
        recipient=amira,
        kind=kinds.EXPORT_READY,
        idempotency_key="e2e-open",
        url="/me/privacy/",
    )
    send_notification(notification.pk)
    browser_sign_in(page, live_server.url, "amira@example.com", PASSWORD)
    page.goto(live_server.url + "/notifications/")
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(1)
    page.get_by_role("link", name="Your data export is ready").click()
    expect(page).to_have_url(live_server.url + "/me/privacy/")
    page.goto(live_server.url + "/notifications/")
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(0)
    expect(page.get_by_text("Unread:")).to_have_count(0)
