"""Group sessions: scheduling, answers with a waitlist that promotes itself, reminders, notes, attendance."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from groups import kinds
from groups.models import GroupSession, Membership, SessionNote, SessionRSVP
from groups.selectors import group_topic
from peersupport.core.exceptions import ApplicationError
from peersupport.core.services import audit_record
from peersupport.notifications.services import cancel, notify

REMINDERS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}


class SessionError(ApplicationError):
    pass


def _url(session: GroupSession) -> str:
    return reverse("groups:session", args=[session.group.public_id, session.public_id])


def _when(session: GroupSession, user) -> str:
    local = timezone.localtime(session.starts_at, _tz(user))
    return date_format(local, "l j F, H:i")


def _tz(user):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def _reminder_key(session: GroupSession, user_id: int, label: str, starts_at) -> str:
    key = f"session-reminder:{session.pk}:{user_id}:{label}:{int(starts_at.timestamp())}"
    # A reminder is written when someone says they're going; after an edit of the title or place, the
    # revision gives the replacement a key of its own (a cancelled row keeps its key for good).
    return f"{key}:r{session.revision}" if session.revision else key


def _where(session: GroupSession) -> str:
    """The place as a reminder says it; never the video link itself (only people going see it, on the
    page)."""
    if session.mode == GroupSession.Mode.VIDEO:
        return _("by video call (the link is on the session page)")
    return _("at %(location)s") % {"location": session.location}


def _schedule_reminders(session: GroupSession, user) -> None:
    now = timezone.now()
    for label, before in REMINDERS.items():
        due = session.starts_at - before
        if due <= now:
            continue  # too late for this one; the other may still come
        notify(
            recipient=user,
            kind=kinds.SESSION_REMINDER,
            due_at=due,
            url=_url(session),
            idempotency_key=_reminder_key(session, user.pk, label, session.starts_at),
            topic=group_topic(session.group),
            context={
                "headline": _("Reminder: %(title)s, %(when)s")
                % {"title": session.title, "when": _when(session, user)},
                "message": _(
                    "%(group)s meets %(when)s, %(where)s. Whenever you're ready, we'll be glad to see you."
                )
                % {"group": session.group.name, "when": _when(session, user), "where": _where(session)},
            },
        )


def _cancel_reminders(session: GroupSession, user_id: int, starts_at) -> None:
    for label in REMINDERS:
        cancel(idempotency_key=_reminder_key(session, user_id, label, starts_at))


@transaction.atomic
def session_schedule(
    *,
    actor,
    group,
    title,
    starts_at,
    ends_at,
    mode,
    description="",
    location="",
    accessibility_notes="",
    video_link="",
    capacity=None,
) -> GroupSession:
    """Schedule a session; the group's facilitators only. Audited."""
    if ends_at <= starts_at:
        raise SessionError(_("A session needs to end after it starts."), field="ends_at")
    if starts_at <= timezone.now():
        raise SessionError(_("Choose a time in the future."), field="starts_at")
    _check_place(mode=mode, location=location, video_link=video_link)
    session = GroupSession.objects.create(
        group=group,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        location=location,
        accessibility_notes=accessibility_notes,
        video_link=video_link,
        capacity=capacity,
    )
    audit_record(actor=actor, action="groups.session.scheduled", target=session)
    return session


def _check_place(*, mode, location, video_link) -> None:
    if mode == GroupSession.Mode.IN_PERSON and not location.strip():
        raise SessionError(_("Say where people should go."), field="location")
    if mode == GroupSession.Mode.VIDEO and not video_link:
        raise SessionError(_("Add the video link."), field="video_link")


def _going_count(session: GroupSession) -> int:
    return SessionRSVP.objects.filter(session=session, answer=SessionRSVP.Answer.GOING).count()


@transaction.atomic
def rsvp(*, actor, session: GroupSession, going: bool) -> SessionRSVP:
    """Answer going or not going; full sessions put people on the waitlist, and freed places go to the first
    person waiting."""
    session = GroupSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    if session.cancelled_at is not None:
        raise SessionError(_("This session was cancelled."))
    if session.ends_at <= timezone.now():
        raise SessionError(_("This session has already taken place."))
    existing = SessionRSVP.objects.filter(session=session, user=actor).first()
    was_going = existing is not None and existing.answer == SessionRSVP.Answer.GOING
    if going:
        if was_going or (existing and existing.answer == SessionRSVP.Answer.WAITLISTED):
            return existing
        full = session.capacity is not None and _going_count(session) >= session.capacity
        answer = SessionRSVP.Answer.WAITLISTED if full else SessionRSVP.Answer.GOING
    else:
        answer = SessionRSVP.Answer.NOT_GOING
    record, _created = SessionRSVP.objects.update_or_create(
        session=session, user=actor, defaults={"answer": answer, "answered_at": timezone.now()}
    )
    if answer == SessionRSVP.Answer.GOING:
        _schedule_reminders(session, actor)
    if was_going and not going:
        _cancel_reminders(session, actor.pk, session.starts_at)
        _promote_next(session)
    return record


