"""Who may open and post to every groups page.

The world: a private, invitation-only group on a sensitive theme, which the `facilitator` persona runs and
the `member` persona belongs to; the member started an anonymous conversation and the facilitator replied;
a session; someone asking to join; another member who can be removed; a break-glass request the
facilitator made. Everyone else — HR, site admins, programme leads (for content), other employees — is
outside it.
"""

from datetime import timedelta
from functools import cached_property

from django.urls import reverse
from django.utils import timezone

from groups.models import Membership, Theme
from groups.services import discussions, moderation, sessions
from groups.services import membership as group_services
from tests.accounts.factories import UserFactory
from tests.matrix import Route, only, signed_in_only

GROUP_PEOPLE = ("member", "facilitator")


class World:
    def __init__(self, request):
        self.request = request

    def persona(self, name):
        return self.request.getfixturevalue(name)

    @cached_property
    def group(self):
        lead = UserFactory(email="matrix.lead@example.com")
        group = group_services.group_create(
            actor=lead,
            name="Carers circle",
            theme=Theme.objects.create(name="Carers", sensitive=True),
            description="For carers.",
            join_policy="invitation",
            visibility="private",
            allow_anonymous=True,
            facilitators=[self.persona("facilitator")],
        )
        member = self.persona("member")
        group_services.membership_invite(actor=self.persona("facilitator"), group=group, user=member)
        group_services.membership_join(actor=member, group=group, accept_agreement=True)
        return group

    @cached_property
    def removable(self):
        person = UserFactory(email="removable@example.com")
        group_services.membership_invite(actor=self.persona("facilitator"), group=self.group, user=person)
        return group_services.membership_join(actor=person, group=self.group, accept_agreement=True)

    @cached_property
    def asking(self):
        """Someone who asked to join (as if the group took requests)."""
        return Membership.objects.create(
            group=self.group, user=UserFactory(email="asking@example.com"), status=Membership.Status.REQUESTED
        )

    @cached_property
    def thread(self):
        return discussions.thread_create(
            actor=self.persona("member"),
            group=self.group,
            title="Hard week",
            body="Tired.",
            anonymous=True,
            open_to_suggestions=False,
        )

    @cached_property
    def reply(self):
        return discussions.post_reply(
            actor=self.persona("facilitator"), thread=self.thread, body="I hear you.", reply_type="reflect",
            anonymous=False,
        )  # fmt: skip

    @cached_property
    def session(self):
        start = timezone.now() + timedelta(days=3)
        return sessions.session_schedule(
            actor=self.persona("facilitator"),
            group=self.group,
            title="Monthly circle",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            mode="in_person",
            location="Room 2",
            capacity=5,
        )

    @cached_property
    def appointment(self):
        """The `supporter` persona, announced as the group's next facilitator."""
        return group_services.facilitator_appoint(
            actor=UserFactory(email="appointing.lead@example.com"),
            group=self.group,
            user=self.persona("supporter"),
        )

    @cached_property
    def unmask(self):
        return moderation.unmask_request(
            actor=self.persona("facilitator"), item=self.thread, reason="Worried about their safety"
        )

    @cached_property
    def risk(self):
        """The member's anonymous conversation, flagged as a risk to life."""
        return moderation.raise_risk(item=self.thread, source="detected")

    # URLs
    def g(self, name, *more):
        return reverse(f"groups:{name}", args=[self.group.public_id, *more])

    def t(self, name, *more):
        return self.g(name, self.thread.public_id, *more)

    def s(self, name):
        return self.g(name, self.session.public_id)


