import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from peersupport.notifications import kinds
from peersupport.notifications.models import KindPreference, Notification, NotificationSettings


@dataclass(frozen=True)
class Channels:
    in_app: bool
    email: bool


def notification_list(*, actor) -> QuerySet[Notification]:
    """The actor's own delivered in-app notifications, newest first; nobody else's, ever."""
    return Notification.objects.filter(
        recipient=actor, show_in_app=True, status=Notification.Status.SENT
    ).order_by("-sent_at", "-id")


NOTIFICATIONS_PER_PAGE = 20


@dataclass(frozen=True)
class NotificationPage:
    """One page of the notification centre, read by key: `older` is the query string of the next page
    (empty on the last one). Nothing counts all of a person's rows."""

    notifications: list
    older: str
    is_first: bool


def notification_page(*, actor, before: str = "") -> NotificationPage:
    """The actor's own notifications, newest first, the page that starts after `before` (a public id of one
    of their own notifications; anything else reads as the first page)."""
    rows = notification_list(actor=actor)
    anchor = rows.filter(public_id=before).values_list("sent_at", "id").first() if before else None
    if anchor is not None:
        sent_at, pk = anchor
        rows = rows.filter(Q(sent_at__lt=sent_at) | Q(sent_at=sent_at, id__lt=pk))
    found = list(rows[: NOTIFICATIONS_PER_PAGE + 1])
    shown = found[:NOTIFICATIONS_PER_PAGE]
    older = f"before={shown[-1].public_id}" if len(found) > NOTIFICATIONS_PER_PAGE else ""
    return NotificationPage(notifications=shown, older=older, is_first=anchor is None)


def notification_unread_count(*, actor) -> int:
    """How many of the actor's own in-app notifications are unread."""
    return notification_list(actor=actor).filter(read_at__isnull=True).count()


def notification_settings_get(*, user) -> NotificationSettings:
    """The person's digest and quiet-hours settings (unsaved defaults when they never chose)."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


def channels_for(*, user, kind: kinds.Kind) -> Channels:
    """Where a message of this kind goes for this person: their choice, or the kind's defaults.

    Mandatory kinds always go by the kind's own channels: a preference row saved before the kind became
    mandatory, or written by any other route, is ignored.
    """
    if kind.mandatory:
        return Channels(in_app=kind.in_app, email=kind.email)
    preference = KindPreference.objects.filter(user=user, kind=kind.key).first()
    if preference is None:
        return Channels(in_app=kind.in_app, email=kind.email)
    channels = Channels(in_app=preference.in_app, email=preference.email)
    if kind.essential and not (channels.in_app or channels.email):
        return Channels(in_app=True, email=False)  # essential notices always arrive somewhere
    return channels


def preferences_table(*, user) -> list[tuple[kinds.Kind, Channels]]:
    """Every kind a person sees on the preferences page, with their current choice (for a mandatory kind,
    the channels it always uses)."""
    return [
        (kind, channels_for(user=user, kind=kind)) for kind in kinds.KINDS.values() if kind != kinds.DIGEST
    ]


def quiet_hours_end(*, user, at: datetime) -> datetime | None:
    """When the person's quiet hours end, if `at` falls inside them; None otherwise."""
    choice = notification_settings_get(user=user)
    start, end = choice.quiet_hours_start, choice.quiet_hours_end
    if start is None or end is None or start == end:
        return None
    try:
        tz = zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local = at.astimezone(tz)
    now_time = local.time()
    inside = (start <= now_time < end) if start < end else (now_time >= start or now_time < end)
    if not inside:
        return None
    end_local = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if end_local <= local:
        end_local += timedelta(days=1)
    return end_local.astimezone(zoneinfo.ZoneInfo("UTC"))


def sent_count(*, recipient, topic: str, kind: kinds.Kind) -> int:
    """How many messages of a kind on a topic have reached the person (for callers that cap reminders)."""
    return Notification.objects.filter(
        recipient=recipient, topic=topic, kind=kind.key, status=Notification.Status.SENT
    ).count()
