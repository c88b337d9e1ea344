"""The groups app's part of a person's data, and its audit actions in plain words."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import (
    EditRecord,
    FacilitatorAppointment,
    InvitationBatch,
    Membership,
    Post,
    Pseudonym,
    Reaction,
    ReadMarker,
    Report,
    RiskFlag,
    SessionNote,
    SessionRSVP,
    Thread,
    UnmaskApproval,
    UnmaskRequest,
)
from groups.services import counts
from peersupport.core.personal_data import (
    ACTION_LABELS,
    CONFIDENTIAL_ACTION_PREFIXES,
    VALUE_LABELS,
    Section,
    register,
)


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


def _appointments(user):
    return [
        {"group": a.group.name, "from": a.starts_at.isoformat(), "started": bool(a.started_at)}
        for a in FacilitatorAppointment.objects.filter(user=user).select_related("group")
    ]


def _erase(user, keep_posts):
    for group_id in Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
        "group_id", flat=True
    ):
        counts.members_changed(group_id=group_id, by=-1)
    Membership.objects.filter(user=user).delete()
    FacilitatorAppointment.objects.filter(user=user).delete()
    FacilitatorAppointment.objects.filter(appointed_by=user).update(appointed_by=None)
    InvitationBatch.objects.filter(invited_by=user).update(invited_by=None)


register(
    Section(
        "group_memberships",
        str(_("Peer groups you belong to")),
        ("groups.membership", "groups.facilitatorappointment", "groups.invitationbatch"),
        export=lambda user: {
            "memberships": _memberships(user),
            "facilitator_appointments": _appointments(user),
            "invitation_forms_sent": InvitationBatch.objects.filter(invited_by=user).count(),
        },
        erase=_erase,
        who_can_see=lambda user: str(
            _(
                "The members and facilitators of each group; in groups on sensitive themes "
                "only facilitators, unless you choose to be listed. Never HR."
            )
        ),
    )
)


def _writing(user):
    threads = Thread.objects.filter(author=user).select_related("group")
    posts = Post.objects.filter(author=user).select_related("thread__group")
    return {
        "conversations_started": [
            {
                "group": t.group.name,
                "title": t.title,
                "text": t.body,
                "anonymous_as": t.pseudonym,
                "written": t.created_at.isoformat(),
                "deleted": bool(t.deleted_at),
            }
            for t in threads
        ],
        "replies": [
            {
                "group": p.thread.group.name,
                "type": p.reply_type,
                "text": p.body,
                "anonymous_as": p.pseudonym,
                "written": p.created_at.isoformat(),
                "deleted": bool(p.deleted_at),
            }
            for p in posts
        ],
        "reactions_given": Reaction.objects.filter(user=user).count(),
    }


def _erase_writing(user, keep_posts):
    if not keep_posts:
        now = timezone.now()
        # Named words go at once. Anonymous ones go later, at a random moment per conversation: blanking
        # both together would tell anyone watching the thread which pseudonym belonged to the named author.
        EditRecord.objects.filter(thread__author=user, thread__pseudonym="").delete()
        EditRecord.objects.filter(post__author=user, post__pseudonym="").delete()
        Thread.objects.filter(author=user, pseudonym="").update(body="", deleted_at=now)
        named = Post.objects.filter(author=user, pseudonym="", deleted_at__isnull=True)
        for thread_id, number in counts.live_replies_by_thread(named).items():
            counts.replies_changed(thread_id=thread_id, by=-number)
        named.update(body="", deleted_at=now)
        anonymous_threads = set(
            Thread.objects.filter(author=user).exclude(pseudonym="").values_list("pk", flat=True)
        ) | set(Post.objects.filter(author=user).exclude(pseudonym="").values_list("thread_id", flat=True))
        for thread_id in anonymous_threads:
            erase_at = now + anonymous_erasure_delay()
            Thread.objects.filter(pk=thread_id, author=user).exclude(pseudonym="").update(erase_at=erase_at)
            Post.objects.filter(thread_id=thread_id, author=user).exclude(pseudonym="").update(
                erase_at=erase_at
            )
    # Kept or not, the words no longer point at the person: they read as "Former member" or their pseudonym.
    Thread.objects.filter(author=user).update(author=None)
    Post.objects.filter(author=user).update(author=None)
    # The label stays taken in its thread (never handed to a newcomer), but no longer says whose it was.
    Pseudonym.objects.filter(user=user).update(user=None)
    Reaction.objects.filter(user=user).delete()
    ReadMarker.objects.filter(user=user).delete()


def anonymous_erasure_delay() -> timedelta:
    """A random wait, from one hour to ANONYMOUS_ERASURE_MAX_DAYS, before an erased author's anonymous
    words are blanked."""
    low = 3600
    high = int(timedelta(days=settings.ANONYMOUS_ERASURE_MAX_DAYS).total_seconds())
    return timedelta(seconds=low + secrets.randbelow(max(1, high - low)))


register(
    Section(
        "group_writing",
        str(_("What you wrote in groups")),
        ("groups.thread", "groups.post", "groups.pseudonym", "groups.reaction", "groups.readmarker"),
        export=_writing,
        erase=_erase_writing,
        who_can_see=lambda user: str(
            _(
                "The members and facilitators of the group you wrote in. When you post "
                "anonymously, nobody — not facilitators, not HR, not site admins — can see "
                "it is you; only if someone's safety is at risk can two safeguarding leads agree to show "
                "the facilitator who asked, and you are told."
            )
        ),
    )
)


def _safeguarding(user):
    return {
        "reports_i_made": [
            {"reason": r.reason, "when": r.created_at.isoformat()}
            for r in Report.objects.filter(reporter=user)
        ],
        "unmask_requests_i_made": [
            {"status": u.status, "when": u.requested_at.isoformat()}
            for u in UnmaskRequest.objects.filter(requested_by=user)
        ],
        "unmask_requests_i_decided": [
            {"approved": d.approve, "reason": d.reason, "when": d.decided_at.isoformat()}
            for d in UnmaskApproval.objects.filter(approver=user)
        ],
        "risk_flags_i_handled": [
            {"what_i_did": f.handled_note, "when": f.handled_at.isoformat()}
            for f in RiskFlag.objects.filter(handled_by=user)
        ],
    }


def _erase_safeguarding(user, keep_posts):
    # The records stay for the group's safety; they just stop pointing at the person.
    Report.objects.filter(reporter=user).update(reporter=None)
    UnmaskRequest.objects.filter(requested_by=user).update(requested_by=None)
    UnmaskApproval.objects.filter(approver=user).update(approver=None)
    RiskFlag.objects.filter(handled_by=user).update(handled_by=None)


register(
    Section(
        "group_safeguarding",
        str(_("Reports and safeguarding requests")),
        ("groups.report", "groups.unmaskrequest", "groups.unmaskapproval", "groups.riskflag"),
        export=_safeguarding,
        erase=_erase_safeguarding,
        who_can_see=lambda user: str(
            _(
                "Reports you make: the group's facilitators, never knowing it was you. "
                "Safeguarding requests: the facilitator who asked and the two leads who decided."
            )
        ),
    )
)


def _sessions(user):
    return {
        "answers": [
            {
                "session": r.session.title,
                "group": r.session.group.name,
                "answer": r.answer,
                "attended": r.attended,
            }
            for r in SessionRSVP.objects.filter(user=user).select_related("session__group")
        ],
        "notes_i_wrote": [
            {"session": n.session.title, "note": n.body, "when": n.created_at.isoformat()}
            for n in SessionNote.objects.filter(author=user).select_related("session")
        ],
    }


def _erase_sessions(user, keep_posts):
    SessionRSVP.objects.filter(user=user).delete()
    SessionNote.objects.filter(author=user).update(author=None)


register(
    Section(
        "group_sessions",
        str(_("Group sessions")),
        ("groups.sessionrsvp", "groups.sessionnote"),
        export=_sessions,
        erase=_erase_sessions,
        who_can_see=lambda user: str(
            _(
                "Whether you are coming: the group's facilitators; other members see only "
                "how many are coming. Facilitators' notes: the group's facilitators only."
            )
        ),
    )
)

# Which group someone is in is confidential: the site admins' audit view shows these rows without the person.
CONFIDENTIAL_ACTION_PREFIXES.add("groups.")

ACTION_LABELS.update(
    {
        "groups.facilitator.appointed": _("You were appointed a facilitator of a group"),
        "groups.facilitator.started": _("You started facilitating a group"),
        "groups.facilitator.withdrawn": _("An appointment to facilitate a group was withdrawn"),
        "groups.request.approved": _("A facilitator let you into a group"),
        "groups.request.declined": _("A facilitator declined your request to join a group"),
        "groups.member.invited": _("A facilitator invited you to a group"),
        "groups.member.removed": _("A facilitator removed you from a group"),
        "groups.moderation.hide": _("A facilitator hid something you wrote"),
        "groups.moderation.restore": _("A facilitator restored something you wrote"),
        "groups.moderation.remove": _("A facilitator removed something you wrote"),
        "groups.moderation.dismiss": _("A facilitator dismissed reports about something you wrote"),
        "groups.risk.handled": _("A facilitator followed up on something you wrote that worried them"),
        "groups.risk.checked_in": _("A facilitator sent you a private check-in"),
        "groups.unmask.approved": _(
            "Your anonymity was lifted for safeguarding: after two safeguarding leads agreed, the "
            "facilitator who asked was shown that you wrote an anonymous post"
        ),
    }
)

# Codes in a person's export, in plain words in its readable copy.
for _choices in (
    Membership.Status.choices,
    Membership.Role.choices,
    SessionRSVP.Answer.choices,
    Post.ReplyType.choices,
    Report.Reason.choices,
    UnmaskRequest.Status.choices,
):
    for _code, _label in _choices:
        VALUE_LABELS.setdefault(_code, _label)
