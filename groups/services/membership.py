from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from groups import kinds
from groups.models import FacilitatorAppointment, InvitationBatch, Membership, PeerGroup, Theme
from groups.selectors import facilitators_of, group_topic
from groups.services import sessions
from groups.services.counts import members_changed
from peersupport.core.exceptions import ApplicationError
from peersupport.core.queue import enqueue_on_commit
from peersupport.core.services import audit_record
from peersupport.notifications.services import cancel, notify, notify_many


class MembershipError(ApplicationError):
    pass


INVITATION_BATCH_TASK = "groups.tasks.run_invitation_batch"


def _group_url(group: PeerGroup) -> str:
    return reverse("groups:detail", args=[group.public_id])


@transaction.atomic
def theme_create(*, actor, name: str, description: str = "", sensitive: bool = False) -> Theme:
    """Add a theme; programme leads only (the view checks). Audited."""
    if Theme.objects.filter(name__iexact=name.strip()).exists():
        raise ApplicationError(
            _("There is already a theme called “%(name)s”.") % {"name": name}, field="name"
        )
    theme = Theme.objects.create(name=name.strip(), description=description, sensitive=sensitive)
    audit_record(actor=actor, action="groups.theme.created", target=theme)
    return theme


@transaction.atomic
def group_create(
    *,
    actor,
    name: str,
    theme: Theme,
    description: str,
    join_policy: str,
    visibility: str,
    allow_anonymous: bool,
    facilitators: list,
) -> PeerGroup:
    """Create a group with its facilitators; programme leads only, never appointing themselves. Audited;
    facilitators are told (a new group has nobody in it yet, so they start at once)."""
    if not facilitators:
        raise ApplicationError(_("A group needs at least one facilitator."), field="facilitators")
    if any(person.pk == actor.pk for person in facilitators):
        raise ApplicationError(
            _("You cannot appoint yourself; ask another programme lead."), field="facilitators"
        )
    group = PeerGroup.objects.create(
        name=name.strip(),
        theme=theme,
        description=description,
        join_policy=join_policy,
        visibility=visibility,
        allow_anonymous=allow_anonymous,
    )
    audit_record(actor=actor, action="groups.group.created", target=group)
    for person in facilitators:
        facilitator_appoint(actor=actor, group=group, user=person)
    return group


@transaction.atomic
def facilitator_appoint(*, actor, group: PeerGroup, user) -> FacilitatorAppointment:
    """Appoint a facilitator; programme leads only, never themselves. Audited.

    The group's members are told who will facilitate, and when; the appointee gains access only then
    (FACILITATOR_NOTICE_HOURS later), so nobody can slip into a group's conversations unannounced.
    """
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError(_("You cannot appoint yourself; ask another programme lead."), field="email")
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    if facilitators_of(group=group).filter(user=user).exists():
        raise ApplicationError(_("%(name)s already facilitates this group.") % {"name": user}, field="email")
    waiting = FacilitatorAppointment.objects.filter(
        group=group, user=user, started_at__isnull=True, withdrawn_at__isnull=True
    ).first()
    if waiting is not None:
        return waiting
    now = timezone.now()
    audience = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).exclude(user=user)
    starts_at = now + timedelta(hours=settings.FACILITATOR_NOTICE_HOURS) if audience.exists() else now
    appointment = FacilitatorAppointment.objects.create(
        group=group, user=user, appointed_by=actor, announced_at=now, starts_at=starts_at
    )
    audit_record(actor=actor, action="groups.facilitator.appointed", target=group, subject=user)
    if starts_at <= now:
        facilitator_start(appointment=appointment)
        return appointment
    when = date_format(timezone.localtime(starts_at), "j F, H:i")
    # Named with their team, so that members can tell who it is (display names are not unique).
    who = f"{user.display_name} ({user.org_unit.name})" if user.org_unit_id else user.display_name
    notify_many(
        recipients=[membership.user for membership in audience.select_related("user")],
        kind=kinds.FACILITATOR_ANNOUNCED,
        idempotency_prefix=f"facilitator-announced:{appointment.public_id}",
        url=_group_url(group),
        topic=group_topic(group),
        context={
            "headline": _("A new facilitator for %(group)s") % {"group": group.name},
            "message": _(
                "%(name)s will facilitate %(group)s from %(when)s, and will then see its conversations "
                "and member list. If that changes whether you want to stay, you can leave the group at "
                "any time."
            )
            % {"name": who, "group": group.name, "when": when},
        },
    )
    notify(
        recipient=user,
        kind=kinds.FACILITATOR_APPOINTED,
        idempotency_key=f"facilitator-announced-to-appointee:{appointment.public_id}",
        url=reverse("groups:appointment_withdraw", args=[appointment.public_id]),
        topic=group_topic(group),
        context={
            "headline": _("You will facilitate %(group)s from %(when)s")
            % {"group": group.name, "when": when},
            "message": _(
                "A programme lead asked you to facilitate %(group)s. Its members have been told, and you "
                "will be able to open the group from %(when)s. If you would rather not, you can decline."
            )
            % {"group": group.name, "when": when},
        },
    )
    return appointment


