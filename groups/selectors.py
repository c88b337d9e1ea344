from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from groups.models import Membership, PeerGroup, Theme

COUNT_FLOOR = 5


def group_topic(group) -> str:
    """The notification topic of everything about one group (withdrawn when a person leaves it)."""
    return f"groups.group:{group.public_id}"


@dataclass(frozen=True)
class GroupCard:
    group: PeerGroup
    membership_status: str | None
    member_count: int

    @property
    def count_label(self) -> str:
        from django.utils.translation import gettext as _

        if self.member_count < COUNT_FLOOR:
            return _("fewer than 5 members")
        return _("%(count)d members") % {"count": self.member_count}


def _with_counts(groups: QuerySet[PeerGroup]) -> QuerySet[PeerGroup]:
    return groups.select_related("theme").annotate(
        active_members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    )


def group_list(*, actor, query: str = "") -> tuple[list[GroupCard], list[GroupCard]]:
    """(my groups, other listed groups) for browsing; a private group shows only to its own people."""
    mine = dict(
        Membership.objects.filter(
            user=actor,
            status__in=[Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.INVITED],
        ).values_list("group_id", "status")
    )
    groups = _with_counts(
        PeerGroup.objects.filter(Q(visibility=PeerGroup.Visibility.LISTED) | Q(pk__in=list(mine)))
    ).order_by("theme__name", "name")
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(theme__name__icontains=query))
    cards = [GroupCard(group, mine.get(group.pk), group.active_members) for group in groups]
    return [c for c in cards if c.membership_status], [c for c in cards if not c.membership_status]


def member_list(*, group_access) -> list[Membership]:
    """Who the actor may see in the member list: facilitators see everyone; members see facilitators, those
    who chose to be listed, and themselves. Nobody outside the group gets here (access checks membership)."""
    members = (
        Membership.objects.filter(group=group_access.group, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("-role", "user__display_name")
    )
    if group_access.is_facilitator:
        return list(members)
    return [
        m
        for m in members
        if m.listed or m.role == Membership.Role.FACILITATOR or m.user_id == group_access.membership.user_id
    ]


def active_member_count(*, group: PeerGroup) -> int:
    """How many people are in a group now; shown to its own members."""
    return Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).count()


def pending_memberships(*, group_access) -> list[Membership]:
    """Requests to join waiting, for the group's facilitators. Invitations not yet accepted are not listed:
    listing them would tell a facilitator which addresses have an account."""
    return list(
        Membership.objects.filter(group=group_access.group, status=Membership.Status.REQUESTED)
        .select_related("user")
        .order_by("created_at")
    )


def facilitators_of(*, group: PeerGroup) -> QuerySet[Membership]:
    return Membership.objects.filter(
        group=group, status=Membership.Status.ACTIVE, role=Membership.Role.FACILITATOR
    ).select_related("user")


def theme_list() -> QuerySet[Theme]:
    """All themes; their names are public to every employee."""
    return Theme.objects.annotate(group_count=Count("groups")).order_by("name")


def thread_list(*, group_access):
    """The group's conversations, newest activity first, with reply counts and unread flags for the actor."""
    from django.db.models import Count, Exists, OuterRef, Q

    from groups.models import ReadMarker, Thread

    actor_id = group_access.membership.user_id
    read_after = ReadMarker.objects.filter(
        thread=OuterRef("pk"), user_id=actor_id, read_at__gte=OuterRef("last_activity_at")
    )
    return (
        Thread.objects.filter(group=group_access.group)
        .select_related("author")
        .annotate(
            reply_count=Count("posts", filter=Q(posts__deleted_at__isnull=True)),
            is_read=Exists(read_after),
        )
        .order_by("-last_activity_at", "-id")
    )


def _reaction_counts(items, field: str) -> dict[int, dict[str, int]]:
    from groups.models import Reaction

    counts: dict[int, dict[str, int]] = {}
    rows = (
        Reaction.objects.filter(**{f"{field}__in": items}).values_list(field, "kind").annotate(n=Count("id"))
    )
    for item_id, kind, number in rows:
        counts.setdefault(item_id, {})[kind] = number
    return counts


def thread_page(*, group_access, thread, page_number):
    """A thread's replies (paginated) with reaction counts; never a list of who reacted."""
    from django.core.paginator import Paginator

    from groups.models import Post, Reaction

    page = Paginator(Post.objects.filter(thread=thread).select_related("author"), REPLIES_PER_PAGE).get_page(
        page_number
    )
    posts = list(page)
    post_counts = _reaction_counts(posts, "post")
    thread_counts = _reaction_counts([thread], "thread").get(thread.pk, {})
    mine = set(
        Reaction.objects.filter(user_id=group_access.membership.user_id)
        .filter(Q(thread=thread) | Q(post__in=posts))
        .values_list("thread_id", "post_id", "kind")
    )
    return page, posts, post_counts, thread_counts, mine


REPLIES_PER_PAGE = 20


