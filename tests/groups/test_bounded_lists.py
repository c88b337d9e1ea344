"""No groups page renders an unbounded list: the group list, a group's member list, the facilitators'
requests and members, and a session's attendees come one page at a time, with the same visibility rules as
before on every page."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups import selectors
from groups.models import Membership, SessionRSVP
from groups.services import membership as services
from groups.services import sessions
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


def names_on(page: str, prefix: str) -> set[str]:
    return set(re.findall(rf"{prefix}\d+", page))


def test_the_group_list_pages_through_other_groups_and_keeps_the_search(facilitator, member, outsider):
    for number in range(selectors.GROUPS_PER_PAGE + 3):
        make_group(facilitator=facilitator, name=f"Circle{number:02d}")
    make_group(facilitator=facilitator, name="Walkers", members=[member])
    client = sign_in(Client(), outsider)
    first = client.get(reverse("groups:list")).content.decode()
    second = client.get(reverse("groups:list"), {"page": 2}).content.decode()
    assert len(names_on(first, "Circle")) == selectors.GROUPS_PER_PAGE
    assert names_on(first, "Circle") | names_on(second, "Circle") == {f"Circle{n:02d}" for n in range(27)}
    assert "28 groups to browse" in first and "Page 1 of 2" in first

    searched = client.get(reverse("groups:list"), {"q": "circle"}).content.decode()
    assert "?q=circle&amp;page=2" in searched and "Walkers" not in searched

    member_client = sign_in(Client(), member)
    mine = member_client.get(reverse("groups:list")).content.decode()
    assert mine.index("Your groups") < mine.index("Walkers") < mine.index("More groups")
    assert "27 groups to browse" in mine  # one's own groups are not listed again


def _crowd(group, count, *, listed):
    people = [UserFactory(display_name=f"Person{number:03d}") for number in range(count)]
    for person in people:
        services.membership_join(actor=person, group=group, accept_agreement=True)
    Membership.objects.filter(user__in=people).update(listed=listed)
    return people


def test_a_members_view_of_the_member_list_is_paged_and_shows_only_whom_it_showed_before(facilitator, member):
    group = make_group(facilitator=facilitator, sensitive=True, members=[member])
    listed = _crowd(group, selectors.MEMBERS_PER_PAGE + 5, listed=True)
    unlisted = [UserFactory(display_name=f"Hidden{number}") for number in range(3)]
    for person in unlisted:
        services.membership_join(actor=person, group=group, accept_agreement=True)
    url = reverse("groups:detail", args=[group.public_id])
    client = sign_in(Client(), member)
    first = client.get(url).content.decode()
    second = client.get(url, {"members": 2}).content.decode()
    assert "Hidden" not in first + second
    seen = names_on(first, "Person") | names_on(second, "Person")
    assert seen == {person.display_name for person in listed}
    assert len(names_on(first, "Person")) < selectors.MEMBERS_PER_PAGE  # facilitator and self come first
    members_box = first[first.index('id="members-heading"') :]
    assert members_box.index("Tomás Oliveira") < members_box.index("Jun Ito") < members_box.index("Person")
    # The count is of whom the member may see (facilitator, themself, the listed), never the unlisted.
    assert f"of the {len(listed) + 2} people you can see here" in first
    assert f"Only the {len(listed) + 5} members" in first

    facilitator_client = sign_in(Client(), facilitator)
    pages = [facilitator_client.get(url, {"members": n}).content.decode() for n in (1, 2)]
    assert names_on("".join(pages), "Hidden") == {"Hidden0", "Hidden1", "Hidden2"}  # unlisted too


def test_member_pages_list_facilitators_then_everyone_by_name_each_person_once(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    second = UserFactory(display_name="Aaron Second")  # a facilitator whose name sorts before everyone
    services.membership_join(actor=second, group=group, accept_agreement=True)
    Membership.objects.filter(user=second).update(role=Membership.Role.FACILITATOR)
    # Joined in one order, named in another: the list follows the names.
    people = [UserFactory(display_name=f"Person{number:03d}") for number in reversed(range(60))]
    for person in people:
        services.membership_join(actor=person, group=group, accept_agreement=True)
    url = reverse("groups:detail", args=[group.public_id])
    client = sign_in(Client(), facilitator)
    names = []
    for number in (1, 2):
        box = client.get(url, {"members": number}).content.decode()
        box = box[box.index('id="members-heading"') : box.index("Member list, pages")]
        names += re.findall(r"<li>([^<]+?)(?: <span|</li>)", box)
    facilitators = sorted(["Aaron Second", facilitator.display_name])
    members = sorted([member.display_name] + [person.display_name for person in people])
    assert names == facilitators + members


def test_the_facilitators_manage_page_pages_requests_and_members(facilitator):
    group = make_group(facilitator=facilitator, join_policy="request")
    askers = [
        UserFactory(display_name=f"Asker{number:02d}") for number in range(selectors.REQUESTS_PER_PAGE + 2)
    ]
    for person in askers:
        services.membership_join(actor=person, group=group, accept_agreement=True)
    for number in range(selectors.MEMBERS_PER_PAGE + 1):
        person = UserFactory(display_name=f"Member{number:03d}")
        services.membership_invite(actor=facilitator, group=group, user=person)
        services.membership_join(actor=person, group=group, accept_agreement=True)
    client = sign_in(Client(), facilitator)
    url = reverse("groups:manage", args=[group.public_id])
    first = client.get(url).content.decode()
    assert len(names_on(first, "Asker")) == selectors.REQUESTS_PER_PAGE
    assert len(names_on(first, "Member")) == selectors.MEMBERS_PER_PAGE - 1  # the facilitator comes first
    assert "?requests=2" in first and "?members=2" in first
    later = client.get(url, {"requests": 2, "members": 2}).content.decode()
    assert len(names_on(later, "Asker")) == 2 and len(names_on(later, "Member")) == 2


def test_a_sessions_attendance_form_comes_a_page_at_a_time_and_saves_only_its_page(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    start = timezone.now() + timedelta(days=2)
    session = sessions.session_schedule(
        actor=facilitator, group=group, title="Circle", starts_at=start, ends_at=start + timedelta(hours=1),
        mode="in_person", location="Room 2", capacity=None,
    )  # fmt: skip
    people = _crowd(group, selectors.ATTENDEES_PER_PAGE + 4, listed=True)
    for person in people:
        sessions.rsvp(actor=person, session=session, going=True)
    SessionRSVP.objects.update(attended=True)
    client = sign_in(Client(), facilitator)
    url = reverse("groups:session", args=[group.public_id, session.public_id])
    first = client.get(url).content.decode()
    assert first.count('name="shown"') == selectors.ATTENDEES_PER_PAGE
    assert f"of the {len(people)} people going" in first and "?attendees=2" in first
    second = client.get(url, {"attendees": 2}).content.decode()
    on_second = [int(value) for value in re.findall(r'name="shown" value="(\d+)"', second)]
    assert len(on_second) == 4

    # Saving the second page with nobody ticked changes those four people only.
    response = client.post(
        reverse("groups:session_attendance", args=[group.public_id, session.public_id]),
        {"shown": on_second, "attendees": "2"},
    )
    assert response["Location"].endswith("?attendees=2")
    absent = set(SessionRSVP.objects.filter(attended=False).values_list("user_id", flat=True))
    assert absent == set(on_second)

    member_page = sign_in(Client(), member).get(url).content.decode()
    assert f"{len(people)} going" in member_page and "Person" not in member_page


def test_a_waiting_persons_place_in_line_is_counted_in_the_database(facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    start = timezone.now() + timedelta(days=2)
    session = sessions.session_schedule(
        actor=facilitator, group=group, title="Circle", starts_at=start, ends_at=start + timedelta(hours=1),
        mode="in_person", location="Room 2", capacity=1,
    )  # fmt: skip
    first, second = _crowd(group, 2, listed=True)
    for person in (first, second, member):
        sessions.rsvp(actor=person, session=session, going=True)
    page = sign_in(Client(), member).get(reverse("groups:session", args=[group.public_id, session.public_id]))
    text = page.content.decode()
    assert "You're number 2 on the waitlist." in text and "1 of 1 taken" in text and "2 waiting" in text
