"""Reports, the moderation queue and its actions, and break-glass requests and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from groups import access, selectors
from groups.access import Need
from groups.forms import (
    CheckInForm,
    ModerateForm,
    ReportForm,
    RiskHandledForm,
    UnmaskDecisionForm,
    UnmaskForm,
)
from groups.models import Report
from groups.services import moderation
from peersupport.accounts.access import require_second_factor
from peersupport.core.http import attempt, form_status, require_method


@login_required
def report_item(request, public_id, thread_id, post_id=None):
    """Report a thread or reply to the group's facilitators; the reporter stays unknown."""
    group_access, thread, item = access.access_item(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id, post_public_id=post_id
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(request, moderation.report_create, actor=request.user, item=item, **form.cleaned_data).ok:
            messages.success(
                request, _("Thank you. The facilitators will look at it; nobody will know it was you.")
            )
            if form.cleaned_data["reason"] == Report.Reason.AT_RISK:
                messages.info(
                    request, _("If someone is in immediate danger, call the emergency services now.")
                )
        return redirect("groups:thread", public_id=public_id, thread_id=thread_id)
    context = {
        "group": group_access.group,
        "thread": thread,
        "item": item,
        "item_html": selectors.item_preview(item),
        "form": form,
    }
    return render(request, "groups/report.html", context, status=form_status(form))


def _with_group_links(page):
    """Each queue entry's moderate and unmask addresses, reversed once per group rather than per item."""
    links = {}
    for entry in page.object_list:
        group = entry["group"]
        if group.pk not in links:
            links[group.pk] = (
                reverse("groups:moderate", args=[group.public_id]),
                reverse("groups:unmask", args=[group.public_id]),
            )
        entry["moderate_url"], entry["unmask_url"] = links[group.pk]
    return page


@login_required
def moderation_queue(request, public_id):
    """Facilitators: one group's items at risk, reported and hidden, with reasons and reporters' notes
    (never reporters) and earlier versions."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.FACILITATE)
    require_method(request, "GET")
    page = _with_group_links(
        selectors.moderation_queue(
            actor=request.user, groups=[group_access.group], page_number=request.GET.get("page")
        )
    )
    return render(request, "groups/moderation_queue.html", {"group": group_access.group, "page": page})


@login_required
def moderation_all(request):
    """Facilitators: one queue across every group they facilitate."""
    groups = access.require_facilitated_groups(actor=request.user)
    require_method(request, "GET")
    page = _with_group_links(
        selectors.moderation_queue(actor=request.user, groups=groups, page_number=request.GET.get("page"))
    )
    return render(request, "groups/moderation_queue.html", {"group": None, "page": page})


@login_required
def moderate(request, public_id):
    """Facilitators: hide, restore, remove, or dismiss the reports about, a thread or reply, with a reason
    (POST). Back to the queue it was sent from."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.FACILITATE)
    require_method(request, "POST")
    form = ModerateForm(request.POST)
    back = (
        redirect("groups:moderation_all")
        if request.POST.get("back") == "all"
        else redirect("groups:moderation", public_id=public_id)
    )
    if not form.is_valid():
        messages.error(request, _("Please give a reason and choose what to do."))
        return back
    data = form.cleaned_data
    item = access.access_group_item(group_access=group_access, thread_id=data["thread"], post_id=data["post"])
    done = attempt(
        request,
        moderation.moderate,
        actor=request.user,
        item=item,
        action=data["action"],
        reason=data["reason"],
    )
    if done.ok:
        messages.success(
            request,
            _("Reports dismissed; the post stays.")
            if data["action"] == "dismiss"
            else _("Done. The author has been told."),
        )
    return back


@login_required
def unmask_create(request, public_id):
    """Facilitators: ask, with a reason, who wrote an anonymous item (POST); safeguarding leads decide."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.FACILITATE)
    require_method(request, "POST")
    require_second_factor(actor=request.user)
    form = UnmaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please explain why this is needed."))
        return redirect("groups:moderation", public_id=public_id)
    data = form.cleaned_data
    item = access.access_group_item(group_access=group_access, thread_id=data["thread"], post_id=data["post"])
    done = attempt(request, moderation.unmask_request, actor=request.user, item=item, reason=data["reason"])
    if not done.ok:
        return redirect("groups:moderation", public_id=public_id)
    messages.success(request, _("Your request is with the safeguarding leads."))
    return redirect("groups:safeguarding_detail", request_id=done.value.public_id)


@login_required
def safeguarding_list(request):
    """Break-glass requests: safeguarding leads see all; facilitators see their own."""
    access.access_unmask_requests(actor=request.user)
    require_method(request, "GET")
    require_second_factor(actor=request.user)
    requests = Paginator(selectors.unmask_request_list(actor=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "groups/safeguarding_list.html", {"requests": requests})


@login_required
def safeguarding_detail(request, request_id):
    """One break-glass request: the reason, the decisions, and after two approvals the name, for the
    requester and the two approvers only."""
    unmask = access.access_unmask_request(actor=request.user, public_id=request_id)
    require_second_factor(actor=request.user)
    can_decide = access.may_decide_unmask(actor=request.user, unmask=unmask)
    if request.method == "POST" and not can_decide:
        raise PermissionDenied  # the requester, a lead who already decided, or a request already decided
    form = UnmaskDecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST" and form.is_valid():
        approve, reason = form.cleaned_data["decision"] == "approve", form.cleaned_data["reason"]
        done = attempt(
            request, moderation.unmask_decide, form=form, actor=request.user, request=unmask, approve=approve,
            reason=reason,
        )  # fmt: skip
        if done.ok:
            messages.success(request, _("Your decision is recorded."))
            return redirect("groups:safeguarding_detail", request_id=request_id)
    item = unmask.thread or unmask.post
    context = {
        "unmask": unmask,
        "subject": selectors.unmask_subject(request=unmask),
        "group": item.group if unmask.thread else item.thread.group,
        "identity": access.unmask_identity(actor=request.user, request=unmask),
        "decisions": selectors.unmask_decisions(request=unmask),
        "approvals_needed": moderation.APPROVALS_NEEDED,
        "form": form,
    }
    return render(request, "groups/safeguarding_detail.html", context, status=form_status(form))


def _risk_forms(flag, *, handled=None, check_in=None):
    handled = handled or RiskHandledForm()
    check_in = check_in or CheckInForm()
    handled.helper.form_action = reverse("groups:risk_handled", args=[flag.public_id])
    check_in.helper.form_action = reverse("groups:risk_check_in", args=[flag.public_id])
    return {"handled_form": handled, "check_in_form": check_in}


def _risk_page(request, flag, status=200, **forms):
    view = selectors.risk_page(
        flag=flag, is_facilitator=access.facilitates(actor=request.user, group=flag.group)
    )
    context = {
        "view": view,
        "group": flag.group,
        **(_risk_forms(flag, **forms) if view.is_facilitator else {}),
    }
    return render(request, "groups/risk_detail.html", context, status=status)


@login_required
def risk_detail(request, flag_id):
    """Where a risk alert leads: the flagged words in their conversation, the crisis contacts, and what to
    do next; for the group's facilitators and the safeguarding leads."""
    flag = access.access_risk_flag(actor=request.user, public_id=flag_id)
    require_method(request, "GET")
    if not access.facilitates(actor=request.user, group=flag.group):
        require_second_factor(actor=request.user)  # a safeguarding lead reading a group they are not in
    return _risk_page(request, flag)


def _risk_action(request, flag_id, *, form_class, service, slot: str, done_message: str):
    """A facilitator's write on a risk flag (POST): the form's fields go to the service; refused input
    comes back on the risk page, in the form it was typed into."""
    flag = access.access_risk_flag(actor=request.user, public_id=flag_id)
    access.require_facilitator_of_flag(actor=request.user, flag=flag)
    require_method(request, "POST")
    form = form_class(request.POST)
    if form.is_valid():
        done = attempt(request, service, form=form, actor=request.user, flag=flag, **form.cleaned_data)
        if done.ok:
            messages.success(request, done_message)
            return redirect("groups:risk", flag_id=flag_id)
    return _risk_page(request, flag, status=form_status(form), **{slot: form})


@login_required
def risk_handled(request, flag_id):
    """Facilitators: record what was done about a risk flag, which then leaves the queue (POST)."""
    return _risk_action(
        request, flag_id, form_class=RiskHandledForm, service=moderation.risk_handle, slot="handled",
        done_message=_("Marked as handled. Thank you for looking after them."),
    )  # fmt: skip


@login_required
def risk_check_in(request, flag_id):
    """Facilitators: write privately to whoever wrote the flagged words, without learning who (POST)."""
    return _risk_action(
        request, flag_id, form_class=CheckInForm, service=moderation.risk_check_in, slot="check_in",
        done_message=_("Sent. They will see it with your name; you will not learn who they are."),
    )  # fmt: skip
