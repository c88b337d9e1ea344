"""All reads of the groups app, narrowed to what the acting person may see, with what each page needs
precomputed (templates decide nothing about rights)."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Field,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import (
    EditRecord,
    FacilitatorAppointment,
    GroupSession,
    Membership,
    PeerGroup,
    Post,
    Pseudonym,
    Reaction,
    ReadMarker,
    Report,
    RiskFlag,
    SessionNote,
    SessionRSVP,
    Theme,
    Thread,
    UnmaskRequest,
)
from peersupport.core.disclosure import FLOOR
from peersupport.core.markdown import render_markdown
from peersupport.core.permissions import APPROVE_UNMASKING, RESPOND_TO_RISK, codename
from peersupport.core.pillars import FACILITATOR, name_badges_for
from peersupport.core.selectors import crisis_resource_list

COUNT_FLOOR = 5
REPLIES_PER_PAGE = 20
THREADS_PER_PAGE = 20
GROUPS_PER_PAGE = 24
MEMBERS_PER_PAGE = 50
REQUESTS_PER_PAGE = 25
UPCOMING_SESSIONS_SHOWN = 10
ATTENDEES_PER_PAGE = 50
NOTES_PER_PAGE = 20


def group_topic(group) -> str:
    """The notification topic of everything about one group (withdrawn when a person leaves it)."""
    return f"groups.group:{group.public_id}"


# --- Groups and members ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCard:
    group: PeerGroup
    membership_status: str | None
    member_count: int

    @property
    def count_label(self) -> str:
        if self.member_count < COUNT_FLOOR:
            return _("fewer than 5 members")
        return _("%(count)d members") % {"count": self.member_count}


def _matching(groups: QuerySet[PeerGroup], query: str) -> QuerySet[PeerGroup]:
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(theme__name__icontains=query))
    return groups.select_related("theme").order_by("theme__name", "name", "pk")


def group_list(*, actor, query: str = "", page_number=None) -> tuple[list[GroupCard], object]:
    """(my groups, one page of the other listed groups) for browsing; a private group shows only to its own
    people. Member counts are the ones kept on each group."""
    mine = dict(
        Membership.objects.filter(
            user=actor,
            status__in=[Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.INVITED],
        ).values_list("group_id", "status")
    )
    my_cards = [
        GroupCard(group, mine[group.pk], group.member_count)
        for group in _matching(PeerGroup.objects.filter(pk__in=list(mine)), query)
    ]
    others = _matching(
        PeerGroup.objects.filter(visibility=PeerGroup.Visibility.LISTED).exclude(pk__in=list(mine)), query
    )
    page = Paginator(others, GROUPS_PER_PAGE).get_page(page_number)
    page.object_list = [GroupCard(group, None, group.member_count) for group in page]
    return my_cards, page


def member_list(*, group_access) -> QuerySet[Membership]:
    """Who the actor may see in the member list: facilitators see everyone; members see facilitators, those
    who chose to be listed, and themselves. Nobody outside the group gets here (access checks membership).
    Facilitators first, then by name; callers show one page of it."""
    members = (
        Membership.objects.filter(group=group_access.group, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("role", "user__display_name", "user_id")  # "facilitator" sorts before "member"
    )
    if group_access.is_facilitator:
        return members
    return members.filter(
        Q(listed=True) | Q(role=Membership.Role.FACILITATOR) | Q(user_id=group_access.membership.user_id)
    )


class _FacilitatorsThenMembers:
    """A member list (member_list) in its order, for the Paginator to count and slice: the few facilitators,
    then one slice of everyone else. Read as two queries rather than one ORDER BY role, name: with the role
    fixed, PostgreSQL walks the index of people by name until it has a page of the group's members, where
    the single query joined and sorted every member of a group (15 ms for 7,000 members)."""

    def __init__(self, visible: QuerySet[Membership], count: int | None = None):
        self.visible = visible
        self._count = count
        self._facilitators = None

    def count(self) -> int:
        return self.visible.count() if self._count is None else self._count

    def __getitem__(self, window: slice) -> list[Membership]:
        if self._facilitators is None:
            self._facilitators = list(self.visible.filter(role=Membership.Role.FACILITATOR))
        first = len(self._facilitators)
        start, stop = window.start or 0, window.stop
        rows = self._facilitators[start:stop]
        if stop > first:
            others = self.visible.filter(role=Membership.Role.MEMBER)
            rows += list(others[max(start - first, 0) : stop - first])
        return rows


def member_page(*, group_access, page_number=None):
    """One page of the member list the actor may see (member_list), with how many there are in all."""
    # A facilitator sees every active member: as many as the group keeps count of, so nothing is counted.
    count = group_access.group.member_count if group_access.is_facilitator else None
    members = _FacilitatorsThenMembers(member_list(group_access=group_access), count=count)
    return Paginator(members, MEMBERS_PER_PAGE).get_page(page_number)


def active_member_count(*, group: PeerGroup) -> int:
    """How many people are in a group now; shown to its own members. Kept on the group by the membership
    services (groups/services/counts.py), never counted per request."""
    return group.member_count


def pending_memberships(*, group_access, page_number=None):
    """One page of the requests to join waiting, oldest first, for the group's facilitators. Invitations
    not yet accepted are not listed: listing them would tell a facilitator which addresses have an
    account."""
    waiting = (
        Membership.objects.filter(group=group_access.group, status=Membership.Status.REQUESTED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    return Paginator(waiting, REQUESTS_PER_PAGE).get_page(page_number)


def facilitators_of(*, group: PeerGroup) -> QuerySet[Membership]:
    """The group's active facilitators (for notices and the appointment page)."""
    return Membership.objects.filter(
        group=group, status=Membership.Status.ACTIVE, role=Membership.Role.FACILITATOR
    ).select_related("user")


