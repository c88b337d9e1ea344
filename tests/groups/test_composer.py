"""The reply box for someone who wrote anonymously in a thread, and the warning in small groups."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Post
from groups.services import discussions
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_group(facilitator, member):
    return make_group(facilitator=facilitator, members=[member, *[UserFactory() for _ in range(6)]])


def _thread(group, author, *, anonymous):
    return discussions.thread_create(
        actor=author, group=group, title="Hard day", body="Rough week.", anonymous=anonymous,
        open_to_suggestions=False,
    )  # fmt: skip


def _anonymous_box(page: str) -> str:
    return re.search(r'<input[^>]*name="anonymous"[^>]*>', page).group(0)


def _url(thread):
    return reverse("groups:thread", args=[thread.group.public_id, thread.public_id])


def test_someone_who_wrote_as_member_a_is_set_to_reply_as_member_a_again(big_group, member):
    thread = _thread(big_group, member, anonymous=True)
    page = sign_in(Client(), member).get(_url(thread)).content.decode()
    assert "Reply as Member A again" in page
    assert "checked" in _anonymous_box(page)
    # Posting with the box left as it is stays anonymous.
    client = sign_in(Client(), member)
    client.post(_url(thread), {"reply_type": "share", "body": "Thanks all.", "anonymous": "on"})
    assert Post.objects.get(thread=thread).pseudonym == "Member A"


def test_someone_else_sees_the_usual_box(big_group, member, facilitator):
    thread = _thread(big_group, member, anonymous=True)
    page = sign_in(Client(), facilitator).get(_url(thread)).content.decode()
    assert "Member A again" not in page and "Reply anonymously" in page
    assert "checked" not in _anonymous_box(page)


def test_switching_to_ones_name_asks_once_then_posts_under_the_name(big_group, member):
    thread = _thread(big_group, member, anonymous=True)
    client = sign_in(Client(), member)
    first = client.post(_url(thread), {"reply_type": "share", "body": "It's me, Jun."})
    assert first.status_code == 200 and not Post.objects.exists()
    content = first.content.decode()
    assert "Everyone will see your name next to this reply; your earlier posts stay as Member A" in content
    assert "Post under my name" in content and "It&#x27;s me, Jun." in content  # nothing lost
    second = client.post(
        _url(thread), {"reply_type": "share", "body": "It's me, Jun.", "name_confirmed": "on"}
    )
    assert second.status_code == 302
    assert Post.objects.get(thread=thread).pseudonym == ""
    # Once they have replied under their name here, they are not asked again.
    third = client.post(_url(thread), {"reply_type": "share", "body": "Me again."})
    assert third.status_code == 302 and Post.objects.count() == 2


def test_someone_who_never_wrote_anonymously_is_not_asked(big_group, member):
    thread = _thread(big_group, member, anonymous=False)
    response = sign_in(Client(), member).post(_url(thread), {"reply_type": "share", "body": "Update."})
    assert response.status_code == 302


def test_a_small_group_says_anonymous_posts_may_be_guessed(facilitator, member):
    small = make_group(facilitator=facilitator, members=[member, UserFactory()])
    client = sign_in(Client(), member)
    create = client.get(reverse("groups:thread_create", args=[small.public_id])).content.decode()
    assert "This group has only 3 members, so the others may be able to guess" in create
    thread = _thread(small, member, anonymous=False)
    assert "may be able to guess who wrote an anonymous reply" in client.get(_url(thread)).content.decode()


def test_a_group_at_the_floor_has_no_such_warning(big_group, member):
    client = sign_in(Client(), member)
    page = client.get(reverse("groups:thread_create", args=[big_group.public_id])).content.decode()
    assert "may be able to guess" not in page
