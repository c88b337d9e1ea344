"""Reports, the moderation queue's actions, risk alerts and break-glass unmasking."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import access, kinds
from groups.models import Post, Report, Thread, UnmaskApproval, UnmaskRequest
from groups.selectors import facilitators_of, group_topic
from peersupport.core.exceptions import ApplicationError
from peersupport.core.permissions import APPROVE_UNMASKING, codename
from peersupport.core.services import audit_record
from peersupport.notifications.services import notify

HIDE_AFTER_REPORTS = 3


class ModerationError(ApplicationError):
    pass


def _target(item) -> dict:
    return {
        "thread": item if isinstance(item, Thread) else None,
        "post": item if isinstance(item, Post) else None,
    }


def _group_of(item):
    return item.group if isinstance(item, Thread) else item.thread.group


def _queue_url(group) -> str:
    return reverse("groups:moderation", args=[group.public_id])


def _tell_facilitators(*, group, kind, key: str, headline: str, message: str) -> None:
    for facilitator in facilitators_of(group=group):
        notify(
            recipient=facilitator.user,
            kind=kind,
            idempotency_key=f"{key}:{facilitator.user_id}",
            url=_queue_url(group),
            topic=group_topic(group),
            context={"headline": headline, "message": message},
        )


def alert_risk(*, item) -> None:
    """Alert the group's facilitators at once that words suggesting a risk to life were posted."""
    group = _group_of(item)
    _tell_facilitators(
        group=group,
        kind=kinds.RISK_ALERT,
        key=f"risk:{item._meta.model_name}:{item.pk}",
        headline=_("Someone in %(group)s may be at risk") % {"group": group.name},
        message=_(
            "Words suggesting a risk to life were just posted in %(group)s. Please look now, and follow "
            "your safeguarding steps."
        )
        % {"group": group.name},
    )


@transaction.atomic
def report_create(*, actor, item, reason: str, note: str = "") -> Report:
    """Report a thread or reply. The reporter stays unknown to everyone; three reports hide the item."""
    if item.author_id == actor.pk:
        raise ModerationError(_("You can delete or edit your own words instead."))
    already = ModerationError(_("You have already reported this. The facilitators will look at it."))
    if Report.objects.filter(reporter=actor, **_target(item)).exists():
        raise already
    try:
        with transaction.atomic():
            report = Report.objects.create(reporter=actor, reason=reason, note=note, **_target(item))
    except IntegrityError:  # a double click racing the check above (the constraint catches it)
        raise already from None
    group = _group_of(item)
    open_reports = Report.objects.filter(resolved_at__isnull=True, **_target(item))
    if open_reports.count() >= HIDE_AFTER_REPORTS and item.hidden_at is None:
        type(item).objects.filter(pk=item.pk).update(hidden_at=timezone.now())
    if reason == Report.Reason.AT_RISK:
        alert_risk(item=item)
    else:
        _tell_facilitators(
            group=group,
            kind=kinds.REPORT_RECEIVED,
            key=f"report:{report.pk}",
            headline=_("Something was reported in %(group)s") % {"group": group.name},
            message=_("A post in %(group)s is waiting in the moderation queue.") % {"group": group.name},
        )
    return report


@transaction.atomic
def moderate(*, actor, item, action: str, reason: str):
    """Hide, restore or remove a thread or reply; the group's facilitators only. Audited; the author is told.

    For an anonymous item the audit row names no subject, so it can never unmask the author.
    """
    reason = reason.strip()
    if not reason:
        raise ModerationError(_("Please give a reason; the author will read it."), field="reason")
    now = timezone.now()
    changes = {
        "hide": {"hidden_at": now},
        "restore": {"hidden_at": None},
        "remove": {"removed_at": now, "hidden_at": None},
    }.get(action)
    if changes is None:
        raise ModerationError(_("Unknown action."))
    type(item).objects.filter(pk=item.pk).update(**changes)
    Report.objects.filter(resolved_at__isnull=True, **_target(item)).update(resolved_at=now)
    group = _group_of(item)
    audit_record(
        actor=actor,
        action=f"groups.moderation.{action}",
        target=item,
        subject=None if item.pseudonym else item.author,
    )
    if item.author_id is not None:
        verb = {"hide": _("hidden"), "restore": _("restored"), "remove": _("removed")}[action]
        notify(
            recipient=item.author,
            kind=kinds.MODERATED,
            idempotency_key=f"moderated:{item.public_id}:{action}:{int(now.timestamp())}",
            url=reverse("groups:detail", args=[group.public_id]),
            topic=group_topic(group),
            context={
                "headline": _("Something you wrote in %(group)s was %(verb)s")
                % {"group": group.name, "verb": verb},
                "message": _(
                    "A facilitator of %(group)s %(verb)s something you wrote. Their reason: %(reason)s"
                )
                % {"group": group.name, "verb": verb, "reason": reason[:300]},
            },
        )
    return item


