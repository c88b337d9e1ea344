"""Single-object checks for the groups app: fetch and decide in one step.

Anything outside the actor's world is a 404, never a 403 that would confirm it exists; a visible object
without the right is a 403. Permission names come from `peersupport.core.permissions`.
"""

import enum
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import FilteredRelation, Q
from django.http import Http404

from groups import selectors
from groups.models import (
    FacilitatorAppointment,
    GroupSession,
    Membership,
    PeerGroup,
    Post,
    RiskFlag,
    Theme,
    Thread,
    UnmaskRequest,
)
from peersupport.core.permissions import APPROVE_UNMASKING, MANAGE_PROGRAMME, RESPOND_TO_RISK


class Need(enum.Enum):
    """What the actor needs to do with a group."""

    VIEW = "view"  # see that it exists: listed, or private and the actor belongs, asked or was invited
    MEMBER = "member"  # read and write its conversations: active members only
    FACILITATE = "facilitate"  # run it: its facilitators
    LEAD = "lead"  # its settings and facilitators (never its content): programme leads


@dataclass(frozen=True)
class GroupAccess:
    group: PeerGroup
    membership: Membership | None
    is_lead: bool = False

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def is_facilitator(self) -> bool:
        return self.membership is not None and self.membership.is_facilitator

    @property
    def may_edit(self) -> bool:
        """Its facilitators and programme leads change the group's details."""
        return self.is_facilitator or self.is_lead

    @property
    def agreement_pending(self) -> bool:
        """A member who has yet to accept the group's changed agreement (they read, but post after)."""
        return self.is_member and self.group.agreement_pending_for(self.membership)


_KNOWN = (Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.INVITED)


def access_group(*, actor, public_id: str, need: Need = Need.VIEW) -> GroupAccess:
    """Fetch a group and check that the actor may do what `need` says; 404 outside their world, 403 for a
    member without the right. An unknown `need` raises rather than granting anything."""
    if not isinstance(need, Need):
        raise TypeError(f"need must be a groups.access.Need, not {need!r}")
    if not actor.is_authenticated:
        raise Http404
    # The group and the actor's membership of it (at most one: one_membership_per_person) in one query,
    # the same whether or not the group exists, so that a private group's real id cannot be told from a
    # made-up one by how long its 404 takes.
    group = (
        PeerGroup.objects.annotate(
            actor_membership=FilteredRelation("memberships", condition=Q(memberships__user=actor))
        )
        .select_related("theme", "actor_membership")
        .filter(public_id=public_id)
        .first()
    )
    membership = getattr(group, "actor_membership", None)  # not set when the actor has no membership
    is_lead = actor.has_perm(MANAGE_PROGRAMME)
    if group is None:
        raise Http404
    known = membership is not None and membership.status in _KNOWN
    if group.visibility == PeerGroup.Visibility.PRIVATE and not known and not (need is Need.LEAD and is_lead):
        raise Http404
    access = GroupAccess(group, membership, is_lead)
    if need is Need.MEMBER and not access.is_member:
        raise Http404
    if need is Need.FACILITATE and not access.is_facilitator:
        if access.is_member:
            raise PermissionDenied
        raise Http404
    if need is Need.LEAD and not is_lead:
        raise Http404
    return access


def access_group_settings(*, actor, public_id: str) -> GroupAccess:
    """A group whose details the actor may change: programme leads (any group, as for appointing) and the
    group's own facilitators; a member without the right gets a 403, anyone else a 404."""
    need = Need.LEAD if is_lead(actor=actor) else Need.FACILITATE
    return access_group(actor=actor, public_id=public_id, need=need)


def access_theme(*, actor, public_id: str) -> Theme:
    """A theme to change, for programme leads; anyone else gets a 404."""
    require_lead(actor=actor)
    theme = Theme.objects.filter(public_id=public_id).first()
    if theme is None:
        raise Http404
    return theme


def access_membership(*, group_access: GroupAccess, public_id: str) -> Membership:
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
    group_access = access_group(actor=actor, public_id=group_public_id, need=Need.MEMBER)
    thread = (
        Thread.objects.select_related("author", "group")
        .filter(public_id=thread_public_id, group=group_access.group)
        .first()
    )
    if thread is None:
        raise Http404
    return group_access, thread


def access_post(*, thread: Thread, post_public_id: str) -> Post:
    """A reply in a thread the actor may read (access_thread came first)."""
    post = Post.objects.select_related("author").filter(public_id=post_public_id, thread=thread).first()
    if post is None:
        raise Http404
    return post


def access_item(*, actor, group_public_id: str, thread_public_id: str, post_public_id: str | None):
    """The thread, or one of its replies, that a member is looking at: (group access, thread, item)."""
    group_access, thread = access_thread(
        actor=actor, group_public_id=group_public_id, thread_public_id=thread_public_id
    )
    item = access_post(thread=thread, post_public_id=post_public_id) if post_public_id else thread
    return group_access, thread, item


