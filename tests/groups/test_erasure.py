"""Erasure never gives an anonymous author away: pseudonyms are never reused, and a watcher of a thread sees
nothing that links a pseudonym to the named posts that vanished with the same account."""

import pytest
from django.utils import timezone

from groups.models import Post, Pseudonym, Thread
from groups.services import discussions
from peersupport.accounts import services as account_services
from tests.accounts.factories import UserFactory
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(facilitator):
    starter = UserFactory(display_name="Thread Starter")
    group = make_group(facilitator=facilitator, members=[starter])
    return discussions.thread_create(
        actor=starter,
        group=group,
        title="Hard week",
        body="Tired.",
        anonymous=False,
        open_to_suggestions=False,
    )


def _join_and_reply(thread, person, anonymous=True, body="Same here"):
    from groups.services import membership as services

    services.membership_join(actor=person, group=thread.group, accept_agreement=True)
    return discussions.post_reply(
        actor=person, thread=thread, body=body, reply_type="share", anonymous=anonymous
    )


@pytest.mark.parametrize("keep_posts", [True, False])
def test_a_newcomer_after_an_erasure_gets_a_new_label_and_no_error(thread, keep_posts):
    x, y, newcomer = UserFactory(), UserFactory(), UserFactory()
    assert _join_and_reply(thread, x).pseudonym == "Member A"
    assert _join_and_reply(thread, y).pseudonym == "Member B"
    account_services.account_erase(actor=x, keep_posts=keep_posts)
    reply = _join_and_reply(thread, newcomer)
    assert reply.pseudonym == "Member C"
    assert Pseudonym.objects.filter(thread=thread, user__isnull=True, label="Member A").exists()


def test_with_one_earlier_label_the_newcomer_is_not_handed_the_erased_persons(thread):
    x, newcomer = UserFactory(), UserFactory()
    _join_and_reply(thread, x)
    account_services.account_erase(actor=x, keep_posts=True)
    assert _join_and_reply(thread, newcomer).pseudonym == "Member B"


def test_erasure_does_not_blank_named_and_anonymous_posts_at_the_same_moment(thread):
    person = UserFactory(display_name="Jun Ito")
    named = _join_and_reply(thread, person, anonymous=False, body="Named words")
    anonymous = discussions.post_reply(
        actor=person, thread=thread, body="Anonymous words", reply_type="share", anonymous=True
    )
    before = timezone.now()
    account_services.account_erase(actor=person, keep_posts=False)
    named.refresh_from_db()
    anonymous.refresh_from_db()
    assert named.body == "" and named.deleted_at is not None  # gone at once
    # The anonymous reply no longer points at anyone, still reads as written, and waits a random while.
    assert anonymous.author_id is None and anonymous.body == "Anonymous words"
    assert anonymous.deleted_at is None and anonymous.pseudonym == "Member A"
    assert anonymous.erase_at is not None and anonymous.erase_at >= before + timezone.timedelta(hours=1)
    assert discussions.writing_erase_due() == 0
    assert discussions.writing_erase_due(now=anonymous.erase_at) == 1
    anonymous.refresh_from_db()
    assert anonymous.body == "" and anonymous.deleted_at is not None and anonymous.erase_at is None


def test_the_waits_differ_between_conversations(facilitator):
    person = UserFactory()
    group = make_group(facilitator=facilitator, members=[person])
    threads = [
        discussions.thread_create(
            actor=person, group=group, title=f"T{n}", body="x", anonymous=True, open_to_suggestions=False
        )
        for n in range(6)
    ]
    account_services.account_erase(actor=person, keep_posts=False)
    waits = set(Thread.objects.filter(pk__in=[t.pk for t in threads]).values_list("erase_at", flat=True))
    assert len(waits) > 1, "every conversation waited exactly as long: the waits would line up"
    assert not Post.objects.filter(erase_at__isnull=False).exists()
