"""Insider paths through the Django admin: a site admin cannot take over an account or widen their own powers.

Every change a site admin makes to a person is audited for that person, and shows in their privacy centre.
"""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts import roles, services
from peersupport.accounts.models import EmailChange, User
from peersupport.accounts.tasks import email_change_path, send_email_change_mails, send_email_changed_notice
from peersupport.core.models import AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

TAKEOVER = "attacker@elsewhere.org"


def _admin_form(user, **changes):
    data = {
        "display_name": user.display_name,
        "pronouns": user.pronouns,
        "timezone": user.timezone,
        "org_unit": user.org_unit_id or "",
        "is_active": "on",
        "roles": sorted(roles.role_names(user)),
        "new_email": "",
    }
    data.update(changes)
    return data


def _post_admin_change(client, user, **changes):
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), _admin_form(user, **changes))


def test_the_admin_form_cannot_set_a_sign_in_address_directly(client, site_admin, employee):
    sign_in(client, site_admin)
    response = _post_admin_change(client, employee, email=TAKEOVER)
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"
    assert not EmailAddress.objects.filter(email=TAKEOVER).exists()


def test_an_admin_asked_address_cannot_sign_in_or_reset_a_password_before_it_is_confirmed(
    client, site_admin, employee
):
    sign_in(client, site_admin)
    assert _post_admin_change(client, employee, new_email=TAKEOVER).status_code == 302
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"
    change = EmailChange.objects.get(user=employee)
    assert change.new_email == TAKEOVER and change.requested_by == site_admin

    client.cookies.clear()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": TAKEOVER})
    # allauth answers an unknown address with a "no account here" e-mail; what must not go there is a key.
    to_new = [message for message in mail.outbox if TAKEOVER in message.to]
    assert to_new, "the reset form did not run"
    assert all("/password/reset/key/" not in message.body for message in to_new), "a reset key went out"
    response = client.post(reverse("account_login"), {"login": TAKEOVER, "password": PASSWORD})
    assert response.status_code == 200  # the form again: no account signs in with that address


def test_the_old_address_is_told_with_a_link_that_stops_the_change(client, site_admin, employee):
    change = services.email_change_request(actor=site_admin, user=employee, new_email=TAKEOVER)
    mail.outbox.clear()
    send_email_change_mails(change.pk)
    send_email_change_mails(change.pk)  # a second delivery sends nothing more
    to_old = [m for m in mail.outbox if m.to == ["employee@example.com"]]
    to_new = [m for m in mail.outbox if m.to == [TAKEOVER]]
    assert len(to_old) == 1 and len(to_new) == 1
    cancel_path = email_change_path(change, cancel=True)
    assert cancel_path in to_old[0].body
    assert email_change_path(change) in to_new[0].body

    assert client.get(cancel_path).status_code == 200  # a confirmation page; nothing changes on GET
    assert EmailChange.objects.get(pk=change.pk).cancelled_at is None
    client.post(cancel_path)
    assert EmailChange.objects.get(pk=change.pk).cancelled_at is not None
    assert client.post(email_change_path(change)).status_code == 404
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"
    assert AuditEvent.objects.filter(action="accounts.email.change_cancelled", subject=employee).exists()


def test_confirming_from_the_new_mailbox_moves_the_account_only_after_the_notice(
    client, site_admin, employee, settings
):
    settings.EMAIL_CHANGE_NOTICE_HOURS = 48
    change = services.email_change_request(actor=site_admin, user=employee, new_email="amira.h@example.com")
    assert client.get(email_change_path(change)).status_code == 200
    assert User.objects.get(pk=employee.pk).email == "employee@example.com"  # not on GET
    assert client.post(email_change_path(change)).status_code == 302
    # Confirmed at once, as an admin who controls the new mailbox would: still nothing changes.
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"
    assert AuditEvent.objects.filter(action="accounts.email.change_confirmed", subject=employee).exists()
    assert services.email_changes_apply_due() == 0

    # The person can still stop it from the old address until it happens.
    assert client.get(email_change_path(change, cancel=True)).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(hours=48, minutes=1)):
        assert services.email_changes_apply_due() == 1
        assert services.email_changes_apply_due() == 0  # once
    employee.refresh_from_db()
    assert employee.email == "amira.h@example.com"
    assert list(EmailAddress.objects.filter(user=employee).values_list("email", "verified", "primary")) == [
        ("amira.h@example.com", True, True)
    ]
    assert AuditEvent.objects.filter(action="accounts.email.changed", subject=employee).exists()
    mail.outbox.clear()
    send_email_changed_notice(change.pk)
    send_email_changed_notice(change.pk)
    assert [m.to for m in mail.outbox] == [["employee@example.com"]]  # the old address hears it happened
    assert client.post(email_change_path(change)).status_code == 404  # used


def test_the_person_can_stop_a_confirmed_change_before_it_happens(client, site_admin, employee):
    change = services.email_change_request(actor=site_admin, user=employee, new_email=TAKEOVER)
    services.email_change_confirm(change=change)
    client.post(email_change_path(change, cancel=True))
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert services.email_changes_apply_due() == 0
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"
    stopped = AuditEvent.objects.get(action="accounts.email.change_cancelled", subject=employee)
    assert stopped.actor == employee  # the person stopped it, not "the system"