def _promote_next(session: GroupSession) -> bool:
    """Give a free place to the first person waiting; whether anyone was promoted."""
    if session.capacity is not None and _going_count(session) >= session.capacity:
        return False
    waiting = (
        _attendees(session).filter(answer=SessionRSVP.Answer.WAITLISTED).order_by("answered_at", "id").first()
    )
    if waiting is None:
        return False
    waiting.answer = SessionRSVP.Answer.GOING
    waiting.save(update_fields=["answer"])
    _schedule_reminders(session, waiting.user)
    _tell(
        session,
        waiting.user,
        key=f"session-promoted:{session.pk}:{waiting.user_id}:{int(timezone.now().timestamp())}",
        headline=_("A place opened up: %(title)s") % {"title": session.title},
        message=_("You're now going to %(title)s, %(when)s.")
        % {"title": session.title, "when": _when(session, waiting.user)},
    )
    return True


def _tell(session: GroupSession, user, *, key: str, headline: str, message: str) -> None:
    """A notice about a session to one person who is coming or waiting."""
    notify(
        recipient=user,
        kind=kinds.SESSION_CHANGED,
        url=_url(session),
        idempotency_key=key,
        topic=group_topic(session.group),
        context={"headline": headline, "message": message},
    )


def _attendees(session: GroupSession):
    """Who is coming or waiting, among people still in the group (a former member's answer is withdrawn
    when they leave; this is the belt to that brace)."""
    return SessionRSVP.objects.select_related("user").filter(
        session=session,
        answer__in=[SessionRSVP.Answer.GOING, SessionRSVP.Answer.WAITLISTED],
        user__group_memberships__group_id=session.group_id,
        user__group_memberships__status=Membership.Status.ACTIVE,
    )


def rsvps_withdraw(*, group, user) -> int:
    """Someone left or was removed: their answers to the group's sessions to come become "not going", their
    reminders are withdrawn and their places go to the next person waiting."""
    upcoming = SessionRSVP.objects.filter(
        session__group=group,
        session__ends_at__gte=timezone.now(),
        session__cancelled_at__isnull=True,
        user=user,
        answer__in=[SessionRSVP.Answer.GOING, SessionRSVP.Answer.WAITLISTED],
    ).select_related("session__group")
    count = 0
    for record in upcoming:
        was_going = record.answer == SessionRSVP.Answer.GOING
        record.answer = SessionRSVP.Answer.NOT_GOING
        record.save(update_fields=["answer"])
        _cancel_reminders(record.session, user.pk, record.session.starts_at)
        if was_going:
            _promote_next(record.session)
        count += 1
    return count


@transaction.atomic
def session_reschedule(*, actor, session: GroupSession, starts_at, ends_at) -> GroupSession:
    """Move a session; reminders move with it and everyone who answered going or waiting is told."""
    if ends_at <= starts_at:
        raise SessionError(_("A session needs to end after it starts."), field="ends_at")
    old_start = session.starts_at
    session.starts_at, session.ends_at = starts_at, ends_at
    session.save(update_fields=["starts_at", "ends_at"])
    for record in _attendees(session):
        _cancel_reminders(session, record.user_id, old_start)
        if record.answer == SessionRSVP.Answer.GOING:
            _schedule_reminders(session, record.user)
        _tell(
            session,
            record.user,
            key=f"session-moved:{session.pk}:{record.user_id}:{int(starts_at.timestamp())}",
            headline=_("New time: %(title)s") % {"title": session.title},
            message=_("%(title)s now takes place %(when)s.")
            % {"title": session.title, "when": _when(session, record.user)},
        )
    audit_record(actor=actor, action="groups.session.rescheduled", target=session)
    return session


@transaction.atomic
def session_cancel(*, actor, session: GroupSession, reason: str) -> GroupSession:
    """Cancel a session; reminders are withdrawn and everyone who answered going or waiting is told."""
    session.cancelled_at = timezone.now()
    session.save(update_fields=["cancelled_at"])
    for record in _attendees(session):
        _cancel_reminders(session, record.user_id, session.starts_at)
        _tell(
            session,
            record.user,
            key=f"session-cancelled:{session.pk}:{record.user_id}",
            headline=_("Cancelled: %(title)s") % {"title": session.title},
            message=_("%(title)s (%(when)s) is cancelled. %(reason)s")
            % {"title": session.title, "when": _when(session, record.user), "reason": reason[:200]},
        )
    audit_record(actor=actor, action="groups.session.cancelled", target=session)
    return session


