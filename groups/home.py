"""The groups app's part of the home page's "your week"."""

from django.utils.translation import gettext_lazy as _

from groups.selectors import my_upcoming_sessions


def upcoming_sessions(*, actor) -> dict | None:
    """Sessions the person is going to in the coming week; nothing when there are none."""
    sessions = list(my_upcoming_sessions(actor=actor))
    if not sessions:
        return None
    return {
        "title": _("Your sessions this week"),
        "template": "groups/_home_sessions.html",
        "items": sessions,
    }
