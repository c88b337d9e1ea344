import logging
import smtplib
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.core.exceptions import ApplicationError
from peersupport.core.mail import send_templated_email
from peersupport.core.queue import enqueue_on_commit, publish
from peersupport.notifications import kinds, selectors
from peersupport.notifications.models import KindPreference, Notification, NotificationSettings

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "peersupport.notifications.unsubscribe"
SEND_TASK = "peersupport.notifications.tasks.send_notification"
# A claimed row not sent within this time belongs to a worker that died; the sweeper puts it back.
STUCK_AFTER = timedelta(minutes=10)
DISPATCH_BATCH = 500
TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)


def notify(
    *,
    recipient,
    kind: kinds.Kind,
    idempotency_key: str,
    due_at: datetime | None = None,
    target=None,
    context: dict | None = None,
    url: str = "",
    topic: str = "",
) -> Notification:
    """Queue one message inside the caller's transaction; the same key twice gives the same row.

    Callers pass ids and short labels in `context`, never confidential text. Messages due now are published
    after commit; later ones wait for the dispatcher. Nothing is ever scheduled as a far-future Celery ETA.
    """
    due_at = due_at or timezone.now()
    notification, created = Notification.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "recipient": recipient,
            "kind": kind.key,
            "due_at": due_at,
            "target_type": target._meta.label_lower if target is not None else "",
            "target_id": str(getattr(target, "public_id", "") or getattr(target, "pk", "")) if target else "",
            "context": context or {},
            "url": url,
            "topic": topic,
        },
    )
    if created and due_at <= timezone.now():
        enqueue_on_commit(SEND_TASK, notification.pk, queue=kind.queue)
    return notification


def notify_many(
    *,
    recipients,
    kind: kinds.Kind,
    idempotency_prefix: str,
    context: dict | None = None,
    url: str = "",
    topic: str = "",
) -> int:
    """Queue the same message for many people in a few bulk INSERTs (a group of thousands); keys are the
    prefix and each recipient's id, so a repeat adds nothing. The dispatcher sends them within a minute."""
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=recipient.pk,
            kind=kind.key,
            due_at=now,
            context=context or {},
            url=url,
            topic=topic,
            idempotency_key=f"{idempotency_prefix}:{recipient.pk}",
        )
        for recipient in recipients
    ]
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def cancel(
    *,
    idempotency_key: str | None = None,
    recipient=None,
    kind: kinds.Kind | None = None,
    topic: str | None = None,
) -> int:
    """Withdraw messages not yet sent, by key, by recipient (and kind or topic) or by topic for everyone,
    including those held for the weekly digest; inside the caller's transaction."""
    matching = Notification.objects.all()
    if idempotency_key is not None:
        matching = matching.filter(idempotency_key=idempotency_key)
    elif recipient is not None:
        matching = matching.filter(recipient=recipient)
        if kind is not None:
            matching = matching.filter(kind=kind.key)
        if topic is not None:
            matching = matching.filter(topic=topic)
    elif topic:
        # Everyone's messages on a topic (a training module taken back to a draft).
        matching = matching.filter(topic=topic)
    else:
        raise ValueError("Say which messages to cancel.")
    # Held for the digest: already shown in the app, but the digest e-mail must not repeat them.
    matching.filter(in_digest=True, digest_sent_at__isnull=True).update(in_digest=False)
    pending = matching.filter(status__in=[Notification.Status.PENDING, Notification.Status.CLAIMED])
    return pending.update(status=Notification.Status.CANCELLED)


