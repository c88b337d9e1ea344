"""The notifications app's part of a person's data."""

from django.utils.translation import gettext_lazy as _

from peersupport.core.personal_data import VALUE_LABELS, Section, register
from peersupport.notifications import selectors, services
from peersupport.notifications.models import KindPreference, Notification, NotificationSettings


def _notifications(user):
    return [
        {
            "kind": n.kind,
            "title": services.title_of(n),
            "status": n.status,
            "due": n.due_at.isoformat(),
            "sent": n.sent_at.isoformat() if n.sent_at else None,
            "read": bool(n.read_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("due_at")
    ]


def _preferences(user):
    choice = selectors.notification_settings_get(user=user)
    return {
        "weekly_digest": choice.weekly_digest,
        "quiet_hours": [str(choice.quiet_hours_start or ""), str(choice.quiet_hours_end or "")],
        "channels": {
            p.kind: {"in_app": p.in_app, "email": p.email} for p in KindPreference.objects.filter(user=user)
        },
    }


def _erase(user, keep_posts):
    services.cancel(recipient=user)  # nothing more goes out to this person
    Notification.objects.filter(recipient=user).exclude(status=Notification.Status.CANCELLED).delete()
    KindPreference.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()


register(
    Section(
        "notifications",
        str(_("Notifications")),
        ("notifications.notification",),
        export=_notifications,
        erase=_erase,
        who_can_see=lambda user: str(_("Only you.")),
    )
)
register(
    Section(
        "notification_choices",
        str(_("Notification choices")),
        ("notifications.notificationsettings", "notifications.kindpreference"),
        export=_preferences,
        who_can_see=lambda user: str(_("Only you.")),
    )
)

for _code, _label in Notification.Status.choices:
    VALUE_LABELS.setdefault(_code, _label)
