"""Conversations: starting one, reading and replying (past the listening coach), editing, deleting,
reacting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from groups import access, selectors
from groups.access import Need
from groups.forms import EditForm, ReplyForm, ThreadForm
from groups.services import discussions
from peersupport.core import listening_coach
from peersupport.core.http import address_around, attempt, form_status, require_method
from peersupport.core.risk import suggests_risk
from peersupport.core.selectors import crisis_resource_list

SHOW_CRISIS_HELP = "show_crisis_help"


def _offer_help_if_at_risk(request, text: str) -> None:
    """Show the writer crisis resources straight away when their words suggest a risk to life."""
    if suggests_risk(text):
        request.session[SHOW_CRISIS_HELP] = True


@login_required
def thread_create(request, public_id):
    """Start a conversation in a group the person belongs to."""
    group_access = access.access_group(actor=request.user, public_id=public_id, need=Need.MEMBER)
    group = group_access.group
    form = ThreadForm(request.POST or None, allow_anonymous=group.allow_anonymous)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request, discussions.thread_create, form=form, actor=request.user, group=group,
            title=data["title"], body=data["body"], anonymous=data.get("anonymous", False),
            open_to_suggestions=data["open_to_suggestions"],
        )  # fmt: skip
        if done.ok:
            messages.success(request, _("Your conversation is started."), extra_tags="draft-saved")
            _offer_help_if_at_risk(request, f"{done.value.title}\n{done.value.body}")
            return redirect("groups:thread", public_id=public_id, thread_id=done.value.public_id)
    member_count = selectors.active_member_count(group=group)
    context = {
        "group": group,
        "form": form,
        "member_count": member_count,
        "anonymity_is_guessable": selectors.anonymity_is_guessable(member_count=member_count),
    }
    return render(request, "groups/thread_create.html", context, status=form_status(form))


def _reply(request, thread, form, voice):
    """Two things come back once before a reply is posted: the listening coach's hints on a reply it flags,
    and, for someone who wrote here anonymously, that this reply will carry their name. Returns (form,
    coach review, whether the name warning is shown, the posted reply or None)."""
    data = form.cleaned_data
    coach = listening_coach.review(data["body"])
    reveals = bool(voice.pseudonym) and not data.get("anonymous") and not voice.named_before
    ask_coach = coach.flagged and not data["confirmed"]
    ask_name = reveals and not data["name_confirmed"]
    if ask_coach or ask_name:
        again = {**request.POST.dict(), "confirmed": "on" if coach.flagged else "", "name_confirmed": "on"}
        confirmed = ReplyForm(again, thread=thread, pseudonym=voice.pseudonym)
        confirmed.is_valid()
        return confirmed, coach, ask_name, None
    data = form.cleaned_data
    done = attempt(
        request, discussions.post_reply, form=form, actor=request.user, thread=thread, body=data["body"],
        reply_type=data["reply_type"], anonymous=data.get("anonymous", False),
    )  # fmt: skip
    return form, None, False, done.value


def _reply_links(group, thread) -> dict[str, tuple[str, str]]:
    """Each reply's report, edit and delete addresses around its public id, reversed once per page."""
    return {
        action: address_around(f"groups:post_{action}", group.public_id, thread.public_id)
        for action in ("report", "edit", "delete")
    }


@login_required
def thread_detail(request, public_id, thread_id):
    """A conversation and its replies; replying goes past the listening coach first."""
    group_access, thread = access.access_thread(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id
    )
    voice = selectors.my_voice(actor=request.user, thread=thread)
    form, coach, name_warning = (
        ReplyForm(request.POST or None, thread=thread, pseudonym=voice.pseudonym),
        None,
        False,
    )
    if request.method == "POST" and form.is_valid():
        form, coach, name_warning, post = _reply(request, thread, form, voice)
        if post is not None:
            messages.success(request, _("Your reply is posted."), extra_tags="draft-saved")
            _offer_help_if_at_risk(request, post.body)
            where = f"?page=last#post-{post.public_id}"
            return redirect(reverse("groups:thread", args=[public_id, thread_id]) + where)
    # Reading records when the person last read the thread, for their own unread markers: a write on GET,
    # but only of the reader's own state, and the same however often it is repeated.
    discussions.thread_mark_read(actor=request.user, thread=thread)
    context = {
        "group": group_access.group,
        "view": selectors.thread_page(
            actor=request.user,
            group_access=group_access,
            thread=thread,
            after=request.GET.get("after", "")[:40],
            before=request.GET.get("before", "")[:40],
            page=request.GET.get("page", "")[:10],
        ),
        "reply_links": _reply_links(group_access.group, thread),
        "crisis_help": crisis_resource_list() if request.session.pop(SHOW_CRISIS_HELP, False) else None,
        "form": form,
        "coach": coach,
        "voice": voice,
        "name_warning": name_warning,
    }
    return render(request, "groups/thread_detail.html", context, status=form_status(form))


@login_required
def item_edit(request, public_id, thread_id, post_id=None):
    """Edit one's own words within 15 minutes."""
    _group_access, thread, item = access.access_own_item(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id, post_public_id=post_id
    )
    form = EditForm(request.POST or None, initial={"body": item.body})
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if attempt(request, discussions.item_edit, form=form, actor=request.user, item=item, body=body).ok:
            messages.success(request, _("Saved."))
            return redirect("groups:thread", public_id=public_id, thread_id=thread_id)
    context = {"thread": thread, "form": form, "item": item}
    return render(request, "groups/item_edit.html", context, status=form_status(form))


@login_required
def item_delete(request, public_id, thread_id, post_id=None):
    """Delete one's own words (confirmation first)."""
    _group_access, thread, item = access.access_own_item(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id, post_public_id=post_id
    )
    if request.method != "POST":
        return render(request, "groups/item_delete.html", {"thread": thread, "item": item})
    if attempt(request, discussions.item_delete, actor=request.user, item=item).ok:
        messages.success(request, _("Deleted."))
    return redirect("groups:thread", public_id=public_id, thread_id=thread_id)


@login_required
def react(request, public_id, thread_id):
    """Toggle a supportive reaction on the thread or one of its replies (POST); htmx gets the bar back."""
    post_id = request.POST.get("post", "")
    group_access, thread, item = access.access_item(
        actor=request.user, group_public_id=public_id, thread_public_id=thread_id, post_public_id=post_id
    )
    require_method(request, "POST")
    post = None if item is thread else item
    kind = request.POST.get("kind", "")
    attempt(
        request,
        discussions.reaction_toggle,
        actor=request.user,
        kind=kind,
        thread=None if post else thread,
        post=post,
    )
    if not request.htmx:
        return redirect("groups:thread", public_id=public_id, thread_id=thread_id)
    context = {
        "group": group_access.group,
        "thread": thread,
        "bar": selectors.reactions_for(actor=request.user, thread=thread, post=post),
        "post_id": post.public_id if post else "",
        "react_url": reverse("groups:react", args=[public_id, thread_id]),
    }
    return render(request, "groups/_reactions.html", context)