def dispatch_due(*, now: datetime | None = None, limit: int = DISPATCH_BATCH) -> list[int]:
    """Claim due messages and publish a send task for each; returns the ids published. Beat runs it.

    `SELECT … FOR UPDATE SKIP LOCKED` lets two dispatchers run at once and claim disjoint rows (on SQLite,
    which locks the whole database, the same code simply runs one at a time).
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=Notification.Status.PENDING, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        # The conditional UPDATE is the claim: only rows still pending are taken, and the token says by whom.
        Notification.objects.filter(id__in=candidates, status=Notification.Status.PENDING).update(
            status=Notification.Status.CLAIMED, claimed_at=now, claim_token=token
        )
        ids = list(
            Notification.objects.filter(claim_token=token)
            .order_by("due_at", "id")
            .values_list("id", flat=True)
        )
    return _publish(ids)


def _publish(ids: list[int]) -> list[int]:
    """Publish a send task per id; returns the ids published (all but those the broker refused)."""
    from kombu.exceptions import OperationalError

    queues = {
        notification_id: getattr(kinds.KINDS.get(kind), "queue", None)
        for notification_id, kind in Notification.objects.filter(id__in=ids).values_list("id", "kind")
    }
    for position, notification_id in enumerate(ids):
        try:
            publish(SEND_TASK, notification_id, queue=queues.get(notification_id))
        except (OperationalError, OSError, TimeoutError):
            # The broker is down: give the rest back at once rather than wait for the sweeper.
            Notification.objects.filter(id__in=ids[position:], status=Notification.Status.CLAIMED).update(
                status=Notification.Status.PENDING, claimed_at=None
            )
            logger.warning("Broker unreachable; %d notifications stay pending.", len(ids) - position)
            return ids[:position]
    return ids


def sweep_stuck(*, now: datetime | None = None) -> int:
    """Put messages claimed by a worker that died back to pending. Run by beat every five minutes."""
    now = now or timezone.now()
    return Notification.objects.filter(
        status=Notification.Status.CLAIMED, claimed_at__lt=now - STUCK_AFTER
    ).update(status=Notification.Status.PENDING, claimed_at=None, send_started_at=None)


def deliver(*, notification_id: int, final_attempt: bool = False) -> Notification | None:
    """Deliver one message once: claim it with a conditional UPDATE, then in-app and/or e-mail.

    Returns None when someone else already has it. Transient mail errors release the claim and re-raise,
    so that the task retries; on the final attempt the message is marked failed instead.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id,
        status__in=[Notification.Status.PENDING, Notification.Status.CLAIMED],
        due_at__lte=now,
        send_started_at__isnull=True,
    ).update(
        status=Notification.Status.CLAIMED, claimed_at=now, send_started_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    kind = kinds.KINDS.get(notification.kind)
    if kind is None or not (recipient.is_active or kind.reaches_inactive):
        _set(notification, status=Notification.Status.CANCELLED)
        return notification

    quiet_until = None if kind.urgent else selectors.quiet_hours_end(user=recipient, at=now)
    if quiet_until is not None:
        _set(
            notification,
            status=Notification.Status.PENDING,
            due_at=quiet_until,
            claimed_at=None,
            send_started_at=None,
        )
        return notification

    channels = selectors.channels_for(user=recipient, kind=kind)
    hold_for_digest = (
        channels.email
        and kind.digestible
        and selectors.notification_settings_get(user=recipient).weekly_digest
    )
    emailed_at = None
    if channels.email and not hold_for_digest:
        try:
            _email(notification, kind)
        except TRANSIENT_ERRORS as error:
            if final_attempt:
                _set(notification, status=Notification.Status.FAILED, last_error=repr(error)[:200])
                return notification
            _set(notification, send_started_at=None, last_error=repr(error)[:200])
            raise
        emailed_at = timezone.now()
    _set(
        notification,
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        show_in_app=channels.in_app,
        emailed_at=emailed_at,
        in_digest=hold_for_digest,
    )
    return notification


def _email(notification: Notification, kind: kinds.Kind) -> None:
    context = {
        **notification.context,
        "notification": notification,
        "recipient": notification.recipient,
        "always_sent": kind.mandatory,
    }
    if kind == kinds.DIGEST:
        context["items"] = _digest_items(notification)
    send_templated_email(
        template=kind.template,
        to=notification.recipient.email,
        context=context,
        message_id_key=notification.idempotency_key,
        # A mandatory message offers no way to stop it: no link, no List-Unsubscribe headers.
        unsubscribe_url="" if kind.mandatory else unsubscribe_url(user=notification.recipient, kind=kind),
    )
    if kind == kinds.DIGEST:
        Notification.objects.filter(pk__in=[item.pk for item, _title in context["items"]]).update(
            digest_sent_at=timezone.now()
        )


def _digest_items(digest: Notification) -> list[tuple[Notification, str]]:
    held = Notification.objects.filter(
        recipient=digest.recipient, in_digest=True, digest_sent_at__isnull=True, sent_at__lte=digest.due_at
    ).order_by("sent_at")
    return [(item, title_of(item)) for item in held]


def title_of(notification: Notification) -> str:
    """The one-line title of a message: its e-mail subject, also shown in the notification centre."""
    kind = kinds.KINDS.get(notification.kind)
    if kind is None:
        return ""
    context = {**notification.context, "notification": notification, "site_name": settings.SITE_NAME}
    return render_to_string(f"emails/{kind.template}_subject.txt", context).strip()


def _set(notification: Notification, **fields) -> None:
    Notification.objects.filter(pk=notification.pk).update(**fields)
    for name, value in fields.items():
        setattr(notification, name, value)


def digests_compose(*, now: datetime | None = None) -> int:
    """Queue this week's digest for everyone with e-mails held for it. Run by beat weekly."""
    now = now or timezone.now()
    year, week, _day = now.isocalendar()
    recipients = (
        Notification.objects.filter(in_digest=True, digest_sent_at__isnull=True)
        .values_list("recipient", flat=True)
        .distinct()
    )
    from django.contrib.auth import get_user_model

    count = 0
    for recipient in get_user_model().objects.filter(pk__in=list(recipients), is_active=True):
        with transaction.atomic():
            notify(
                recipient=recipient,
                kind=kinds.DIGEST,
                idempotency_key=f"digest:{recipient.pk}:{year}-W{week:02d}",
                due_at=now,
            )
        count += 1
    return count


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read."""
    if notification.read_at is None:
        _set(notification, read_at=timezone.now())
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """Mark all the actor's notifications read."""
    return (
        selectors.notification_list(actor=actor).filter(read_at__isnull=True).update(read_at=timezone.now())
    )


@transaction.atomic
def preferences_update(
    *, actor, channels: dict[str, tuple[bool, bool]], weekly_digest: bool, quiet_start, quiet_end
):
    """Save a person's own choices: channels per kind, the weekly digest and quiet hours.

    Mandatory kinds are skipped whatever `channels` says: nothing a form sends can switch them off.
    """
    for key, (in_app, email) in channels.items():
        kind = kinds.get(key)
        if kind.mandatory:
            continue
        if kind.essential and not (in_app or email):
            in_app = True
        KindPreference.objects.update_or_create(
            user=actor, kind=key, defaults={"in_app": in_app, "email": email}
        )
    NotificationSettings.objects.update_or_create(
        user=actor,
        defaults={
            "weekly_digest": weekly_digest,
            "quiet_hours_start": quiet_start,
            "quiet_hours_end": quiet_end,
        },
    )


def unsubscribe_url(*, user, kind: kinds.Kind) -> str:
    token = signing.dumps({"u": user.public_id, "k": kind.key}, salt=UNSUBSCRIBE_SALT, compress=True)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def unsubscribe_token_read(token: str):
    """The (active person, kind) a signed unsubscribe token names, or None when it was tampered with."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kind = kinds.get(data["k"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
    user = get_user_model().objects.filter(public_id=data["u"], is_active=True).first()
    return (user, kind) if user is not None else None


class MandatoryKindError(ApplicationError):
    """A mandatory kind (a safety alert, a notice about an account's safety) cannot be unsubscribed from."""


def unsubscribe(*, user, kind: kinds.Kind) -> None:
    """Stop e-mails of one kind for a person (one click from an e-mail; no sign-in needed).

    Refuses a mandatory kind with `MandatoryKindError`, changing nothing: such e-mails carry no link, but an
    old or hand-made one must not work either.
    """
    if kind.mandatory:
        raise MandatoryKindError(_("This message is about safety, so it cannot be switched off."))
    current = selectors.channels_for(user=user, kind=kind)
    KindPreference.objects.update_or_create(
        user=user, kind=kind.key, defaults={"in_app": current.in_app or kind.essential, "email": False}
    )
