"""The groups app's part of the home page: what waits for a facilitator, and a way in for someone in no
group."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership
from groups.services import discussions, moderation, sessions
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


def _home(person) -> str:
    return sign_in(Client(), person).get(reverse("core:home")).content.decode()


def test_a_facilitator_sees_what_waits_in_each_group_and_the_next_session_they_run(facilitator, member):
    readers = [UserFactory() for _ in range(2)]
    quiet = make_group(facilitator=facilitator, members=[member, *readers], name="Quiet minds")
    other = make_group(facilitator=facilitator, members=[member], name="New parents", join_policy="request")
    thread = discussions.thread_create(
        actor=member, group=quiet, title="Noise", body="Loud.", anonymous=False, open_to_suggestions=False
    )
    reply = discussions.post_reply(actor=member, thread=thread, body="Also loud.", reply_type="share",
                                   anonymous=False)  # fmt: skip
    moderation.report_create(actor=readers[0], item=thread, reason="unkind")
    moderation.report_create(actor=readers[1], item=reply, reason="other")
    discussions.post_reply(actor=member, thread=thread, body="I don't want to be here anymore.",
                           reply_type="share", anonymous=True)  # fmt: skip
    Membership.objects.create(group=other, user=UserFactory(), status=Membership.Status.REQUESTED)
    start = timezone.now() + timedelta(days=2)
    sessions.session_schedule(
        actor=facilitator, group=other, title="Evening circle", starts_at=start,
        ends_at=start + timedelta(hours=1), mode="in_person", location="Room 1", capacity=None,
    )  # fmt: skip
    page = _home(facilitator)
    assert "Waiting for you as a facilitator" in page
    assert "2 reported or hidden items waiting" in page  # the at-risk one is counted on its own
    assert "1 post may show someone at risk" in page
    assert "1 request to join" in page
    assert "Next session you run:" in page and "Evening circle" in page
    assert reverse("groups:moderation_all") in page
    assert "Waiting for you as a facilitator" not in _home(member)


def test_someone_in_no_group_is_offered_a_way_to_find_one(employee, facilitator):
    make_group(facilitator=facilitator, name="Quiet minds")
    page = _home(employee)
    assert "Find a group that gets it" in page and reverse("groups:list") in page
    assert "Quiet minds theme" in page
    assert "groups are coming" not in page and "As peer groups" not in page


def test_someone_in_a_group_is_not_offered_one(member, facilitator):
    make_group(facilitator=facilitator, members=[member])
    assert "Find a group that gets it" not in _home(member)


def test_safeguarding_leads_see_decisions_and_open_risk_alerts_on_their_home_page(facilitator, member):
    from groups.models import RiskFlag
    from tests.accounts.factories import give_role, give_second_factor

    lead = give_role(UserFactory(), "safeguarding_lead")
    give_second_factor(lead)
    group = make_group(facilitator=facilitator, members=[member], name="Finding balance")
    thread = discussions.thread_create(
        actor=member, group=group, title="T", body="I don't want to be here anymore.", anonymous=True,
        open_to_suggestions=False,
    )  # fmt: skip
    moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    page = _home(lead)
    assert "1 request waiting for your decision" in page
    flag = RiskFlag.objects.get()
    assert reverse("groups:risk", args=[flag.public_id]) in page and "Finding balance" in page
    moderation.risk_handle(actor=facilitator, flag=flag, note="Checked in.")
    assert reverse("groups:risk", args=[flag.public_id]) not in _home(lead)
    assert "Risk alerts not yet handled" not in _home(facilitator)