def announced_facilitators(*, group):
    """Facilitators appointed but not started yet: members see who, and from when."""
    return FacilitatorAppointment.objects.filter(
        group=group, started_at__isnull=True, withdrawn_at__isnull=True
    ).select_related("user")


def theme_list() -> QuerySet[Theme]:
    """All themes; their names are public to every employee."""
    return Theme.objects.annotate(group_count=Count("groups")).order_by("name")


@dataclass
class GroupPage:
    """What a group's page shows to the actor; member-only parts stay empty for anyone else."""

    agreement_html: str
    members: object = None
    member_count: int = 0
    announced: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    threads: object = None


def group_page(*, group_access, page_number, members_page=None) -> GroupPage:
    """A group's page: its agreement for everyone who may see it; members (one page of them), sessions and
    conversations (one page) for its members only."""
    group = group_access.group
    page = GroupPage(agreement_html=render_markdown(group.agreement))
    if group_access.is_member:
        page.members = member_page(group_access=group_access, page_number=members_page)
        badges = name_badges_for(m.user_id for m in page.members)
        for membership in page.members:
            membership.badges = badges.get(membership.user_id, [])
        page.member_count = active_member_count(group=group)
        page.announced = list(announced_facilitators(group=group))
        page.sessions = list(upcoming_sessions(group=group)[:UPCOMING_SESSIONS_SHOWN])
        page.threads = Paginator(thread_list(group_access=group_access), THREADS_PER_PAGE).get_page(
            page_number
        )
        page.threads.object_list = list(page.threads.object_list)  # read here, not in the template
    return page


# --- Conversations ---------------------------------------------------------------------------------------


def thread_list(*, group_access):
    """The group's conversations, newest activity first, with unread flags for the actor (reply counts are
    kept on each thread)."""
    actor_id = group_access.membership.user_id
    read_after = ReadMarker.objects.filter(
        thread=OuterRef("pk"), user_id=actor_id, read_at__gte=OuterRef("last_activity_at")
    )
    return (
        Thread.objects.filter(group=group_access.group)
        .select_related("author")
        .annotate(is_read=Exists(read_after))
        .order_by("-last_activity_at", "-id")
    )


def _reactions(on: Q, *, actor) -> tuple[dict, set]:
    """Reaction counts per thread or reply matched by `on`, and which of them the actor pressed, in one
    query: ({("thread", id) or ("post", id): {kind: count}}, {(thread_id, post_id, kind) the actor pressed}).
    Never who else reacted."""
    counts: dict[tuple, dict[str, int]] = {}
    mine = set()
    rows = (
        Reaction.objects.filter(on)
        .values_list("thread_id", "post_id", "kind")
        .annotate(n=Count("id"), pressed=Count("id", filter=Q(user_id=actor.pk)))
        .order_by()
    )
    for thread_id, post_id, kind, number, pressed in rows:
        key = ("thread", thread_id) if post_id is None else ("post", post_id)
        counts.setdefault(key, {})[kind] = number
        if pressed:
            mine.add((thread_id, post_id, kind))
    return counts, mine


