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


# --- Who can unmask or change who sees confidential content needs a second factor too -----------------
def _group_with_request(facilitator):
    from groups.services import discussions, moderation
    from tests.groups.factories import make_group

    writer = UserFactory()
    group = make_group(
        facilitator=facilitator, join_policy="invitation", visibility="private", members=[writer]
    )
    thread = discussions.thread_create(
        actor=writer, group=group, title="t", body="b", anonymous=True, open_to_suggestions=False
    )
    request = moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    return group, request


def test_a_programme_lead_without_a_second_factor_cannot_appoint_or_unmask(client):
    facilitator = UserFactory()
    group, request = _group_with_request(facilitator)
    lead = give_role(UserFactory(), roles.PROGRAMME_LEAD)
    sign_in(client, lead)
    for path in (
        "/groups/safeguarding/",
        f"/groups/safeguarding/{request.public_id}/",
        "/groups/new/",
        "/groups/themes/",
        f"/groups/{group.public_id}/facilitators/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp"), path
    decision = {"decision": "approve", "reason": "x", "confirm": "on"}
    assert client.post(f"/groups/safeguarding/{request.public_id}/", decision).status_code == 302
    request.refresh_from_db()
    assert not request.decisions.exists()

    give_second_factor(lead)
    sign_in(client, lead)
    assert client.get(f"/groups/safeguarding/{request.public_id}/").status_code == 200
    assert client.get(f"/groups/{group.public_id}/facilitators/").status_code == 200


def test_a_facilitator_without_a_second_factor_cannot_let_people_in_or_ask_to_unmask(client, employee):
    facilitator = UserFactory()
    group, _request = _group_with_request(facilitator)
    sign_in(client, facilitator)
    response = client.post(f"/groups/{group.public_id}/manage/", {"email": employee.email})
    assert response["Location"] == reverse("mfa_activate_totp")
    from groups.models import Membership

    assert not Membership.objects.filter(group=group, user=employee).exists()
    assert client.get(f"/groups/{group.public_id}/moderation/").status_code == 200  # moderating is not


def test_the_rule_never_turns_an_out_of_world_404_into_a_redirect(client, outsider):
    facilitator = UserFactory()
    group, request = _group_with_request(facilitator)
    sign_in(client, outsider)
    assert client.get(f"/groups/{group.public_id}/manage/").status_code == 404
    assert client.get(f"/groups/safeguarding/{request.public_id}/").status_code == 404


def test_holding_the_safeguarding_permission_directly_is_privileged():
    from django.contrib.auth.models import Permission

    from peersupport.accounts.models import User

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="approve_unmasking"))
    assert roles.is_privileged(User.objects.get(pk=user.pk))
    assert not roles.is_privileged(User.objects.get(pk=UserFactory().pk))
