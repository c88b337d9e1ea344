"""Sessions: waitlist promotion, reminders that move with the session, cancellations, notes, .ics."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import SessionRSVP
from groups.services import sessions
from peersupport.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(facilitator):
    members = [UserFactory() for _ in range(3)]
    group = make_group(facilitator=facilitator, members=members)
    start = timezone.now() + timedelta(days=3)
    session = sessions.session_schedule(
        actor=facilitator,
        group=group,
        title="Monthly circle",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        mode="in_person",
        location="Room 2",
        capacity=2,
    )
    return group, session, members


def _reminders(user):
    return Notification.objects.filter(recipient=user, kind="groups.session_reminder", status="pending")


def test_going_schedules_two_reminders_a_day_and_an_hour_before(people):
    _group, session, (first, *_rest) = people
    sessions.rsvp(actor=first, session=session, going=True)
    due = sorted(_reminders(first).values_list("due_at", flat=True))
    assert due == [session.starts_at - timedelta(hours=24), session.starts_at - timedelta(hours=1)]


def test_a_full_session_waitlists_and_a_freed_place_promotes_the_next_in_line(people):
    _group, session, (first, second, third) = people
    sessions.rsvp(actor=first, session=session, going=True)
    sessions.rsvp(actor=second, session=session, going=True)
    waiting = sessions.rsvp(actor=third, session=session, going=True)
    assert waiting.answer == "waitlisted" and not _reminders(third).exists()

    sessions.rsvp(actor=first, session=session, going=False)

    assert SessionRSVP.objects.get(session=session, user=third).answer == "going"
    assert _reminders(third).count() == 2 and not _reminders(first).exists()
    assert Notification.objects.filter(recipient=third, kind="groups.session_changed").exists()


def test_moving_a_session_moves_the_reminders_and_tells_people(people, facilitator):
    _group, session, (first, *_rest) = people
    sessions.rsvp(actor=first, session=session, going=True)
    new_start = session.starts_at + timedelta(days=1)
    sessions.session_reschedule(
        actor=facilitator, session=session, starts_at=new_start, ends_at=new_start + timedelta(hours=1)
    )
    due = sorted(_reminders(first).values_list("due_at", flat=True))
    assert due == [new_start - timedelta(hours=24), new_start - timedelta(hours=1)]
    assert Notification.objects.filter(recipient=first, kind="groups.session_changed").count() == 1


def test_cancelling_withdraws_reminders_and_tells_people(people, facilitator):
    _group, session, (first, *_rest) = people
    sessions.rsvp(actor=first, session=session, going=True)
    sessions.session_cancel(actor=facilitator, session=session, reason="Room flooded")
    assert not _reminders(first).exists()
    notice = Notification.objects.get(recipient=first, kind="groups.session_changed")
    assert "Room flooded" in notice.context["message"]
    with pytest.raises(sessions.SessionError):
        sessions.rsvp(actor=first, session=session, going=True)


def test_sessions_are_scheduled_in_the_groups_timezone(people, facilitator):
    group, _session, _members = people
    group.timezone = "America/New_York"
    group.save()
    client = sign_in(Client(), facilitator)
    day = (timezone.now() + timedelta(days=40)).date()  # always in the future, whatever today is
    response = client.post(
        reverse("groups:session_create", args=[group.public_id]),
        {
            "title": "Evening call",
            "starts_at": f"{day:%Y-%m-%d}T18:00",
            "ends_at": f"{day:%Y-%m-%d}T19:00",
            "mode": "video",
            "video_link": "https://video.example.org/room",
        },
    )
    assert response.status_code == 302
    created = group.sessions.get(title="Evening call")
    evening = datetime(day.year, day.month, day.day, 18, 0, tzinfo=ZoneInfo("America/New_York"))
    assert created.starts_at == evening


def test_bad_session_input_is_explained(people, facilitator):
    group, _session, _members = people
    response = sign_in(Client(), facilitator).post(
        reverse("groups:session_create", args=[group.public_id]),
        {
            "title": "Backwards",
            "starts_at": f"{timezone.now().year + 1}-01-10T18:00",
            "ends_at": f"{timezone.now().year + 1}-01-10T17:00",
            "mode": "in_person",
            "location": "Room 1",
        },
    )
    assert response.status_code == 400
    assert "A session needs to end after it starts." in response.content.decode()


def test_notes_and_names_are_for_facilitators_only(people, facilitator):
    group, session, (first, second, _third) = people
    sessions.rsvp(actor=first, session=session, going=True)
    url = reverse("groups:session", args=[group.public_id, session.public_id])
    facilitator_client = sign_in(Client(), facilitator)
    facilitator_client.post(url, {"body": "Check in with the new member"})
    assert "Check in with the new member" in facilitator_client.get(url).content.decode()
    member_page = sign_in(Client(), second).get(url).content.decode()
    assert "Check in with the new member" not in member_page and first.display_name not in member_page
    assert "1 of 2 taken" in member_page


def test_attendance_is_recorded(people, facilitator):
    group, session, (first, second, _third) = people
    sessions.rsvp(actor=first, session=session, going=True)
    sessions.rsvp(actor=second, session=session, going=True)
    sign_in(Client(), facilitator).post(
        reverse("groups:session_attendance", args=[group.public_id, session.public_id]),
        {"attended": [first.pk]},
    )
    assert dict(SessionRSVP.objects.values_list("user_id", "attended")) == {first.pk: True, second.pk: False}


def test_each_session_offers_an_ics_file_without_names(people):
    group, session, (first, second, third) = people
    for person in (first, second, third):
        sessions.rsvp(actor=person, session=session, going=True)  # two going, one waiting
    response = sign_in(Client(), first).get(
        reverse("groups:session_calendar", args=[group.public_id, session.public_id])
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "Monthly circle" in body and "Room 2" in body
    for person in (first, second, third):
        assert person.display_name not in body and person.email not in body


def test_home_lists_the_persons_upcoming_sessions(people):
    _group, session, (first, second, _third) = people
    sessions.rsvp(actor=first, session=session, going=False)
    session.starts_at = timezone.now() + timedelta(days=2)
    session.save()
    sessions.rsvp(actor=second, session=session, going=True)
    assert "Monthly circle" in sign_in(Client(), second).get("/").content.decode()
    assert "Monthly circle" not in sign_in(Client(), first).get("/").content.decode()


@pytest.mark.parametrize("how", ["leave", "removed"])
def test_leaving_a_group_withdraws_every_message_about_it_and_no_later_one_comes(people, facilitator, how):
    from groups.models import Membership
    from groups.services import membership as services

    group, session, (first, second, third) = people
    sessions.rsvp(actor=first, session=session, going=True)
    sessions.rsvp(actor=second, session=session, going=True)
    sessions.rsvp(actor=third, session=session, going=True)  # waiting
    assert _reminders(first).count() == 2
    if how == "leave":
        services.membership_leave(actor=first, group=group)
    else:
        membership = Membership.objects.get(group=group, user=first)
        services.membership_remove(actor=facilitator, membership=membership, reason="Broke the agreement")

    assert not Notification.objects.filter(
        recipient=first, status="pending", topic=f"groups.group:{group.public_id}"
    ).exists()
    assert not _reminders(first).exists()
    assert SessionRSVP.objects.get(session=session, user=first).answer == "not_going"
    assert SessionRSVP.objects.get(session=session, user=third).answer == "going"  # the place went on

    new_start = session.starts_at + timedelta(days=1)
    sessions.session_reschedule(
        actor=facilitator, session=session, starts_at=new_start, ends_at=new_start + timedelta(hours=1)
    )
    sessions.session_cancel(actor=facilitator, session=session, reason="Room flooded")
    heard = Notification.objects.filter(recipient=first, kind__startswith="groups.session")
    assert not heard.exclude(status="cancelled").exists(), list(heard.values_list("kind", "status"))
    assert Notification.objects.filter(recipient=second, kind="groups.session_changed").count() == 2


def test_a_former_member_still_on_an_old_waitlist_is_never_promoted(people, facilitator):
    from groups.models import Membership

    group, session, (first, second, third) = people
    sessions.rsvp(actor=first, session=session, going=True)
    sessions.rsvp(actor=second, session=session, going=True)
    sessions.rsvp(actor=third, session=session, going=True)
    # A membership that ended without the service (as old data may have): the waitlist still skips it.
    Membership.objects.filter(group=group, user=third).update(status="left")
    sessions.rsvp(actor=first, session=session, going=False)
    assert SessionRSVP.objects.get(session=session, user=third).answer == "waitlisted"
    assert not _reminders(third).exists()


def test_no_answer_to_a_session_that_has_ended(people):
    import time_machine

    _group, session, (first, *_rest) = people
    ended = time_machine.travel(session.ends_at + timedelta(minutes=1))
    with ended, pytest.raises(sessions.SessionError, match="already taken place"):
        sessions.rsvp(actor=first, session=session, going=True)


def test_the_group_page_and_the_facilitators_home_count_only_those_going(people, facilitator):
    group, session, members = people
    later = timezone.now() + timedelta(days=10)
    sessions.session_schedule(
        actor=facilitator, group=group, title="Later circle", starts_at=later,
        ends_at=later + timedelta(hours=1), mode="in_person", location="Room 3", capacity=None,
    )  # fmt: skip
    sessions.rsvp(actor=members[0], session=session, going=True)
    sessions.rsvp(actor=members[1], session=session, going=True)
    sessions.rsvp(actor=members[2], session=session, going=True)  # full: on the waitlist
    sessions.rsvp(actor=facilitator, session=session, going=False)
    client = sign_in(Client(), facilitator)
    page = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()
    sessions_box = page[page.index('id="sessions-heading"') : page.index('id="conversations-heading"')]
    assert sessions_box.index("Monthly circle") < sessions_box.index("2 going") < sessions_box.index("Later")
    assert sessions_box.count("0 going") == 1
    home = client.get(reverse("core:home")).content.decode()
    assert "Monthly circle" in home and "2 going" in home