def reaction_labels() -> list[tuple[str, str]]:
    """Each reaction's kind and its label in the active language, translated once for a page of bars."""
    return [(kind, str(label)) for kind, label in Reaction.Kind.choices]


def reaction_bar(counts: dict, mine: set, *, thread_id=None, post_id=None, labels=None) -> list[dict]:
    """The reaction buttons for one thread or reply: label, count and whether the person pressed it."""
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0), "on": (thread_id, post_id, kind) in mine}
        for kind, label in (labels or reaction_labels())
    ]


@dataclass(frozen=True)
class ItemView:
    """A thread or reply as the actor sees it, with what they may do to it decided here."""

    item: Thread | Post
    html: str
    bar: list
    can_edit: bool
    can_delete: bool
    can_report: bool
    kind_label: str = ""  # a reply's kind (Post.ReplyType) in words; "" for a thread


def _item_view(item, *, actor, bar, now, kind_label="") -> ItemView:
    own = item.author_id == actor.pk and item.deleted_at is None
    return ItemView(
        item=item,
        html="" if item.is_withdrawn else render_markdown(item.body),
        bar=bar,
        can_edit=own and now < item.editable_until,
        can_delete=own,
        can_report=item.author_id != actor.pk and item.deleted_at is None and item.removed_at is None,
        kind_label=kind_label,
    )


def anonymity_is_guessable(*, member_count: int) -> bool:
    """In a group smaller than the disclosure floor, the others may guess who wrote an anonymous post."""
    return member_count < FLOOR


@dataclass(frozen=True)
class Voice:
    """How the person has written in a thread so far: their fixed pseudonym there, if any, and whether they
    have also replied under their name."""

    pseudonym: str | None
    named_before: bool


def my_voice(*, actor, thread) -> Voice:
    label = Pseudonym.objects.filter(thread=thread, user_id=actor.pk).values_list("label", flat=True).first()
    named = label is not None and (
        (thread.author_id == actor.pk and not thread.pseudonym)
        or Post.objects.filter(thread=thread, author_id=actor.pk, pseudonym="").exists()
    )
    return Voice(pseudonym=label, named_before=named)


@dataclass(frozen=True)
class ReplyWindow:
    """One page of a thread's replies, read by key: the links to the pages around it carry the reply they
    start after or end before, so a deep page of a long thread costs what the first one does."""

    posts: list
    earlier: str = ""  # query string of the page before, or "" on the first page
    later: str = ""  # query string of the page after, or "" on the last page

    @property
    def has_other_pages(self) -> bool:
        return bool(self.earlier or self.later)


class _Row(Func):
    """A row value, `(a, b)`, for comparing two columns at once."""

    template = "(%(expressions)s)"
    output_field = Field()


def _beyond(model, anchor: tuple, *, later: bool):
    """Rows after (or before) `anchor` in (created_at, id) order, as one row-value comparison: PostgreSQL
    reads it straight from a (…, created_at, id) index, however deep in a long list the anchor is. The
    equivalent `created_at > x OR (created_at = x AND id > y)` is planned from column statistics that guess
    a few dozen replies per thread, so for a long thread PostgreSQL joined and sorted every later reply."""
    fields = [model._meta.get_field(name) for name in ("created_at", "id")]
    row = _Row(*(F(field.name) for field in fields))
    value = _Row(*(Value(part, output_field=field) for part, field in zip(anchor, fields, strict=True)))
    return GreaterThan(row, value) if later else LessThan(row, value)


