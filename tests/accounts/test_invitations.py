import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.urls import reverse

from peersupport.accounts import services
from peersupport.accounts.models import Invitation, User
from peersupport.accounts.tasks import INVITATION_SALT, invitation_token, send_invitation
from peersupport.core.models import AuditEvent
from tests.accounts.factories import OrgUnitFactory, UserFactory
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-quiet-river-7"


@pytest.fixture
def invitation(site_admin):
    return services.invitation_create(
        actor=site_admin,
        email="Contractor@Partner.test",
        display_name="Lee Contractor",
        org_unit=OrgUnitFactory(),
    )


def test_site_admin_invites_one_person_from_the_people_page(client, site_admin):
    team = OrgUnitFactory()
    sign_in(client, site_admin)
    response = client.post(
        reverse("accounts:invitation_create"),
        {"email": "new.colleague@partner.test", "display_name": "New Colleague", "org_unit": team.pk},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new.colleague@partner.test")
    assert invitation.org_unit == team
    assert invitation.invited_by == site_admin
    assert AuditEvent.objects.filter(action="accounts.invitation.created", actor=site_admin).count() == 1


def test_invitation_email_has_link_text_and_html_parts_and_crisis_footer(invitation):
    send_invitation(invitation.pk)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["contractor@partner.test"]
    # The token is signed with a timestamp, so read it back rather than recompute it.
    token = re.search(r"/accounts/invitation/([^/\s]+)/", message.body).group(1)
    assert signing.loads(token, salt=INVITATION_SALT) == invitation.public_id
    link = reverse("accounts:invitation_accept", args=[token])
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in html
    assert "/help/crisis/" in message.body
    assert "/help/crisis/" in html
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_sending_an_invitation_twice_sends_one_email(invitation):
    send_invitation(invitation.pk)
    send_invitation(invitation.pk)
    assert len(mail.outbox) == 1


def test_withdrawn_invitation_is_not_sent(site_admin, invitation):
    services.invitation_revoke(actor=site_admin, invitation=invitation)
    send_invitation(invitation.pk)
    assert mail.outbox == []


def test_invited_person_from_another_domain_signs_up_through_the_link(client, invitation):
    response = client.get(reverse("accounts:invitation_accept", args=[invitation_token(invitation)]))
    assert response["Location"] == reverse("account_signup")
    page = client.get(response["Location"]).content.decode()
    assert 'value="contractor@partner.test"' in page

    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Lee",
            "email": "contractor@partner.test",
            "org_unit": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    # The link proved the address, so no second verification: straight in.
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    user = User.objects.get(email="contractor@partner.test")
    assert user.org_unit_id == invitation.org_unit_id
    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_sign_up_through_the_link_is_prefilled_with_the_invited_name_and_team(client, invitation):
    client.get(reverse("accounts:invitation_accept", args=[invitation_token(invitation)]))
    response = client.get(reverse("account_signup"))

    form = response.context["form"]
    assert form["display_name"].value() == "Lee Contractor"
    assert form["org_unit"].value() == invitation.org_unit_id
    page = response.content.decode()
    assert 'value="Lee Contractor"' in page
    assert f'<option value="{invitation.org_unit_id}" selected>' in page


def test_an_address_typed_into_the_sign_up_url_reveals_no_invitation(client, invitation):
    response = client.get(reverse("account_signup"), {"email": "contractor@partner.test"})

    assert "Lee Contractor" not in response.content.decode()
    assert response.context["form"]["org_unit"].value() in (None, "")


def test_an_invited_person_may_correct_the_prefilled_team(client, invitation):
    client.get(reverse("accounts:invitation_accept", args=[invitation_token(invitation)]))
    their_team = OrgUnitFactory()
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Lee C.",
            "email": "contractor@partner.test",
            "org_unit": their_team.pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    user = User.objects.get(email="contractor@partner.test")
    assert (user.display_name, user.org_unit_id) == ("Lee C.", their_team.pk)


def test_an_invitation_link_that_was_tampered_with_is_refused(client, invitation):
    token = invitation_token(invitation)
    response = client.get(reverse("accounts:invitation_accept", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert "no longer works" in response.content.decode()


def test_a_withdrawn_invitation_link_no_longer_works(client, site_admin, invitation):
    services.invitation_revoke(actor=site_admin, invitation=invitation)
    response = client.get(reverse("accounts:invitation_accept", args=[invitation_token(invitation)]))
    assert response.status_code == 404


def test_inviting_an_address_that_already_has_an_account_or_invitation_is_refused(
    client, site_admin, invitation
):
    UserFactory(email="taken@example.com")
    sign_in(client, site_admin)
    for email, message in [
        ("taken@example.com", "already has an account"),
        ("contractor@partner.test", "already has an open invitation"),
    ]:
        response = client.post(
            reverse("accounts:invitation_create"),
            {"email": email, "display_name": "X", "org_unit": OrgUnitFactory().pk},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Invitation.objects.count() == 1


def test_withdrawing_asks_for_confirmation_first(client, site_admin, invitation):
    sign_in(client, site_admin)
    url = reverse("accounts:invitation_revoke", args=[invitation.public_id])
    assert "Withdraw this invitation?" in client.get(url).content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    client.post(url)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.filter(action="accounts.invitation.revoked").count() == 1


def test_employee_cannot_invite(client, employee):
    sign_in(client, employee)
    response = client.post(
        reverse("accounts:invitation_create"),
        {"email": "x@partner.test", "display_name": "X", "org_unit": OrgUnitFactory().pk},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_an_invited_outside_address_typed_into_sign_up_is_refused_like_any_other(client, invitation):
    data = {
        "display_name": "Squatter",
        "email": "contractor@partner.test",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    invited = client.post(reverse("account_signup"), data)
    stranger = client.post(reverse("account_signup"), {**data, "email": "nobody@partner.test"})
    assert invited.status_code == stranger.status_code == 200
    assert invited.context["form"].errors["email"] == stranger.context["form"].errors["email"]
    assert not User.objects.filter(email="contractor@partner.test").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None  # the real invitee's link still works


def test_an_invited_work_address_signing_up_without_the_link_leaves_the_invitation_open(client, site_admin):
    team = OrgUnitFactory()
    invitation = services.invitation_create(
        actor=site_admin,
        email="colleague@example.com",
        display_name="Invited Name",
        org_unit=OrgUnitFactory(),
    )
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Someone Else",
            "email": "colleague@example.com",
            "org_unit": team.pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = User.objects.get(email="colleague@example.com")
    assert user.org_unit == team  # nothing taken from the invitation
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not EmailAddress.objects.filter(email="colleague@example.com", verified=True).exists()
