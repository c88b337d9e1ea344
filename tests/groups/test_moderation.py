"""Reports, the moderation queue, risk alerts and break-glass unmasking."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from groups import access
from groups.models import Report
from groups.services import discussions, moderation
from peersupport.core.models import AuditEvent
from peersupport.notifications.models import Notification
from peersupport.notifications.tasks import send_notification
from tests.accounts.factories import UserFactory, give_role, give_second_factor
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(facilitator, member):
    author = UserFactory(email="quiet.writer@example.com", display_name="Quiet Writer")
    readers = [UserFactory() for _ in range(3)]
    group = make_group(facilitator=facilitator, members=[member, author, *readers])
    thread = discussions.thread_create(
        actor=author,
        group=group,
        title="Hard day",
        body="Rough week.",
        anonymous=True,
        open_to_suggestions=False,
    )
    return group, thread, author, readers


def test_three_distinct_reports_hide_an_item_until_reviewed(world, facilitator):
    _group, thread, _author, readers = world
    for reader in readers[:2]:
        moderation.report_create(actor=reader, item=thread, reason="unkind")
    thread.refresh_from_db()
    assert thread.hidden_at is None
    with pytest.raises(moderation.ModerationError, match="already reported"):
        moderation.report_create(actor=readers[0], item=thread, reason="unkind")
    moderation.report_create(actor=readers[2], item=thread, reason="agreement")
    thread.refresh_from_db()
    assert thread.hidden_at is not None
    assert Notification.objects.filter(recipient=facilitator, kind="groups.report_received").count() == 3


def test_a_report_keeps_the_group_of_the_thread_or_reply_it_is_about(world, facilitator, member):
    group, thread, _author, readers = world
    make_group(facilitator=facilitator, members=[member, *readers], name="Another circle")
    reply = discussions.post_reply(
        actor=member, thread=thread, body="Same here", reply_type="share", anonymous=False
    )
    on_thread = moderation.report_create(actor=readers[0], item=thread, reason="unkind")
    on_reply = moderation.report_create(actor=readers[0], item=reply, reason="other")
    assert Report.objects.get(pk=on_thread.pk).group_id == group.pk
    assert Report.objects.get(pk=on_reply.pk).group_id == group.pk


def test_the_queue_shows_reasons_never_reporters_and_hr_never_sees_it(world, facilitator, member, hr_admin):
    group, thread, _author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="unkind", note="felt harsh")
    page = sign_in(Client(), facilitator).get(reverse("groups:moderation", args=[group.public_id]))
    content = page.content.decode()
    assert "Unkind or hurtful \u00d7 1" in content and "Member A" in content
    assert readers[0].display_name not in content and "Quiet Writer" not in content
    assert (
        sign_in(Client(), hr_admin).get(reverse("groups:moderation", args=[group.public_id])).status_code
        == 404
    )
    assert (
        sign_in(Client(), member).get(reverse("groups:moderation", args=[group.public_id])).status_code == 403
    )


def test_hiding_needs_a_reason_tells_the_author_and_audits_without_naming_an_anonymous_author(
    world, facilitator
):
    _group, thread, author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="unkind")
    with pytest.raises(moderation.ModerationError):
        moderation.moderate(actor=facilitator, item=thread, action="hide", reason=" ")
    moderation.moderate(actor=facilitator, item=thread, action="hide", reason="Please keep it kind")
    thread.refresh_from_db()
    assert thread.hidden_at is not None
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="groups.moderation.hide")
    assert event.actor == facilitator and event.subject is None  # never links the anonymous author
    notice = Notification.objects.get(recipient=author, kind="groups.moderated")
    assert "Please keep it kind" in notice.context["message"]
    moderation.moderate(actor=facilitator, item=thread, action="restore", reason="Looked again: fine")
    thread.refresh_from_db()
    assert thread.hidden_at is None


def test_hidden_items_read_as_hidden_to_members(world, facilitator, member):
    group, thread, _author, _readers = world
    moderation.moderate(actor=facilitator, item=thread, action="remove", reason="Shared private details")
    page = sign_in(Client(), member).get(reverse("groups:thread", args=[group.public_id, thread.public_id]))
    assert "Removed by a facilitator." in page.content.decode() and "Rough week." not in page.content.decode()


def test_risk_words_alert_the_facilitators_at_once_and_show_the_author_help(world, facilitator, member):
    group, thread, _author, _readers = world
    client = sign_in(Client(), member)
    response = client.post(
        reverse("groups:thread", args=[group.public_id, thread.public_id]),
        {"reply_type": "share", "body": "Honestly I don't want to be here anymore.", "anonymous": "on"},
    )
    page = client.get(response["Location"]).content.decode()
    assert "You don't have to carry this alone" in page
    alert = Notification.objects.get(recipient=facilitator, kind="groups.risk_alert")
    assert "want to be here" not in str(alert.context)  # the alert never carries the words
    send_notification(alert.pk)
    assert mail.outbox and "may be at risk" in mail.outbox[-1].subject
    assert member.display_name not in mail.outbox[-1].body


def test_an_at_risk_report_raises_the_risk_alert(world, facilitator):
    _group, thread, _author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="at_risk")
    assert Notification.objects.filter(recipient=facilitator, kind="groups.risk_alert").exists()


def _safeguarding_lead():
    """A programme lead (who holds the safeguarding permission) with a second factor, as the rule needs."""
    lead = give_role(UserFactory(), "programme_lead")
    give_second_factor(lead)
    return lead


def test_break_glass_needs_two_other_approvers_and_shows_the_name_to_those_three_only(
    world, facilitator, member
):
    _group, thread, author, _readers = world
    lead = _safeguarding_lead()
    second_lead = _safeguarding_lead()
    third_lead = _safeguarding_lead()
    request = moderation.unmask_request(
        actor=facilitator, item=thread, reason="Said they may hurt themselves"
    )
    assert Notification.objects.filter(recipient=lead, kind="groups.unmask_requested").exists()
    with pytest.raises(moderation.ModerationError, match="you asked for this"):
        moderation.unmask_decide(actor=facilitator, request=request, approve=True, reason="I asked")
    with pytest.raises(moderation.ModerationError, match="Only safeguarding leads"):
        moderation.unmask_decide(actor=member, request=request, approve=True, reason="Me")
    with pytest.raises(moderation.ModerationError, match="reason"):
        moderation.unmask_decide(actor=lead, request=request, approve=True, reason="  ")

    url = reverse("groups:safeguarding_detail", args=[request.public_id])
    assert "Quiet Writer" not in sign_in(Client(), facilitator).get(url).content.decode()
    first = sign_in(Client(), lead)
    # Approving asks for a written reason and a confirmation; without them nothing is recorded.
    assert first.post(url, {"decision": "approve", "reason": "Risk to life"}).status_code == 400
    assert (
        first.post(url, {"decision": "approve", "reason": "Risk to life", "confirm": "on"}).status_code == 302
    )
    request.refresh_from_db()
    assert request.status == "pending"  # one approval is not enough
    assert "Quiet Writer" not in sign_in(Client(), facilitator).get(url).content.decode()
    assert "Quiet Writer" not in first.get(url).content.decode()
    with pytest.raises(moderation.ModerationError, match="already decided"):
        moderation.unmask_decide(actor=lead, request=request, approve=True, reason="Again")

    sign_in(Client(), second_lead).post(url, {"decision": "approve", "reason": "Agreed", "confirm": "on"})
    request.refresh_from_db()
    assert request.status == "approved"
    assert "Quiet Writer" in sign_in(Client(), facilitator).get(url).content.decode()
    assert "Quiet Writer" in sign_in(Client(), lead).get(url).content.decode()
    assert "Quiet Writer" in sign_in(Client(), second_lead).get(url).content.decode()
    assert "Quiet Writer" not in sign_in(Client(), third_lead).get(url).content.decode()
    assert sign_in(Client(), member).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="groups.unmask.approval_given", actor=lead).exists()
    assert AuditEvent.objects.filter(
        action="groups.unmask.approved", actor=second_lead, subject=author
    ).exists()
    assert Notification.objects.filter(recipient=author, kind="groups.unmasked").count() == 1
    assert Notification.objects.filter(recipient=facilitator, kind="groups.unmask_decided").exists()


def test_one_decline_ends_a_break_glass_request(world, facilitator):
    _group, thread, author, _readers = world
    lead = _safeguarding_lead()
    second_lead = _safeguarding_lead()
    request = moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    moderation.unmask_decide(actor=lead, request=request, approve=True, reason="Seems urgent")
    moderation.unmask_decide(actor=second_lead, request=request, approve=False, reason="Reach out first")
    request.refresh_from_db()
    assert request.status == "declined"
    assert access.unmask_identity(actor=facilitator, request=request) is None
    assert not Notification.objects.filter(recipient=author, kind="groups.unmasked").exists()
    with pytest.raises(moderation.ModerationError, match="already been decided"):
        moderation.unmask_decide(actor=_safeguarding_lead(), request=request, approve=True, reason="x")


def test_only_anonymous_items_can_be_unmasked(world, facilitator, member):
    _group, thread, _author, _readers = world
    named = discussions.post_reply(
        actor=member, thread=thread, body="I hear you", reply_type="reflect", anonymous=False
    )
    with pytest.raises(moderation.ModerationError, match="not posted anonymously"):
        moderation.unmask_request(actor=facilitator, item=named, reason="x")


def test_the_queue_lists_only_reported_or_hidden_items(world, facilitator, member):
    group, thread, _author, readers = world
    reply = discussions.post_reply(
        actor=member, thread=thread, body="Quiet reply", reply_type="reflect", anonymous=False
    )
    queue = sign_in(Client(), facilitator).get(reverse("groups:moderation", args=[group.public_id]))
    assert "Nothing needs your attention" in queue.content.decode()
    moderation.report_create(actor=readers[0], item=reply, reason="other")
    content = sign_in(Client(), facilitator).get(reverse("groups:moderation", args=[group.public_id])).content
    assert content.decode().count('name="reason" maxlength="300"') == 1


def test_a_facilitator_who_left_learns_nothing_more_about_their_request(world, facilitator):
    from groups.models import Membership

    group, thread, _author, _readers = world
    request = moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    # They stop facilitating before the leads decide.
    Membership.objects.filter(group=group, user=facilitator).update(status="left")
    moderation.unmask_decide(actor=_safeguarding_lead(), request=request, approve=True, reason="Risk")
    moderation.unmask_decide(actor=_safeguarding_lead(), request=request, approve=True, reason="Agreed")
    request.refresh_from_db()
    assert request.status == "approved"
    url = reverse("groups:safeguarding_detail", args=[request.public_id])
    assert sign_in(Client(), facilitator).get(url).status_code == 404
    assert access.unmask_identity(actor=facilitator, request=request) is None
    assert not Notification.objects.filter(recipient=facilitator, kind="groups.unmask_decided").exists()


def test_one_request_at_a_time_for_the_same_post(world, facilitator):
    _group, thread, _author, _readers = world
    moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    with pytest.raises(moderation.ModerationError, match="already waiting"):
        moderation.unmask_request(actor=facilitator, item=thread, reason="Still worried")


def test_a_lead_who_asked_as_facilitator_and_left_sees_no_name(world, facilitator):
    from groups.models import Membership
    from groups.services import membership as membership_services

    group, thread, _author, _readers = world
    lead = _safeguarding_lead()
    Membership.objects.create(group=group, user=lead, role="facilitator", status="active")
    request = moderation.unmask_request(actor=lead, item=thread, reason="Worried")
    moderation.unmask_decide(actor=_safeguarding_lead(), request=request, approve=True, reason="Risk")
    membership_services.membership_leave(actor=lead, group=group)
    moderation.unmask_decide(actor=_safeguarding_lead(), request=request, approve=True, reason="Agreed")
    assert access.unmask_identity(actor=lead, request=request) is None
    page = sign_in(Client(), lead).get(reverse("groups:safeguarding_detail", args=[request.public_id]))
    assert "Quiet Writer" not in page.content.decode()  # a lead still sees the request, never the name


def test_no_reply_to_a_removed_or_hidden_conversation(world, facilitator, member):
    _group, thread, _author, _readers = world
    moderation.moderate(actor=facilitator, item=thread, action="hide", reason="Looking into it")
    with pytest.raises(discussions.DiscussionError, match="closed"):
        discussions.post_reply(
            actor=member, thread=thread, body="Hello", reply_type="reflect", anonymous=False
        )


def test_a_facilitator_cannot_remove_a_co_facilitator(world, facilitator):
    from groups.models import Membership
    from groups.services import membership as membership_services

    group, _thread, _author, _readers = world
    other = Membership.objects.create(group=group, user=UserFactory(), role="facilitator", status="active")
    with pytest.raises(membership_services.MembershipError, match="programme lead"):
        membership_services.membership_remove(actor=facilitator, membership=other, reason="x")


def test_audit_rows_about_break_glass_carry_no_group_for_site_admins(world, facilitator, site_admin):
    _group, thread, _author, _readers = world
    moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    event = AuditEvent.objects.get(action="groups.unmask.requested")
    assert event.metadata == {}
    csv = sign_in(Client(), site_admin).get(reverse("core:audit_export"), {"action": "groups."}).content
    assert thread.group.public_id not in csv.decode()


def test_the_report_form_offers_only_real_reasons(world, member):
    group, thread, _author, _readers = world
    page = sign_in(Client(), member).get(
        reverse("groups:thread_report", args=[group.public_id, thread.public_id])
    )
    content = page.content.decode()
    assert "---------" not in content and "Someone may be at risk" in content
    refused = sign_in(Client(), member).post(
        reverse("groups:thread_report", args=[group.public_id, thread.public_id]), {"note": "x"}
    )
    assert refused.status_code == 400 and not Report.objects.exists()
