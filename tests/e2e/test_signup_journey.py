"""A newcomer signs up in a real browser, verifies their address from the outbox and lands at home."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import browser_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-quiet-river-7"


def _sign_up(page, base_url, name, email):
    page.goto(base_url + "/accounts/signup/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your team").select_option(label="Operations / Payroll")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()


def test_sign_up_verify_sign_in_and_see_home(page, live_server, team):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))

    _sign_up(page, live_server.url, "Rosa Quinn", "rosa.quinn@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Verify Your Email Address", re.I))

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url).replace(settings.SITE_URL, live_server.url))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Rosa")

    page.get_by_role("button", name="Rosa Quinn").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    browser_sign_in(page, live_server.url, "rosa.quinn@example.com", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Rosa")
    expect(page.get_by_role("link", name="Need urgent help?").first).to_be_visible()
    assert console_errors == []


def test_someone_outside_the_organisation_is_told_how_to_get_in(page, live_server, team):
    _sign_up(page, live_server.url, "Outside Person", "outside@gmail.test")
    expect(page.get_by_text("please ask a site admin to invite you")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Outside Person")
