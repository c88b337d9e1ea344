"""The groups app's part of a person's data, and its audit actions in plain words."""

from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from peersupport.core.personal_data import ACTION_LABELS, CONFIDENTIAL_ACTION_PREFIXES, Section, register


def _memberships(user):
    return [
        {
            "group": m.group.name,
            "role": m.role,
            "status": m.status,
            "agreement_accepted": m.agreement_accepted_at.isoformat() if m.agreement_accepted_at else None,
            "listed": m.listed,
            "listen_only": m.listen_only,
            "removal_reason": m.removal_reason,
        }
        for m in Membership.objects.filter(user=user).select_related("group")
    ]


def _erase(user, keep_posts):
    Membership.objects.filter(user=user).delete()


register(
    Section(
        "group_memberships",
        str(_("Peer groups you belong to")),
        ("groups.membership",),
        export=_memberships,
        erase=_erase,
        who_can_see=lambda user: str(
            _(
                "The members and facilitators of each group; in groups on sensitive themes "
                "only facilitators, unless you choose to be listed. Never HR."
            )
        ),
    )
)

# Which group someone is in is confidential: the site admins' audit view shows these rows without the person.
CONFIDENTIAL_ACTION_PREFIXES.add("groups.")

ACTION_LABELS.update(
    {
        "groups.facilitator.appointed": _("You were made a facilitator of a group"),
        "groups.request.approved": _("A facilitator let you into a group"),
        "groups.request.declined": _("A facilitator declined your request to join a group"),
        "groups.member.invited": _("A facilitator invited you to a group"),
        "groups.member.removed": _("A facilitator removed you from a group"),
    }
)