def test_every_admin_change_to_a_person_is_audited_and_shown_in_their_privacy_centre(
    client, site_admin, employee
):
    sign_in(client, site_admin)
    _post_admin_change(client, employee, display_name="Amira H.", new_email=TAKEOVER)
    changed = AuditEvent.objects.get(action="accounts.user.changed_by_admin", subject=employee)
    assert changed.actor == site_admin and changed.metadata == {"fields": ["display_name"]}
    assert AuditEvent.objects.filter(
        action="accounts.email.change_requested", subject=employee, actor=site_admin
    ).exists()
    client.cookies.clear()

    sign_in(client, employee)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "A site admin changed your profile" in page
    assert "A site admin asked to change your sign-in address" in page
    assert "A change of your sign-in address is waiting" in page
    assert TAKEOVER in page


def test_a_site_admin_cannot_give_themself_a_role(client, site_admin):
    with pytest.raises(services.RoleError):
        services.role_grant(actor=site_admin, user=site_admin, role=roles.PROGRAMME_LEAD)
    sign_in(client, site_admin)
    response = _post_admin_change(client, site_admin, roles=["site_admin", "programme_lead"])
    assert response.status_code == 200  # the form again, with the error
    assert "You cannot give yourself a role" in response.content.decode()
    assert not roles.has_role(User.objects.get(pk=site_admin.pk), roles.PROGRAMME_LEAD)
    assert not AuditEvent.objects.filter(action="accounts.role.granted", actor=site_admin).exists()


def test_another_site_admin_can_grant_the_role(client, site_admin):
    colleague = give_colleague_admin()
    services.role_grant(actor=colleague, user=site_admin, role=roles.PROGRAMME_LEAD)
    assert roles.has_role(User.objects.get(pk=site_admin.pk), roles.PROGRAMME_LEAD)


def give_colleague_admin():
    from tests.accounts.factories import give_role

    return give_role(UserFactory(email="second.admin@example.com"), roles.SITE_ADMIN)


def test_site_admins_cannot_edit_sign_in_address_rows_in_the_admin(client, site_admin):
    sign_in(client, site_admin)
    response = client.get("/admin/account/emailaddress/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "/admin/core/auditevent/?subject=1",
        "/admin/core/auditevent/?action=groups.unmask.approved&subject=1",
        "/admin/core/auditevent/?target_id__startswith=a",
        "/admin/accounts/user/?group_memberships__isnull=False",
    ],
)
def test_the_admin_refuses_filters_it_does_not_offer(client, site_admin, query):
    sign_in(client, site_admin)
    assert client.get(query).status_code == 400


def test_the_admin_filters_it_offers_still_work(client, site_admin):
    sign_in(client, site_admin)
    assert client.get("/admin/core/auditevent/?action__exact=accounts.login.succeeded").status_code == 200
    assert client.get("/admin/core/auditevent/?occurred_at__year=2026").status_code == 200
    assert client.get("/admin/accounts/user/?is_active__exact=1&q=example").status_code == 200


def test_other_site_admins_hear_of_a_privileged_grant(site_admin):
    from peersupport.notifications.models import Notification
    from tests.accounts.factories import give_role

    colleague = give_role(UserFactory(email="colleague.admin@example.com"), roles.SITE_ADMIN)
    person = UserFactory(display_name="Noor Haddad")
    services.role_grant(actor=site_admin, user=person, role=roles.SAFEGUARDING_LEAD)
    notice = Notification.objects.get(recipient=colleague, kind="accounts.privileged_role_granted")
    assert "Noor Haddad" in notice.context["headline"] and "safeguarding lead" in notice.context["headline"]
    mine = Notification.objects.filter(recipient=site_admin, kind="accounts.privileged_role_granted")
    assert not [n for n in mine if "Noor Haddad" in n.context["headline"]]  # they granted it themself


def test_the_only_site_admin_cannot_drop_the_role_or_be_deactivated(client, site_admin):
    with pytest.raises(services.RoleError, match="only site admin"):
        services.role_revoke(actor=site_admin, user=site_admin, role=roles.SITE_ADMIN)
    sign_in(client, site_admin)
    response = _post_admin_change(client, site_admin, roles=[])
    assert response.status_code == 200 and "only site admin" in response.content.decode()
    assert roles.has_role(User.objects.get(pk=site_admin.pk), roles.SITE_ADMIN)
    with pytest.raises(services.ApplicationError, match="only site admin"):
        services.user_deactivate(actor=None, user=site_admin)


def test_an_older_stop_link_still_stops_a_newer_request(client, site_admin, employee):
    first = services.email_change_request(actor=site_admin, user=employee, new_email="one@elsewhere.org")
    second = services.email_change_request(actor=site_admin, user=employee, new_email=TAKEOVER)
    client.post(email_change_path(first, cancel=True))
    assert EmailChange.objects.get(pk=second.pk).cancelled_at is not None


def test_switching_off_a_site_admin_is_told_to_them_and_to_the_other_site_admins(site_admin):
    from peersupport.notifications.models import Notification
    from peersupport.notifications.services import deliver
    from tests.accounts.factories import give_role

    colleague = give_role(UserFactory(email="colleague.admin@example.com"), roles.SITE_ADMIN)
    third = give_role(UserFactory(email="third.admin@example.com"), roles.SITE_ADMIN)
    services.user_deactivate(actor=site_admin, user=colleague)
    told = Notification.objects.get(recipient=third, kind="accounts.privileged_role_granted")
    assert "switched off" in told.context["headline"]
    notice = Notification.objects.get(recipient=colleague, kind="accounts.account_deactivated")
    mail.outbox.clear()
    deliver(notification_id=notice.pk)
    assert [m.to for m in mail.outbox] == [["colleague.admin@example.com"]]  # e-mailed although switched off