def reply_window(*, thread, after: str = "", before: str = "", page: str = "") -> ReplyWindow:
    """The replies the actor asked for: after a reply (?after=<public id>), before one (?before=…), the
    latest (?page=last), a numbered page (?page=N, which links written before keyset pages use; still
    right, since replies never leave their place) or, by default, the first page."""
    replies = Post.objects.filter(thread=thread).select_related("author")
    size = REPLIES_PER_PAGE
    anchor_id = after or before
    anchor = (
        Post.objects.filter(thread=thread, public_id=anchor_id).values_list("created_at", "id").first()
        if anchor_id
        else None
    )
    if anchor is not None and after:
        later = replies.filter(_beyond(Post, anchor, later=True))
        rows = list(later.order_by("created_at", "id")[: size + 1])
        posts, more_later, more_earlier = rows[:size], len(rows) > size, True
    elif anchor is not None or page == "last":
        newest = replies
        if anchor is not None:
            newest = replies.filter(_beyond(Post, anchor, later=False))
        rows = list(newest.order_by("-created_at", "-id")[: size + 1])
        posts, more_earlier, more_later = rows[:size][::-1], len(rows) > size, anchor is not None
    else:
        number = int(page) if page.isdigit() and int(page) > 0 else 1
        offset = (number - 1) * size
        rows = list(replies.order_by("created_at", "id")[offset : offset + size + 1])
        if not rows and offset:
            return reply_window(thread=thread, page="last")  # past the end: the latest replies
        posts, more_later, more_earlier = rows[:size], len(rows) > size, offset > 0
    if not posts:
        return ReplyWindow(posts=[])
    return ReplyWindow(
        posts=posts,
        earlier=f"before={posts[0].public_id}" if more_earlier else "",
        later=f"after={posts[-1].public_id}" if more_later else "",
    )


@dataclass(frozen=True)
class ThreadPage:
    thread: ItemView
    window: ReplyWindow
    posts: list[ItemView]
    member_count: int
    listen_only: bool
    agreement_pending: bool = False

    @property
    def anonymity_is_guessable(self) -> bool:
        return anonymity_is_guessable(member_count=self.member_count)


def thread_page(
    *, actor, group_access, thread, after: str = "", before: str = "", page: str = ""
) -> ThreadPage:
    """One page of a thread's replies (reply_window) with reaction counts — never a list of who reacted —
    and what the actor (the member behind `group_access`) may do with each item."""
    window = reply_window(thread=thread, after=after, before=before, page=page)
    posts = window.posts
    counts, mine = _reactions(Q(thread=thread) | Q(post__in=posts), actor=actor)
    now = timezone.now()
    labels = reaction_labels()
    kinds = {kind: str(label) for kind, label in Post.ReplyType.choices}  # translated once per page
    return ThreadPage(
        thread=_item_view(
            thread,
            actor=actor,
            bar=reaction_bar(counts.get(("thread", thread.pk), {}), mine, thread_id=thread.pk, labels=labels),
            now=now,
        ),
        window=window,
        posts=[
            _item_view(
                post,
                actor=actor,
                bar=reaction_bar(counts.get(("post", post.pk), {}), mine, post_id=post.pk, labels=labels),
                now=now,
                kind_label=kinds.get(post.reply_type, post.reply_type),
            )
            for post in posts
        ],
        member_count=active_member_count(group=group_access.group),
        listen_only=group_access.membership.listen_only,
        agreement_pending=group_access.agreement_pending,
    )


def reactions_for(*, actor, thread, post=None) -> list[dict]:
    """The reaction bar for the thread itself or one reply: counts, and which the actor pressed; never who
    else did."""
    if post is not None:
        counts, mine = _reactions(Q(post=post), actor=actor)
        return reaction_bar(counts.get(("post", post.pk), {}), mine, post_id=post.pk)
    counts, mine = _reactions(Q(thread=thread), actor=actor)
    return reaction_bar(counts.get(("thread", thread.pk), {}), mine, thread_id=thread.pk)


# --- Moderation and safeguarding -------------------------------------------------------------------------


QUEUE_PER_PAGE = 20


def facilitated_groups(*, actor) -> QuerySet[PeerGroup]:
    """The groups the person facilitates now."""
    return PeerGroup.objects.filter(
        memberships__user_id=actor.pk,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.FACILITATOR,
    )


def standings(*, actor) -> set[str]:
    """For other pillars (through core.pillars.standings_of): "facilitator" when the person runs a group."""
    return {FACILITATOR} if facilitated_groups(actor=actor).exists() else set()


def _open_risk(field_name):
    return RiskFlag.objects.filter(**{field_name: OuterRef("pk")}, handled_at__isnull=True)


