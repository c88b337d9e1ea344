"""A thread's replies are read a page at a time by key (?after= / ?before= a reply), and every link into a
thread — old ?page=N links included — lands on the reply it names."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups import selectors
from groups.models import Post
from groups.services import discussions
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db
SIZE = selectors.REPLIES_PER_PAGE


@pytest.fixture
def long_thread(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    thread = discussions.thread_create(
        actor=member, group=group, title="Long", body="b", anonymous=False, open_to_suggestions=True
    )
    for number in range(2 * SIZE + 5):
        discussions.post_reply(
            actor=facilitator,
            thread=thread,
            body=f"Reply-{number:03d}",
            reply_type="reflect",
            anonymous=False,
        )
    # Several replies written in the same instant: the id breaks the tie, so none is skipped or repeated.
    Post.objects.filter(body__in=[f"Reply-{n:03d}" for n in range(18, 23)]).update(created_at=timezone.now())
    return group, thread


def replies_on(page: str) -> list[int]:
    return [int(number) for number in re.findall(r"Reply-(\d{3})", page)]


def links(page: str) -> dict[str, str]:
    nav = page[page.index('aria-label="Pages of replies"') :] if "Pages of replies" in page else ""
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(r'<a class="page-link" href="([^"]*)"[^>]*>([^<]+)</a>', nav)
    }


def test_walking_later_and_earlier_visits_every_reply_once(long_thread, member):
    group, thread = long_thread
    url = reverse("groups:thread", args=[group.public_id, thread.public_id])
    client = sign_in(Client(), member)
    seen, page = [], client.get(url).content.decode()
    first_page = replies_on(page)
    assert "Earlier" not in links(page) and "First replies" not in links(page)
    while True:
        seen += replies_on(page)
        later = links(page).get("Later")
        if later is None:
            break
        page = client.get(url + later).content.decode()
    order = sorted(range(2 * SIZE + 5), key=lambda n: (Post.objects.get(body=f"Reply-{n:03d}").created_at, n))
    assert seen == order and len(seen) == len(set(seen))
    assert "Latest replies" not in links(page)

    backwards = []
    while True:
        backwards = replies_on(page) + backwards
        earlier = links(page).get("Earlier")
        if earlier is None:
            break
        page = client.get(url + earlier).content.decode()
    assert backwards == seen and replies_on(page) == first_page


def test_the_latest_page_and_old_numbered_links(long_thread, member):
    group, thread = long_thread
    url = reverse("groups:thread", args=[group.public_id, thread.public_id])
    client = sign_in(Client(), member)
    ordered = list(
        Post.objects.filter(thread=thread).order_by("created_at", "id").values_list("body", flat=True)
    )
    numbers = [int(body[-3:]) for body in ordered]
    latest = client.get(url, {"page": "last"}).content.decode()
    assert replies_on(latest) == numbers[-SIZE:] and "Later" not in links(latest)
    second = client.get(url, {"page": 2}).content.decode()
    assert replies_on(second) == numbers[SIZE : 2 * SIZE]
    beyond = client.get(url, {"page": 99}).content.decode()
    assert replies_on(beyond) == numbers[-SIZE:]


def test_links_to_a_reply_land_on_it_old_and_new(long_thread, member):
    group, thread = long_thread
    client = sign_in(Client(), member)
    ordered = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    for position in (0, SIZE - 1, SIZE, SIZE + 1, len(ordered) - 1):
        reply = ordered[position]
        link = selectors.item_link(reply)
        assert link.endswith(f"#post-{reply.public_id}") and "page=" not in link
        page = client.get(link.split("#")[0]).content.decode()
        assert replies_on(page)[0] == int(reply.body[-3:])  # the page starts with it
        # A link written before keyset pages (?page=N#post-…) still lands on the same reply.
        old = (
            reverse("groups:thread", args=[group.public_id, thread.public_id])
            + f"?page={position // SIZE + 1}"
        )
        assert f'id="post-{reply.public_id}"' in client.get(old).content.decode()


def test_a_new_reply_lands_on_the_latest_page(long_thread, member):
    group, thread = long_thread
    url = reverse("groups:thread", args=[group.public_id, thread.public_id])
    client = sign_in(Client(), member)
    response = client.post(url, {"body": "Reply-999 I hear how tiring that is.", "reply_type": "reflect"})
    post = Post.objects.get(body__startswith="Reply-999")
    assert response["Location"] == f"{url}?page=last#post-{post.public_id}"
    assert f'id="post-{post.public_id}"' in client.get(response["Location"].split("#")[0]).content.decode()


def test_a_reply_from_another_thread_is_no_key_here(long_thread, facilitator, member):
    group, thread = long_thread
    elsewhere = discussions.thread_create(
        actor=member, group=group, title="Other", body="b", anonymous=False, open_to_suggestions=True
    )
    stranger = discussions.post_reply(
        actor=facilitator, thread=elsewhere, body="Other words", reply_type="reflect", anonymous=False
    )
    url = reverse("groups:thread", args=[group.public_id, thread.public_id])
    client = sign_in(Client(), member)
    page = client.get(url, {"after": stranger.public_id}).content.decode()
    assert replies_on(page) == replies_on(client.get(url).content.decode())
