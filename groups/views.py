import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import access, discussions, moderation, selectors, services, sessions
from groups.forms import (
    AppointForm,
    CancelSessionForm,
    EditForm,
    GroupForm,
    InviteForm,
    JoinForm,
    MembershipPreferencesForm,
    ModerateForm,
    NoteForm,
    RemoveForm,
    ReplyForm,
    ReportForm,
    SessionForm,
    ThemeForm,
    ThreadForm,
    UnmaskDecisionForm,
    UnmaskForm,
)
from groups.models import Membership, PeerGroup, Reaction, Report, Thread
from peersupport.accounts.access import require_second_factor
from peersupport.core import listening_coach
from peersupport.core.exceptions import ApplicationError
from peersupport.core.markdown import render_markdown
from peersupport.core.risk import suggests_risk
from peersupport.core.selectors import crisis_resource_list


def _join_label(group: PeerGroup, membership) -> str:
    if membership is not None and membership.status == Membership.Status.INVITED:
        return _("Accept the invitation")
    if group.join_policy == PeerGroup.JoinPolicy.REQUEST:
        return _("Ask to join")
    return _("Join the group")


@login_required
def group_list(request):
    """Browse groups: mine first, then listed groups by theme; counts below 5 are not shown exactly."""
    query = request.GET.get("q", "").strip()[:80]
    mine, others = selectors.group_list(actor=request.user, query=query)
    return render(
        request,
        "groups/group_list.html",
        {
            "mine": mine,
            "others": others,
            "query": query,
            "can_lead": access.is_lead(actor=request.user),
        },
    )


@login_required
def theme_list(request):
    """Programme leads: the themes, and a form to add one."""
    access.require_lead(actor=request.user)
    require_second_factor(actor=request.user)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Theme added."))
            return redirect("groups:theme_list")
    status = 400 if form.errors else 200
    return render(
        request, "groups/theme_list.html", {"themes": selectors.theme_list(), "form": form}, status=status
    )


