"""Changing groups, themes and sessions after they are made (issue 10, point 14): agreements members accept
again, confidentiality that follows the theme, sessions whose attendees and reminders keep up."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership, PeerGroup, SessionRSVP, Theme
from groups.selectors import group_form_initial
from groups.services import discussions, editing, sessions
from peersupport.core.models import AuditEvent
from peersupport.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


def _edit(group, actor, *, as_lead=False, **changes):
    values = {**group_form_initial(group=group), "theme": group.theme, **changes}
    return editing.group_update(actor=actor, group=group, as_lead=as_lead, **values)


def _thread(actor, group):
    return discussions.thread_create(
        actor=actor, group=group, title="Check-in", body="How is everyone?", anonymous=False,
        open_to_suggestions=False,
    )  # fmt: skip


# --- The agreement ---------------------------------------------------------------------------------------
def test_a_changed_agreement_gets_a_new_version_and_every_other_member_is_told(facilitator):
    members = [UserFactory(), UserFactory()]
    group = make_group(facilitator=facilitator, members=members)

    group = _edit(group, facilitator, agreement="Be kind.\n\nNo screenshots.")

    assert group.agreement_version == 2 and group.agreement_changed_at is not None
    notices = Notification.objects.filter(kind="groups.agreement_changed")
    assert set(notices.values_list("recipient_id", flat=True)) == {person.pk for person in members}
    assert all(n.topic == f"groups.group:{group.public_id}" for n in notices)
    event = AuditEvent.objects.get(action="groups.group.updated")
    assert event.metadata["changed"] == ["agreement"] and event.metadata["agreement_version"] == 2
    assert "No screenshots" not in str(event.metadata)


def test_members_read_but_post_only_after_accepting_a_changed_agreement(facilitator):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    thread = _thread(member, group)
    group = _edit(group, facilitator, agreement="A new agreement.")

    with pytest.raises(discussions.DiscussionError, match="agreement has changed"):
        _thread(member, group)
    with pytest.raises(discussions.DiscussionError, match="agreement has changed"):
        discussions.post_reply(
            actor=member, thread=thread, body="Me too", reply_type="share", anonymous=False
        )

    accepted = editing.agreement_accept(actor=member, group=group)
    assert accepted.agreement_accepted_at >= group.agreement_changed_at
    assert _thread(member, group).author == member


def test_the_facilitator_who_changed_the_agreement_may_post_at_once(facilitator):
    group = make_group(facilitator=facilitator, members=[UserFactory()])
    group = _edit(group, facilitator, agreement="A new agreement.")
    assert _thread(facilitator, group).author == facilitator


def test_changing_only_the_name_or_description_asks_nobody_to_accept_anything(facilitator):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    PeerGroup.objects.filter(pk=group.pk).update(agreement=group.agreement + "\n")  # as stored by a textarea
    group.refresh_from_db()
    group = _edit(group, facilitator, name="Parents at work (and carers)", description="Now for carers too.",
                  agreement=group.agreement + "  ")  # fmt: skip

    assert group.agreement_version == 1 and group.agreement_changed_at is None
    assert not Notification.objects.filter(kind__in=["groups.agreement_changed", "groups.group_changed"])
    assert _thread(member, group).author == member
    assert AuditEvent.objects.get(action="groups.group.updated").metadata["changed"] == [
        "description",
        "name",
    ]


def test_nothing_changed_is_not_recorded(facilitator):
    group = make_group(facilitator=facilitator)
    _edit(group, facilitator)
    assert not AuditEvent.objects.filter(action="groups.group.updated").exists()


# --- Policies and themes ---------------------------------------------------------------------------------
def test_a_policy_change_is_told_to_members(facilitator):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    _edit(group, facilitator, join_policy="request", allow_anonymous=False)
    notice = Notification.objects.get(kind="groups.group_changed", recipient=member)
    assert "who can join" in notice.context["message"] and "anonymous posting" in notice.context["message"]


def test_moving_onto_a_sensitive_theme_unlists_members_but_not_facilitators(facilitator):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    assert Membership.objects.get(user=member).listed
    sensitive = Theme.objects.create(name="Grief", sensitive=True)

    _edit(group, facilitator, theme=sensitive)

    assert not Membership.objects.get(user=member).listed
    assert Membership.objects.get(user=facilitator).listed
    notice = Notification.objects.get(kind="groups.group_changed", recipient=member)
    assert "no longer shown in its member list" in notice.context["message"]
    assert AuditEvent.objects.get(action="groups.group.updated").metadata["unlisted"] == 1


def test_a_facilitator_cannot_move_a_group_off_a_sensitive_theme(facilitator):
    group = make_group(facilitator=facilitator, sensitive=True, members=[UserFactory()])
    plain = Theme.objects.create(name="Hobbies")
    with pytest.raises(editing.EditingError) as error:
        _edit(group, facilitator, theme=plain)
    assert error.value.field == "theme"
    group.refresh_from_db()
    assert group.theme.sensitive


def test_a_lead_moving_a_group_off_a_sensitive_theme_lists_nobody(facilitator, programme_lead):
    member = UserFactory()
    group = make_group(facilitator=facilitator, sensitive=True, members=[member])
    assert not Membership.objects.get(user=member).listed

    group = _edit(group, programme_lead, as_lead=True, theme=Theme.objects.create(name="Hobbies"))

    assert not group.theme.sensitive
    assert not Membership.objects.get(user=member).listed


def test_a_theme_made_sensitive_unlists_the_members_of_its_groups(facilitator, programme_lead):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    editing.theme_update(actor=programme_lead, theme=group.theme, name=group.theme.name, sensitive=True)
    assert not Membership.objects.get(user=member).listed
    assert Notification.objects.filter(kind="groups.group_changed", recipient=member).exists()
    event = AuditEvent.objects.get(action="groups.theme.updated")
    assert event.metadata == {"changed": ["sensitive"], "unlisted": 1}


def test_a_theme_made_not_sensitive_lists_nobody(facilitator, programme_lead):
    member = UserFactory()
    group = make_group(facilitator=facilitator, sensitive=True, members=[member])
    editing.theme_update(actor=programme_lead, theme=group.theme, name=group.theme.name, sensitive=False)
    assert not Membership.objects.get(user=member).listed


def test_theme_names_stay_unique(programme_lead):
    Theme.objects.create(name="Carers")
    theme = Theme.objects.create(name="Parents")
    with pytest.raises(editing.EditingError) as error:
        editing.theme_update(actor=programme_lead, theme=theme, name="carers")
    assert error.value.field == "name"


# --- Sessions --------------------------------------------------------------------------------------------
@pytest.fixture
def session_people(facilitator):
    members = [UserFactory() for _ in range(4)]
    group = make_group(facilitator=facilitator, members=members)
    start = timezone.now() + timedelta(days=3)
    session = sessions.session_schedule(
        actor=facilitator, group=group, title="Monthly circle", starts_at=start,
        ends_at=start + timedelta(hours=1), mode="in_person", location="Room 2", capacity=2,
    )  # fmt: skip
    return group, session, members


def _update(session, facilitator, **changes):
    values = {
        "title": session.title,
        "description": session.description,
        "mode": session.mode,
        "location": session.location,
        "accessibility_notes": session.accessibility_notes,
        "video_link": session.video_link,
        "capacity": session.capacity,
        **changes,
    }
    return sessions.session_update(actor=facilitator, session=session, **values)


def _pending_reminders(user):
    return Notification.objects.filter(recipient=user, kind="groups.session_reminder", status="pending")


def test_a_session_edit_tells_attendees_and_the_waitlist_what_changed(session_people, facilitator):
    _group, session, (first, second, third, _fourth) = session_people
    for person in (first, second, third):
        sessions.rsvp(actor=person, session=session, going=True)

    _update(session, facilitator, title="Garden circle", location="The garden")

    told = Notification.objects.filter(kind="groups.session_changed")
    assert set(told.values_list("recipient_id", flat=True)) == {first.pk, second.pk, third.pk}
    message = told.get(recipient=first).context["message"]
    assert "the title, the place" in message and "The garden" in message
    event = AuditEvent.objects.get(action="groups.session.updated")
    assert event.metadata == {"changed": ["location", "title"]}


def test_reminders_already_queued_say_the_new_title_and_place(session_people, facilitator):
    _group, session, (first, *_rest) = session_people
    sessions.rsvp(actor=first, session=session, going=True)

    _update(session, facilitator, title="Garden circle", location="The garden")

    reminders = list(_pending_reminders(first))
    assert len(reminders) == 2
    assert sorted(r.due_at for r in reminders) == [
        session.starts_at - timedelta(hours=24),
        session.starts_at - timedelta(hours=1),
    ]
    for reminder in reminders:
        assert "Garden circle" in reminder.context["headline"]
        assert "The garden" in reminder.context["message"]
    assert (
        Notification.objects.filter(
            recipient=first, kind="groups.session_reminder", status="cancelled"
        ).count()
        == 2
    )


def test_a_second_edit_replaces_the_reminders_again(session_people, facilitator):
    _group, session, (first, *_rest) = session_people
    sessions.rsvp(actor=first, session=session, going=True)
    session = _update(session, facilitator, title="Garden circle")
    _update(session, facilitator, title="Park circle")
    assert {r.context["headline"].split(",")[0] for r in _pending_reminders(first)} == {
        "Reminder: Park circle"
    }


def test_reminders_never_carry_the_video_link(session_people, facilitator):
    _group, session, (first, *_rest) = session_people
    sessions.rsvp(actor=first, session=session, going=True)
    _update(session, facilitator, mode="video", location="", video_link="https://video.example.com/secret")
    for reminder in _pending_reminders(first):
        assert "secret" not in str(reminder.context) and "video call" in reminder.context["message"]


def test_more_places_let_the_waitlist_in_in_order(session_people, facilitator):
    _group, session, (first, second, third, fourth) = session_people
    for person in (first, second, third, fourth):
        sessions.rsvp(actor=person, session=session, going=True)

    _update(session, facilitator, capacity=3)

    answers = dict(SessionRSVP.objects.filter(session=session).values_list("user_id", "answer"))
    assert answers == {first.pk: "going", second.pk: "going", third.pk: "going", fourth.pk: "waitlisted"}
    assert _pending_reminders(third).count() == 2
    promoted = Notification.objects.get(recipient=third, kind="groups.session_changed")
    assert "A place opened up" in promoted.context["headline"]


def test_no_limit_lets_everyone_waiting_in(session_people, facilitator):
    _group, session, members = session_people
    for person in members:
        sessions.rsvp(actor=person, session=session, going=True)
    _update(session, facilitator, capacity=None)
    assert SessionRSVP.objects.filter(session=session, answer="going").count() == 4


def test_fewer_places_than_people_going_is_refused_and_nobody_loses_a_place(session_people, facilitator):
    _group, session, (first, second, *_rest) = session_people
    for person in (first, second):
        sessions.rsvp(actor=person, session=session, going=True)
    with pytest.raises(sessions.SessionError) as error:
        _update(session, facilitator, capacity=1)
    assert error.value.field == "capacity" and "2 people are already going" in error.value.message
    session.refresh_from_db()
    assert session.capacity == 2
    assert SessionRSVP.objects.filter(session=session, answer="going").count() == 2


def test_a_capacity_change_alone_tells_nobody_but_those_let_in(session_people, facilitator):
    _group, session, (first, *_rest) = session_people
    sessions.rsvp(actor=first, session=session, going=True)
    _update(session, facilitator, capacity=5)
    assert not Notification.objects.filter(kind="groups.session_changed").exists()
    assert AuditEvent.objects.get(action="groups.session.updated").metadata == {"changed": ["capacity"]}


def test_a_cancelled_session_cannot_be_edited(session_people, facilitator):
    _group, session, _members = session_people
    sessions.session_cancel(actor=facilitator, session=session, reason="")
    with pytest.raises(sessions.SessionError):
        _update(session, facilitator, title="Back on")


# --- Pages -----------------------------------------------------------------------------------------------
def _client(user):
    client = Client()
    sign_in(client, user)
    return client


def test_the_edit_link_shows_only_to_those_who_may_edit(facilitator):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    edit_url = reverse("groups:edit", args=[group.public_id])
    detail = reverse("groups:detail", args=[group.public_id])
    assert edit_url in _client(facilitator).get(detail).content.decode()
    assert edit_url not in _client(member).get(detail).content.decode()
    assert _client(member).get(edit_url).status_code == 403


def test_the_edit_form_keeps_what_was_typed_when_refused(facilitator):
    group = make_group(facilitator=facilitator, sensitive=True)
    plain = Theme.objects.create(name="Hobbies")
    data = {**group_form_initial(group=group), "theme": plain.pk, "allow_anonymous": "on",
            "agreement": "A long new agreement that must not be lost."}  # fmt: skip
    response = _client(facilitator).post(reverse("groups:edit", args=[group.public_id]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "a programme lead makes that change" in page
    assert "A long new agreement that must not be lost." in page


def test_a_member_sees_the_new_agreement_and_accepts_it_from_the_group_page(facilitator):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    group = _edit(group, facilitator, agreement="**Be gentle** with each other.")
    client = _client(member)
    page = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()
    assert "Our group agreement has changed" in page and "<strong>Be gentle</strong>" in page
    assert reverse("groups:thread_create", args=[group.public_id]) not in page

    refused = client.post(reverse("groups:agreement_accept", args=[group.public_id]), {}, follow=True)
    assert "Please tick the box" in refused.content.decode()
    assert Membership.objects.get(user=member).agreement_accepted_at < group.agreement_changed_at

    client.post(reverse("groups:agreement_accept", args=[group.public_id]), {"accept_agreement": "on"})
    page = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()
    assert "Our group agreement has changed" not in page


def test_a_refused_reply_keeps_its_words_and_the_page_says_why(facilitator):
    member = UserFactory()
    group = make_group(facilitator=facilitator, members=[member])
    thread = _thread(facilitator, group)
    _edit(group, facilitator, agreement="A new agreement.")
    url = reverse("groups:thread", args=[group.public_id, thread.public_id])
    response = _client(member).post(url, {"reply_type": "reflect", "body": "It sounds like a lot."})
    page = response.content.decode()
    assert response.status_code == 400
    assert "agreement has changed" in page and "It sounds like a lot." in page


def test_session_edit_refuses_too_few_places_with_a_form_error(session_people, facilitator):
    group, session, (first, second, *_rest) = session_people
    for person in (first, second):
        sessions.rsvp(actor=person, session=session, going=True)
    url = reverse("groups:session_edit", args=[group.public_id, session.public_id])
    data = {"title": "Renamed", "mode": "in_person", "location": "Room 2", "capacity": "1"}
    response = _client(facilitator).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 people are already going" in page and 'value="Renamed"' in page


def test_a_session_description_shows_on_its_page_and_in_its_calendar_file(session_people, facilitator):
    group, session, (first, *_rest) = session_people
    _update(session, facilitator, description="We will talk about sleep.")
    client = _client(first)
    page = client.get(reverse("groups:session", args=[group.public_id, session.public_id])).content.decode()
    assert "We will talk about sleep." in page
    ics = client.get(reverse("groups:session_calendar", args=[group.public_id, session.public_id]))
    assert b"We will talk about sleep." in ics.content


def test_a_programme_lead_cannot_open_a_private_group_to_more_people(facilitator, programme_lead, member):
    group = make_group(
        facilitator=facilitator, members=[member], join_policy="invitation", visibility="private"
    )
    for change in ({"visibility": "listed"}, {"join_policy": "open"}, {"join_policy": "request"}):
        with pytest.raises(editing.EditingError, match="Only the group's facilitators can open it"):
            _edit(group, programme_lead, as_lead=True, **change)
    group.refresh_from_db()
    assert (group.visibility, group.join_policy) == ("private", "invitation")
    # Closing it further is fine for a lead, and a facilitator may open it.
    _edit(group, facilitator, join_policy="request")
    group.refresh_from_db()
    _edit(group, programme_lead, as_lead=True, join_policy="invitation")
    group.refresh_from_db()
    assert group.join_policy == "invitation"


def test_the_lead_cannot_open_a_private_group_through_the_page_and_then_join_it(facilitator, programme_lead):
    from django.test import Client
    from django.urls import reverse

    from tests.conftest import sign_in

    group = make_group(facilitator=facilitator, join_policy="invitation", visibility="private")
    client = sign_in(Client(), programme_lead)
    data = {
        **group_form_initial(group=group),
        "theme": group.theme.pk,
        "visibility": "listed",
        "join_policy": "open",
    }
    data = {k: v for k, v in data.items() if v not in (False, None)}
    response = client.post(reverse("groups:edit", args=[group.public_id]), data)
    assert (
        response.status_code == 400
        and "Only the group&#x27;s facilitators can open it" in response.content.decode()
    )
    join = client.post(reverse("groups:join", args=[group.public_id]), {"accept_agreement": "on"})
    assert join.status_code == 404
