"""Group sessions: scheduling, answering, moving, cancelling, notes, attendance and calendar files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups import access, selectors
from groups.access import Need
from groups.forms import CancelSessionForm, NoteForm, SessionDetailsForm, SessionForm
from groups.services import sessions
from peersupport.core.http import attempt, form_status, require_method

RSVP_MESSAGES = {
    "going": gettext_lazy("You're going. We'll remind you a day and an hour before."),
    "waitlisted": gettext_lazy(
        "The session is full, so you're on the waitlist. We'll tell you if a place opens."
    ),
    "not_going": gettext_lazy("Thanks for letting us know."),
}


@login_required
def session_create(request, public_id):
    """Facilitators: schedule a session, in the group's timezone."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.FACILITATE)
    group = group_access.group
    form = SessionForm(request.POST or None, group_timezone=group.timezone)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            sessions.session_schedule,
            form=form,
            actor=request.user,
            group=group,
            **form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Session scheduled."))
            return redirect("groups:session", public_id=public_id, session_id=done.value.public_id)
    return render(
        request, "groups/session_create.html", {"group": group, "form": form}, status=form_status(form)
    )


@login_required
def session_detail(request, public_id, session_id):
    """A session: when, where, places; answering going; facilitators also see names, notes and attendance;
    a facilitator's POST adds a private note."""
    group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id
    )
    if request.method == "POST" and not group_access.is_facilitator:
        require_method(request, "GET")  # only facilitators write here (notes)
    note_form = NoteForm(request.POST or None) if group_access.is_facilitator else None
    if request.method == "POST" and note_form.is_valid():
        body = note_form.cleaned_data["body"]
        if attempt(
            request, sessions.note_add, form=note_form, actor=request.user, session=session, body=body
        ).ok:
            messages.success(request, _("Note added."))
            return redirect("groups:session", public_id=public_id, session_id=session_id)
    context = {
        "group": group_access.group,
        "session": session,
        "is_facilitator": group_access.is_facilitator,
        "note_form": note_form,
        **selectors.session_overview(
            group_access=group_access,
            session=session,
            attendees_page=request.GET.get("attendees"),
            notes_page=request.GET.get("notes"),
        ),
    }
    return render(request, "groups/session_detail.html", context, status=form_status(note_form))


@login_required
def session_rsvp(request, public_id, session_id):
    """Answer going or not going (POST); a full session puts the person on the waitlist."""
    _group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id
    )
    require_method(request, "POST")
    going = request.POST.get("going") == "yes"
    done = attempt(request, sessions.rsvp, actor=request.user, session=session, going=going)
    if done.ok:
        messages.success(request, RSVP_MESSAGES[done.value.answer])
    return redirect("groups:session", public_id=public_id, session_id=session_id)


@login_required
def session_reschedule(request, public_id, session_id):
    """Facilitators: move a session; everyone coming is told and reminders move too."""
    group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id, need=Need.FACILITATE
    )
    initial = selectors.session_form_initial(session=session)
    form = SessionForm(request.POST or None, group_timezone=group_access.group.timezone, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]
        done = attempt(
            request, sessions.session_reschedule, form=form, actor=request.user, session=session,
            starts_at=starts_at, ends_at=ends_at,
        )  # fmt: skip
        if done.ok:
            messages.success(request, _("New time saved; everyone coming has been told."))
            return redirect("groups:session", public_id=public_id, session_id=session_id)
    context = {"group": group_access.group, "session": session, "form": form}
    return render(request, "groups/session_reschedule.html", context, status=form_status(form))


@login_required
def session_edit(request, public_id, session_id):
    """Facilitators: change a session's title, description, place or number of places; everyone coming
    or waiting is told, and reminders say the new title and place."""
    group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id, need=Need.FACILITATE
    )
    initial = selectors.session_form_initial(session=session)
    form = SessionDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request, sessions.session_update, form=form, actor=request.user, session=session,
            **form.cleaned_data,
        )  # fmt: skip
        if done.ok:
            messages.success(request, _("Changes saved; everyone coming or waiting has been told."))
            return redirect("groups:session", public_id=public_id, session_id=session_id)
    context = {"group": group_access.group, "session": session, "form": form}
    return render(request, "groups/session_edit.html", context, status=form_status(form))


@login_required
def session_cancel(request, public_id, session_id):
    """Facilitators: cancel a session (confirmation first)."""
    group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id, need=Need.FACILITATE
    )
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sessions.session_cancel(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        messages.success(request, _("Session cancelled; everyone coming has been told."))
        return redirect("groups:detail", public_id=public_id)
    context = {"group": group_access.group, "session": session, "form": form}
    return render(request, "groups/session_cancel.html", context, status=form_status(form))


@login_required
def session_attendance(request, public_id, session_id):
    """Facilitators: record who came (POST)."""
    _group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id, need=Need.FACILITATE
    )
    require_method(request, "POST")
    attended = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    # The form lists one page of the people going and says who was on it; an older form without that
    # list spoke for everyone going.
    shown = {int(value) for value in request.POST.getlist("shown") if value.isdigit()}
    sessions.attendance_mark(
        actor=request.user,
        session=session,
        attended_user_ids=attended,
        shown_user_ids=shown if "shown" in request.POST else None,
    )
    messages.success(request, _("Attendance saved."))
    page = request.POST.get("attendees", "")
    where = f"?attendees={page}" if page.isdigit() else ""
    return redirect(reverse("groups:session", args=[public_id, session_id]) + where)


@login_required
def session_calendar(request, public_id, session_id):
    """The session as an .ics file for any calendar."""
    _group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id
    )
    require_method(request, "GET")
    ics = selectors.session_ics(session=session)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.public_id}.ics"'
    return response
