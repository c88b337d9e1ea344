from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.models import Membership, PeerGroup, Post, Thread, UnmaskRequest

MANAGE_PROGRAMME = "accounts.manage_programme"


@dataclass(frozen=True)
class GroupAccess:
    group: PeerGroup
    membership: Membership | None

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def is_facilitator(self) -> bool:
        return self.membership is not None and self.membership.is_facilitator


def access_group(*, actor, public_id: str, need: str = "view") -> GroupAccess:
    """Fetch a group and check what the actor may do with it.

    need="view": a listed group, or a private one the actor belongs to, is asked to join or is invited to;
    need="member": active members only (content); need="facilitate": the group's facilitators;
    need="lead": programme leads (settings and facilitators, never content).
    Anything outside the actor's world is a 404, never a 403 that would confirm it exists.
    """
    if not actor.is_authenticated:
        raise Http404
    group = PeerGroup.objects.select_related("theme").filter(public_id=public_id).first()
    # The same queries whether or not the group exists, so that a private group's real id cannot be told
    # from a made-up one by how long its 404 takes.
    membership = Membership.objects.filter(group_id=group.pk if group else 0, user=actor).first()
    is_lead = actor.has_perm(MANAGE_PROGRAMME)
    if group is None:
        raise Http404
    known = membership is not None and membership.status in (
        Membership.Status.ACTIVE,
        Membership.Status.REQUESTED,
        Membership.Status.INVITED,
    )
    if group.visibility == PeerGroup.Visibility.PRIVATE and not known and not (need == "lead" and is_lead):
        raise Http404
    access = GroupAccess(group, membership)
    if need == "member" and not access.is_member:
        raise Http404
    if need == "facilitate" and not access.is_facilitator:
        if access.is_member:
            raise PermissionDenied
        raise Http404
    if need == "lead" and not is_lead:
        raise Http404
    return access


def access_membership(*, actor, group_access: GroupAccess, public_id: str) -> Membership:
    """A membership in a group the actor facilitates."""
    if not group_access.is_facilitator:
        raise Http404
    membership = (
        Membership.objects.select_related("user", "group")
        .filter(public_id=public_id, group=group_access.group)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_thread(*, actor, group_public_id: str, thread_public_id: str) -> tuple[GroupAccess, Thread]:
    """A thread in a group the actor is an active member of; anyone else (HR, site admins, other groups'
    members, former members) gets a 404."""
    group_access = access_group(actor=actor, public_id=group_public_id, need="member")
    thread = (
        Thread.objects.select_related("author", "group")
        .filter(public_id=thread_public_id, group=group_access.group)
        .first()
    )
    if thread is None:
        raise Http404
    return group_access, thread


def access_post(*, actor, thread, post_public_id: str) -> Post:
    """A reply in a thread the actor may read."""
    post = Post.objects.select_related("author").filter(public_id=post_public_id, thread=thread).first()
    if post is None:
        raise Http404
    return post


def require_author(*, actor, item) -> None:
    """Only the author edits or deletes their words."""
    if item.author_id != actor.pk:
        raise PermissionDenied


def access_session(*, actor, group_public_id: str, session_public_id: str, need: str = "member"):
    """A session of a group the actor belongs to (need="facilitate" for its facilitators)."""
    from groups.models import GroupSession

    group_access = access_group(actor=actor, public_id=group_public_id, need=need)
    session = GroupSession.objects.filter(public_id=session_public_id, group=group_access.group).first()
    if session is None:
        raise Http404
    return group_access, session


def access_group_item(*, group_access: GroupAccess, thread_id: str, post_id: str):
    """A thread or reply of the group behind `group_access`, by public id; 404 otherwise."""
    if post_id:
        item = (
            Post.objects.select_related("thread__group", "author")
            .filter(public_id=post_id, thread__group=group_access.group)
            .first()
        )
    else:
        item = (
            Thread.objects.select_related("group", "author")
            .filter(public_id=thread_id, group=group_access.group)
            .first()
        )
    if item is None:
        raise Http404
    return item


def is_lead(*, actor) -> bool:
    """Programme leads manage themes, groups and facilitators (never content)."""
    return actor.is_authenticated and actor.has_perm(MANAGE_PROGRAMME)


def require_lead(*, actor) -> None:
    """Programme leads only; anyone else gets a 404."""
    if not is_lead(actor=actor):
        raise Http404


def may_join(*, group: PeerGroup, membership: Membership | None) -> bool:
    """Whether the join form is offered: not while a request waits, not after removal, and for
    invitation-only groups only with an invitation."""
    if membership is not None and membership.status in (
        Membership.Status.REQUESTED,
        Membership.Status.REMOVED,
    ):
        return False
    invited = membership is not None and membership.status == Membership.Status.INVITED
    return group.join_policy != PeerGroup.JoinPolicy.INVITATION or invited


APPROVE_UNMASKING = "accounts.approve_unmasking"


def access_unmask_requests(*, actor):
    """Break-glass requests the actor may see: safeguarding leads see all, facilitators their own;
    someone with neither gets a 404."""
    from groups.selectors import unmask_requests_for

    requests = unmask_requests_for(actor=actor)
    if not actor.has_perm(APPROVE_UNMASKING) and not requests.exists():
        raise Http404
    return requests


def access_unmask_request(*, actor, public_id: str):
    """One break-glass request, for its requester or a safeguarding lead; 404 for anyone else."""
    from groups.selectors import unmask_requests_for

    unmask = unmask_requests_for(actor=actor).filter(public_id=public_id).first()
    if unmask is None:
        raise Http404
    return unmask


def may_decide_unmask(*, actor, unmask) -> bool:
    """A pending request may be decided by a safeguarding lead who did not ask for it and has not decided
    it already (two different leads approve)."""
    return (
        actor.has_perm(APPROVE_UNMASKING)
        and actor.pk != unmask.requested_by_id
        and unmask.status == UnmaskRequest.Status.PENDING
        and not unmask.decisions.filter(approver=actor).exists()
    )


def unmask_identity(*, actor, request: UnmaskRequest):
    """The author behind an approved request, for its requester and its two approvers only; None for
    anyone else."""
    if request.status != UnmaskRequest.Status.APPROVED:
        return None
    approvers = set(request.decisions.filter(approve=True).values_list("approver_id", flat=True))
    if actor.pk != request.requested_by_id and actor.pk not in approvers:
        return None
    item = request.thread or request.post
    return item.author
