"""Changing a group after it was made (name, description, agreement, who can join or find it, theme, and
anonymous posting), a theme's details, and members accepting a changed agreement."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups import kinds
from groups.models import Membership, PeerGroup, Theme
from groups.selectors import group_topic
from peersupport.core.exceptions import ApplicationError
from peersupport.core.services import audit_record
from peersupport.notifications.services import notify_many


class EditingError(ApplicationError):
    pass


GROUP_FIELDS = ("name", "description", "agreement", "join_policy", "visibility", "allow_anonymous", "theme")
# Changes members hear about (besides the agreement, which has its own notice and asks them to accept it).
SETTING_LABELS = {
    "join_policy": gettext_lazy("who can join"),
    "visibility": gettext_lazy("who can find the group"),
    "theme": gettext_lazy("its theme"),
    "allow_anonymous": gettext_lazy("anonymous posting"),
}
# People still connected to a group: their listing follows the group onto a sensitive theme.
_IN_GROUP = (Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.INVITED)


def _unlist_members(group: PeerGroup) -> int:
    """A group that moves onto a sensitive theme follows its rules: members are unlisted until they choose
    otherwise (facilitators are always shown, as they are on every theme)."""
    return Membership.objects.filter(
        group=group, status__in=_IN_GROUP, role=Membership.Role.MEMBER, listed=True
    ).update(listed=False)


def _members(group: PeerGroup, *, besides):
    memberships = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE)
    memberships = memberships.exclude(user=besides)
    return [membership.user for membership in memberships.select_related("user")]


_OPENNESS = {
    PeerGroup.JoinPolicy.INVITATION: 0,
    PeerGroup.JoinPolicy.REQUEST: 1,
    PeerGroup.JoinPolicy.OPEN: 2,
    PeerGroup.Visibility.PRIVATE: 0,
    PeerGroup.Visibility.LISTED: 1,
}


def _opens_up(group, *, join_policy: str, visibility: str) -> bool:
    """Whether the change lets more people find or join the group."""
    return (
        _OPENNESS[join_policy] > _OPENNESS[group.join_policy]
        or _OPENNESS[visibility] > _OPENNESS[group.visibility]
    )


@transaction.atomic
def group_update(
    *,
    actor,
    group: PeerGroup,
    as_lead: bool,
    name: str,
    description: str,
    agreement: str,
    join_policy: str,
    visibility: str,
    allow_anonymous: bool,
    theme: Theme,
) -> PeerGroup:
    """Change a group's details; its facilitators and programme leads only (access decides, and says
    whether the actor acts as a lead). Audited with the names of the fields changed.

    A changed agreement gets a new version: every member is told and accepts it before they next post (the
    person who changed it has accepted it by writing it). Moving to a sensitive theme unlists members;
    moving off one needs a programme lead, and leaves everyone as unlisted as they were. Changes to who can
    join or find the group, its theme or anonymous posting are told to its members. Name and description
    changes are recorded but ask nothing of anyone.
    """
    group = PeerGroup.objects.select_for_update().select_related("theme").get(pk=group.pk)
    old_theme = group.theme
    if old_theme.sensitive and not theme.sensitive and not as_lead:
        raise EditingError(
            _(
                "Moving a group off a sensitive theme loosens how its members are protected, so a programme "
                "lead makes that change."
            ),
            field="theme",
        )
    facilitates = Membership.objects.filter(
        group=group, user=actor, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
    ).exists()
    if not facilitates and _opens_up(group, join_policy=join_policy, visibility=visibility):
        # Otherwise a lead could open a private group, join it and read everything said in it.
        raise EditingError(
            _(
                "Only the group's facilitators can open it to more people (who can find it or join it): they "
                "answer to its members for who comes in."
            ),
            field="visibility" if visibility != group.visibility else "join_policy",
        )
    new = {
        "name": name.strip(),
        "description": description.strip(),
        "agreement": agreement.strip(),
        "join_policy": join_policy,
        "visibility": visibility,
        "allow_anonymous": allow_anonymous,
        "theme": theme,
    }
    if not new["name"]:
        raise EditingError(_("Give the group a name."), field="name")
    if not new["agreement"]:
        raise EditingError(_("A group needs an agreement that members accept."), field="agreement")
    changed = [field for field in GROUP_FIELDS if getattr(group, field) != new[field]]
    if group.agreement.strip() == new["agreement"] and "agreement" in changed:
        changed.remove("agreement")  # only spaces around it: the same agreement, nothing to accept again
        new["agreement"] = group.agreement
    if not changed:
        return group
    now = timezone.now()
    for field in changed:
        setattr(group, field, new[field])
    update_fields = list(changed)
    if "agreement" in changed:
        group.agreement_version += 1
        group.agreement_changed_at = now
        update_fields += ["agreement_version", "agreement_changed_at"]
        # Whoever wrote the new text has accepted it.
        Membership.objects.filter(group=group, user=actor, status=Membership.Status.ACTIVE).update(
            agreement_accepted_at=now
        )
    group.save(update_fields=update_fields)
    unlisted = _unlist_members(group) if theme.sensitive and not old_theme.sensitive else 0
    audit_record(
        actor=actor,
        action="groups.group.updated",
        target=group,
        metadata={
            "changed": sorted(changed),
            "as_lead": as_lead,
            "agreement_version": group.agreement_version,
            "unlisted": unlisted,
        },
    )
    url = reverse("groups:detail", args=[group.public_id])
    if "agreement" in changed:
        notify_many(
            recipients=_members(group, besides=actor),
            kind=kinds.AGREEMENT_CHANGED,
            idempotency_prefix=f"agreement-changed:{group.public_id}:{group.agreement_version}",
            url=url,
            topic=group_topic(group),
            context={
                "headline": _("%(group)s has an updated agreement") % {"group": group.name},
                "message": _(
                    "The agreement of %(group)s has changed. Please read it and accept it on the group's "
                    "page before you next post; you can keep reading in the meantime."
                )
                % {"group": group.name},
            },
        )
    told = list(dict.fromkeys(str(SETTING_LABELS[field]) for field in changed if field in SETTING_LABELS))
    if told:
        message = _("%(group)s changed %(what)s. Its page shows how things are now.") % {
            "group": group.name,
            "what": ", ".join(told),
        }
        if unlisted:
            message += " " + _(
                "It is now on a sensitive theme, so you are no longer shown in its member list unless you "
                "choose to be."
            )
        notify_many(
            recipients=_members(group, besides=actor),
            kind=kinds.GROUP_CHANGED,
            idempotency_prefix=f"group-changed:{group.public_id}:{int(now.timestamp() * 1_000_000)}",
            url=url,
            topic=group_topic(group),
            context={"headline": _("Changes to %(group)s") % {"group": group.name}, "message": message},
        )
    return group


@transaction.atomic
def agreement_accept(*, actor, group: PeerGroup) -> Membership:
    """A member accepts the group's current agreement; time-stamped like joining (and, like joining, not
    audited: being in a group is nobody else's business)."""
    membership = (
        Membership.objects.select_for_update()
        .filter(group=group, user=actor, status=Membership.Status.ACTIVE)
        .first()
    )
    if membership is None:
        raise EditingError(_("Only members of the group accept its agreement."))
    membership.agreement_accepted_at = timezone.now()
    membership.save(update_fields=["agreement_accepted_at"])
    return membership


