"""The counts every group page shows, kept on their rows instead of counted on each request.

`PeerGroup.member_count` is the number of active memberships; `Thread.reply_count` the number of replies not
deleted by their author. The services that change either call these helpers inside their own transaction;
the F() update adds to what the database holds, so two changes at once both count.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from groups.models import Membership, PeerGroup, Post, Thread


def members_changed(*, group_id: int, by: int) -> None:
    """Someone became an active member (+1) or stopped being one (-1); called inside the change's
    transaction."""
    if by:
        PeerGroup.objects.filter(pk=group_id).update(member_count=F("member_count") + by)


def replies_changed(*, thread_id: int, by: int) -> None:
    """A reply was written (+1) or deleted by its author (-1); called inside the change's transaction."""
    if by:
        Thread.objects.filter(pk=thread_id).update(reply_count=F("reply_count") + by)


def live_replies_by_thread(posts) -> dict[int, int]:
    """How many of these replies are not deleted yet, per thread: what a bulk deletion takes off."""
    return dict(
        posts.filter(deleted_at__isnull=True)
        .order_by()
        .values_list("thread_id")
        .annotate(n=Count("id"))
        .values_list("thread_id", "n")
    )


def _count_of(queryset):
    return Coalesce(Subquery(queryset.values("n"), output_field=IntegerField()), 0)


def counts_refresh() -> None:
    """Count every kept number again from the rows (after bulk loading, e.g. the benchmark's data). Safe to
    run at any time; the services keep the numbers right afterwards."""
    members = (
        Membership.objects.filter(group=OuterRef("pk"), status=Membership.Status.ACTIVE)
        .order_by()
        .values("group")
        .annotate(n=Count("id"))
    )
    PeerGroup.objects.update(member_count=_count_of(members))
    replies = (
        Post.objects.filter(Q(thread=OuterRef("pk")), deleted_at__isnull=True)
        .order_by()
        .values("thread")
        .annotate(n=Count("id"))
    )
    Thread.objects.update(reply_count=_count_of(replies))
