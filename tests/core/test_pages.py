import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from peersupport.celery import app as celery_app
from peersupport.core.models import CrisisResource
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_database_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_readyz_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    # Port 9 on loopback (discard) has nothing listening here: a real, failing connection.
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")
    monkeypatch.setitem(celery_app.conf, "broker_transport", None)  # the URL's scheme decides
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {"socket_connect_timeout": 0.5})
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_crisis_page_is_public_and_lists_configured_resources(client):
    CrisisResource.objects.create(title="Samaritans", kind="phone", value="116 123", available="Any time")
    CrisisResource.objects.create(title="Emergency", kind="phone", value="999", is_urgent=True)
    response = client.get(reverse("core:crisis"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:116123"' in content
    assert content.index("Emergency") < content.index("Samaritans")  # urgent first


def test_crisis_page_has_a_sensible_default_before_anything_is_configured(client):
    content = client.get(reverse("core:crisis")).content.decode()
    assert "call your local emergency number" in content


@pytest.mark.parametrize(
    ("url", "signed_in"),
    [
        ("/", True),
        ("/help/crisis/", False),
        ("/accounts/login/", False),
        ("/no-such-page/", True),
        ("/accounts/signup/", False),
    ],
)
def test_every_page_links_to_crisis_help_in_header_and_footer(client, employee, url, signed_in):
    if signed_in:
        sign_in(client, employee)
    content = client.get(url).content.decode()
    assert content.count('href="/help/crisis/"') >= 2


def test_not_found_page_is_friendly_and_keeps_the_crisis_link(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "We couldn't find that page" in content
    assert 'href="/help/crisis/"' in content


@override_settings(ROOT_URLCONF="tests.extra_urls")
def test_server_error_page_is_friendly_and_keeps_the_crisis_link(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert 'href="/help/crisis/"' in content


@override_settings(ROOT_URLCONF="tests.extra_urls")
def test_forbidden_page_is_friendly(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "This page isn't available to you" in response.content.decode()


def test_home_explains_the_programme_and_its_promise(client, employee):
    sign_in(client, employee)
    content = client.get("/").content.decode()
    assert "Welcome, Amira" in content
    assert "Our confidentiality promise" in content
    assert "Your week" in content


def test_navigation_shows_admin_only_to_site_admins(client, employee, site_admin):
    sign_in(client, employee)
    assert 'href="/manage/people/"' not in client.get("/").content.decode()
    admin_client = sign_in(Client(), site_admin)
    assert 'href="/manage/people/"' in admin_client.get("/").content.decode()


def test_times_are_shown_in_the_persons_timezone(client, employee):
    employee.timezone = "Asia/Tokyo"
    employee.save()
    with time_machine.travel("2026-03-02 00:30:00+00:00", tick=False):
        sign_in(client, employee)
        content = client.get(reverse("accounts:profile")).content.decode()
    assert "Times are shown in Asia/Tokyo — it is 09:30 there now." in content


def test_profile_changes_are_saved_and_bad_input_is_explained(client, employee):
    sign_in(client, employee)
    url = reverse("accounts:profile")
    response = client.post(url, {"display_name": "", "pronouns": "she/her", "timezone": "Mars/Olympus"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "This field is required." in content
    assert 'value="she/her"' in content
    response = client.post(
        url, {"display_name": "Amira H.", "pronouns": "she/her", "timezone": "Europe/Paris"}
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.display_name, employee.timezone) == ("Amira H.", "Europe/Paris")
