import re

import pytest
from django.urls import reverse

from groups.models import InvitationBatch, Membership
from groups.services import membership as services
from peersupport.core.models import AuditEvent
from peersupport.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


def test_joining_needs_the_agreement_and_records_when_it_was_accepted(facilitator, employee):
    group = make_group(facilitator=facilitator)
    with pytest.raises(services.MembershipError, match="accept the group agreement"):
        services.membership_join(actor=employee, group=group, accept_agreement=False)
    membership = services.membership_join(actor=employee, group=group, accept_agreement=True)
    assert membership.status == "active" and membership.agreement_accepted_at is not None


def test_request_to_join_goes_to_the_facilitators_who_decide(facilitator, employee):
    group = make_group(facilitator=facilitator, join_policy="request")
    membership = services.membership_join(actor=employee, group=group, accept_agreement=True)
    assert membership.status == "requested"
    assert Notification.objects.filter(recipient=facilitator, kind="groups.join_requested").count() == 1

    services.membership_request_decide(actor=facilitator, membership=membership, approve=True)
    membership.refresh_from_db()
    assert membership.status == "active"
    assert Notification.objects.filter(recipient=employee, kind="groups.request_answered").count() == 1
    assert AuditEvent.objects.filter(action="groups.request.approved", subject=employee).count() == 1


def test_invitation_only_groups_need_an_invitation(facilitator, employee):
    group = make_group(facilitator=facilitator, join_policy="invitation")
    with pytest.raises(services.MembershipError, match="by invitation only"):
        services.membership_join(actor=employee, group=group, accept_agreement=True)
    services.membership_invite(actor=facilitator, group=group, user=employee)
    assert Notification.objects.filter(recipient=employee, kind="groups.invited").exists()
    assert services.membership_join(actor=employee, group=group, accept_agreement=True).status == "active"