def _flagged(field_name, groups):
    """Items of these groups needing a facilitator: an open report, hidden, or an open risk flag. Found
    from the few open reports and open risk flags of the groups (both keep their group) and the few hidden
    items (partial indexes), never by looking at every reply of the groups: one subquery, whatever the
    size of the groups."""
    model = Thread if field_name == "thread" else Post
    in_groups = {"group__in": groups} if field_name == "thread" else {"thread__group__in": groups}
    about = {f"{field_name}__isnull": False}
    reported = Report.objects.filter(resolved_at__isnull=True, group__in=groups, **about)
    at_risk = RiskFlag.objects.filter(handled_at__isnull=True, group__in=groups, **about)
    hidden = model.objects.filter(hidden_at__isnull=False, **in_groups)
    return Q(
        pk__in=reported.values(f"{field_name}_id")
        .order_by()
        .union(
            at_risk.values(f"{field_name}_id").order_by(),
            hidden.values("pk").order_by(),
        )
    )


def _queue_items(model, ids: list, *related: str) -> list:
    """One page's threads or replies for the moderation queue; no query when the page has none of them."""
    return list(model.objects.filter(pk__in=ids).select_related(*related)) if ids else []


def moderation_queue(*, actor, groups, page_number=None):
    """What facilitators should look at across the given groups: items at risk first, then reported and
    hidden ones, oldest first; with reasons counted and reporters' notes (never who reported), and earlier
    versions of edited text. Only one page of items is loaded and rendered."""
    groups = list(groups)
    group_of = {group.pk: group for group in groups}
    keys = [
        (not at_risk, created_at, "thread", pk)
        for pk, created_at, at_risk in Thread.objects.filter(
            _flagged("thread", groups), group__in=groups, removed_at__isnull=True
        )
        .annotate(at_risk=Exists(_open_risk("thread")))
        .values_list("pk", "created_at", "at_risk")
    ] + [
        (not at_risk, created_at, "post", pk)
        for pk, created_at, at_risk in Post.objects.filter(
            _flagged("post", groups), thread__group__in=groups, removed_at__isnull=True
        )
        .annotate(at_risk=Exists(_open_risk("post")))
        .values_list("pk", "created_at", "at_risk")
    ]
    page = Paginator(sorted(keys), QUEUE_PER_PAGE).get_page(page_number)
    thread_ids = [pk for *_, kind, pk in page if kind == "thread"]
    post_ids = [pk for *_, kind, pk in page if kind == "post"]
    loaded = {("thread", t.pk): t for t in _queue_items(Thread, thread_ids, "author")} | {
        ("post", p.pk): p for p in _queue_items(Post, post_ids, "author", "thread")
    }
    targets = Q(thread__in=thread_ids) | Q(post__in=post_ids)
    reasons: dict[tuple, dict[str, int]] = {}
    notes: dict[tuple, list[str]] = {}
    labels = {reason: str(label) for reason, label in Report.Reason.choices}  # translated once per page
    for thread_id, post_id, reason, note in (
        Report.objects.filter(targets, resolved_at__isnull=True)
        .order_by("created_at", "id")
        .values_list("thread_id", "post_id", "reason", "note")
    ):
        key = ("thread", thread_id) if post_id is None else ("post", post_id)
        counts = reasons.setdefault(key, {})
        counts[labels.get(reason, reason)] = counts.get(labels.get(reason, reason), 0) + 1
        if note.strip():
            notes.setdefault(key, []).append(note)
    edits: dict[tuple, list] = {}
    for record in EditRecord.objects.filter(targets).order_by("edited_at"):
        key = ("thread", record.thread_id) if record.post_id is None else ("post", record.post_id)
        edits.setdefault(key, []).append(record)
    risks = {
        (("thread", f.thread_id) if f.post_id is None else ("post", f.post_id)): f
        for f in RiskFlag.objects.filter(targets, handled_at__isnull=True)
    }

    # Break-glass requests about these items that the actor may see (their own, as a facilitator): the
    # queue links to the request instead of offering to ask again.
    unmasks = {}
    visible = (
        _visible_unmask_requests(actor=actor)
        .filter(targets)
        .exclude(status=UnmaskRequest.Status.DECLINED)
        .only("public_id", "status", "thread_id", "post_id")
    )
    for request in visible.order_by("requested_at", "id"):
        unmasks[("thread", request.thread_id) if request.post_id is None else ("post", request.post_id)] = (
            request
        )

    def entry(key):
        item = loaded[key]
        return {
            "item": item,
            "group": group_of[item.group_id if key[0] == "thread" else item.thread.group_id],
            "html": render_markdown(item.body),
            "reasons": list(reasons.get(key, {}).items()),
            "notes": notes.get(key, []),
            "edits": edits.get(key, []),
            "risk": risks.get(key),
            "unmask": unmasks.get(key),
            "is_thread": key[0] == "thread",
        }

    page.object_list = [entry((kind, pk)) for *_, kind, pk in page if (kind, pk) in loaded]
    return page