@transaction.atomic
def theme_update(*, actor, theme: Theme, name: str, description: str = "", sensitive: bool = False) -> Theme:
    """Change a theme; programme leads only (the view checks). Audited.

    Marking a theme sensitive unlists the members of its groups (they may choose to be listed again);
    unmarking it lists nobody who was not listed already.
    """
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    name = name.strip()
    if not name:
        raise EditingError(_("Give the theme a name."), field="name")
    if Theme.objects.filter(name__iexact=name).exclude(pk=theme.pk).exists():
        raise EditingError(_("There is already a theme called “%(name)s”.") % {"name": name}, field="name")
    new = {"name": name, "description": description.strip(), "sensitive": sensitive}
    changed = [field for field, value in new.items() if getattr(theme, field) != value]
    if not changed:
        return theme
    became_sensitive = sensitive and not theme.sensitive
    for field in changed:
        setattr(theme, field, new[field])
    theme.save(update_fields=changed)
    unlisted = 0
    if became_sensitive:
        for group in PeerGroup.objects.filter(theme=theme):
            count = _unlist_members(group)
            unlisted += count
            if count:
                notify_many(
                    recipients=_members(group, besides=actor),
                    kind=kinds.GROUP_CHANGED,
                    idempotency_prefix=f"theme-sensitive:{group.public_id}:{int(timezone.now().timestamp())}",
                    url=reverse("groups:detail", args=[group.public_id]),
                    topic=group_topic(group),
                    context={
                        "headline": _("Changes to %(group)s") % {"group": group.name},
                        "message": _(
                            "%(group)s is now on a sensitive theme, so you are no longer shown in its member "
                            "list unless you choose to be."
                        )
                        % {"group": group.name},
                    },
                )
    audit_record(
        actor=actor,
        action="groups.theme.updated",
        target=theme,
        metadata={"changed": sorted(changed), "unlisted": unlisted},
    )
    return theme
