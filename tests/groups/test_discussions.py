"""Conversations: anonymity that holds everywhere, listening-first replies, edits, reactions, unread."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import EditRecord, Post, Reaction
from groups.services import discussions
from peersupport.accounts import services as account_services
from tests.accounts.factories import UserFactory
from tests.conftest import CANARY, sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(facilitator, member):
    author = UserFactory(email="hidden.author@example.com", display_name="Hidden Author")
    group = make_group(facilitator=facilitator, members=[member, author])
    thread = discussions.thread_create(
        actor=author,
        group=group,
        title="Struggling",
        body=f"Secret {CANARY}",
        anonymous=True,
        open_to_suggestions=False,
    )
    return group, thread, author


def _thread_url(group, thread):
    return reverse("groups:thread", args=[group.public_id, thread.public_id])


def test_anonymous_authors_appear_only_as_their_pseudonym_to_everyone_else(world, member, facilitator):
    group, thread, author = world
    discussions.post_reply(actor=author, thread=thread, body="Thanks all", reply_type="share", anonymous=True)
    discussions.post_reply(actor=member, thread=thread, body="Me too", reply_type="share", anonymous=True)
    pages = []
    for viewer in (member, facilitator):
        client = sign_in(Client(), viewer)
        pages.append(client.get(_thread_url(group, thread)).content.decode())
        pages.append(client.get(reverse("groups:detail", args=[group.public_id])).content.decode())
        pages.append(
            client.post(
                reverse("groups:react", args=[group.public_id, thread.public_id]),
                {"kind": "support"},
                headers={"HX-Request": "true"},
            ).content.decode()
        )
        pages.append(
            client.get(reverse("groups:manage", args=[group.public_id])).content.decode()
            if viewer == facilitator
            else ""
        )
    for page in pages:
        assert "hidden.author@example.com" not in page
    for index in (0, 2, 4, 6):  # thread pages and htmx fragments: the author's name never appears
        assert "Hidden Author" not in pages[index]
    thread_page = pages[0]
    assert thread_page.count("Member A") >= 2 and "Member B" in thread_page
    for index in (1, 5):  # group pages list members (that is not secret); the conversation list shows no name
        conversations = pages[index].split("Conversations", 1)[1].split("Our group agreement", 1)[0]
        assert "Member A" in conversations and "Hidden Author" not in conversations


def test_a_pseudonym_is_fixed_at_posting_time(world, member):
    group, thread, _author = world
    group.allow_anonymous = False
    group.save()
    thread.refresh_from_db()
    assert (
        thread.pseudonym == "Member A" and thread.byline == "Member A"
    )  # the setting changed; the past did not


def test_other_groups_and_hr_and_site_admins_get_404_for_a_thread(world, outsider, hr_admin, site_admin):
    group, thread, _author = world
    other_group_member = UserFactory()
    make_group(facilitator=UserFactory(), name="Other group", members=[other_group_member])
    for viewer in (outsider, hr_admin, site_admin, other_group_member):
        assert sign_in(Client(), viewer).get(_thread_url(group, thread)).status_code == 404


def test_suggestions_only_when_the_author_asked_for_them(world, member):
    group, thread, _author = world
    with pytest.raises(discussions.DiscussionError, match="listening rather than suggestions"):
        discussions.post_reply(
            actor=member, thread=thread, body="Try X", reply_type="suggest", anonymous=False
        )
    page = sign_in(Client(), member).get(_thread_url(group, thread)).content.decode()
    assert 'value="suggest"' not in page and 'value="reflect"' in page


def test_the_listening_coach_offers_a_hint_and_the_person_can_still_post(world, member):
    group, thread, _author = world
    client = sign_in(Client(), member)
    data = {"reply_type": "reflect", "body": "You should just talk to your manager."}
    first = client.post(_thread_url(group, thread), data)
    content = first.content.decode()
    assert first.status_code == 200
    assert "A thought from the listening coach" in content and "Post as written" in content
    assert not Post.objects.exists()

    second = client.post(_thread_url(group, thread), {**data, "confirmed": "on"})
    assert second.status_code == 302
    assert Post.objects.get().body == data["body"]


def test_a_kind_reply_posts_straight_away(world, member):
    group, thread, _author = world
    response = sign_in(Client(), member).post(
        _thread_url(group, thread), {"reply_type": "reflect", "body": "That sounds so hard."}
    )
    assert response.status_code == 302 and Post.objects.count() == 1


def test_edits_are_kept_for_moderators_and_allowed_for_fifteen_minutes(world):
    _group, thread, author = world
    discussions.item_edit(actor=author, item=thread, body="Edited")
    assert EditRecord.objects.get(thread=thread).previous_body.startswith("Secret")
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=16)),
        pytest.raises(discussions.DiscussionError, match="15 minutes"),
    ):
        discussions.item_edit(actor=author, item=thread, body="Too late")


def test_deleting_removes_the_text_and_its_history(world):
    _group, thread, author = world
    discussions.item_edit(actor=author, item=thread, body="Edited once")
    discussions.item_delete(actor=author, item=thread)
    thread.refresh_from_db()
    assert thread.body == "" and thread.deleted_at is not None
    assert not EditRecord.objects.filter(thread=thread).exists()


def test_only_the_author_may_edit(world, member):
    group, thread, _author = world
    client = sign_in(Client(), member)
    assert (
        client.get(reverse("groups:thread_edit", args=[group.public_id, thread.public_id])).status_code == 403
    )


def test_reactions_are_counts_and_toggle(world, member, facilitator):
    group, thread, _author = world
    url = reverse("groups:react", args=[group.public_id, thread.public_id])
    sign_in(Client(), member).post(url, {"kind": "thanks"})
    fragment = sign_in(Client(), facilitator).post(url, {"kind": "thanks"}, headers={"HX-Request": "true"})
    content = fragment.content.decode()
    assert '<span class="badge text-bg-light">2</span>' in content
    assert member.display_name not in content and facilitator.display_name not in content
    assert 'aria-pressed="true"' in content  # the facilitator's own press shows as on
    # Pressing again takes it back: the count drops and the button is off again.
    again = sign_in(Client(), facilitator).post(url, {"kind": "thanks"}, headers={"HX-Request": "true"})
    content = again.content.decode()
    assert '<span class="badge text-bg-light">1</span>' in content
    assert 'aria-pressed="true"' not in content
    assert Reaction.objects.filter(thread=thread, kind="thanks").count() == 1


def _bars(page: str) -> list[list[str]]:
    """Each reaction bar on a page, in order: per button (thanks, me too, support) its count, with a "*"
    when the reader pressed it."""
    badge = r'<span class="badge text-bg-light">(\d+)</span>'
    button = rf'aria-pressed="(true|false)">[^<]+?(?: {badge})?</button>'
    return [
        [count + ("*" if pressed == "true" else "") for pressed, count in re.findall(button, bar)]
        for bar in page.split('<div class="reactions')[1:]
    ]


def test_the_thread_page_counts_each_items_reactions_and_shows_only_the_readers_own_as_pressed(
    world, member, facilitator
):
    group, thread, author = world
    first, _second = [
        discussions.post_reply(actor=member, thread=thread, body=body, reply_type="share", anonymous=False)
        for body in ("One", "Two")
    ]
    discussions.reaction_toggle(actor=facilitator, kind="thanks", post=first)
    discussions.reaction_toggle(actor=author, kind="thanks", post=first)
    discussions.reaction_toggle(actor=author, kind="support", post=first)
    discussions.reaction_toggle(actor=member, kind="me_too", thread=thread)
    page = sign_in(Client(), facilitator).get(_thread_url(group, thread)).content.decode()
    assert _bars(page) == [["", "1", ""], ["2*", "", "1"], ["", "", ""]]  # the thread, then its replies


def test_every_reaction_button_posts_to_the_threads_react_address(world, member, facilitator):
    group, thread, _author = world
    discussions.post_reply(actor=member, thread=thread, body="Here", reply_type="reflect", anonymous=False)
    url = reverse("groups:react", args=[group.public_id, thread.public_id])
    client = sign_in(Client(), facilitator)
    page = client.get(_thread_url(group, thread)).content.decode()
    kinds = len(Reaction.Kind.choices)
    # The thread's bar and the reply's: a form posting there (with or without htmx), a button per kind.
    assert page.count(f'<form method="post" action="{url}" hx-post="{url}"') == 2
    assert page.count('<button type="submit" name="kind" value="') == 2 * kinds
    fragment = client.post(url, {"kind": "thanks"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.count(f'action="{url}" hx-post="{url}"') == 1
    assert fragment.count('name="kind" value="') == kinds


def test_unread_markers_clear_when_the_thread_is_read(world, member):
    group, thread, author = world
    client = sign_in(Client(), member)
    detail = reverse("groups:detail", args=[group.public_id])
    assert ">new<" in client.get(detail).content.decode()
    client.get(_thread_url(group, thread))
    assert ">new<" not in client.get(detail).content.decode()
    # A later reply makes it new again, until the next visit moves the reader's marker on.
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        discussions.post_reply(actor=author, thread=thread, body="And", reply_type="share", anonymous=True)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert ">new<" in client.get(detail).content.decode()
        client.get(_thread_url(group, thread))
        assert ">new<" not in client.get(detail).content.decode()


def test_erasing_an_account_keeps_posts_under_a_tombstone_or_deletes_them(world, member, facilitator):
    _group, thread, author = world
    named = discussions.post_reply(
        actor=member, thread=thread, body="I'm here", reply_type="reflect", anonymous=False
    )
    account_services.account_erase(actor=member, keep_posts=True)
    named.refresh_from_db()
    assert named.byline == "Former member" and named.body == "I'm here"
    account_services.account_erase(actor=author, keep_posts=False)
    thread.refresh_from_db()
    # Anonymous: detached at once, blanked at a random later moment (tests/groups/test_erasure.py).
    assert thread.author_id is None and thread.erase_at is not None
    discussions.writing_erase_due(now=thread.erase_at)
    thread.refresh_from_db()
    assert thread.body == "" and thread.deleted_at is not None
