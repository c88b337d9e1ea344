"""Browsing groups; programme leads' themes, groups and facilitator appointments."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groups import access, selectors
from groups.access import Need
from groups.forms import (
    AgreementAcceptForm,
    AppointForm,
    GroupEditForm,
    GroupForm,
    JoinForm,
    MembershipPreferencesForm,
    ThemeEditForm,
    ThemeForm,
)
from groups.models import Membership, PeerGroup
from groups.services import editing
from groups.services import membership as services
from peersupport.accounts.access import require_second_factor
from peersupport.core.http import address_around, attempt, form_status, require_method


@login_required
def group_list(request):
    """Browse groups: mine first, then listed groups by theme; counts below 5 are not shown exactly."""
    require_method(request, "GET")
    query = request.GET.get("q", "").strip()[:80]
    mine, others = selectors.group_list(actor=request.user, query=query, page_number=request.GET.get("page"))
    context = {
        "mine": mine,
        "others": others,
        "query": query,
        "query_string": urlencode({"q": query}) if query else "",
        "can_lead": access.is_lead(actor=request.user),
    }
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
        "thread_link": address_around("groups:thread", group.public_id),
        "page": selectors.group_page(
            group_access=group_access,
            page_number=request.GET.get("page"),
            members_page=request.GET.get("members"),
        ),
    }
    if group_access.is_member:
        context["preferences_form"] = MembershipPreferencesForm(
            initial={"listed": membership.listed, "listen_only": membership.listen_only}
        )
        if group_access.agreement_pending:
            context["agreement_form"] = AgreementAcceptForm()
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


@login_required
def theme_edit(request, theme_id):
    """Programme leads: change a theme's name, description and whether it is sensitive."""
    theme = access.access_theme(actor=request.user, public_id=theme_id)
    require_second_factor(actor=request.user)
    initial = {"name": theme.name, "description": theme.description, "sensitive": theme.sensitive}
    form = ThemeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request, editing.theme_update, form=form, actor=request.user, theme=theme, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Theme saved."))
            return redirect("groups:theme_list")
    context = {"theme": theme, "form": form}
    return render(request, "groups/theme_edit.html", context, status=form_status(form))


@login_required
def group_edit(request, public_id):
    """Facilitators and programme leads: a group's name, description, agreement, who can join or find it,
    its theme and anonymous posting."""
    group_access = access.access_group_settings(actor=request.user, public_id=public_id)
    # Who can join or find the group, and its theme's privacy rules, decide who sees what is shared there.
    require_second_factor(actor=request.user)
    group = group_access.group
    form = GroupEditForm(request.POST or None, initial=selectors.group_form_initial(group=group))
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request, editing.group_update, form=form, actor=request.user, group=group,
            as_lead=group_access.is_lead, **form.cleaned_data,
        )  # fmt: skip
        if done.ok:
            if done.value.agreement_version != group.agreement_version:
                messages.success(request, _("Saved. Members are asked to read and accept the new agreement."))
            else:
                messages.success(request, _("Saved."))
            if group_access.is_facilitator:
                return redirect("groups:detail", public_id=public_id)
            return redirect("groups:edit", public_id=public_id)
    context = {"group": group, "group_access": group_access, "form": form}
    return render(request, "groups/group_edit.html", context, status=form_status(form))


@login_required
def agreement_accept(request, public_id):
    """A member accepts the group's changed agreement (POST), and can post again."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.MEMBER)
    require_method(request, "POST")
    form = AgreementAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please tick the box to say that you accept the agreement."))
        return redirect("groups:detail", public_id=public_id)
    if attempt(request, editing.agreement_accept, actor=request.user, group=group_access.group).ok:
        messages.success(request, _("Thank you for accepting the agreement. You can post again."))
    return redirect("groups:detail", public_id=public_id)