def _local(delta: timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def _session_body(world):
    return {
        "title": "Next circle",
        "starts_at": _local(timedelta(days=5)),
        "ends_at": _local(timedelta(days=5, hours=1)),
        "mode": "in_person",
        "location": "Room 3",
        "capacity": "",
    }


MEMBERS = only({"member": 200, "facilitator": 200})
MEMBERS_405 = only({"member": 405, "facilitator": 405})
MEMBERS_302 = only({"member": 302, "facilitator": 302})
FACILITATOR = only({"facilitator": 200, "member": 403})
FACILITATOR_405 = only({"facilitator": 405, "member": 403})
FACILITATOR_302 = only({"facilitator": 302, "member": 403})
LEAD = only({"programme_lead": 200})
LEAD_302 = only({"programme_lead": 302})

ROUTES = [
    Route("groups:list", lambda w: reverse("groups:list"), get=signed_in_only(), post=signed_in_only(405)),
    Route(
        "groups:theme_list",
        lambda w: reverse("groups:theme_list"),
        get=LEAD,
        post=LEAD_302,
        body=lambda w: {"name": "Neurodiversity", "description": "", "sensitive": ""},
    ),
    Route(
        "groups:create",
        lambda w: reverse("groups:create"),
        get=LEAD,
        post=LEAD_302,
        body=lambda w: {
            "name": "Night shift",
            "theme": Theme.objects.get_or_create(name="Shift work")[0].pk,
            "description": "For night workers.",
            "join_policy": "open",
            "visibility": "listed",
            "allow_anonymous": "on",
            "facilitators": w.persona("facilitator").email,
        },
    ),
    Route(
        "groups:theme_edit",
        lambda w: reverse("groups:theme_edit", args=[w.group.theme.public_id]),
        get=LEAD,
        post=LEAD_302,
        body=lambda w: {"name": "Carers and family", "description": "", "sensitive": "on"},
    ),
    # The private group's own pages: a 404 to everyone outside it, whatever the method.
    Route("groups:detail", lambda w: w.g("detail"), get=MEMBERS, post=MEMBERS_405),
    Route(
        "groups:join",
        lambda w: w.g("join"),
        get=MEMBERS_405,
        post=MEMBERS_302,
        body=lambda w: {"accept_agreement": "on"},
    ),
    # Its details: its facilitators and programme leads (as for appointing); a member gets a 403.
    Route(
        "groups:edit",
        lambda w: w.g("edit"),
        get=only({"facilitator": 200, "programme_lead": 200, "member": 403}),
        post=only({"facilitator": 302, "programme_lead": 302, "member": 403}),
        body=lambda w: {
            "name": "Carers circle",
            "description": "For carers, and the people who care for them.",
            "agreement": "Be kind. What is said here stays here.",
            "theme": w.group.theme_id,
            "join_policy": "invitation",
            "visibility": "private",
            "allow_anonymous": "on",
        },
    ),
    Route(
        "groups:agreement_accept",
        lambda w: w.g("agreement_accept"),
        get=MEMBERS_405,
        post=MEMBERS_302,
        body=lambda w: {"accept_agreement": "on"},
    ),
    # The only facilitator cannot leave (a message says why); the member leaves.
    Route("groups:leave", lambda w: w.g("leave"), get=MEMBERS, post=MEMBERS_302),
    Route(
        "groups:preferences",
        lambda w: w.g("preferences"),
        get=MEMBERS_405,
        post=MEMBERS_302,
        body=lambda w: {"listed": "on"},
    ),
    Route(
        "groups:manage",
        lambda w: w.g("manage"),
        get=FACILITATOR,
        post=FACILITATOR_302,
        body=lambda w: {"email": "someone.new@example.com"},
    ),
    Route(
        "groups:request_decide",
        lambda w: w.g("request_decide", w.asking.public_id),
        get=FACILITATOR_405,
        post=FACILITATOR_302,
        body=lambda w: {"decision": "approve"},
    ),
    Route(
        "groups:member_remove",
        lambda w: w.g("member_remove", w.removable.public_id),
        get=FACILITATOR,
        post=FACILITATOR_302,
        body=lambda w: {"reason": "You shared someone's story outside the group."},
    ),
    # Programme leads appoint facilitators of any group, private ones included, and see nothing inside.
    Route(
        "groups:appoint",
        lambda w: w.g("appoint"),
        get=LEAD,
        post=LEAD_302,
        body=lambda w: {"email": UserFactory(email="next.facilitator@example.com").email},
    ),
    # Conversations: members only; HR, site admins, leads and other groups get a 404.
    Route(
        "groups:thread_create",
        lambda w: w.g("thread_create"),
        get=MEMBERS,
        post=MEMBERS_302,
        body=lambda w: {"title": "Check-in", "body": "How is everyone this week?"},
    ),
    Route(
        "groups:thread",
        lambda w: w.t("thread"),
        get=MEMBERS,
        post=MEMBERS_302,
        # Replying anonymously, as the member wrote the thread (under their name they would be asked first).
        body=lambda w: {
            "reply_type": "reflect",
            "body": "That sounds like a lot to carry.",
            "anonymous": "on",
        },
    ),
    # The member wrote the thread; the facilitator the reply.
    Route(
        "groups:thread_edit",
        lambda w: w.t("thread_edit"),
        get=only({"member": 200, "facilitator": 403}),
        post=only({"member": 302, "facilitator": 403}),
        body=lambda w: {"body": "Tired, and a bit better."},
    ),
    Route(
        "groups:thread_delete",
        lambda w: w.t("thread_delete"),
        get=only({"member": 200, "facilitator": 403}),
        post=only({"member": 302, "facilitator": 403}),
    ),
    Route(
        "groups:react",
        lambda w: w.t("react"),
        get=MEMBERS_405,
        post=MEMBERS_302,
        body=lambda w: {"kind": "support"},
    ),
    Route(
        "groups:post_edit",
        lambda w: w.t("post_edit", w.reply.public_id),
        get=only({"facilitator": 200, "member": 403}),
        post=only({"facilitator": 302, "member": 403}),
        body=lambda w: {"body": "I hear you, and I'm here."},
    ),
    Route(
        "groups:post_delete",
        lambda w: w.t("post_delete", w.reply.public_id),
        get=only({"facilitator": 200, "member": 403}),
        post=only({"facilitator": 302, "member": 403}),
    ),
    Route(
        "groups:thread_report",
        lambda w: w.t("thread_report"),
        get=MEMBERS,
        post=MEMBERS_302,
        body=lambda w: {"reason": "unkind", "note": ""},
    ),
    Route(
        "groups:post_report",
        lambda w: w.t("post_report", w.reply.public_id),
        get=MEMBERS,
        post=MEMBERS_302,
        body=lambda w: {"reason": "unkind", "note": ""},
    ),
    # Moderation: the group's facilitators only; HR never sees the queue.
    Route("groups:moderation", lambda w: w.g("moderation"), get=FACILITATOR, post=FACILITATOR_405),
    Route(
        "groups:moderate",
        lambda w: w.g("moderate"),
        get=FACILITATOR_405,
        post=FACILITATOR_302,
        body=lambda w: {"action": "hide", "reason": "Breaks the agreement", "thread": w.thread.public_id},
    ),
    Route(
        "groups:unmask",
        lambda w: w.g("unmask"),
        get=FACILITATOR_405,
        post=FACILITATOR_302,
        body=lambda w: {"reason": "Said they may hurt themselves", "thread": w.thread.public_id},
    ),
    # Sessions: members see and answer; facilitators schedule, move, cancel, take notes and attendance.
    Route(
        "groups:session_create",
        lambda w: w.g("session_create"),
        get=FACILITATOR,
        post=FACILITATOR_302,
        body=_session_body,
    ),
    Route(
        "groups:session",
        lambda w: w.s("session"),
        get=MEMBERS,
        post=only({"facilitator": 302, "member": 405}),
        body=lambda w: {"body": "Two new faces; a quiet start."},
    ),
    Route(
        "groups:session_rsvp",
        lambda w: w.s("session_rsvp"),
        get=MEMBERS_405,
        post=MEMBERS_302,
        body=lambda w: {"going": "yes"},
    ),
    Route(
        "groups:session_reschedule",
        lambda w: w.s("session_reschedule"),
        get=FACILITATOR,
        post=FACILITATOR_302,
        body=_session_body,
    ),
    Route(
        "groups:session_edit",
        lambda w: w.s("session_edit"),
        get=FACILITATOR,
        post=FACILITATOR_302,
        body=lambda w: {
            "title": "Monthly circle, outside",
            "mode": "in_person",
            "location": "Garden room",
            "capacity": "6",
        },
    ),
    Route(
        "groups:session_cancel",
        lambda w: w.s("session_cancel"),
        get=FACILITATOR,
        post=FACILITATOR_302,
        body=lambda w: {"reason": "Room flooded"},
    ),
    Route(
        "groups:session_attendance",
        lambda w: w.s("session_attendance"),
        get=FACILITATOR_405,
        post=FACILITATOR_302,
        body=lambda w: {"attended": [str(w.persona("member").pk)]},
    ),
    Route("groups:session_calendar", lambda w: w.s("session_calendar"), get=MEMBERS, post=MEMBERS_405),
    # An announced appointment: its appointee may decline it, a programme lead withdraw it.
    Route(
        "groups:appointment_withdraw",
        lambda w: reverse("groups:appointment_withdraw", args=[w.appointment.public_id]),
        get=only({"supporter": 200, "programme_lead": 200}),
        post=only({"supporter": 302, "programme_lead": 302}),
    ),
    # Break-glass: the facilitator who asked and safeguarding leads (programme leads) only; the
    # requester may read but never decide.
    Route(
        "groups:safeguarding",
        lambda w: (w.unmask, reverse("groups:safeguarding"))[1],
        get=only({"programme_lead": 200, "facilitator": 200}),
        post=only({"programme_lead": 405, "facilitator": 405}),
    ),
    Route(
        "groups:safeguarding_detail",
        lambda w: reverse("groups:safeguarding_detail", args=[w.unmask.public_id]),
        get=only({"programme_lead": 200, "facilitator": 200}),
        post=only({"programme_lead": 302, "facilitator": 403}),
        body=lambda w: {"decision": "approve", "reason": "A risk to life", "confirm": "on"},
    ),
    # Risk flags: the group's facilitators read and act; the safeguarding role reads (tested with its own
    # persona in tests/groups/test_risk_and_queue.py); anyone else, programme leads and members included,
    # gets a 404.
    Route(
        "groups:risk",
        lambda w: reverse("groups:risk", args=[w.risk.public_id]),
        get=only({"facilitator": 200}),
        post=only({"facilitator": 405}),
    ),
    Route(
        "groups:risk_handled",
        lambda w: reverse("groups:risk_handled", args=[w.risk.public_id]),
        get=only({"facilitator": 405}),
        post=only({"facilitator": 302}),
        body=lambda w: {"note": "Replied in the thread and sent a check-in."},
    ),
    Route(
        "groups:risk_check_in",
        lambda w: reverse("groups:risk_check_in", args=[w.risk.public_id]),
        get=only({"facilitator": 405}),
        post=only({"facilitator": 302}),
        body=lambda w: {"message": "Thinking of you; here if you want to talk."},
    ),
    Route(
        "groups:moderation_all",
        lambda w: (w.group, reverse("groups:moderation_all"))[1],
        get=only({"facilitator": 200}),
        post=only({"facilitator": 405}),
    ),
]
