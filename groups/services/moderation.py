"""Reports, the moderation queue's actions, risk alerts and break-glass unmasking."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import access, kinds, selectors
from groups.models import Post, Report, RiskFlag, Thread, UnmaskApproval, UnmaskRequest
from groups.selectors import facilitators_of, group_topic, safeguarding_leads
from peersupport.core.exceptions import ApplicationError
from peersupport.core.permissions import APPROVE_UNMASKING
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


def raise_risk(*, item, source: str) -> RiskFlag:
    """Flag words suggesting a risk to life and alert, at once, the group's facilitators and the
    safeguarding leads. The alert opens the flagged item; it stays flagged until a facilitator marks it
    handled. An item already flagged and not yet handled is not flagged (or alerted) twice."""
    group = _group_of(item)
    open_flag = RiskFlag.objects.filter(handled_at__isnull=True, **_target(item)).first()
    if open_flag is not None:
        return open_flag
    flag = RiskFlag.objects.create(group=group, source=source, **_target(item))
    recipients = {m.user for m in facilitators_of(group=group)} | set(selectors.risk_responders())
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=kinds.RISK_ALERT,
            idempotency_key=f"risk:{flag.pk}:{recipient.pk}",
            url=reverse("groups:risk", args=[flag.public_id]),
            topic=group_topic(group),
            context={
                "headline": _("Someone in %(group)s may be at risk") % {"group": group.name},
                "message": _(
                    "Words suggesting a risk to life were just posted in %(group)s. Please look now: the "
                    "link shows what was written and what to do next."
                )
                % {"group": group.name},
            },
        )
    return flag


@transaction.atomic
def risk_handle(*, actor, flag: RiskFlag, note: str) -> RiskFlag:
    """A facilitator of the group records what was done about a risk flag; it leaves the queue. Audited,
    never naming an anonymous author."""
    flag = RiskFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.handled_at is not None:
        raise ModerationError(_("A facilitator has already marked this as handled."))
    note = note.strip()
    if not note:
        raise ModerationError(
            _("Please write what you did, for the other facilitators and the safeguarding leads."),
            field="note",
        )
    now = timezone.now()
    flag.handled_at, flag.handled_by, flag.handled_note = now, actor, note
    flag.save(update_fields=["handled_at", "handled_by", "handled_note"])
    item = flag.item
    Report.objects.filter(resolved_at__isnull=True, reason=Report.Reason.AT_RISK, **_target(item)).update(
        resolved_at=now
    )
    audit_record(
        actor=actor,
        action="groups.risk.handled",
        target=flag,
        subject=None if item.pseudonym else item.author,
    )
    return flag


CHECK_INS_PER_FLAG = 3
# A link in a private message could tell its sender who opened it, which would unmask an anonymous author.
LINK = re.compile(r"(https?:|www\.|mailto:|\b[\w-]+\.(com|org|net|io|co|uk|me|ly|app|link|info)\b)", re.I)


@transaction.atomic
def risk_check_in(*, actor, flag: RiskFlag, message: str) -> None:
    """A facilitator writes privately to whoever wrote a flagged item, without learning who that is: the
    message is delivered to the author, and nothing comes back to the facilitator but "sent" — the same
    answer when the author has since left, so that the reply never says whether the writer is still here.
    While the flag is open, a few per flag, and without links (a link could report who opened it)."""
    flag = RiskFlag.objects.select_for_update().get(pk=flag.pk)
    message = message.strip()
    if not message:
        raise ModerationError(_("Please write a few words to send."), field="message")
    if LINK.search(message):
        raise ModerationError(
            _("Please leave links out; the support contacts are added to your message for you."),
            field="message",
        )
    if flag.handled_at is not None:
        raise ModerationError(_("This has been marked as handled; reply in the conversation instead."))
    if flag.check_ins >= CHECK_INS_PER_FLAG:
        raise ModerationError(
            _("%(count)d check-ins have been sent about this already; reply in the conversation instead.")
            % {"count": CHECK_INS_PER_FLAG}
        )
    RiskFlag.objects.filter(pk=flag.pk).update(check_ins=F("check_ins") + 1)
    item = flag.item
    audit_record(
        actor=actor,
        action="groups.risk.checked_in",
        target=flag,
        subject=None if item.pseudonym else item.author,
    )
    if item.author_id is None:
        return
    group = flag.group
    now = timezone.now()
    notify(
        recipient=item.author,
        kind=kinds.CHECK_IN,
        idempotency_key=f"check-in:{flag.pk}:{actor.pk}:{now.timestamp()}",
        url=reverse("core:crisis"),
        topic=group_topic(group),
        context={
            "headline": _("%(name)s, a facilitator of %(group)s, is thinking of you")
            % {"name": actor.display_name, "group": group.name},
            "message": _(
                "“%(message)s” %(name)s wrote this to you privately after reading what you shared, and does "
                "not know it was you if you posted anonymously. If you would like to talk, you can contact "
                "them directly (that would tell them it was you), reply in the group, or reach the support "
                "contacts, linked here, at any time."
            )
            % {"message": message[:1000], "name": actor.display_name},
        },
    )


@transaction.atomic
def report_create(*, actor, item, reason: str, note: str = "") -> Report:
    """Report a thread or reply. The reporter stays unknown to everyone; three reports hide the item."""
    if item.author_id == actor.pk:
        raise ModerationError(_("You can delete or edit your own words instead."))
    already = ModerationError(_("You have already reported this. The facilitators will look at it."))
    if Report.objects.filter(reporter=actor, **_target(item)).exists():
        raise already
    group = _group_of(item)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=actor, group=group, reason=reason, note=note, **_target(item)
            )
    except IntegrityError:  # a double click racing the check above (the constraint catches it)
        raise already from None
    open_reports = Report.objects.filter(resolved_at__isnull=True, **_target(item))
    if open_reports.count() >= HIDE_AFTER_REPORTS and item.hidden_at is None:
        type(item).objects.filter(pk=item.pk).update(hidden_at=timezone.now())
        labels = dict(Report.Reason.choices)
        said = sorted({str(labels[r]) for r in open_reports.values_list("reason", flat=True)})
        _tell_author(
            item=item, action="auto_hide", reason=", ".join(said).lower(), key=f"auto-hidden:{report.pk}"
        )
    if reason == Report.Reason.AT_RISK:
        raise_risk(item=item, source=RiskFlag.Source.REPORTED)
    else:
        _tell_facilitators(
            group=group,
            kind=kinds.REPORT_RECEIVED,
            key=f"report:{report.pk}",
            headline=_("Something was reported in %(group)s") % {"group": group.name},
            message=_("A post in %(group)s is waiting in the moderation queue.") % {"group": group.name},
        )
    return report


def _tell_author(*, item, action: str, reason: str, key: str) -> None:
    """The author learns what happened to their words and why (never who reported them)."""
    if item.author_id is None:
        return
    group = _group_of(item)
    headline = {
        "hide": _("Something you wrote in %(group)s was hidden"),
        "auto_hide": _("Something you wrote in %(group)s was hidden"),
        "restore": _("Something you wrote in %(group)s is back"),
        "remove": _("Something you wrote in %(group)s was removed"),
    }[action] % {"group": group.name}
    message = {
        "hide": _("A facilitator of %(group)s has hidden something you wrote. Their reason: %(reason)s"),
        "auto_hide": _(
            "Several members of %(group)s reported something you wrote, so it is hidden until a facilitator "
            "looks at it. What they said: %(reason)s"
        ),
        "restore": _("A facilitator of %(group)s has restored something you wrote. Their reason: %(reason)s"),
        "remove": _("A facilitator of %(group)s has removed something you wrote. Their reason: %(reason)s"),
    }[action] % {"group": group.name, "reason": reason[:300]}
    notify(
        recipient=item.author,
        kind=kinds.MODERATED,
        idempotency_key=key,
        url=selectors.item_link(item),
        topic=group_topic(group),
        context={"headline": headline, "message": message},
    )


@transaction.atomic
def moderate(*, actor, item, action: str, reason: str):
    """Hide, restore or remove a thread or reply, or dismiss the reports about it (it stays, and comes back
    if the reports hid it); the group's facilitators only. Audited; the author is told of what changes for
    their words, never of reports dismissed.

    For an anonymous item the audit row names no subject, so it can never unmask the author.
    """
    reason = reason.strip()
    if action == "dismiss" and not reason:
        reason = _("The facilitators looked at the reports and found nothing against the group agreement.")
    if not reason:
        raise ModerationError(_("Please give a reason."), field="reason")
    now = timezone.now()
    changes = {
        "hide": {"hidden_at": now},
        "restore": {"hidden_at": None},
        "remove": {"removed_at": now, "hidden_at": None},
        "dismiss": {"hidden_at": None},
    }.get(action)
    if changes is None:
        raise ModerationError(_("Unknown action."))
    open_reports = Report.objects.filter(resolved_at__isnull=True, **_target(item))
    if action == "dismiss" and not open_reports.exists():
        raise ModerationError(_("There are no reports to dismiss; restore it instead if it should be seen."))
    was_hidden = item.hidden_at is not None
    type(item).objects.filter(pk=item.pk).update(**changes)
    Report.objects.filter(resolved_at__isnull=True, **_target(item)).update(resolved_at=now)
    audit_record(
        actor=actor,
        action=f"groups.moderation.{action}",
        target=item,
        subject=None if item.pseudonym else item.author,
    )
    told = {"dismiss": "restore" if was_hidden else None}.get(action, action)
    if told:
        _tell_author(
            item=item,
            action=told,
            reason=reason,
            key=f"moderated:{item.public_id}:{action}:{int(now.timestamp())}",
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
    for decider in safeguarding_leads().exclude(pk=actor.pk):
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