@login_required
def group_create(request):
    """Programme leads: create a group and appoint its facilitators."""
    access.require_lead(actor=request.user)
    require_second_factor(actor=request.user)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(group)s is ready.") % {"group": group.name})
            return redirect("groups:detail", public_id=group.public_id)
    return render(request, "groups/group_create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def group_detail(request, public_id):
    """A group's page: what it is, its agreement, and for members its people."""
    group_access = access.access_group(actor=request.user, public_id=public_id)
    group, membership = group_access.group, group_access.membership
    context = {
        "group": group,
        "membership": membership,
        "is_member": group_access.is_member,
        "is_facilitator": group_access.is_facilitator,
        "agreement_html": render_markdown(group.agreement),
        "is_lead": access.is_lead(actor=request.user),
    }
    if group_access.is_member:
        context["members"] = selectors.member_list(group_access=group_access)
        context["announced"] = selectors.announced_facilitators(group=group)
        context["member_count"] = selectors.active_member_count(group=group)
        context["sessions"] = selectors.upcoming_sessions(group=group)
        context["threads"] = Paginator(selectors.thread_list(group_access=group_access), 20).get_page(
            request.GET.get("page")
        )
        context["preferences_form"] = MembershipPreferencesForm(
            initial={"listed": membership.listed, "listen_only": membership.listen_only}
        )
    elif access.may_join(group=group, membership=membership):
        context["join_form"] = JoinForm(submit_label=_join_label(group, membership))
    return render(request, "groups/group_detail.html", context)


@login_required
@require_POST
def group_join(request, public_id):
    group_access = access.access_group(actor=request.user, public_id=public_id)
    group = group_access.group
    form = JoinForm(request.POST, submit_label=_join_label(group, group_access.membership))
    try:
        membership = services.membership_join(
            actor=request.user,
            group=group,
            accept_agreement=form.is_valid() and form.cleaned_data["accept_agreement"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if membership.status == Membership.Status.REQUESTED:
            messages.success(request, _("Your request is with the facilitators. We'll let you know."))
        else:
            messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
    return redirect("groups:detail", public_id=group.public_id)


@login_required
def group_leave(request, public_id):
    """Leave a group (confirmation first)."""
    group_access = access.access_group(actor=request.user, public_id=public_id)
    if request.method == "POST":
        try:
            services.membership_leave(actor=request.user, group=group_access.group)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("groups:detail", public_id=public_id)
        messages.success(request, _("You have left %(group)s.") % {"group": group_access.group.name})
        return redirect("groups:list")
    return render(request, "groups/group_leave.html", {"group": group_access.group})


@login_required
@require_POST
def membership_preferences(request, public_id):
    group_access = access.access_group(actor=request.user, public_id=public_id, need="member")
    form = MembershipPreferencesForm(request.POST)
    if form.is_valid():
        services.membership_preferences(actor=request.user, group=group_access.group, **form.cleaned_data)
        messages.success(request, _("Saved."))
    return redirect("groups:detail", public_id=public_id)


@login_required
def group_manage(request, public_id):
    """Facilitators: requests and invitations waiting, invite someone, remove a member."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need="facilitate")
    require_second_factor(actor=request.user)
    invite_form = InviteForm(request.POST or None)
    if request.method == "POST" and invite_form.is_valid():
        services.membership_invite_by_email(
            actor=request.user, group=group_access.group, emails=invite_form.cleaned_data["email"]
        )
        messages.success(
            request,
            _(
                "Done. Colleagues with an account here who are not in the group yet will find the "
                "invitation in their notifications. To protect everyone's privacy, this page never says "
                "which addresses have an account; people appear under Members once they accept."
            ),
        )
        return redirect("groups:manage", public_id=public_id)
    return render(
        request,
        "groups/group_manage.html",
        {
            "group": group_access.group,
            "pending": selectors.pending_memberships(group_access=group_access),
            "members": selectors.member_list(group_access=group_access),
            "invite_form": invite_form,
        },
        status=400 if invite_form.errors else 200,
    )


@login_required
@require_POST
def request_decide(request, public_id, membership_id):
    group_access = access.access_group(actor=request.user, public_id=public_id, need="facilitate")
    require_second_factor(actor=request.user)
    membership = access.access_membership(
        actor=request.user, group_access=group_access, public_id=membership_id
    )
    try:
        services.membership_request_decide(
            actor=request.user, membership=membership, approve=request.POST.get("decision") == "approve"
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("groups:manage", public_id=public_id)


@login_required
def member_remove(request, public_id, membership_id):
    """Facilitators: remove a member, with a reason they will read."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need="facilitate")
    require_second_factor(actor=request.user)
    membership = access.access_membership(
        actor=request.user, group_access=group_access, public_id=membership_id
    )
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(
                actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(name)s has been removed.") % {"name": membership.user})
            return redirect("groups:manage", public_id=public_id)
    return render(
        request,
        "groups/member_remove.html",
        {
            "group": group_access.group,
            "membership": membership,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def facilitator_appoint(request, public_id):
    """Programme leads: appoint facilitators (leads see a group's settings, never its content)."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need="lead")
    require_second_factor(actor=request.user)
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for person in form.cleaned_data["email"]:
            try:
                services.facilitator_appoint(actor=request.user, group=group_access.group, user=person)
            except ApplicationError as error:
                form.add_error("email", error.message)
        if not form.errors:
            messages.success(request, _("Appointed. The group's members are told who will facilitate."))
            return redirect("groups:appoint", public_id=public_id)
    return render(
        request,
        "groups/facilitator_appoint.html",
        {
            "group": group_access.group,
            "form": form,
            "facilitators": selectors.facilitators_of(group=group_access.group),
            "announced": selectors.announced_facilitators(group=group_access.group),
            "notice_hours": settings.FACILITATOR_NOTICE_HOURS,
        },
        status=400 if form.errors else 200,
    )


# --- Conversations -------------------------------------------------------------------------------------


@login_required
def thread_create(request, public_id):
    """Start a conversation in a group the person belongs to."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need="member")
    group = group_access.group
    form = ThreadForm(request.POST or None, allow_anonymous=group.allow_anonymous)
    if request.method == "POST" and form.is_valid():
        try:
            thread = discussions.thread_create(
                actor=request.user,
                group=group,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data.get("anonymous", False),
                open_to_suggestions=form.cleaned_data["open_to_suggestions"],
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your conversation is started."), extra_tags="draft-saved")
            _offer_help_if_at_risk(request, f"{thread.title}\n{thread.body}")
            return redirect("groups:thread", public_id=public_id, thread_id=thread.public_id)
    return render(
        request,
        "groups/thread_create.html",
        {
            "group": group,
            "form": form,
            "member_count": selectors.active_member_count(group=group),
        },
        status=400 if form.errors else 200,
    )


def _offer_help_if_at_risk(request, text: str) -> None:
    """Show the writer crisis resources straight away when their words suggest a risk to life."""
    if suggests_risk(text):
        request.session["show_crisis_help"] = True


@login_required
def thread_detail(request, public_id, thread_id):
    """A conversation and its replies; replying goes past the listening coach first."""
    group_access, thread = access.access_thread(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id
    )
    form = ReplyForm(request.POST or None, thread=thread)
    coach = None
    if request.method == "POST" and form.is_valid():
        coach = listening_coach.review(form.cleaned_data["body"])
        if coach.flagged and not form.cleaned_data["confirmed"]:
            form = ReplyForm({**request.POST.dict(), "confirmed": "on"}, thread=thread)
            form.is_valid()
        else:
            try:
                post = discussions.post_reply(
                    actor=request.user,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    reply_type=form.cleaned_data["reply_type"],
                    anonymous=form.cleaned_data.get("anonymous", False),
                )
            except ApplicationError as error:
                form.add_error(error.field, error.message)
                coach = None
            else:
                messages.success(request, _("Your reply is posted."), extra_tags="draft-saved")
                _offer_help_if_at_risk(request, post.body)
                where = f"?page={selectors.thread_last_page(thread=thread)}#post-{post.public_id}"
                return redirect(reverse("groups:thread", args=[public_id, thread_id]) + where)
    page, posts, post_counts, thread_counts, mine = selectors.thread_page(
        group_access=group_access, thread=thread, page_number=request.GET.get("page")
    )
    discussions.thread_mark_read(actor=request.user, thread=thread)
    return render(
        request,
        "groups/thread_detail.html",
        {
            "group": group_access.group,
            "thread": thread,
            "thread_html": render_markdown(thread.body),
            "page": page,
            "posts": [
                (p, render_markdown(p.body), _reaction_bar(post_counts.get(p.pk, {}), mine, post_id=p.pk))
                for p in posts
            ],
            "thread_bar": _reaction_bar(thread_counts, mine, thread_id=thread.pk),
            "crisis_help": crisis_resource_list() if request.session.pop("show_crisis_help", False) else None,
            "is_facilitator": group_access.is_facilitator,
            "form": form,
            "coach": coach,
            "now": timezone.now(),
            "member_count": selectors.active_member_count(group=group_access.group),
            "listen_only": group_access.membership.listen_only,
        },
        status=400 if form.errors else 200,
    )


def _reaction_bar(counts: dict, mine: set, *, thread_id=None, post_id=None) -> list[dict]:
    """The reaction buttons for one thread or reply: label, count and whether the person pressed it."""
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0), "on": (thread_id, post_id, kind) in mine}
        for kind, label in Reaction.Kind.choices
    ]


def _item(request, public_id, thread_id, post_id):
    _group_access, thread = access.access_thread(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id
    )
    item = (
        access.access_post(actor=request.user, thread=thread, post_public_id=post_id) if post_id else thread
    )
    access.require_author(actor=request.user, item=item)
    return thread, item


@login_required
def item_edit(request, public_id, thread_id, post_id=None):
    """Edit one's own words within 15 minutes."""
    thread, item = _item(request, public_id, thread_id, post_id)
    form = EditForm(request.POST or None, initial={"body": item.body})
    if request.method == "POST" and form.is_valid():
        try:
            discussions.item_edit(actor=request.user, item=item, body=form.cleaned_data["body"])
        except ApplicationError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("groups:thread", public_id=public_id, thread_id=thread_id)
    return render(
        request,
        "groups/item_edit.html",
        {"thread": thread, "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@login_required
def item_delete(request, public_id, thread_id, post_id=None):
    """Delete one's own words (confirmation first)."""
    thread, item = _item(request, public_id, thread_id, post_id)
    if request.method == "POST":
        discussions.item_delete(actor=request.user, item=item)
        messages.success(request, _("Deleted."))
        return redirect("groups:thread", public_id=public_id, thread_id=thread_id)
    return render(request, "groups/item_delete.html", {"thread": thread, "item": item})


@login_required
@require_POST
def react(request, public_id, thread_id):
    """Toggle a supportive reaction on the thread or one of its replies; htmx gets the bar back."""
    group_access, thread = access.access_thread(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id
    )
    post_id = request.POST.get("post", "")
    post = access.access_post(actor=request.user, thread=thread, post_public_id=post_id) if post_id else None
    try:
        discussions.reaction_toggle(
            actor=request.user, kind=request.POST.get("kind", ""), thread=None if post else thread, post=post
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    if request.htmx:
        counts, mine = selectors.reactions_for(actor=request.user, thread=thread, post=post)
        bar = _reaction_bar(
            counts, mine, thread_id=None if post else thread.pk, post_id=post.pk if post else None
        )
        return render(
            request,
            "groups/_reactions.html",
            {
                "group": group_access.group,
                "thread": thread,
                "bar": bar,
                "post_id": post.public_id if post else "",
            },
        )
    return redirect("groups:thread", public_id=public_id, thread_id=thread_id)


# --- Moderation and safeguarding -----------------------------------------------------------------------


@login_required
def report_item(request, public_id, thread_id, post_id=None):
    """Report a thread or reply to the group's facilitators; the reporter stays unknown."""
    group_access, thread = access.access_thread(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id
    )
    item = (
        access.access_post(actor=request.user, thread=thread, post_public_id=post_id) if post_id else thread
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_create(actor=request.user, item=item, **form.cleaned_data)
        except ApplicationError as error:
            messages.info(request, error.message)
        else:
            messages.success(
                request, _("Thank you. The facilitators will look at it; nobody will know it was you.")
            )
            if form.cleaned_data["reason"] == "at_risk":
                messages.info(
                    request, _("If someone is in immediate danger, call the emergency services now.")
                )
        return redirect("groups:thread", public_id=public_id, thread_id=thread_id)
    return render(
        request,
        "groups/report.html",
        {"group": group_access.group, "thread": thread, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def moderation_queue(request, public_id):
    """Facilitators: reported and hidden items, with reasons (never reporters) and earlier versions."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need="facilitate")
    return render(
        request,
        "groups/moderation_queue.html",
        {
            "group": group_access.group,
            "items": [
                (item, render_markdown(item.body), reasons, edits, isinstance(item, Thread))
                for item, reasons, edits in selectors.moderation_queue(group_access=group_access)
            ],
            "reason_labels": dict(Report.Reason.choices),
        },
    )


@login_required
@require_POST
def moderate(request, public_id):
    group_access = access.access_group(actor=request.user, public_id=public_id, need="facilitate")
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason; the author will read it."))
        return redirect("groups:moderation", public_id=public_id)
    item = access.access_group_item(
        group_access=group_access, thread_id=form.cleaned_data["thread"], post_id=form.cleaned_data["post"]
    )
    try:
        moderation.moderate(
            actor=request.user,
            item=item,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done. The author has been told."))
    return redirect("groups:moderation", public_id=public_id)


@login_required
@require_POST
def unmask_create(request, public_id):
    group_access = access.access_group(actor=request.user, public_id=public_id, need="facilitate")
    require_second_factor(actor=request.user)
    form = UnmaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please explain why this is needed."))
        return redirect("groups:moderation", public_id=public_id)
    item = access.access_group_item(
        group_access=group_access, thread_id=form.cleaned_data["thread"], post_id=form.cleaned_data["post"]
    )
    try:
        unmask = moderation.unmask_request(actor=request.user, item=item, reason=form.cleaned_data["reason"])
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("groups:moderation", public_id=public_id)
    messages.success(request, _("Your request is with the safeguarding leads."))
    return redirect("groups:safeguarding_detail", request_id=unmask.public_id)


@login_required
def safeguarding_list(request):
    """Break-glass requests: safeguarding leads see all; facilitators see their own."""
    requests = access.access_unmask_requests(actor=request.user)
    require_second_factor(actor=request.user)
    return render(request, "groups/safeguarding_list.html", {"requests": requests})


@login_required
def safeguarding_detail(request, request_id):
    """One break-glass request: the reason, the decision, and after approval the name, for two people only."""
    unmask = access.access_unmask_request(actor=request.user, public_id=request_id)
    require_second_factor(actor=request.user)
    can_decide = access.may_decide_unmask(actor=request.user, unmask=unmask)
    if request.method == "POST" and not can_decide:
        raise PermissionDenied  # the requester, a lead who already decided, or a request already decided
    form = UnmaskDecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            moderation.unmask_decide(
                actor=request.user,
                request=unmask,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("groups:safeguarding_detail", request_id=request_id)
    item = unmask.thread or unmask.post
    return render(
        request,
        "groups/safeguarding_detail.html",
        {
            "unmask": unmask,
            "group": item.group if unmask.thread else item.thread.group,
            "identity": access.unmask_identity(actor=request.user, request=unmask),
            "decisions": selectors.unmask_decisions(request=unmask),
            "approvals_needed": moderation.APPROVALS_NEEDED,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- Sessions ------------------------------------------------------------------------------------------


@login_required
def session_create(request, public_id):
    """Facilitators: schedule a session, in the group's timezone."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need="facilitate")
    group = group_access.group
    form = SessionForm(request.POST or None, group_timezone=group.timezone)
    if request.method == "POST" and form.is_valid():
        try:
            session = sessions.session_schedule(actor=request.user, group=group, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("groups:session", public_id=public_id, session_id=session.public_id)
    return render(
        request,
        "groups/session_create.html",
        {"group": group, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def session_detail(request, public_id, session_id):
    """A session: when, where, places; answering going; facilitators also see names, notes and attendance."""
    group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id
    )
    note_form = NoteForm(request.POST or None) if group_access.is_facilitator else None
    if request.method == "POST" and note_form is not None and note_form.is_valid():
        sessions.note_add(actor=request.user, session=session, body=note_form.cleaned_data["body"])
        messages.success(request, _("Note added."))
        return redirect("groups:session", public_id=public_id, session_id=session_id)
    return render(
        request,
        "groups/session_detail.html",
        {
            "group": group_access.group,
            "session": session,
            "is_facilitator": group_access.is_facilitator,
            "note_form": note_form,
            **selectors.session_overview(group_access=group_access, session=session),
        },
    )


@login_required
@require_POST
def session_rsvp(request, public_id, session_id):
    _group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id
    )
    try:
        record = sessions.rsvp(actor=request.user, session=session, going=request.POST.get("going") == "yes")
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            {
                "going": _("You're going. We'll remind you a day and an hour before."),
                "waitlisted": _(
                    "The session is full, so you're on the waitlist. We'll tell you if a place opens."
                ),
                "not_going": _("Thanks for letting us know."),
            }[record.answer],
        )
    return redirect("groups:session", public_id=public_id, session_id=session_id)


@login_required
def session_reschedule(request, public_id, session_id):
    """Facilitators: move a session; everyone coming is told and reminders move too."""
    group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id, need="facilitate"
    )
    tz = group_access.group.timezone
    initial = {
        "title": session.title,
        "mode": session.mode,
        "location": session.location,
        "accessibility_notes": session.accessibility_notes,
        "video_link": session.video_link,
        "capacity": session.capacity,
        "starts_at": timezone.localtime(session.starts_at, zoneinfo.ZoneInfo(tz)).replace(tzinfo=None),
        "ends_at": timezone.localtime(session.ends_at, zoneinfo.ZoneInfo(tz)).replace(tzinfo=None),
    }
    form = SessionForm(request.POST or None, group_timezone=tz, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_reschedule(
                actor=request.user,
                session=session,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("New time saved; everyone coming has been told."))
            return redirect("groups:session", public_id=public_id, session_id=session_id)
    return render(
        request,
        "groups/session_reschedule.html",
        {"group": group_access.group, "session": session, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def session_cancel(request, public_id, session_id):
    """Facilitators: cancel a session (confirmation first)."""
    group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id, need="facilitate"
    )
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sessions.session_cancel(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        messages.success(request, _("Session cancelled; everyone coming has been told."))
        return redirect("groups:detail", public_id=public_id)
    return render(
        request, "groups/session_cancel.html", {"group": group_access.group, "session": session, "form": form}
    )


@login_required
@require_POST
def session_attendance(request, public_id, session_id):
    _group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id, need="facilitate"
    )
    attended = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    sessions.attendance_mark(actor=request.user, session=session, attended_user_ids=attended)
    messages.success(request, _("Attendance saved."))
    return redirect("groups:session", public_id=public_id, session_id=session_id)


@login_required
def session_calendar(request, public_id, session_id):
    """The session as an .ics file for any calendar."""
    _group_access, session = access.access_session(
        actor=request.user, group_public_id=public_id, session_public_id=session_id
    )
    response = HttpResponse(sessions.session_calendar(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.public_id}.ics"'
    return response
