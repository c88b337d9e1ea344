from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import access, selectors, services
from groups.forms import (
    AppointForm,
    GroupForm,
    InviteForm,
    JoinForm,
    MembershipPreferencesForm,
    RemoveForm,
    ThemeForm,
)
from groups.models import Membership, PeerGroup
from peersupport.core.exceptions import ApplicationError
from peersupport.core.markdown import render_markdown

MANAGE_PROGRAMME = access.MANAGE_PROGRAMME


def _require_lead(user) -> None:
    if not user.has_perm(MANAGE_PROGRAMME):
        raise Http404


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
            "can_lead": request.user.has_perm(MANAGE_PROGRAMME),
        },
    )


@login_required
def theme_list(request):
    """Programme leads: the themes, and a form to add one."""
    _require_lead(request.user)
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
    _require_lead(request.user)
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
        "is_lead": request.user.has_perm(MANAGE_PROGRAMME),
    }
    if group_access.is_member:
        context["members"] = selectors.member_list(group_access=group_access)
        context["member_count"] = selectors.active_member_count(group=group)
        context["preferences_form"] = MembershipPreferencesForm(
            initial={"listed": membership.listed, "listen_only": membership.listen_only}
        )
    elif _may_join(group, membership):
        context["join_form"] = JoinForm(submit_label=_join_label(group, membership))
    return render(request, "groups/group_detail.html", context)


def _may_join(group, membership) -> bool:
    if membership is not None and membership.status in (
        Membership.Status.REQUESTED,
        Membership.Status.REMOVED,
    ):
        return False
    invited = membership is not None and membership.status == Membership.Status.INVITED
    return group.join_policy != PeerGroup.JoinPolicy.INVITATION or invited


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
    invite_form = InviteForm(request.POST or None)
    if request.method == "POST" and invite_form.is_valid():
        for person in invite_form.cleaned_data["email"]:
            try:
                services.membership_invite(actor=request.user, group=group_access.group, user=person)
            except ApplicationError as error:
                invite_form.add_error("email", error.message)
        if not invite_form.errors:
            messages.success(request, _("Invitation sent."))
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
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for person in form.cleaned_data["email"]:
            services.facilitator_appoint(actor=request.user, group=group_access.group, user=person)
        messages.success(request, _("Facilitator appointed."))
        return redirect("groups:appoint", public_id=public_id)
    return render(
        request,
        "groups/facilitator_appoint.html",
        {
            "group": group_access.group,
            "form": form,
            "facilitators": selectors.facilitators_of(group=group_access.group),
        },
        status=400 if form.errors else 200,
    )