def test_removal_needs_a_reason_is_audited_without_it_and_tells_the_member(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    membership = Membership.objects.get(group=group, user=member)
    with pytest.raises(services.MembershipError):
        services.membership_remove(actor=facilitator, membership=membership, reason="  ")
    services.membership_remove(actor=facilitator, membership=membership, reason="Repeated unkind replies")

    event = AuditEvent.objects.get(action="groups.member.removed")
    assert event.actor == facilitator and event.subject == member and "unkind" not in str(event.metadata)
    notice = Notification.objects.get(recipient=member, kind="groups.member_removed")
    assert "Repeated unkind replies" in notice.context["message"]
    with pytest.raises(services.MembershipError, match="removed you"):
        services.membership_join(actor=member, group=group, accept_agreement=True)


def test_leaving_is_always_possible_but_not_for_the_only_facilitator(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    assert services.membership_leave(actor=member, group=group).status == "left"
    with pytest.raises(services.MembershipError, match="only facilitator"):
        services.membership_leave(actor=facilitator, group=group)


def test_sensitive_theme_members_are_unlisted_by_default_but_facilitators_see_everyone(
    client, facilitator, member
):
    other = UserFactory(display_name="Quiet Person")
    group = make_group(facilitator=facilitator, sensitive=True, members=[member, other])
    assert not Membership.objects.get(group=group, user=other).listed

    sign_in(client, member)
    page = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()
    assert "Quiet Person" not in page
    assert "Only the 3 members of Parents at work can read what is shared here." in page

    facilitator_client = sign_in(type(client)(), facilitator)
    manage = facilitator_client.get(reverse("groups:manage", args=[group.public_id])).content.decode()
    assert "Quiet Person" in manage and "unlisted" in manage


def test_browse_lists_my_groups_first_hides_private_ones_and_small_counts(
    client, facilitator, member, outsider
):
    listed = make_group(facilitator=facilitator, name="Parents at work", members=[member])
    make_group(facilitator=facilitator, name="Secret circle", visibility="private", join_policy="invitation")
    sign_in(client, outsider)
    page = client.get(reverse("groups:list")).content.decode()
    assert "Parents at work" in page and "fewer than 5 members" in page
    assert "Secret circle" not in page
    assert "Your groups" not in page

    member_client = sign_in(type(client)(), member)
    page = member_client.get(reverse("groups:list"), {"q": "parents"}).content.decode()
    assert page.index("Your groups") < page.index(listed.name)


def test_counts_are_exact_from_five_members(client, facilitator, outsider):
    make_group(facilitator=facilitator, members=[UserFactory() for _ in range(4)])
    sign_in(client, outsider)
    assert "5 members" in client.get(reverse("groups:list")).content.decode()


def test_site_admin_audit_view_withholds_who_is_in_which_group(client, site_admin, facilitator, member):
    group = make_group(facilitator=facilitator, join_policy="invitation", members=[member])
    assert AuditEvent.objects.filter(action="groups.member.invited", subject=member).exists()
    sign_in(client, site_admin)
    page = client.get(reverse("core:audit_list"), {"action": "groups.member"}).content.decode()
    assert "groups.member.invited" in page
    assert member.email not in page and "withheld" in page
    csv_text = client.get(reverse("core:audit_export"), {"action": "groups."}).content.decode()
    assert member.email not in csv_text and group.public_id not in csv_text


def test_the_invitation_form_answers_the_same_for_known_and_unknown_addresses(client, facilitator, employee):
    group = make_group(facilitator=facilitator, join_policy="invitation", visibility="private")
    sign_in(client, facilitator)
    url = reverse("groups:manage", args=[group.public_id])
    client.get(url)  # shows the "signed in" message, so that both answers below start alike
    known = client.post(url, {"email": employee.email}, follow=True)
    unknown = client.post(url, {"email": "nobody.here@example.com"}, follow=True)
    assert known.status_code == unknown.status_code == 200

    def visible(response):
        html = response.content.decode()
        html = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", html)  # masked anew on every page
        return html.replace(employee.email, "ADDRESS").replace("nobody.here@example.com", "ADDRESS")

    assert visible(known) == visible(unknown)
    assert employee.display_name not in visible(known)  # the invited name is not listed either
    # The page answered before anything was looked up; the task invites whoever has an account.
    assert not Notification.objects.filter(recipient=employee, kind="groups.invited").exists()
    for batch in InvitationBatch.objects.filter(done_at__isnull=True):
        services.invitation_batch_run(batch_id=batch.pk)
        services.invitation_batch_run(batch_id=batch.pk)  # a redelivery invites nobody twice
    assert Notification.objects.filter(recipient=employee, kind="groups.invited").count() == 1
    assert InvitationBatch.objects.filter(emails=[]).count() == 2  # the typed addresses are not kept
    # Asking again (already invited) and a member's address answer the same too.
    again = client.post(url, {"email": employee.email}, follow=True)
    assert visible(again) == visible(unknown)


def test_the_invitation_form_still_rejects_what_is_not_an_address(client, facilitator):
    group = make_group(facilitator=facilitator)
    sign_in(client, facilitator)
    response = client.post(reverse("groups:manage", args=[group.public_id]), {"email": "not-an-address"})
    assert response.status_code == 400
    assert "do not look like e-mail addresses" in response.content.decode()


def test_leaving_takes_the_groups_news_out_of_the_weekly_digest(facilitator, employee):
    from peersupport.notifications.models import NotificationSettings
    from peersupport.notifications.services import _digest_items, deliver, digests_compose

    NotificationSettings.objects.create(user=employee, weekly_digest=True)
    group = make_group(
        facilitator=facilitator, name="Secret circle", join_policy="invitation", visibility="private"
    )
    services.membership_invite(actor=facilitator, group=group, user=employee)
    invited = Notification.objects.get(recipient=employee, kind="groups.invited")
    deliver(notification_id=invited.pk)
    assert Notification.objects.get(pk=invited.pk).in_digest  # held for Monday's e-mail
    services.membership_join(actor=employee, group=group, accept_agreement=True)
    services.membership_leave(actor=employee, group=group)
    digests_compose()
    digest = Notification.objects.filter(recipient=employee, kind="notifications.digest").first()
    assert digest is None or all(item.pk != invited.pk for item, _title in _digest_items(digest))
