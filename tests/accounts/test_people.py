"""The people page (/manage/people/): site admins find people and follow, resend or withdraw invitations."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts import roles, services
from peersupport.accounts.models import Invitation, OrgUnit
from peersupport.accounts.tasks import send_invitation
from peersupport.core.models import AuditEvent
from tests.accounts.factories import OrgUnitFactory, UserFactory, give_role
from tests.conftest import sign_in
from tests.groups.factories import make_group
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db

PEOPLE = reverse("accounts:people")


def _listed(client, **filters) -> list[str]:
    response = client.get(PEOPLE, filters)
    assert response.status_code == 200
    return [person.display_name for person, _team, _roles in response.context["people_rows"]]


@pytest.fixture
def admin_client(client, site_admin):
    sign_in(client, site_admin)
    return client


def test_people_page_lists_name_address_team_roles_and_account_state(admin_client, site_admin):
    operations = OrgUnitFactory(name="Operations", kind=OrgUnit.Kind.DIVISION)
    payroll = OrgUnitFactory(name="Payroll", parent=operations)
    give_role(
        UserFactory(display_name="Rosa Diaz", email="rosa@example.com", org_unit=payroll), roles.HR_ADMIN
    )
    UserFactory(display_name="Ola Berg", is_active=False)

    page = admin_client.get(PEOPLE).content.decode()

    assert "Rosa Diaz" in page and "rosa@example.com" in page
    assert "Operations / Payroll" in page
    assert "HR admin" in page
    assert "Ola Berg" in page and "Deactivated" in page


def test_search_finds_people_by_name_or_address(admin_client, site_admin):
    UserFactory(display_name="Rosa Diaz", email="rdiaz@example.com")
    UserFactory(display_name="Ola Berg", email="rosalind.b@example.com")
    UserFactory(display_name="Ken Ito", email="ken@example.com")

    assert _listed(admin_client, q="rosa") == ["Ola Berg", "Rosa Diaz"]
    assert _listed(admin_client, q="KEN@") == ["Ken Ito"]


def test_team_filter_includes_the_teams_below_it(admin_client, site_admin):
    operations = OrgUnitFactory(name="Operations", kind=OrgUnit.Kind.DIVISION)
    payroll = OrgUnitFactory(name="Payroll", parent=operations)
    UserFactory(display_name="Rosa Diaz", org_unit=operations)
    UserFactory(display_name="Ola Berg", org_unit=payroll)
    UserFactory(display_name="Ken Ito")

    assert _listed(admin_client, org_unit=operations.pk) == ["Ola Berg", "Rosa Diaz"]
    assert _listed(admin_client, org_unit=payroll.pk) == ["Ola Berg"]


def test_role_and_account_filters(admin_client, site_admin):
    give_role(UserFactory(display_name="Rosa Diaz"), roles.PROGRAMME_LEAD)
    UserFactory(display_name="Ola Berg", is_active=False)

    assert _listed(admin_client, role=roles.PROGRAMME_LEAD) == ["Rosa Diaz"]
    assert "Rosa Diaz" not in _listed(admin_client, role="none")
    assert "Sam Okafor" not in _listed(admin_client, role="none")  # the site admin
    assert "Ola Berg" in _listed(admin_client, role="none")
    assert _listed(admin_client, active="no") == ["Ola Berg"]
    assert "Ola Berg" not in _listed(admin_client, active="yes")


def test_a_filter_value_that_makes_no_sense_is_ignored(admin_client, site_admin):
    assert _listed(admin_client, org_unit="not-a-number", role="emperor", active="maybe") == ["Sam Okafor"]


def test_nobody_matching_says_so(admin_client, site_admin):
    page = admin_client.get(PEOPLE, {"q": "nobody-by-this-name"}).content.decode()
    assert "Nobody matches these filters" in page


def test_people_are_listed_25_to_a_page_and_filters_survive_paging(admin_client, site_admin):
    for number in range(30):
        UserFactory(display_name=f"Person {number:02}")

    first = admin_client.get(PEOPLE, {"q": "Person"})
    second = admin_client.get(PEOPLE, {"q": "Person", "page": 2})

    assert len(first.context["people_rows"]) == 25
    assert len(second.context["people_rows"]) == 5
    assert "?q=Person&amp;page=2" in first.content.decode()


def test_people_page_shows_nothing_about_anyones_groups(admin_client, site_admin, facilitator, member):
    make_group(facilitator=facilitator, name="Quiet Harbour", join_policy="invitation", members=[member])

    page = admin_client.get(PEOPLE).content.decode()

    assert member.display_name in page
    assert "Quiet Harbour" not in page  # neither the group nor its theme


def test_erased_accounts_are_not_listed(admin_client, site_admin):
    leaver = UserFactory(display_name="Ola Berg")
    services.account_erase(actor=leaver, keep_posts=False)

    assert _listed(admin_client) == ["Sam Okafor"]


def test_viewing_people_is_audited_without_the_search_text(admin_client, site_admin):
    admin_client.get(PEOPLE, {"q": "Rosa"})

    event = AuditEvent.objects.get(action="accounts.people.viewed")
    assert event.metadata == {"page": 1, "invitations_page": 1, "filtered": True}
    assert "Rosa" not in str(event.metadata)


def test_people_page_queries_do_not_grow_with_people(admin_client, site_admin):
    team = OrgUnitFactory()

    def add(count):
        for _ in range(count):
            give_role(UserFactory(org_unit=team), roles.HR_ADMIN)

    assert_queries_constant(admin_client, PEOPLE, add=add)


# --- Invitations: send again, withdraw ----------------------------------------------------------------------
@pytest.fixture
def invitation(site_admin):
    invitation = services.invitation_create(
        actor=site_admin, email="lee@partner.test", display_name="Lee Contractor", org_unit=OrgUnitFactory()
    )
    send_invitation(invitation.pk)
    return Invitation.objects.get(pk=invitation.pk)


def test_sending_again_sends_a_new_email_with_a_fresh_expiry(admin_client, site_admin, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())  # expired meanwhile

    response = admin_client.post(reverse("accounts:invitation_resend", args=[invitation.public_id]))

    assert response.status_code == 302
    refreshed = Invitation.objects.get(pk=invitation.pk)
    assert refreshed.is_open and refreshed.sent_at is None
    send_invitation(invitation.pk)  # what the queued task does after commit
    assert len(mail.outbox) == 2
    assert mail.outbox[0].extra_headers["Message-ID"] != mail.outbox[1].extra_headers["Message-ID"]
    assert AuditEvent.objects.filter(action="accounts.invitation.resent", actor=site_admin).count() == 1


def test_an_accepted_invitation_is_not_sent_again_or_withdrawn(admin_client, site_admin, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    for name in ("accounts:invitation_resend", "accounts:invitation_revoke"):
        response = admin_client.post(reverse(name, args=[invitation.public_id]), follow=True)
        assert "has already joined" in response.content.decode()

    refreshed = Invitation.objects.get(pk=invitation.pk)
    assert refreshed.revoked_at is None
    assert len(mail.outbox) == 1
    assert not AuditEvent.objects.filter(
        action__in=["accounts.invitation.resent", "accounts.invitation.revoked"]
    )


def test_a_withdrawn_invitation_is_not_sent_again(admin_client, site_admin, invitation):
    services.invitation_revoke(actor=site_admin, invitation=invitation)

    response = admin_client.post(
        reverse("accounts:invitation_resend", args=[invitation.public_id]), follow=True
    )

    assert "was withdrawn" in response.content.decode()
    assert len(mail.outbox) == 1


def test_an_expired_invitation_whose_address_signed_up_meanwhile_is_not_sent_again(
    admin_client, site_admin, invitation
):
    UserFactory(email="lee@partner.test")

    response = admin_client.post(
        reverse("accounts:invitation_resend", args=[invitation.public_id]), follow=True
    )

    assert "already has an account" in response.content.decode()
    assert len(mail.outbox) == 1


def test_invitation_rows_offer_send_again_and_withdraw_only_while_unanswered(
    admin_client, site_admin, invitation
):
    page = admin_client.get(PEOPLE).content.decode()
    assert reverse("accounts:invitation_resend", args=[invitation.public_id]) in page
    assert reverse("accounts:invitation_revoke", args=[invitation.public_id]) in page

    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    page = admin_client.get(PEOPLE).content.decode()
    assert reverse("accounts:invitation_resend", args=[invitation.public_id]) not in page
    assert reverse("accounts:invitation_revoke", args=[invitation.public_id]) not in page


def test_the_people_page_has_no_duplicate_ids_so_every_label_names_its_own_field(client, site_admin):
    import re
    from collections import Counter

    page = sign_in(client, site_admin).get(PEOPLE).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []
