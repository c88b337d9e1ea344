"""Every groups list page makes as many queries with 50 rows as with 1 (group list, a group's
conversations, a thread's replies, the moderation queue, a session page, the safeguarding list, themes)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership, Post, Theme
from groups.services import discussions, membership, moderation, sessions
from tests.accounts.factories import UserFactory, give_role, give_second_factor
from tests.conftest import sign_in
from tests.groups.factories import make_group
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, member):
    return make_group(facilitator=facilitator, members=[member])


def _members(group, count):
    people = [UserFactory() for _ in range(count)]
    for person in people:
        membership.membership_join(actor=person, group=group, accept_agreement=True)
    return people


def test_group_list(facilitator, outsider):
    client = sign_in(Client(), outsider)
    made = []

    def add(count):
        for _ in range(count):
            made.append(make_group(facilitator=facilitator, name=f"Group {len(made)}", members=[outsider]))
            made.append(make_group(facilitator=facilitator, name=f"Group {len(made)}"))

    assert_queries_constant(client, reverse("groups:list"), add=add)
    assert_queries_constant(client, reverse("groups:list") + "?page=2", add=add)
    assert_queries_constant(client, reverse("groups:list") + "?q=group&page=2", add=add)


def test_a_groups_conversations_and_a_threads_replies(group, member):
    client = sign_in(Client(), member)
    thread = discussions.thread_create(
        actor=member, group=group, title="Main", body="b", anonymous=False, open_to_suggestions=True
    )
    authors = _members(group, 3)

    def add(count):
        for number in range(count):
            author = authors[number % 3]
            extra = discussions.thread_create(
                actor=author, group=group, title=f"T{number}", body="b", anonymous=number % 2 == 0,
                open_to_suggestions=True,
            )  # fmt: skip
            discussions.post_reply(
                actor=author, thread=thread, body=f"r{number}", reply_type="share", anonymous=True
            )
            discussions.reaction_toggle(actor=member, kind="thanks", thread=extra)

    assert_queries_constant(client, reverse("groups:detail", args=[group.public_id]), add=add)
    url = reverse("groups:thread", args=[group.public_id, thread.public_id])
    assert_queries_constant(client, url, add=add)
    assert_queries_constant(client, url + "?page=2", add=add)  # a deeper page too
    assert_queries_constant(client, url + "?page=last", add=add)


def test_deep_thread_pages_read_by_key(group, member, facilitator):
    client = sign_in(Client(), member)
    thread = discussions.thread_create(
        actor=member, group=group, title="Main", body="b", anonymous=False, open_to_suggestions=True
    )
    anchor = discussions.post_reply(
        actor=member, thread=thread, body="a", reply_type="share", anonymous=False
    )

    def add(count):
        for number in range(count):
            later = discussions.post_reply(
                actor=facilitator,
                thread=thread,
                body=f"r{number}",
                reply_type="share",
                anonymous=number % 2 == 0,
            )
            earlier = discussions.post_reply(
                actor=member, thread=thread, body=f"e{number}", reply_type="share", anonymous=False
            )
            # Written "before" the anchor, so that the page before it grows too.
            Post.objects.filter(pk=earlier.pk).update(
                created_at=anchor.created_at - timedelta(minutes=count + number)
            )
            discussions.reaction_toggle(actor=member, kind="thanks", post=later)

    url = reverse("groups:thread", args=[group.public_id, thread.public_id])
    assert_queries_constant(client, f"{url}?after={anchor.public_id}", add=add)
    assert_queries_constant(client, f"{url}?before={anchor.public_id}", add=add)


def test_a_big_groups_page_and_its_member_pages(group, member, facilitator):
    url = reverse("groups:detail", args=[group.public_id])

    def add(count):
        for number, person in enumerate(_members(group, count)):
            if number % 3 == 0:
                Membership.objects.filter(group=group, user=person).update(listed=False)

    for client in (sign_in(Client(), member), sign_in(Client(), facilitator)):
        assert_queries_constant(client, url, add=add)
        assert_queries_constant(client, url + "?members=2", add=add)
    manage = reverse("groups:manage", args=[group.public_id])
    assert_queries_constant(sign_in(Client(), facilitator), manage + "?members=2", add=add)


def test_the_facilitators_requests_to_join(facilitator):
    group = make_group(facilitator=facilitator, join_policy="request")

    def add(count):
        for person in [UserFactory() for _ in range(count)]:
            membership.membership_join(actor=person, group=group, accept_agreement=True)

    client = sign_in(Client(), facilitator)
    assert_queries_constant(client, reverse("groups:manage", args=[group.public_id]), add=add)
    assert_queries_constant(client, reverse("groups:manage", args=[group.public_id]) + "?requests=2", add=add)


def test_the_moderation_queue(group, facilitator, member):
    client = sign_in(Client(), facilitator)
    reporters = _members(group, 3)

    def add(count):
        for number in range(count):
            thread = discussions.thread_create(
                actor=member, group=group, title=f"T{number}", body="b", anonymous=number % 2 == 0,
                open_to_suggestions=False,
            )  # fmt: skip
            discussions.item_edit(actor=member, item=thread, body="edited")
            reply = discussions.post_reply(
                actor=member, thread=thread, body="r", reply_type="share", anonymous=True
            )
            for reporter in reporters[: 1 + number % 3]:
                moderation.report_create(actor=reporter, item=thread, reason="unkind")
            moderation.report_create(actor=reporters[0], item=reply, reason="other", note="Please look")

    assert_queries_constant(client, reverse("groups:moderation", args=[group.public_id]), add=add)


def test_the_cross_group_queue_and_a_facilitators_home(facilitator, member):
    client = sign_in(Client(), facilitator)
    reporter = UserFactory()

    def add(count):
        for _ in range(count):
            group = make_group(
                facilitator=facilitator, members=[member, reporter], name=f"G{Theme.objects.count()}"
            )
            thread = discussions.thread_create(
                actor=member, group=group, title="T", body="I want to die", anonymous=True,
                open_to_suggestions=False,
            )  # fmt: skip
            moderation.report_create(actor=reporter, item=thread, reason="unkind", note="Look")

    assert_queries_constant(client, reverse("groups:moderation_all"), add=add)
    assert_queries_constant(client, reverse("core:home"), add=add)


def test_a_session_page_for_members_and_facilitators(group, facilitator, member):
    start = timezone.now() + timedelta(days=3)
    session = sessions.session_schedule(
        actor=facilitator, group=group, title="Circle", starts_at=start, ends_at=start + timedelta(hours=1),
        mode="in_person", location="Room 2", capacity=80,
    )  # fmt: skip
    url = reverse("groups:session", args=[group.public_id, session.public_id])
    sessions.rsvp(actor=member, session=session, going=True)

    def add(count):
        for person in _members(group, count):
            sessions.rsvp(actor=person, session=session, going=True)
            sessions.note_add(actor=facilitator, session=session, body="A note")

    # The facilitator first, while the session still has places: the names on the page grow with the data.
    assert_queries_constant(sign_in(Client(), facilitator), url, add=add)
    assert_queries_constant(sign_in(Client(), member), url, add=add)
    assert_queries_constant(sign_in(Client(), facilitator), url + "?attendees=2&notes=2", add=add)


def test_a_session_page_for_someone_on_the_waitlist(group, facilitator, member):
    start = timezone.now() + timedelta(days=3)
    session = sessions.session_schedule(
        actor=facilitator, group=group, title="Circle", starts_at=start, ends_at=start + timedelta(hours=1),
        mode="in_person", location="Room 2", capacity=1,
    )  # fmt: skip
    url = reverse("groups:session", args=[group.public_id, session.public_id])
    waiting = UserFactory()
    membership.membership_join(actor=waiting, group=group, accept_agreement=True)
    sessions.rsvp(actor=member, session=session, going=True)

    def add(count):
        for person in _members(group, count):
            sessions.rsvp(actor=person, session=session, going=True)

    add(0)
    sessions.rsvp(actor=waiting, session=session, going=True)
    assert_queries_constant(sign_in(Client(), waiting), url, add=add)


def test_the_safeguarding_list(group, facilitator, member):
    lead = give_role(UserFactory(), "programme_lead")
    give_second_factor(lead)
    client = sign_in(Client(), lead)

    def add(count):
        for number in range(count):
            thread = discussions.thread_create(
                actor=member,
                group=group,
                title=f"T{number}",
                body="b",
                anonymous=True,
                open_to_suggestions=False,
            )
            moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")

    assert_queries_constant(client, reverse("groups:safeguarding"), add=add)


def test_the_theme_list(programme_lead):
    client = sign_in(Client(), programme_lead)

    def add(count):
        start = Theme.objects.count()
        for number in range(start, start + count):
            Theme.objects.create(name=f"Theme {number}")

    assert_queries_constant(client, reverse("groups:theme_list"), add=add)


def test_the_safeguarding_list_is_paginated(group, facilitator, member):
    lead = give_role(UserFactory(), "programme_lead")
    give_second_factor(lead)
    for number in range(30):
        thread = discussions.thread_create(
            actor=member, group=group, title=f"T{number}", body="b", anonymous=True, open_to_suggestions=False
        )
        moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    client = sign_in(Client(), lead)
    first = client.get(reverse("groups:safeguarding")).content.decode()
    second = client.get(reverse("groups:safeguarding") + "?page=2").content.decode()
    assert first.count('class="list-group-item"') == 25 and second.count('class="list-group-item"') == 5
