"""Writes for conversations: threads, replies, anonymity, edits, reactions and read markers."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import (
    EDIT_WINDOW,
    EditRecord,
    Membership,
    PeerGroup,
    Post,
    Pseudonym,
    Reaction,
    ReadMarker,
    RiskFlag,
    Thread,
)
from groups.services import moderation
from groups.services.counts import live_replies_by_thread, replies_changed
from peersupport.core.exceptions import ApplicationError
from peersupport.core.risk import suggests_risk


class DiscussionError(ApplicationError):
    pass


def _pseudonym_for(*, thread: Thread, user) -> str:
    """The person's fixed label in this thread ("Member A", "Member B", …), assigned on first use.

    Labels are never reused: rows of people who erased their account stay (without the person), so the
    count of rows is the next letter. The caller holds a lock on the thread row, so two first posts cannot
    take the same letter.
    """
    existing = Pseudonym.objects.filter(thread=thread, user=user).values_list("label", flat=True).first()
    if existing:
        return existing
    taken = Pseudonym.objects.filter(thread=thread).count()
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    suffix = letters[taken] if taken < len(letters) else str(taken + 1)
    label = _("Member %(letter)s") % {"letter": suffix}
    Pseudonym.objects.create(thread=thread, user=user, label=label)
    return label


def _require_current_agreement(*, actor, group: PeerGroup) -> None:
    """Members who have not accepted a changed agreement read along, but post only once they accept it."""
    if group.agreement_pending_for(Membership.objects.filter(group=group, user=actor).first()):
        raise DiscussionError(
            _(
                "The group agreement has changed. Please read it and accept it on the group's page, and "
                "then post: what you wrote is kept here."
            )
        )


@transaction.atomic
def thread_create(
    *, actor, group: PeerGroup, title: str, body: str, anonymous: bool, open_to_suggestions: bool
) -> Thread:
    """Start a conversation; active members only (the view checks). Anonymity is fixed now, for good."""
    _require_current_agreement(actor=actor, group=group)
    if anonymous and not group.allow_anonymous:
        raise DiscussionError(_("This group does not allow anonymous posts."), field="anonymous")
    thread = Thread.objects.create(
        group=group,
        author=actor,
        title=title.strip(),
        body=body,
        open_to_suggestions=open_to_suggestions,
    )
    if anonymous:
        thread.pseudonym = _pseudonym_for(thread=thread, user=actor)
        thread.save(update_fields=["pseudonym"])
    if suggests_risk(f"{title}\n{body}"):
        moderation.raise_risk(item=thread, source=RiskFlag.Source.DETECTED)
    return thread


@transaction.atomic
def post_reply(*, actor, thread: Thread, body: str, reply_type: str, anonymous: bool) -> Post:
    """Reply in a thread; suggestions only where the author asked for them."""
    thread = Thread.objects.select_for_update().select_related("group").get(pk=thread.pk)
    if thread.deleted_at is not None:
        raise DiscussionError(_("This conversation was deleted by its author."))
    if thread.removed_at is not None or thread.hidden_at is not None:
        raise DiscussionError(_("This conversation is closed while the facilitators look after it."))
    _require_current_agreement(actor=actor, group=thread.group)
    if reply_type == Post.ReplyType.SUGGEST and not thread.open_to_suggestions:
        raise DiscussionError(
            _("The author asked for listening rather than suggestions. Try reflecting or sharing instead."),
            field="reply_type",
        )
    if anonymous and not thread.group.allow_anonymous:
        raise DiscussionError(_("This group does not allow anonymous posts."), field="anonymous")
    post = Post.objects.create(
        thread=thread,
        author=actor,
        body=body,
        reply_type=reply_type,
        pseudonym=_pseudonym_for(thread=thread, user=actor) if anonymous else "",
    )
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=post.created_at)
    replies_changed(thread_id=thread.pk, by=1)
    if suggests_risk(body):
        moderation.raise_risk(item=post, source=RiskFlag.Source.DETECTED)
    return post


def _check_editable(*, actor, item) -> None:
    if item.author_id != actor.pk:
        raise DiscussionError(_("Only the author can change this."))
    if item.deleted_at is not None:
        raise DiscussionError(_("This was deleted."))
    if timezone.now() - item.created_at > EDIT_WINDOW:
        raise DiscussionError(_("Posts can be edited for 15 minutes after writing them."))


@transaction.atomic
def item_edit(*, actor, item: Thread | Post, body: str) -> Thread | Post:
    """Change one's own thread or reply within 15 minutes; the earlier text is kept for moderators."""
    _check_editable(actor=actor, item=item)
    group = item.group if isinstance(item, Thread) else item.thread.group
    _require_current_agreement(actor=actor, group=group)
    EditRecord.objects.create(
        thread=item if isinstance(item, Thread) else None,
        post=item if isinstance(item, Post) else None,
        previous_body=item.body,
    )
    item.body = body
    item.edited_at = timezone.now()
    item.save(update_fields=["body", "edited_at"])
    if suggests_risk(body):
        moderation.raise_risk(item=item, source=RiskFlag.Source.DETECTED)
    return item


