"""The member and reply counts kept on groups and threads stay equal to a count of the rows, whatever
sequence of joining, leaving, removal, replying, deleting, moderation and erasure happens."""

import contextlib
import io
import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from groups.models import FacilitatorAppointment, Membership, PeerGroup, Post, Thread
from groups.services import counts, discussions, moderation
from groups.services import membership as services
from peersupport.accounts import services as account_services
from peersupport.core.exceptions import ApplicationError
from tests.accounts.factories import UserFactory
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


def recounted_members() -> dict[int, int]:
    return {
        group.pk: Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).count()
        for group in PeerGroup.objects.all()
    }


def recounted_replies() -> dict[int, int]:
    return {
        thread.pk: Post.objects.filter(thread=thread, deleted_at__isnull=True).count()
        for thread in Thread.objects.all()
    }


def kept_members() -> dict[int, int]:
    return dict(PeerGroup.objects.values_list("pk", "member_count"))


def kept_replies() -> dict[int, int]:
    return dict(Thread.objects.values_list("pk", "reply_count"))


def assert_counts_right(step: str = "") -> None:
    assert kept_members() == recounted_members(), step
    assert kept_replies() == recounted_replies(), step


class World:
    """Two groups (one open, one asked to join), a handful of people and the service calls that change who
    is in them and what they wrote."""

    def __init__(self, facilitator, rng: random.Random):
        self.rng = rng
        self.facilitator = facilitator
        self.lead = UserFactory()
        self.open = make_group(facilitator=facilitator, name="Open circle")
        self.asked = make_group(facilitator=facilitator, name="Asked circle", join_policy="request")
        self.people = [UserFactory() for _ in range(7)]

    def pick(self, items):
        return self.rng.choice(list(items)) if items else None

    def active(self, group):
        active = Membership.objects.filter(group=group, status="active").select_related("user")
        return [membership.user for membership in active]

    # Each step is one service call (or two, where a journey needs them), chosen at random.
    def join(self):
        group = self.pick([self.open, self.asked])
        services.membership_join(actor=self.pick(self.people), group=group, accept_agreement=True)

    def decide(self):
        waiting = Membership.objects.filter(group=self.asked, status="requested")
        request = self.pick(waiting)
        if request:
            services.membership_request_decide(
                actor=self.facilitator, membership=request, approve=self.rng.random() < 0.7
            )

    def invite(self):
        services.membership_invite(actor=self.facilitator, group=self.asked, user=self.pick(self.people))

    def leave(self):
        group = self.pick([self.open, self.asked])
        services.membership_leave(actor=self.pick(self.people), group=group)

    def remove(self):
        group = self.pick([self.open, self.asked])
        target = Membership.objects.filter(group=group, status="active", role="member")
        membership = self.pick(target)
        if membership:
            services.membership_remove(actor=self.facilitator, membership=membership, reason="Unkind words")

    def appoint(self):
        group = self.pick([self.open, self.asked])
        services.facilitator_appoint(actor=self.lead, group=group, user=self.pick(self.people))
        FacilitatorAppointment.objects.filter(started_at__isnull=True).update(
            starts_at=timezone.now() - timedelta(minutes=1)
        )
        services.facilitator_appointments_start_due()

    def converse(self):
        group = self.pick([self.open, self.asked])
        author = self.pick(self.active(group))
        threads = list(Thread.objects.filter(group=group, deleted_at__isnull=True))
        if not threads or self.rng.random() < 0.2:
            discussions.thread_create(
                actor=author, group=group, title="A day", body="It was long.", anonymous=False,
                open_to_suggestions=True,
            )  # fmt: skip
            return
        discussions.post_reply(
            actor=author, thread=self.pick(threads), body="I hear you.", reply_type="reflect",
            anonymous=self.rng.random() < 0.5,
        )  # fmt: skip

    def delete(self):
        post = self.pick(Post.objects.filter(author__isnull=False))
        if post:
            discussions.item_delete(actor=post.author, item=post)

    def moderate(self):
        post = self.pick(Post.objects.filter(removed_at__isnull=True, deleted_at__isnull=True))
        if post:
            moderation.moderate(
                actor=self.facilitator, item=post, action=self.pick(["hide", "remove"]), reason="Agreement"
            )

    def erase(self):
        # Mostly someone who wrote anonymously, whose words are then blanked on a later beat.
        anonymous = Post.objects.exclude(pseudonym="").filter(deleted_at=None, author__in=self.people)
        writers = list({post.author for post in anonymous.select_related("author")})
        person = self.pick(writers) if writers and self.rng.random() < 0.8 else self.pick(self.people)
        account_services.account_erase(actor=person, keep_posts=self.rng.random() < 0.5)
        self.people.remove(person)
        self.people.append(UserFactory())
        # The erased person's anonymous words are blanked later, at a random time; bring that time now.
        Post.objects.exclude(erase_at=None).update(erase_at=timezone.now() - timedelta(seconds=1))
        Thread.objects.exclude(erase_at=None).update(erase_at=timezone.now() - timedelta(seconds=1))
        discussions.writing_erase_due()

    STEPS = ("join", "join", "decide", "invite", "leave", "remove", "appoint", "converse", "converse",
             "converse", "delete", "moderate", "erase")  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_kept_counts_match_a_recount_after_random_service_calls(facilitator, seed):
    rng = random.Random(seed)
    world = World(facilitator, rng)
    assert_counts_right("start")
    for number in range(70):
        step = rng.choice(World.STEPS)
        # A refused call (already in, only facilitator, removed before…) must have changed nothing.
        with contextlib.suppress(ApplicationError):
            getattr(world, step)()
        assert_counts_right(f"seed {seed}, step {number}: {step}")
    assert sum(kept_members().values()) > 2 and sum(kept_replies().values()) > 0


def test_deleting_a_reply_twice_takes_it_off_once(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    thread = discussions.thread_create(
        actor=member, group=group, title="T", body="b", anonymous=False, open_to_suggestions=True
    )
    post = discussions.post_reply(actor=member, thread=thread, body="r", reply_type="share", anonymous=False)
    stale = Post.objects.get(pk=post.pk)
    discussions.item_delete(actor=member, item=post)
    discussions.item_delete(actor=member, item=stale)  # a second tab still showing it
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


def test_counts_refresh_recounts_after_bulk_loading(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    thread = discussions.thread_create(
        actor=member, group=group, title="T", body="b", anonymous=False, open_to_suggestions=True
    )
    discussions.post_reply(actor=member, thread=thread, body="r", reply_type="share", anonymous=False)
    PeerGroup.objects.update(member_count=0)
    Thread.objects.update(reply_count=7)
    counts.counts_refresh()
    assert_counts_right()
    PeerGroup.objects.update(member_count=9)
    call_command("recount_groups", stdout=io.StringIO())
    assert_counts_right()
    assert PeerGroup.objects.get(pk=group.pk).member_count == 2
