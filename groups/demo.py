"""Demo groups and conversations for `manage.py seed_demo`. Idempotent: it adds only what is missing."""

from datetime import timedelta

from django.utils import timezone

from groups.models import GroupSession, Membership, PeerGroup, Report, Theme, Thread
from groups.services import discussions, moderation, sessions
from groups.services import membership as services

THEMES = [
    ("New parents", "Returning to work, sleepless nights and everything in between.", False),
    ("Mental health", "A space to talk about how we are really doing.", True),
    ("Carers", "For people caring for someone at home.", True),
    ("Neurodiversity", "Sharing what helps, and what gets in the way, for neurodivergent colleagues.", True),
    ("Diversity and inclusion", "Belonging at work, whoever you are.", False),
    ("Work-life balance", "Boundaries, burnout and finding time for yourself.", False),
]

GROUPS = [
    (
        "Parents at work",
        "New parents",
        "Swapping stories about returning to work with a baby at home.",
        "open",
        "listed",
    ),
    (
        "Quiet minds",
        "Mental health",
        "A gentle weekly check-in. Listening first, always.",
        "request",
        "listed",
    ),
    (
        "Carers circle",
        "Carers",
        "A private circle for colleagues who care for a family member.",
        "invitation",
        "private",
    ),
    ("Finding balance", "Work-life balance", "How do you switch off? Share what works.", "open", "listed"),
]

CONVERSATIONS = [
    (
        "Parents at work",
        "First week back",
        "I cried in the car park on Monday. Is that normal?",
        True,
        False,
        [
            ("reflect", "It sounds like Monday held a lot of feelings at once.", True),
            ("share", "Same here. The second week was easier for me.", False),
        ],
    ),
    (
        "Parents at work",
        "Nursery drop-off and 9am meetings",
        "Any tips for moving early meetings?",
        False,
        True,
        [("suggest", "I asked my team to start stand-ups at 9:30 and nobody minded.", False)],
    ),
    (
        "Quiet minds",
        "Tired of pretending",
        "Some days I just want to say I'm not fine.",
        True,
        False,
        [("reflect", "What I hear is that keeping the mask on is exhausting.", True)],
    ),
]


def seed(*, people: dict) -> None:
    """Add themes, groups (open, request, private), members and conversations, some anonymous."""
    lead, facilitator, employee = (
        people["lead@example.com"],
        people["facilitator@example.com"],
        people["employee@example.com"],
    )
    themes = {}
    for name, description, sensitive in THEMES:
        themes[name] = Theme.objects.filter(name=name).first() or services.theme_create(
            actor=lead, name=name, description=description, sensitive=sensitive
        )
    groups = {}
    for name, theme, description, policy, visibility in GROUPS:
        groups[name] = PeerGroup.objects.filter(name=name).first() or services.group_create(
            actor=lead,
            name=name,
            theme=themes[theme],
            description=description,
            join_policy=policy,
            visibility=visibility,
            allow_anonymous=True,
            facilitators=[facilitator],
        )
    # Colleagues without a persona role, in a stable order.
    others = [p for email, p in sorted(people.items()) if "." in email.split("@")[0]]
    for group_name in ("Parents at work", "Quiet minds"):
        group = groups[group_name]
        for person in [employee, *others[:6]]:
            if not Membership.objects.filter(group=group, user=person).exists():
                if group.join_policy == "request":
                    services.membership_invite(actor=facilitator, group=group, user=person)
                services.membership_join(actor=person, group=group, accept_agreement=True)
    for group_name, title, body, anonymous, open_to_suggestions, replies in CONVERSATIONS:
        group = groups[group_name]
        if Thread.objects.filter(group=group, title=title).exists():
            continue
        authors = [employee, *others[:6]]
        thread = discussions.thread_create(
            actor=authors[1],
            group=group,
            title=title,
            body=body,
            anonymous=anonymous,
            open_to_suggestions=open_to_suggestions,
        )
        for index, (reply_type, text, anonymous_reply) in enumerate(replies):
            discussions.post_reply(
                actor=authors[2 + index],
                thread=thread,
                body=text,
                reply_type=reply_type,
                anonymous=anonymous_reply,
            )
    _session_and_report(groups["Parents at work"], facilitator, employee, others)


def _session_and_report(group, facilitator, employee, others) -> None:
    """A session next week that the employee is going to, and one reported reply waiting for review."""
    if not GroupSession.objects.filter(group=group).exists():
        start = (timezone.now() + timedelta(days=2)).replace(hour=12, minute=30, second=0, microsecond=0)
        session = sessions.session_schedule(
            actor=facilitator,
            group=group,
            title="Lunchtime circle",
            starts_at=start,
            ends_at=start + timedelta(minutes=45),
            mode="in_person",
            location="Room 4.02, second floor",
            accessibility_notes="Step-free access by the east lift; a quiet room is next door.",
            capacity=8,
        )
        sessions.rsvp(actor=employee, session=session, going=True)
    thread = Thread.objects.filter(group=group, title="First week back").first()
    reply = thread.posts.first() if thread else None
    if reply is not None and not Report.objects.exists():
        moderation.report_create(actor=others[5], item=reply, reason="agreement", note="Felt like advice")