@transaction.atomic
def item_delete(*, actor, item: Thread | Post) -> Thread | Post:
    """Delete one's own words: the text and its earlier versions are gone; a marker says it was deleted."""
    if item.author_id != actor.pk:
        raise DiscussionError(_("Only the author can delete this."))
    if isinstance(item, Thread):
        EditRecord.objects.filter(thread=item).delete()
    else:
        EditRecord.objects.filter(post=item).delete()
    now = timezone.now()
    # Conditional, so that deleting twice (two tabs) takes the reply off its thread's count once.
    live = type(item).objects.filter(pk=item.pk, deleted_at__isnull=True)
    first_time = live.update(body="", deleted_at=now)
    if isinstance(item, Post) and first_time:
        replies_changed(thread_id=item.thread_id, by=-1)
    item.refresh_from_db(fields=["body", "deleted_at"])
    return item


@transaction.atomic
def reaction_toggle(*, actor, kind: str, thread: Thread | None = None, post: Post | None = None) -> bool:
    """Add a supportive reaction, or take it back; returns whether it is now on."""
    if kind not in Reaction.Kind.values:
        raise DiscussionError(_("Unknown reaction."))
    existing = Reaction.objects.filter(thread=thread, post=post, user=actor, kind=kind)
    if existing.exists():
        existing.delete()
        return False
    Reaction.objects.create(thread=thread, post=post, user=actor, kind=kind)
    return True


def thread_mark_read(*, actor, thread: Thread) -> None:
    """Remember that the person has read the thread up to now."""
    now = timezone.now()
    # Every visit after the first finds its marker: one UPDATE then, rather than update_or_create's
    # transaction, locking SELECT and UPDATE on each page of a thread.
    if not ReadMarker.objects.filter(thread=thread, user=actor).update(read_at=now):
        ReadMarker.objects.update_or_create(thread=thread, user=actor, defaults={"read_at": now})


def writing_erase_due(*, now=None) -> int:
    """Blank the anonymous words of erased authors whose random wait is over (see groups/sections.py).
    Beat runs it; safe to run twice."""
    now = now or timezone.now()
    count = 0
    for model, field in ((Thread, "thread"), (Post, "post")):
        due = list(model.objects.filter(erase_at__lte=now).values_list("pk", flat=True)[:1000])
        with transaction.atomic():
            # Locked and read again, so that two runs at once blank (and uncount) each reply once.
            locked = model.objects.select_for_update().filter(pk__in=due, erase_at__lte=now)
            rows = list(locked.values_list("pk", flat=True))
            if model is Post:
                for thread_id, number in live_replies_by_thread(Post.objects.filter(pk__in=rows)).items():
                    replies_changed(thread_id=thread_id, by=-number)
            EditRecord.objects.filter(**{f"{field}__in": rows}).delete()
            count += model.objects.filter(pk__in=rows).update(body="", deleted_at=now, erase_at=None)
    return count
