import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory, give_role, give_second_factor, roles
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PRIVILEGED_PAGES = ["/admin/", "/manage/people/", "/insights/"]


@pytest.mark.parametrize("role", [roles.HR_ADMIN, roles.SITE_ADMIN])
@pytest.mark.parametrize("path", PRIVILEGED_PAGES)
def test_privileged_role_without_second_factor_is_sent_to_set_one_up(client, role, path):
    user = give_role(UserFactory(), role)
    sign_in(client, user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_site_admin_with_second_factor_reaches_privileged_pages(client):
    user = give_role(UserFactory(), roles.SITE_ADMIN)
    give_second_factor(user)
    sign_in(client, user)
    assert client.get("/manage/people/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_signing_in_with_a_second_factor_asks_for_the_code_before_anything_else(client):
    user = give_role(UserFactory(), roles.HR_ADMIN)
    give_second_factor(user)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-staple"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("core:home")).status_code == 302  # not signed in yet


def test_ordinary_employees_are_not_asked_for_a_second_factor(client, employee):
    sign_in(client, employee)
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get("/manage/people/").status_code == 404  # not theirs, and not a redirect to MFA


def test_the_requirement_is_a_setting_the_demo_can_turn_off(client, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False
    user = give_role(UserFactory(), roles.SITE_ADMIN)
    sign_in(client, user)
    assert client.get("/manage/people/").status_code == 200
