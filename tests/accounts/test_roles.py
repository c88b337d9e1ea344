import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from peersupport.accounts import roles, services
from peersupport.core.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_role_groups_exist_with_their_permissions_after_migrate():
    for name, (_label, permissions) in roles.ROLES.items():
        group = Group.objects.get(name=name)
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert held == set(permissions)


def test_granting_a_role_is_audited_once_and_gives_its_permissions(site_admin):
    user = UserFactory()
    services.role_grant(actor=site_admin, user=user, role=roles.HR_ADMIN)
    services.role_grant(actor=site_admin, user=user, role=roles.HR_ADMIN)  # no-op the second time

    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("accounts.view_insights")
    events = AuditEvent.objects.filter(action="accounts.role.granted", subject=user)
    assert events.count() == 1
    assert events.get().actor == site_admin
    assert events.get().metadata == {"role": "hr_admin"}


def test_revoking_site_admin_removes_admin_access_and_is_audited(site_admin):
    user = UserFactory()
    services.role_grant(actor=site_admin, user=user, role=roles.SITE_ADMIN)
    assert type(user).objects.get(pk=user.pk).is_staff
    services.role_revoke(actor=site_admin, user=user, role=roles.SITE_ADMIN)
    user = type(user).objects.get(pk=user.pk)
    assert not user.is_staff
    assert not user.has_perm("accounts.manage_people")
    assert AuditEvent.objects.filter(action="accounts.role.revoked", subject=user).count() == 1


def test_management_command_grants_and_revokes(capsys):
    user = UserFactory(email="new.hr@example.com")
    call_command("grant_role", "New.HR@example.com", "hr_admin")
    assert roles.has_role(type(user).objects.get(pk=user.pk), roles.HR_ADMIN)
    call_command("grant_role", "new.hr@example.com", "hr_admin", "--revoke")
    assert not roles.has_role(type(user).objects.get(pk=user.pk), roles.HR_ADMIN)
    event = AuditEvent.objects.filter(action="accounts.role.granted").get()
    assert event.actor is None and event.actor_label == "system"


def test_management_command_explains_an_unknown_person():
    with pytest.raises(CommandError, match=r"No account with the e-mail address nobody@example\.com"):
        call_command("grant_role", "nobody@example.com", "hr_admin")


def test_admin_screen_grants_roles_through_the_audited_service(client, site_admin):
    user = UserFactory()
    sign_in(client, site_admin)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "email": user.email,
            "display_name": user.display_name,
            "pronouns": "",
            "timezone": "Europe/London",
            "org_unit": user.org_unit_id,
            "is_active": "on",
            "roles": ["programme_lead"],
        },
    )
    assert response.status_code == 302
    assert roles.has_role(type(user).objects.get(pk=user.pk), roles.PROGRAMME_LEAD)
    assert AuditEvent.objects.filter(action="accounts.role.granted", subject=user, actor=site_admin).exists()


def test_deactivated_people_cannot_be_given_roles(site_admin):
    user = UserFactory()
    services.user_deactivate(actor=site_admin, user=user)
    with pytest.raises(services.RoleError):
        services.role_grant(actor=site_admin, user=user, role=roles.HR_ADMIN)