def waiting_for_facilitator(*, groups: list[PeerGroup]) -> list[dict]:
    """For a facilitator's home page, per group they run: items waiting in the moderation queue (at risk
    among them) and requests to join; only groups where something waits."""
    counts = {g.pk: {"group": g, "items": 0, "at_risk": 0, "requests": 0} for g in groups}
    for group_id, at_risk in (
        Thread.objects.filter(_flagged("thread", groups), group__in=groups, removed_at__isnull=True)
        .annotate(at_risk=Exists(_open_risk("thread")))
        .values_list("group_id", "at_risk")
        .order_by()
        .union(
            Post.objects.filter(_flagged("post", groups), thread__group__in=groups, removed_at__isnull=True)
            .annotate(at_risk=Exists(_open_risk("post")))
            .values_list("thread__group_id", "at_risk")
            .order_by(),
            all=True,
        )
    ):
        counts[group_id]["items"] += 1
        counts[group_id]["at_risk"] += at_risk
    for group_id, number in (
        Membership.objects.filter(group__in=groups, status=Membership.Status.REQUESTED)
        .values_list("group_id")
        .annotate(n=Count("id"))
    ):
        counts[group_id]["requests"] = number
    for row in counts.values():
        row["others"] = row["items"] - row["at_risk"]  # reported or hidden, not at risk
    return [row for row in counts.values() if row["items"] or row["requests"]]


def holders_of(permission: str):
    """Everyone active who holds a permission, through a role or directly."""
    name = codename(permission)
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__codename=name) | Q(user_permissions__codename=name), is_active=True
        )
        .distinct()
    )


def safeguarding_leads():
    """Who decides break-glass requests (programme leads and safeguarding leads)."""
    return holders_of(APPROVE_UNMASKING)


def risk_responders():
    """Who is alerted, with the group's facilitators, when someone may be at risk: the safeguarding role."""
    return holders_of(RESPOND_TO_RISK)


def risk_flag_with_item(queryset):
    return queryset.select_related("group", "thread__author", "post__author", "post__thread", "handled_by")


def item_link(item) -> str:
    """Where a thread or reply sits in its conversation, for the group's members: the page that starts with
    the reply (after the one before it), by key, so the link stays right and cheap however long the
    thread grows. (Links made earlier say ?page=N, which thread pages still read.)"""
    if isinstance(item, Thread):
        return reverse("groups:thread", args=[item.group.public_id, item.public_id])
    thread = item.thread
    previous = (
        Post.objects.filter(thread_id=item.thread_id)
        .filter(_beyond(Post, (item.created_at, item.id), later=False))
        .order_by("-created_at", "-id")
        .values_list("public_id", flat=True)
        .first()
    )
    where = f"?after={previous}" if previous else ""
    return (
        reverse("groups:thread", args=[thread.group.public_id, thread.public_id])
        + f"{where}#post-{item.public_id}"
    )


def item_preview(item) -> str:
    """A thread's or reply's words, rendered, for the page that reports it; nothing once withdrawn."""
    return "" if item.is_withdrawn else render_markdown(item.body)


def conversation_title(thread) -> str:
    """A thread's title for moderation pages; gone with the thread once its author deleted it or a
    facilitator removed it."""
    return str(_("A conversation")) if thread.deleted_at or thread.removed_at else thread.title


@dataclass(frozen=True)
class RiskPage:
    """A risk flag as a facilitator or a safeguarding lead sees it: the words, where they were written and
    what to do next. A safeguarding lead outside the group never sees who wrote them."""

    flag: RiskFlag
    item: Thread | Post
    thread: Thread
    thread_title: str
    html: str
    byline: str
    opening_html: str
    link: str
    is_facilitator: bool
    crisis_resources: list
    pending_unmask: UnmaskRequest | None = None


