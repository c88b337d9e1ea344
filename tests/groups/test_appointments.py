"""Nobody slips into a group's conversations: facilitators are announced before they gain access, and
nobody appoints themself."""

from datetime import timedelta

import pytest
import time_machine
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups import access
from groups.models import FacilitatorAppointment, Membership
from groups.services import membership as services
from groups.tasks import start_due_facilitators
from peersupport.core.models import AuditEvent
from peersupport.notifications.models import Notification
from tests.accounts.factories import UserFactory, give_role
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_group(facilitator, member):
    return make_group(
        facilitator=facilitator,
        name="Quiet minds",
        join_policy="invitation",
        visibility="private",
        members=[member],
    )


def _appoint(client, group, email):
    return client.post(reverse("groups:appoint", args=[group.public_id]), {"email": email})


def test_a_programme_lead_cannot_appoint_themself(client, programme_lead, private_group):
    sign_in(client, programme_lead)
    response = _appoint(client, private_group, programme_lead.email)
    assert response.status_code == 400
    assert "You cannot appoint yourself" in response.content.decode()
    assert not FacilitatorAppointment.objects.filter(user=programme_lead).exists()
    assert not Membership.objects.filter(group=private_group, user=programme_lead).exists()
    with pytest.raises(Http404):
        access.access_group(actor=programme_lead, public_id=private_group.public_id, need=access.Need.MEMBER)


def test_a_programme_lead_cannot_create_a_group_they_facilitate(programme_lead):
    from groups.models import Theme
    from peersupport.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError, match="appoint yourself"):
        services.group_create(
            actor=programme_lead,
            name="Mine",
            theme=Theme.objects.create(name="Any"),
            description="x",
            join_policy="open",
            visibility="private",
            allow_anonymous=True,
            facilitators=[programme_lead],
        )


def test_a_new_facilitator_is_announced_to_members_before_gaining_access(
    client, programme_lead, private_group, member, facilitator, settings
):
    settings.FACILITATOR_NOTICE_HOURS = 48
    newcomer = UserFactory(email="newcomer@example.com", display_name="Noor Haddad")
    sign_in(client, programme_lead)
    assert _appoint(client, private_group, newcomer.email).status_code == 302

    # Not yet: the appointee sees nothing, not even that the private group exists.
    assert sign_in(Client(), newcomer).get(f"/groups/{private_group.public_id}/").status_code == 404
    for person in (member, facilitator):
        notice = Notification.objects.get(recipient=person, kind="groups.facilitator_announced")
        assert "Noor Haddad" in notice.context["message"]
    page = sign_in(Client(), member).get(f"/groups/{private_group.public_id}/").content.decode()
    assert "New facilitators announced" in page and "Noor Haddad" in page
    assert AuditEvent.objects.filter(
        action="groups.facilitator.appointed", actor=programme_lead, subject=newcomer
    ).exists()

    assert start_due_facilitators() == 0  # the notice has not run yet
    with time_machine.travel(timezone.now() + timedelta(hours=48, minutes=1)):
        assert start_due_facilitators() == 1
        assert start_due_facilitators() == 0  # once
        newcomer_client = sign_in(Client(), newcomer)
        assert newcomer_client.get(f"/groups/{private_group.public_id}/moderation/").status_code == 200
    assert Notification.objects.filter(recipient=newcomer, kind="groups.facilitator_appointed").exists()
    assert AuditEvent.objects.filter(action="groups.facilitator.started", subject=newcomer).exists()


def test_a_site_admin_cannot_reach_a_group_by_granting_themself_programme_lead(site_admin, private_group):
    from peersupport.accounts import services as account_services

    with pytest.raises(account_services.RoleError):
        account_services.role_grant(actor=site_admin, user=site_admin, role="programme_lead")


def test_the_first_facilitators_of_an_empty_group_start_at_once(facilitator):
    group = make_group(facilitator=facilitator, name="Brand new")
    assert Membership.objects.get(group=group, user=facilitator).is_facilitator
    assert not Notification.objects.filter(kind="groups.facilitator_announced").exists()


def test_an_appointment_twice_is_one_appointment(programme_lead, private_group):
    person = UserFactory()
    first = services.facilitator_appoint(actor=programme_lead, group=private_group, user=person)
    second = services.facilitator_appoint(actor=programme_lead, group=private_group, user=person)
    assert first.pk == second.pk
    lead2 = give_role(UserFactory(), "programme_lead")
    assert services.facilitator_appoint(actor=lead2, group=private_group, user=person).pk == first.pk


def test_leaving_during_the_notice_withdraws_the_appointment(programme_lead, private_group, member):
    appointment = services.facilitator_appoint(actor=programme_lead, group=private_group, user=member)
    services.membership_leave(actor=member, group=private_group)
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert start_due_facilitators() == 0
    assert not Membership.objects.get(group=private_group, user=member).is_facilitator
    appointment.refresh_from_db()
    assert appointment.withdrawn_at is not None and appointment.started_at is None


def test_the_appointee_is_told_when_they_will_start(programme_lead, private_group):
    person = UserFactory(email="appointee@example.com")
    services.facilitator_appoint(actor=programme_lead, group=private_group, user=person)
    notice = Notification.objects.get(recipient=person, kind="groups.facilitator_appointed")
    assert "You will facilitate Quiet minds" in notice.context["headline"]


def test_the_appointee_can_decline_and_a_lead_can_withdraw(client, programme_lead, private_group, member):
    person = UserFactory(email="appointee@example.com")
    appointment = services.facilitator_appoint(actor=programme_lead, group=private_group, user=person)
    notice = Notification.objects.get(recipient=person, kind="groups.facilitator_appointed")
    assert notice.url == reverse("groups:appointment_withdraw", args=[appointment.public_id])  # the way out

    page = sign_in(client, person).get(notice.url)
    assert page.status_code == 200 and "Decline facilitating Quiet minds?" in page.content.decode()
    assert client.post(notice.url).status_code == 302
    appointment.refresh_from_db()
    assert appointment.withdrawn_at is not None
    told = Notification.objects.filter(recipient=member, kind="groups.facilitator_announced")
    assert any("after all" in n.context["headline"] for n in told)
    assert AuditEvent.objects.filter(action="groups.facilitator.withdrawn", actor=person).exists()
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert start_due_facilitators() == 0
    assert client.post(notice.url).status_code == 404  # gone

    second = services.facilitator_appoint(actor=programme_lead, group=private_group, user=person)
    lead_client = sign_in(Client(), programme_lead)
    assert (
        lead_client.post(reverse("groups:appointment_withdraw", args=[second.public_id])).status_code == 302
    )
    second.refresh_from_db()
    assert second.withdrawn_at is not None
