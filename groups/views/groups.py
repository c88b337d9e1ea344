"""Browsing groups; programme leads' themes, groups and facilitator appointments."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groups import access, selectors
from groups.access import Need
from groups.forms import AppointForm, GroupForm, JoinForm, MembershipPreferencesForm, ThemeForm
from groups.models import Membership, PeerGroup
from groups.services import membership as services
from peersupport.accounts.access import require_second_factor
from peersupport.core.http import attempt, form_status, require_method


@login_required
def group_list(request):
    """Browse groups: mine first, then listed groups by theme; counts below 5 are not shown exactly."""
    require_method(request, "GET")
    query = request.GET.get("q", "").strip()[:80]
    mine, others = selectors.group_list(actor=request.user, query=query)
    context = {"mine": mine, "others": others, "query": query, "can_lead": access.is_lead(actor=request.user)}
    return render(request, "groups/group_list.html", context)


@login_required
def theme_list(request):
    """Programme leads: the themes, and a form to add one."""
    access.require_lead(actor=request.user)
    require_second_factor(actor=request.user)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(request, services.theme_create, form=form, actor=request.user, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Theme added."))
            return redirect("groups:theme_list")
    context = {"themes": selectors.theme_list(), "form": form}
    return render(request, "groups/theme_list.html", context, status=form_status(form))


@login_required
def group_create(request):
    """Programme leads: create a group and appoint its facilitators."""
    access.require_lead(actor=request.user)
    require_second_factor(actor=request.user)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(request, services.group_create, form=form, actor=request.user, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("%(group)s is ready.") % {"group": done.value.name})
            return redirect("groups:detail", public_id=done.value.public_id)
    return render(request, "groups/group_create.html", {"form": form}, status=form_status(form))


@login_required
def appointment_withdraw(request, appointment_id):
    """The appointee declines an announced appointment, or a programme lead withdraws it (confirmation
    first)."""
    appointment = access.access_appointment(actor=request.user, public_id=appointment_id)
    if request.method != "POST":
        return render(request, "groups/appointment_withdraw.html", {"appointment": appointment})
    leading = access.withdraws_as_lead(actor=request.user, appointment=appointment)
    if leading:
        require_second_factor(actor=request.user)
    done = attempt(
        request, services.facilitator_appointment_withdraw, actor=request.user, appointment=appointment
    )
    if done.ok:
        messages.success(request, _("Withdrawn. The group's members have been told."))
    if leading:
        return redirect("groups:appoint", public_id=appointment.group.public_id)
    return redirect("groups:list")


def join_label(group: PeerGroup, membership) -> str:
    """The join button's words: accepting an invitation, asking, or joining."""
    if membership is not None and membership.status == Membership.Status.INVITED:
        return _("Accept the invitation")
    if group.join_policy == PeerGroup.JoinPolicy.REQUEST:
        return _("Ask to join")
    return _("Join the group")


@login_required
def group_detail(request, public_id):
    """A group's page: what it is, its agreement, and for members its people and conversations."""
    group_access = access.access_group(actor=request.user, public_id=public_id)
    require_method(request, "GET")
    group, membership = group_access.group, group_access.membership
    context = {
        "group": group,
        "membership": membership,
        "group_access": group_access,
        "page": selectors.group_page(group_access=group_access, page_number=request.GET.get("page")),
    }
    if group_access.is_member:
        context["preferences_form"] = MembershipPreferencesForm(
            initial={"listed": membership.listed, "listen_only": membership.listen_only}
        )
    elif access.may_join(group=group, membership=membership):
        context["join_form"] = JoinForm(submit_label=join_label(group, membership))
    return render(request, "groups/group_detail.html", context)


@login_required
def facilitator_appoint(request, public_id):
    """Programme leads: appoint facilitators (leads see a group's settings, never its content)."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.LEAD)
    require_second_factor(actor=request.user)
    group = group_access.group
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for person in form.cleaned_data["email"]:
            attempt(
                request, services.facilitator_appoint, form=form, actor=request.user, group=group, user=person
            )
        if not form.errors:
            messages.success(request, _("Appointed. The group's members are told who will facilitate."))
            return redirect("groups:appoint", public_id=public_id)
    context = {
        "group": group,
        "form": form,
        "facilitators": selectors.facilitators_of(group=group),
        "announced": selectors.announced_facilitators(group=group),
        "notice_hours": settings.FACILITATOR_NOTICE_HOURS,
    }
    return render(request, "groups/facilitator_appoint.html", context, status=form_status(form))
