"""The groups app's part of the home page's "your week"."""

from django.utils.translation import gettext_lazy as _

from groups import selectors
from peersupport.core.permissions import APPROVE_UNMASKING, RESPOND_TO_RISK


def waiting_for_you(*, actor) -> dict | None:
    """For facilitators: what waits in each group they run (someone at risk, reports, requests to join),
    and the next session they run; nothing for someone who runs no group."""
    groups = list(selectors.facilitated_groups(actor=actor).order_by("name"))
    if not groups:
        return None
    rows = selectors.waiting_for_facilitator(groups=groups)
    next_session = selectors.next_session_in(groups=groups)
    if not rows and next_session is None:
        return None
    return {
        "title": _("Waiting for you as a facilitator"),
        "template": "groups/_home_facilitator.html",
        "rows": rows,
        "next_session": next_session,
    }


def safeguarding(*, actor) -> dict | None:
    """For those who decide break-glass requests or respond to risk: what waits for them."""
    deciding = actor.has_perm(APPROVE_UNMASKING)
    responding = actor.has_perm(RESPOND_TO_RISK)
    if not (deciding or responding):
        return None
    decisions = selectors.decisions_waiting_for(actor=actor) if deciding else 0
    risks = list(selectors.open_risk_flags()[:5]) if responding else []
    if not decisions and not risks:
        return None
    return {
        "title": _("Safeguarding"),
        "template": "groups/_home_safeguarding.html",
        "decisions": decisions,
        "risks": risks,
    }


def upcoming_sessions(*, actor) -> dict | None:
    """Sessions the person is going to in the coming week; nothing when there are none."""
    sessions = list(selectors.my_upcoming_sessions(actor=actor))
    if not sessions:
        return None
    return {
        "title": _("Your sessions this week"),
        "template": "groups/_home_sessions.html",
        "items": sessions,
    }


def find_a_group(*, actor) -> dict | None:
    """For someone in no group (and not waiting to join one): a way to find one."""
    if selectors.belongs_anywhere(actor=actor):
        return None
    return {
        "title": _("Find a group that gets it"),
        "template": "groups/_home_find_group.html",
        "themes": selectors.theme_names(limit=6),
    }