def risk_page(*, flag, is_facilitator: bool) -> RiskPage:
    """`is_facilitator` comes from access: the group's facilitators see the byline and act; a safeguarding
    lead outside the group reads the words only."""
    item = flag.item
    thread = item if isinstance(item, Thread) else item.thread
    if is_facilitator or item.pseudonym:
        byline = item.byline
    else:
        byline = _("A member, under their name (the group's facilitators know who)")
    shown = item.deleted_at is None and item.removed_at is None
    return RiskPage(
        flag=flag,
        item=item,
        thread=thread,
        thread_title=conversation_title(thread),
        html=render_markdown(item.body) if shown else "",
        byline=byline,
        opening_html=""
        if item is thread or thread.is_withdrawn
        else render_markdown(thread.body[:600] + ("…" if len(thread.body) > 600 else "")),
        link=item_link(item) if is_facilitator else "",
        is_facilitator=is_facilitator,
        crisis_resources=crisis_resource_list(),
        pending_unmask=UnmaskRequest.objects.filter(
            thread_id=flag.thread_id, post_id=flag.post_id, status=UnmaskRequest.Status.PENDING
        ).first()
        if is_facilitator and item.pseudonym
        else None,
    )


def _visible_unmask_requests(*, actor):
    """The break-glass requests the actor may see (unmask_request_list), without what only their pages
    need: the moderation queue asks for a few fields of a handful of them."""
    requests = UnmaskRequest.objects.all()
    if actor.is_authenticated and actor.has_perm(APPROVE_UNMASKING):
        return requests
    facilitates = Membership.objects.filter(
        user_id=actor.pk,
        group_id=OuterRef("group_of_item"),
        role=Membership.Role.FACILITATOR,
        status=Membership.Status.ACTIVE,
    )
    return (
        requests.filter(requested_by_id=actor.pk)
        .annotate(group_of_item=Coalesce("thread__group_id", "post__thread__group_id"))
        .filter(Exists(facilitates))
    )


def unmask_request_list(*, actor):
    """Break-glass requests the actor may see: every request for safeguarding leads; for a facilitator,
    those they made, and only while they still facilitate the group (someone who left learns nothing more).
    """
    return (
        _visible_unmask_requests(actor=actor)
        .select_related("thread__group", "post__thread__group")
        .annotate(approvals=Count("decisions", filter=Q(decisions__approve=True)))
        .order_by("-requested_at", "-id")
    )


def unmask_subject(*, request) -> dict:
    """What a break-glass request is about, for those who decide it: the words and where they were
    written, under their pseudonym — never who wrote them — and the risk flag if one is open."""
    item = request.thread or request.post
    thread = request.thread or request.post.thread
    shown = item.deleted_at is None and item.removed_at is None
    flag = RiskFlag.objects.filter(
        thread_id=request.thread_id, post_id=request.post_id, handled_at__isnull=True
    ).first()
    return {
        "item": item,
        "thread_title": conversation_title(thread),
        "is_thread": request.thread_id is not None,
        "html": render_markdown(item.body) if shown else "",
        "risk": flag,
    }


def decisions_waiting_for(*, actor) -> int:
    """Break-glass requests still pending that the person did not make and has not decided."""
    return (
        UnmaskRequest.objects.filter(status=UnmaskRequest.Status.PENDING)
        .exclude(requested_by_id=actor.pk)
        .exclude(decisions__approver_id=actor.pk)
        .count()
    )


def open_risk_flags():
    """Risk flags no facilitator has marked handled yet, oldest first, with their group."""
    return (
        RiskFlag.objects.filter(handled_at__isnull=True).select_related("group").order_by("raised_at", "id")
    )


def unmask_decisions(*, request) -> list:
    """The decisions taken so far on a break-glass request (approve or decline, reason, when); never names,
    so that nobody learns which colleague decided."""
    return list(request.decisions.order_by("decided_at", "id"))


# --- Sessions --------------------------------------------------------------------------------------------


def _going():
    """How many are going to a session, as a subquery: PostgreSQL counts it only for the sessions a page
    shows, where a join and GROUP BY counted every answer to every session still to come first."""
    going = SessionRSVP.objects.filter(session=OuterRef("pk"), answer=SessionRSVP.Answer.GOING)
    counted = going.order_by().values("session").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def upcoming_sessions(*, group):
    """The group's sessions still to come, soonest first, with how many are going."""
    return (
        GroupSession.objects.filter(group=group, ends_at__gte=timezone.now(), cancelled_at__isnull=True)
        .annotate(going=_going())
        .order_by("starts_at")
    )