@transaction.atomic
def facilitator_start(*, appointment: FacilitatorAppointment) -> Membership | None:
    """Make an announced appointment real once its notice has run; safe to call twice. Audited."""
    claimed = FacilitatorAppointment.objects.filter(
        pk=appointment.pk, started_at__isnull=True, withdrawn_at__isnull=True, starts_at__lte=timezone.now()
    ).update(started_at=timezone.now())
    if not claimed:
        return None
    group, user = appointment.group, appointment.user
    if not user.is_active:
        return None
    now = timezone.now()
    was_active = (
        Membership.objects.select_for_update()
        .filter(group=group, user=user, status=Membership.Status.ACTIVE)
        .exists()
    )
    membership, _created = Membership.objects.update_or_create(
        group=group,
        user=user,
        defaults={
            "role": Membership.Role.FACILITATOR,
            "status": Membership.Status.ACTIVE,
            "joined_at": now,
            "ended_at": None,
            "listed": True,
        },
    )
    if not was_active:
        members_changed(group_id=group.pk, by=1)
    audit_record(actor=None, action="groups.facilitator.started", target=group, subject=user)
    notify(
        recipient=user,
        kind=kinds.FACILITATOR_APPOINTED,
        idempotency_key=f"facilitator:{appointment.public_id}",
        url=_group_url(group),
        topic=group_topic(group),
        context={
            "headline": _("You now facilitate %(group)s") % {"group": group.name},
            "message": _("A programme lead asked you to run %(group)s. Thank you for holding the space.")
            % {"group": group.name},
        },
    )
    return membership


@transaction.atomic
def facilitator_appointment_withdraw(*, actor, appointment: FacilitatorAppointment) -> FacilitatorAppointment:
    """Withdraw an announced appointment before it starts: the appointee declines, or a programme lead
    thinks again (access decides who). Audited; the group's members and the appointee are told."""
    withdrawn = FacilitatorAppointment.objects.filter(
        pk=appointment.pk, started_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if not withdrawn:
        raise MembershipError(_("This appointment has already started or was withdrawn."))
    group, user = appointment.group, appointment.user
    audit_record(actor=actor, action="groups.facilitator.withdrawn", target=group, subject=user)
    audience = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).select_related("user")
    notify_many(
        recipients=[membership.user for membership in audience],
        kind=kinds.FACILITATOR_ANNOUNCED,
        idempotency_prefix=f"facilitator-withdrawn:{appointment.public_id}",
        url=_group_url(group),
        topic=group_topic(group),
        context={
            "headline": _("No new facilitator for %(group)s after all") % {"group": group.name},
            "message": _("%(name)s will not facilitate %(group)s: the appointment was withdrawn.")
            % {"name": user.display_name, "group": group.name},
        },
    )
    notify(
        recipient=user,
        kind=kinds.FACILITATOR_APPOINTED,
        idempotency_key=f"facilitator-withdrawn:{appointment.public_id}",
        url=reverse("groups:list"),
        context={
            "headline": _("You will not facilitate %(group)s after all") % {"group": group.name},
            "message": _("The appointment to facilitate %(group)s was withdrawn before it started.")
            % {"group": group.name},
        },
    )
    return appointment


def facilitator_appointments_start_due() -> int:
    """Start every appointment whose notice has run. Beat runs it every minute."""
    due = FacilitatorAppointment.objects.filter(
        started_at__isnull=True, withdrawn_at__isnull=True, starts_at__lte=timezone.now()
    )
    started = 0
    for appointment in due.select_related("group", "user")[:500]:
        started += facilitator_start(appointment=appointment) is not None
    return started