def thread_last_page(*, thread) -> int:
    """The page number of a thread's newest reply."""
    from groups.models import Post

    return max(1, (Post.objects.filter(thread=thread).count() - 1) // REPLIES_PER_PAGE + 1)


def reactions_for(*, actor, thread, post=None) -> tuple[dict[str, int], set]:
    """Counts for the thread itself or one reply, and which of them the actor pressed; never who else did."""
    from groups.models import Reaction

    field, item = ("post", post) if post is not None else ("thread", thread)
    counts = _reaction_counts([item], field).get(item.pk, {})
    mine = set(
        Reaction.objects.filter(user=actor, **{field: item}).values_list("thread_id", "post_id", "kind")
    )
    return counts, mine


def moderation_queue(*, group_access):
    """What the group's facilitators should look at: items with open reports, and hidden ones, with reasons
    counted (never who reported) and earlier versions of edited text."""
    from django.db.models import Exists, OuterRef

    from groups.models import EditRecord, Post, Report, Thread

    def flagged(field):
        open_reports = Report.objects.filter(**{field: OuterRef("pk")}, resolved_at__isnull=True)
        return Q(Exists(open_reports)) | Q(hidden_at__isnull=False)

    threads = list(
        Thread.objects.filter(flagged("thread"), group=group_access.group, removed_at__isnull=True)
    )
    posts = list(
        Post.objects.filter(
            flagged("post"), thread__group=group_access.group, removed_at__isnull=True
        ).select_related("thread")
    )
    reasons: dict[tuple, dict[str, int]] = {}
    open_reports = Report.objects.filter(resolved_at__isnull=True).filter(
        Q(thread__in=threads) | Q(post__in=posts)
    )
    for thread_id, post_id, reason in open_reports.values_list("thread_id", "post_id", "reason"):
        counts = reasons.setdefault((thread_id, post_id), {})
        counts[reason] = counts.get(reason, 0) + 1
    edits: dict[tuple, list] = {}
    for record in EditRecord.objects.filter(Q(thread__in=threads) | Q(post__in=posts)).order_by("edited_at"):
        edits.setdefault((record.thread_id, record.post_id), []).append(record)
    items = [(t, reasons.get((t.pk, None), {}), edits.get((t.pk, None), [])) for t in threads]
    items += [(p, reasons.get((None, p.pk), {}), edits.get((None, p.pk), [])) for p in posts]
    return sorted(items, key=lambda entry: entry[0].created_at)


def unmask_requests_for(*, actor):
    """Break-glass requests the actor may see: their own, and (for safeguarding leads) every request."""
    from groups.models import UnmaskRequest

    requests = UnmaskRequest.objects.select_related("thread__group", "post__thread__group")
    from groups.access import APPROVE_UNMASKING

    if actor.has_perm(APPROVE_UNMASKING):
        return requests
    return requests.filter(requested_by=actor)


def upcoming_sessions(*, group):
    """The group's sessions still to come, soonest first, with how many are going."""
    from django.utils import timezone

    from groups.models import GroupSession, SessionRSVP

    return (
        GroupSession.objects.filter(group=group, ends_at__gte=timezone.now(), cancelled_at__isnull=True)
        .annotate(going=Count("rsvps", filter=Q(rsvps__answer=SessionRSVP.Answer.GOING)))
        .order_by("starts_at")
    )


def session_overview(*, group_access, session) -> dict:
    """What a session page shows: counts for everyone; names, notes and attendance for facilitators only."""
    from groups.models import SessionNote, SessionRSVP

    rsvps = list(
        SessionRSVP.objects.filter(session=session).select_related("user").order_by("answered_at", "id")
    )
    mine = next((r for r in rsvps if r.user_id == group_access.membership.user_id), None)
    waiting = [r for r in rsvps if r.answer == SessionRSVP.Answer.WAITLISTED]
    overview = {
        "going": sum(r.answer == SessionRSVP.Answer.GOING for r in rsvps),
        "waiting": len(waiting),
        "mine": mine,
        "waitlist_position": waiting.index(mine) + 1 if mine in waiting else None,
    }
    if group_access.is_facilitator:
        overview["attendees"] = [r for r in rsvps if r.answer == SessionRSVP.Answer.GOING]
        overview["notes"] = list(SessionNote.objects.filter(session=session).select_related("author"))
    return overview


def my_upcoming_sessions(*, actor, days: int = 7):
    """Sessions in the coming week that the person is going to, for the home page."""
    from datetime import timedelta

    from django.utils import timezone

    from groups.models import GroupSession, SessionRSVP

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


def announced_facilitators(*, group):
    """Facilitators appointed but not started yet: members see who, and from when."""
    from groups.models import FacilitatorAppointment

    return FacilitatorAppointment.objects.filter(group=group, started_at__isnull=True).select_related("user")


def unmask_decisions(*, request) -> list:
    """The decisions taken so far on a break-glass request (approve or decline, reason, when); never names,
    so that nobody learns which colleague decided."""
    return list(request.decisions.order_by("decided_at", "id"))