def session_overview(*, group_access, session, attendees_page=None, notes_page=None) -> dict:
    """What a session page shows: counts for everyone (counted in the database, not by loading answers);
    names (one page of them), notes (one page) and attendance for facilitators only."""
    answers = SessionRSVP.objects.filter(session=session)
    counts = answers.aggregate(
        going=Count("id", filter=Q(answer=SessionRSVP.Answer.GOING)),
        waiting=Count("id", filter=Q(answer=SessionRSVP.Answer.WAITLISTED)),
    )
    mine = answers.filter(user_id=group_access.membership.user_id).first()
    position = None
    if mine is not None and mine.answer == SessionRSVP.Answer.WAITLISTED:
        ahead = answers.filter(answer=SessionRSVP.Answer.WAITLISTED).filter(
            Q(answered_at__lt=mine.answered_at) | Q(answered_at=mine.answered_at, id__lt=mine.id)
        )
        position = ahead.count() + 1
    overview = {**counts, "mine": mine, "waitlist_position": position}
    if group_access.is_facilitator:
        going = (
            answers.filter(answer=SessionRSVP.Answer.GOING)
            .select_related("user")
            .order_by("answered_at", "id")
        )
        overview["attendees"] = Paginator(going, ATTENDEES_PER_PAGE).get_page(attendees_page)
        notes = (
            SessionNote.objects.filter(session=session).select_related("author").order_by("created_at", "id")
        )
        overview["notes"] = Paginator(notes, NOTES_PER_PAGE).get_page(notes_page)
        for page in (overview["attendees"], overview["notes"]):
            page.object_list = list(page.object_list)  # read here, not in the template
    return overview


def session_form_initial(*, session) -> dict:
    """A session's details as its form shows them, times in the group's timezone."""
    tz = zoneinfo.ZoneInfo(session.group.timezone)
    return {
        "title": session.title,
        "description": session.description,
        "mode": session.mode,
        "location": session.location,
        "accessibility_notes": session.accessibility_notes,
        "video_link": session.video_link,
        "capacity": session.capacity,
        "starts_at": timezone.localtime(session.starts_at, tz).replace(tzinfo=None),
        "ends_at": timezone.localtime(session.ends_at, tz).replace(tzinfo=None),
    }


def group_form_initial(*, group) -> dict:
    """A group's details as its edit form shows them."""
    fields = ("name", "description", "agreement", "join_policy", "visibility", "allow_anonymous")
    return {**{name: getattr(group, name) for name in fields}, "theme": group.theme_id}


def session_ics(*, session) -> bytes:
    """An .ics file for one session: when and where, never who is coming."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Peer Support Programme//Sessions//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{session.public_id}@peersupport")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"{session.group.name}: {session.title}")
    event.add(
        "location", session.location if session.mode == GroupSession.Mode.IN_PERSON else session.video_link
    )
    link = settings.SITE_URL + reverse("groups:session", args=[session.group.public_id, session.public_id])
    details = "\n\n".join(part for part in (session.description, session.accessibility_notes, link) if part)
    event.add("description", details)
    if session.cancelled_at:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def my_upcoming_sessions(*, actor, days: int = 7):
    """Sessions in the coming week that the person is going to, for the home page."""
    now = timezone.now()
    return (
        GroupSession.objects.filter(
            rsvps__user=actor,
            rsvps__answer=SessionRSVP.Answer.GOING,
            cancelled_at__isnull=True,
            ends_at__gte=now,
            starts_at__lte=now + timedelta(days=days),
            group__memberships__user=actor,
            group__memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("group")
        .order_by("starts_at")
    )


def next_session_in(*, groups: list[PeerGroup]):
    """The soonest session still to come in these groups (the ones a person runs), with how many are
    going."""
    return (
        GroupSession.objects.filter(group__in=groups, ends_at__gte=timezone.now(), cancelled_at__isnull=True)
        .select_related("group")
        .annotate(going=_going())
        .order_by("starts_at")
        .first()
    )


def belongs_anywhere(*, actor) -> bool:
    """Whether the person is in a group, or has asked or been invited to join one."""
    return Membership.objects.filter(
        user_id=actor.pk,
        status__in=[Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.INVITED],
    ).exists()


def theme_names(*, limit: int) -> list[str]:
    """A few themes that listed groups are about, to show what there is."""
    return list(
        Theme.objects.filter(groups__visibility=PeerGroup.Visibility.LISTED)
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")[:limit]
    )