@transaction.atomic
def membership_join(*, actor, group: PeerGroup, accept_agreement: bool) -> Membership:
    """Join (open), ask to join (request) or accept an invitation; the agreement must be accepted."""
    if not accept_agreement:
        raise MembershipError(
            _("Please read and accept the group agreement to join."), field="accept_agreement"
        )
    membership = Membership.objects.select_for_update().filter(group=group, user=actor).first()
    if membership is not None and membership.status == Membership.Status.ACTIVE:
        return membership
    invited = membership is not None and membership.status == Membership.Status.INVITED
    if group.join_policy == PeerGroup.JoinPolicy.INVITATION and not invited:
        raise MembershipError(_("This group is by invitation only."))
    if membership is not None and membership.status == Membership.Status.REMOVED:
        raise MembershipError(
            _("A facilitator removed you from this group, so you cannot rejoin it yourself.")
        )
    now = timezone.now()
    status = (
        Membership.Status.REQUESTED
        if group.join_policy == PeerGroup.JoinPolicy.REQUEST and not invited
        else Membership.Status.ACTIVE
    )
    membership, _created = Membership.objects.update_or_create(
        group=group,
        user=actor,
        defaults={
            "status": status,
            "role": Membership.Role.MEMBER,
            "agreement_accepted_at": now,
            "joined_at": now if status == Membership.Status.ACTIVE else None,
            "ended_at": None,
            "listed": not group.theme.sensitive,
        },
    )
    if status == Membership.Status.ACTIVE:
        members_changed(group_id=group.pk, by=1)  # nobody active gets this far (returned above)
    if status == Membership.Status.REQUESTED:
        for facilitator in facilitators_of(group=group):
            notify(
                recipient=facilitator.user,
                kind=kinds.JOIN_REQUESTED,
                idempotency_key=f"join-request:{membership.pk}:{facilitator.user_id}:{int(now.timestamp())}",
                url=reverse("groups:manage", args=[group.public_id]),
                topic=group_topic(group),
                context={
                    "headline": _("Someone asked to join %(group)s") % {"group": group.name},
                    "message": _("A request to join %(group)s is waiting for you.") % {"group": group.name},
                },
            )
    return membership


@transaction.atomic
def membership_request_decide(*, actor, membership: Membership, approve: bool) -> Membership:
    """Let someone in, or not; the group's facilitators only. Audited; the person is told."""
    # Locked and read again, so that two facilitators answering at once let the person in (and count them)
    # only once.
    membership = Membership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)
    if membership.status != Membership.Status.REQUESTED:
        raise MembershipError(_("This request has already been answered."))
    group = membership.group
    now = timezone.now()
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
    membership.joined_at = now if approve else None
    membership.save(update_fields=["status", "joined_at"])
    if approve:
        members_changed(group_id=group.pk, by=1)
    audit_record(
        actor=actor,
        action="groups.request.approved" if approve else "groups.request.declined",
        target=group,
        subject=membership.user,
    )
    message = (
        _("Welcome! You are now a member of %(group)s.")
        if approve
        else _("Your request to join %(group)s was not accepted this time.")
    ) % {"group": group.name}
    notify(
        recipient=membership.user,
        kind=kinds.REQUEST_ANSWERED,
        idempotency_key=f"join-answer:{membership.pk}:{int(now.timestamp())}",
        url=_group_url(group) if approve else reverse("groups:list"),
        context={"headline": _("Your request to join %(group)s") % {"group": group.name}, "message": message},
    )
    return membership


@transaction.atomic
def membership_invite(*, actor, group: PeerGroup, user) -> Membership:
    """Invite someone into the group; the group's facilitators only. Audited; the person is told."""
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing is not None and existing.status in (Membership.Status.ACTIVE, Membership.Status.INVITED):
        raise MembershipError(_("%(name)s is already a member or invited.") % {"name": user}, field="email")
    if existing is not None and existing.status == Membership.Status.REMOVED:
        raise MembershipError(_("%(name)s was removed from this group.") % {"name": user}, field="email")
    membership, _created = Membership.objects.update_or_create(
        group=group,
        user=user,
        defaults={"status": Membership.Status.INVITED, "role": Membership.Role.MEMBER},
    )
    audit_record(actor=actor, action="groups.member.invited", target=group, subject=user)
    notify(
        recipient=user,
        kind=kinds.INVITED,
        idempotency_key=f"group-invite:{membership.pk}:{int(timezone.now().timestamp())}",
        url=_group_url(group),
        topic=group_topic(group),
        context={
            "headline": _("You're invited to %(group)s") % {"group": group.name},
            "message": _(
                "A facilitator invited you to join %(group)s. Read its agreement and join when you're ready."
            )
            % {"group": group.name},
        },
    )
    return membership


@transaction.atomic
def membership_invite_by_email(*, actor, group: PeerGroup, emails: list[str]) -> InvitationBatch:
    """Invite the colleagues behind these addresses; the group's facilitators only.

    Nothing about any address is told back, in words or in time: the addresses are kept in a batch and a
    task invites whoever has an account (invitation_batch_run), so the form cannot be used to find out
    who works here. People appear in the member list once they accept.
    """
    batch = InvitationBatch.objects.create(group=group, invited_by=actor, emails=emails)
    enqueue_on_commit(INVITATION_BATCH_TASK, batch.pk)
    return batch