@transaction.atomic
def unmask_request(*, actor, item, reason: str) -> UnmaskRequest:
    """A facilitator asks, with a reason, who wrote an anonymous item. Audited; someone else decides."""
    if not item.pseudonym:
        raise ModerationError(_("This was not posted anonymously."))
    if not reason.strip():
        raise ModerationError(_("Please explain why this is needed."), field="reason")
    if UnmaskRequest.objects.filter(status=UnmaskRequest.Status.PENDING, **_target(item)).exists():
        raise ModerationError(_("A request about this is already waiting for the safeguarding leads."))
    request = UnmaskRequest.objects.create(requested_by=actor, reason=reason.strip(), **_target(item))
    group = _group_of(item)
    audit_record(actor=actor, action="groups.unmask.requested", target=request)
    deciders = (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__codename=codename(APPROVE_UNMASKING))
            | Q(user_permissions__codename=codename(APPROVE_UNMASKING)),
            is_active=True,
        )
        .exclude(pk=actor.pk)
        .distinct()
    )
    for decider in deciders:
        notify(
            recipient=decider,
            kind=kinds.UNMASK_REQUESTED,
            idempotency_key=f"unmask:{request.pk}:{decider.pk}",
            url=reverse("groups:safeguarding_detail", args=[request.public_id]),
            context={
                "headline": _("A safeguarding decision is needed"),
                "message": _("A facilitator of %(group)s asked to know who wrote an anonymous post.")
                % {"group": group.name},
            },
        )
    return request


APPROVALS_NEEDED = 2


@transaction.atomic
def unmask_decide(*, actor, request: UnmaskRequest, approve: bool, reason: str) -> UnmaskRequest:
    """One safeguarding lead approves or declines, with a written reason. Two different leads, neither the
    requester, must approve; one decline ends the request. Audited; on approval the author is told."""
    request = UnmaskRequest.objects.select_for_update().get(pk=request.pk)
    if actor.pk == request.requested_by_id:
        raise ModerationError(_("Two other people must decide; you asked for this."))
    if not actor.has_perm(APPROVE_UNMASKING):
        raise ModerationError(_("Only safeguarding leads can decide."))
    if request.status != UnmaskRequest.Status.PENDING:
        raise ModerationError(_("This request has already been decided."))
    reason = reason.strip()
    if not reason:
        raise ModerationError(_("Please write down the reason for your decision."), field="reason")
    if UnmaskApproval.objects.filter(request=request, approver=actor).exists():
        raise ModerationError(_("You have already decided; a second safeguarding lead decides too."))
    UnmaskApproval.objects.create(request=request, approver=actor, approve=approve, reason=reason)
    item = request.thread or request.post
    group = _group_of(item)
    audit_record(
        actor=actor,
        action="groups.unmask.approval_given" if approve else "groups.unmask.declined",
        target=request,
    )
    approvals = UnmaskApproval.objects.filter(request=request, approve=True).count()
    if approve and approvals < APPROVALS_NEEDED:
        return request
    request.status = UnmaskRequest.Status.APPROVED if approve else UnmaskRequest.Status.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    if approve:
        audit_record(
            actor=actor,
            action="groups.unmask.approved",
            target=request,
            subject=item.author,
        )
    requester_still_facilitates = access.still_facilitates(user_id=request.requested_by_id, request=request)
    if request.requested_by_id is not None and requester_still_facilitates:
        notify(
            recipient=request.requested_by,
            kind=kinds.UNMASK_DECIDED,
            idempotency_key=f"unmask-decided:{request.pk}",
            topic=group_topic(group),
            url=reverse("groups:safeguarding_detail", args=[request.public_id]),
            context={
                "headline": _("Your safeguarding request was decided"),
                "message": _("Your request about an anonymous post in %(group)s was %(status)s.")
                % {"group": group.name, "status": request.get_status_display().lower()},
            },
        )
    if approve and item.author_id is not None:
        notify(
            recipient=item.author,
            kind=kinds.UNMASKED,
            idempotency_key=f"unmasked:{request.pk}",
            url=reverse("accounts:privacy"),
            context={
                "headline": _("Your anonymity was lifted for safeguarding"),
                "message": _(
                    "Because of a concern for someone's safety, one facilitator of %(group)s was shown that "
                    "you wrote an anonymous post, after two safeguarding leads agreed. Nobody else was."
                )
                % {"group": group.name},
            },
        )
    return request
