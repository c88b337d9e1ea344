"""Joining, leaving and one's own choices in a group; facilitators letting people in and removing them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groups import access, selectors
from groups.access import Need
from groups.forms import InviteForm, JoinForm, MembershipPreferencesForm, RemoveForm
from groups.models import Membership
from groups.services import membership as services
from groups.views.groups import join_label
from peersupport.accounts.access import require_second_factor
from peersupport.core.http import attempt, form_status, require_method


@login_required
def group_join(request, public_id):
    """Join, ask to join or accept an invitation, with the agreement accepted (POST)."""
    group_access = access.access_group(actor=request.user, public_id=public_id)
    require_method(request, "POST")
    group = group_access.group
    form = JoinForm(request.POST, submit_label=join_label(group, group_access.membership))
    accepted = form.is_valid() and form.cleaned_data["accept_agreement"]
    done = attempt(
        request, services.membership_join, actor=request.user, group=group, accept_agreement=accepted
    )
    if done.ok and done.value.status == Membership.Status.REQUESTED:
        messages.success(request, _("Your request is with the facilitators. We'll let you know."))
    elif done.ok:
        messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
    return redirect("groups:detail", public_id=group.public_id)


@login_required
def group_leave(request, public_id):
    """Leave a group (confirmation first)."""
    group_access = access.access_group(actor=request.user, public_id=public_id)
    if request.method != "POST":
        return render(request, "groups/group_leave.html", {"group": group_access.group})
    if not attempt(request, services.membership_leave, actor=request.user, group=group_access.group).ok:
        return redirect("groups:detail", public_id=public_id)
    messages.success(request, _("You have left %(group)s.") % {"group": group_access.group.name})
    return redirect("groups:list")


@login_required
def membership_preferences(request, public_id):
    """A member's own choices in the group: listed or not, listen only (POST)."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.MEMBER)
    require_method(request, "POST")
    form = MembershipPreferencesForm(request.POST)
    if form.is_valid():
        services.membership_preferences(actor=request.user, group=group_access.group, **form.cleaned_data)
        messages.success(request, _("Saved."))
    return redirect("groups:detail", public_id=public_id)


@login_required
def group_manage(request, public_id):
    """Facilitators: requests to join waiting, invite people, remove a member."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.FACILITATE)
    require_second_factor(actor=request.user)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group, emails = group_access.group, form.cleaned_data["email"]
        services.membership_invite_by_email(actor=request.user, group=group, emails=emails)
        messages.success(
            request,
            _(
                "Done. Colleagues with an account here who are not in the group yet will find the "
                "invitation in their notifications. To protect everyone's privacy, this page never says "
                "which addresses have an account; people appear under Members once they accept."
            ),
        )
        return redirect("groups:manage", public_id=public_id)
    context = {
        "group": group_access.group,
        "pending": selectors.pending_memberships(
            group_access=group_access, page_number=request.GET.get("requests")
        ),
        "members": selectors.member_page(group_access=group_access, page_number=request.GET.get("members")),
        "invite_form": form,
    }
    return render(request, "groups/group_manage.html", context, status=form_status(form))


@login_required
def request_decide(request, public_id, membership_id):
    """Facilitators: let someone in, or not (POST)."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.FACILITATE)
    membership = access.access_membership(group_access=group_access, public_id=membership_id)
    require_method(request, "POST")
    require_second_factor(actor=request.user)
    approve = request.POST.get("decision") == "approve"
    attempt(
        request,
        services.membership_request_decide,
        actor=request.user,
        membership=membership,
        approve=approve,
    )
    return redirect("groups:manage", public_id=public_id)


@login_required
def member_remove(request, public_id, membership_id):
    """Facilitators: remove a member, with a reason they will read."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.FACILITATE)
    membership = access.access_membership(group_access=group_access, public_id=membership_id)
    require_second_factor(actor=request.user)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = attempt(
            request,
            services.membership_remove,
            form=form,
            actor=request.user,
            membership=membership,
            reason=reason,
        )
        if done.ok:
            messages.success(request, _("%(name)s has been removed.") % {"name": membership.user})
            return redirect("groups:manage", public_id=public_id)
    context = {"group": group_access.group, "membership": membership, "form": form}
    return render(request, "groups/member_remove.html", context, status=form_status(form))