def access_own_item(*, actor, group_public_id: str, thread_public_id: str, post_public_id: str | None):
    """The actor's own thread or reply, to edit or delete; someone else's is a 403."""
    group_access, thread, item = access_item(
        actor=actor,
        group_public_id=group_public_id,
        thread_public_id=thread_public_id,
        post_public_id=post_public_id,
    )
    if item.author_id != actor.pk:
        raise PermissionDenied
    return group_access, thread, item


def access_session(*, actor, group_public_id: str, session_public_id: str, need: Need = Need.MEMBER):
    """A session of a group the actor belongs to (Need.FACILITATE for its facilitators)."""
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


def access_appointment(*, actor, public_id: str) -> FacilitatorAppointment:
    """An announced appointment, for its appointee (to decline it) or a programme lead (to withdraw it);
    anyone else gets a 404."""
    appointment = (
        FacilitatorAppointment.objects.select_related("group", "user")
        .filter(public_id=public_id, started_at__isnull=True, withdrawn_at__isnull=True)
        .first()
    )
    if appointment is None or not (appointment.user_id == actor.pk or is_lead(actor=actor)):
        raise Http404
    return appointment


def withdraws_as_lead(*, actor, appointment: FacilitatorAppointment) -> bool:
    """A programme lead withdrawing someone else's appointment (a privileged act), not an appointee
    declining their own."""
    return appointment.user_id != actor.pk and is_lead(actor=actor)


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


def may_decide_any_unmask(*, actor) -> bool:
    """Safeguarding leads (anyone holding the permission) decide break-glass requests."""
    return actor.is_authenticated and actor.has_perm(APPROVE_UNMASKING)


def access_unmask_requests(*, actor) -> None:
    """The break-glass list is for safeguarding leads and for facilitators who have asked; 404 otherwise."""
    if not may_decide_any_unmask(actor=actor) and not selectors.unmask_request_list(actor=actor).exists():
        raise Http404


def access_unmask_request(*, actor, public_id: str) -> UnmaskRequest:
    """One break-glass request, for its requester or a safeguarding lead; 404 for anyone else."""
    unmask = selectors.unmask_request_list(actor=actor).filter(public_id=public_id).first()
    if unmask is None:
        raise Http404
    return unmask


def may_decide_unmask(*, actor, unmask: UnmaskRequest) -> bool:
    """A pending request may be decided by a safeguarding lead who did not ask for it and has not decided
    it already (two different leads approve)."""
    return (
        may_decide_any_unmask(actor=actor)
        and actor.pk != unmask.requested_by_id
        and unmask.status == UnmaskRequest.Status.PENDING
        and not unmask.decisions.filter(approver=actor).exists()
    )


def still_facilitates(*, user_id, request: UnmaskRequest) -> bool:
    """Whether the person still facilitates the group a break-glass request is about."""
    group = request.thread.group if request.thread_id else request.post.thread.group
    return selectors.facilitators_of(group=group).filter(user_id=user_id).exists()


def unmask_identity(*, actor, request: UnmaskRequest):
    """The author behind an approved request, for its requester and its two approvers only; None for
    anyone else."""
    if request.status != UnmaskRequest.Status.APPROVED:
        return None
    approvers = set(request.decisions.filter(approve=True).values_list("approver_id", flat=True))
    if actor.pk not in approvers and not (
        actor.pk == request.requested_by_id and still_facilitates(user_id=actor.pk, request=request)
    ):
        return None  # not an approver, and not (or no longer) the facilitator who asked
    item = request.thread or request.post
    return item.author


def access_risk_flag(*, actor, public_id: str) -> RiskFlag:
    """A risk flag, for the facilitators of its group and for the safeguarding role (RESPOND_TO_RISK); 404 for
    anyone else, programme leads included."""
    flag = selectors.risk_flag_with_item(RiskFlag.objects.filter(public_id=public_id)).first()
    if flag is None or not actor.is_authenticated:
        raise Http404
    if not (facilitates(actor=actor, group=flag.group) or actor.has_perm(RESPOND_TO_RISK)):
        raise Http404
    return flag


def facilitates(*, actor, group: PeerGroup) -> bool:
    return selectors.facilitators_of(group=group).filter(user_id=actor.pk).exists()


def require_facilitator_of_flag(*, actor, flag: RiskFlag) -> None:
    """Marking a risk handled and writing to its author are for the group's facilitators: a safeguarding
    lead outside the group reads the flag but acts through them."""
    if not facilitates(actor=actor, group=flag.group):
        raise PermissionDenied


def require_facilitated_groups(*, actor):
    """The groups the actor facilitates, for their cross-group queue; 404 for someone who runs none."""
    groups = selectors.facilitated_groups(actor=actor)
    if not actor.is_authenticated or not groups.exists():
        raise Http404
    return groups