def invitation_batch_run(*, batch_id: int) -> int:
    """Make the invitations of one batch; runs in a task, claims the batch first, so a repeat does nothing.
    Returns how many people were invited."""
    now = timezone.now()
    if not InvitationBatch.objects.filter(pk=batch_id, done_at__isnull=True).update(done_at=now):
        return 0
    batch = InvitationBatch.objects.select_related("group", "invited_by").get(pk=batch_id)
    invited = 0
    for person in get_user_model().objects.filter(email__in=batch.emails, is_active=True):
        try:
            with transaction.atomic():
                membership_invite(actor=batch.invited_by, group=batch.group, user=person)
                invited += 1
        except MembershipError:
            continue  # already in, already invited or removed: nothing to say, to anyone
    InvitationBatch.objects.filter(pk=batch_id).update(emails=[])
    return invited


def invitation_batches_requeue() -> int:
    """Publish batches still waiting because the broker was down when they were made. Beat runs it."""
    stale = InvitationBatch.objects.filter(
        done_at__isnull=True, created_at__lt=timezone.now() - timedelta(minutes=2)
    ).values_list("pk", flat=True)[:500]
    for batch_id in stale:
        enqueue_on_commit(INVITATION_BATCH_TASK, batch_id)
    return len(stale)


@transaction.atomic
def membership_leave(*, actor, group: PeerGroup) -> Membership | None:
    """Leave a group, at any time, no questions asked."""
    membership = (
        Membership.objects.select_for_update()
        .filter(
            group=group,
            user=actor,
            status__in=[Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.INVITED],
        )
        .first()
    )
    if membership is None:
        return None
    if membership.is_facilitator and facilitators_of(group=group).count() == 1:
        raise MembershipError(
            _("You are this group's only facilitator; ask a programme lead to appoint another first.")
        )
    was_active = membership.is_active
    membership.status = Membership.Status.LEFT
    membership.ended_at = timezone.now()
    membership.save(update_fields=["status", "ended_at"])
    if was_active:
        members_changed(group_id=group.pk, by=-1)
    _withdraw_from_group(membership)
    return membership


def _withdraw_from_group(membership: Membership) -> None:
    """Someone who is no longer in a group hears nothing more about it: their places at sessions go to the
    waitlist, and every message about the group not yet sent to them is withdrawn."""
    sessions.rsvps_withdraw(group=membership.group, user=membership.user)
    cancel(recipient=membership.user, topic=group_topic(membership.group))
    FacilitatorAppointment.objects.filter(
        group=membership.group, user=membership.user, started_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


@transaction.atomic
def membership_remove(*, actor, membership: Membership, reason: str) -> Membership:
    """Remove a member with a reason; the group's facilitators only. Audited (without the reason); the
    member is told, with the reason."""
    reason = reason.strip()
    if not reason:
        raise MembershipError(_("Please give the member a reason."), field="reason")
    if membership.user_id == actor.pk:
        raise MembershipError(_("To step away from your own group, use Leave."))
    membership = Membership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        raise MembershipError(_("%(name)s is not in the group.") % {"name": membership.user})
    if membership.role == Membership.Role.FACILITATOR:
        raise MembershipError(_("Facilitators are changed by a programme lead, not by another facilitator."))
    membership.status = Membership.Status.REMOVED
    membership.ended_at = timezone.now()
    membership.removal_reason = reason
    membership.save(update_fields=["status", "ended_at", "removal_reason"])
    members_changed(group_id=membership.group_id, by=-1)
    _withdraw_from_group(membership)
    group = membership.group
    audit_record(actor=actor, action="groups.member.removed", target=group, subject=membership.user)
    notify(
        recipient=membership.user,
        kind=kinds.REMOVED,
        idempotency_key=f"group-removed:{membership.pk}:{int(membership.ended_at.timestamp())}",
        url=reverse("groups:list"),
        context={
            "headline": _("You were removed from %(group)s") % {"group": group.name},
            "message": _("A facilitator removed you from %(group)s. Their reason: %(reason)s")
            % {"group": group.name, "reason": reason[:300]},
        },
    )
    return membership


@transaction.atomic
def membership_preferences(*, actor, group: PeerGroup, listed: bool, listen_only: bool) -> Membership:
    """A member's own choices in a group: appear in the member list, listen only."""
    membership = Membership.objects.get(group=group, user=actor, status=Membership.Status.ACTIVE)
    membership.listed = listed
    membership.listen_only = listen_only
    membership.save(update_fields=["listed", "listen_only"])
    return membership
