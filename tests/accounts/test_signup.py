import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from peersupport.accounts.models import User
from peersupport.core.models import AuditEvent
from tests.accounts.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-quiet-river-7"


def _signup(client, email, org_unit=None, **extra):
    data = {
        "display_name": "Rosa Quinn",
        "email": email,
        "org_unit": org_unit.pk if org_unit else "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_allowed_domain_signup_creates_account_and_asks_for_verification(client):
    team = OrgUnitFactory()
    response = _signup(client, "Rosa.Quinn@Example.com", team)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="rosa.quinn@example.com")
    assert user.display_name == "Rosa Quinn"
    assert user.org_unit == team
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert "/help/crisis/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="accounts.user.signed_up", subject=user).exists()


def test_unverified_person_cannot_sign_in_until_they_verify(client):
    _signup(client, "new.person@example.com", OrgUnitFactory())
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new.person@example.com", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("core:home")).status_code == 302


def test_verification_link_from_the_email_confirms_and_signs_in(client):
    _signup(client, "new.person@example.com", OrgUnitFactory())
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", mail.outbox[0].body).group(1)

    assert client.get(link).status_code == 200  # a confirmation page: GET never confirms by itself
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.person@example.com").verified
    assert client.get(reverse("core:home")).status_code == 200


def test_other_domain_is_refused_with_a_clear_message(client):
    response = _signup(client, "someone@gmail.test", OrgUnitFactory())

    assert response.status_code == 200
    assert "Sign-up is open to work addresses ending in @example.com" in response.content.decode()
    assert "ask a site admin to invite you" in response.content.decode()
    assert not User.objects.filter(email="someone@gmail.test").exists()
    assert mail.outbox == []


def test_signup_without_a_team_is_refused_and_keeps_what_was_typed(client):
    response = _signup(client, "new.person@example.com", None)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Please choose the team you belong to." in content
    assert 'value="new.person@example.com"' in content
    assert 'value="Rosa Quinn"' in content
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_signup_respects_allowed_domain_setting(client, settings):
    settings.SIGNUP_ALLOWED_EMAIL_DOMAINS = ["acme.test"]
    assert _signup(client, "x@example.com", OrgUnitFactory()).status_code == 200
    assert _signup(client, "x@acme.test", OrgUnitFactory()).status_code == 302
