import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def _login(client, email, password, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, headers=headers)


def test_login_form_locks_an_account_after_five_failures(client, employee):
    for _ in range(5):
        response = _login(client, employee.email, "wrong-password")
        assert TOO_MANY not in response.content.decode()

    response = _login(client, employee.email, PASSWORD)  # even the right password now waits

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_admin_login_goes_through_allauth_and_its_limits(client, site_admin):
    # The Django admin's own password form is never used: it hands over to allauth's sign-in.
    response = client.post(reverse("admin:login"), {"username": site_admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).status_code == 302  # still not signed in

    for _ in range(5):
        _login(client, site_admin.email, "wrong-password")
    follow = client.get(response["Location"])
    assert follow.status_code == 200
    assert TOO_MANY in _login(client, site_admin.email, PASSWORD).content.decode()


def test_per_address_limit_counts_the_real_client_behind_a_trusted_proxy(client, settings, django_user_model):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Ten failures for ten different accounts from one client address...
    for number in range(10):
        _login(client, f"nobody{number}@example.com", "wrong", **{"X-Forwarded-For": "203.0.113.7"})
    blocked = _login(client, "someone.else@example.com", "wrong", **{"X-Forwarded-For": "203.0.113.7"})
    # ...block that address, while another client behind the same proxy is unaffected.
    other = _login(client, "someone.else@example.com", "wrong", **{"X-Forwarded-For": "198.51.100.9"})

    assert TOO_MANY in blocked.content.decode()
    assert other.status_code == 200
    assert TOO_MANY not in other.content.decode()