# What people coming are told about, in the words of the notice ("What changed: the title, the place.").
CHANGE_LABELS = {
    "title": gettext_lazy("the title"),
    "description": gettext_lazy("the description"),
    "mode": gettext_lazy("the place"),
    "location": gettext_lazy("the place"),
    "video_link": gettext_lazy("the video link"),
    "accessibility_notes": gettext_lazy("the accessibility notes"),
}
# What reminders say: changing these replaces the reminders already queued.
REMINDED_FIELDS = ("title", "mode", "location")


@transaction.atomic
def session_update(
    *,
    actor,
    session: GroupSession,
    title: str,
    mode: str,
    description: str = "",
    location: str = "",
    accessibility_notes: str = "",
    video_link: str = "",
    capacity: int | None = None,
) -> GroupSession:
    """Change a session's title, description, place or number of places; the group's facilitators only.

    Audited (the names of the changed fields). Everyone coming or waiting is told what changed; reminders
    already queued are replaced so that they say the new title and place; more places let the waitlist
    in, in order; and a session is never made smaller than the number of people already going.
    """
    session = GroupSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    if session.cancelled_at is not None:
        raise SessionError(_("This session was cancelled, so it cannot be changed."))
    if session.ends_at <= timezone.now():
        raise SessionError(_("This session has already taken place, so it cannot be changed."))
    _check_place(mode=mode, location=location, video_link=video_link)
    going = _going_count(session)
    if capacity is not None and capacity < going:
        raise SessionError(
            ngettext(
                "%(going)d person is already going, so keep at least %(going)d place. Nobody is turned "
                "away once they have a place; if the room is smaller, tell them and ask who can step back.",
                "%(going)d people are already going, so keep at least %(going)d places. Nobody is turned "
                "away once they have a place; if the room is smaller, tell them and ask who can step back.",
                going,
            )
            % {"going": going},
            field="capacity",
        )
    new = {
        "title": title.strip(),
        "description": description.strip(),
        "mode": mode,
        "location": location.strip(),
        "accessibility_notes": accessibility_notes.strip(),
        "video_link": video_link,
        "capacity": capacity,
    }
    changed = [name for name, value in new.items() if getattr(session, name) != value]
    if not changed:
        return session
    audience = list(_attendees(session))
    reminded = any(name in REMINDED_FIELDS for name in changed)
    if reminded:  # withdraw the reminders under the old revision's keys, before it moves on
        for record in audience:
            if record.answer == SessionRSVP.Answer.GOING:
                _cancel_reminders(session, record.user_id, session.starts_at)
    for name in changed:
        setattr(session, name, new[name])
    if reminded:
        session.revision += 1
    session.save(update_fields=[*changed, "revision"])
    if reminded:
        for record in audience:
            if record.answer == SessionRSVP.Answer.GOING:
                _schedule_reminders(session, record.user)
    while _promote_next(session):
        pass
    told = list(dict.fromkeys(str(CHANGE_LABELS[name]) for name in changed if name in CHANGE_LABELS))
    stamp = int(timezone.now().timestamp() * 1_000_000)
    for record in audience:
        if not told:
            break
        _tell(
            session,
            record.user,
            key=f"session-edited:{session.pk}:{record.user_id}:{stamp}",
            headline=_("Changed: %(title)s") % {"title": session.title},
            message=_("What changed: %(what)s. %(title)s meets %(when)s, %(where)s.")
            % {
                "what": ", ".join(told),
                "title": session.title,
                "when": _when(session, record.user),
                "where": _where(session),
            },
        )
    audit_record(
        actor=actor, action="groups.session.updated", target=session, metadata={"changed": sorted(changed)}
    )
    return session


def note_add(*, actor, session: GroupSession, body: str) -> SessionNote:
    """A private note for the group's facilitators."""
    if not body.strip():
        raise SessionError(_("The note is empty."), field="body")
    return SessionNote.objects.create(session=session, author=actor, body=body.strip())


@transaction.atomic
def attendance_mark(
    *, actor, session: GroupSession, attended_user_ids: set[int], shown_user_ids: set[int] | None = None
) -> int:
    """Record who came; the group's facilitators only. Feeds programme-wide numbers later.

    The attendance form shows one page of the people going: `shown_user_ids` says who was on it, and only
    their records change (None: everyone going, as a form without pages would say)."""
    records = SessionRSVP.objects.filter(session=session, answer=SessionRSVP.Answer.GOING)
    if shown_user_ids is not None:
        records = records.filter(user_id__in=shown_user_ids)
    came = records.filter(user_id__in=attended_user_ids).update(attended=True)
    missed = records.exclude(user_id__in=attended_user_ids).update(attended=False)
    audit_record(actor=actor, action="groups.session.attendance_marked", target=session)
    return came + missed
