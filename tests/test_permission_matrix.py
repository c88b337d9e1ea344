"""Who may open which page: one table for every URL in the project, run for every persona.

Rows say, per persona, the status a GET returns ("*" is everyone else). A URL pattern that has no row
fails `test_every_url_pattern_is_in_the_matrix`, so a new page cannot ship without deciding who sees it.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver
from django.utils import timezone

from groups import discussions, moderation, sessions
from groups import services as group_services
from groups.models import GroupSession, Membership, PeerGroup, Post, Theme, Thread, UnmaskRequest
from peersupport.accounts import services
from peersupport.accounts.models import ImportBatch
from peersupport.accounts.tasks import email_change_path, invitation_token
from peersupport.notifications import kinds
from peersupport.notifications.services import notify, unsubscribe_url
from tests.accounts.factories import OrgUnitFactory, UserFactory
from tests.conftest import PERSONAS

SIGN_IN = "sign-in"  # a 302 to the sign-in page, with the page asked for as ?next=
SIGNED_IN_ONLY = {"anonymous": SIGN_IN, "*": 200}
SITE_ADMINS_ONLY = {"anonymous": SIGN_IN, "site_admin": 200, "*": 404}

MATRIX: dict[str, dict[str, int]] = {
    # core
    "core:home": SIGNED_IN_ONLY,
    "core:crisis": {"*": 200},
    "core:healthz": {"*": 200},
    "core:readyz": {"*": 200},
    "core:audit_list": SITE_ADMINS_ONLY,
    "core:audit_export": SITE_ADMINS_ONLY,
    # accounts: our own pages
    "accounts:profile": SIGNED_IN_ONLY,
    # privacy centre: each person's own; someone else's export is a 404 for everyone, site admins included
    "accounts:privacy": SIGNED_IN_ONLY,
    "accounts:data_export_create": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "accounts:data_export_detail": {"anonymous": SIGN_IN, "*": 404},
    "accounts:data_export_download": {"anonymous": SIGN_IN, "*": 404},
    "accounts:account_delete": SIGNED_IN_ONLY,
    "accounts:invitation_accept": {"*": 302},  # to sign-up, or home when already signed in
    # an address change: whoever holds the signed link sees a confirmation page; a POST does the change
    "accounts:email_change_confirm": {"*": 200},
    "accounts:email_change_cancel": {"*": 200},
    "accounts:people": SITE_ADMINS_ONLY,
    "accounts:invitation_create": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "accounts:import_create": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "accounts:invitation_revoke": SITE_ADMINS_ONLY,
    "accounts:import_detail": SITE_ADMINS_ONLY,
    # groups: a private group in which `facilitator` facilitates and `member` is a member
    "groups:list": SIGNED_IN_ONLY,
    "groups:theme_list": {"anonymous": SIGN_IN, "programme_lead": 200, "*": 404},
    "groups:create": {"anonymous": SIGN_IN, "programme_lead": 200, "*": 404},
    "groups:detail": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    "groups:join": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "groups:leave": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    "groups:preferences": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "groups:manage": {"anonymous": SIGN_IN, "facilitator": 200, "member": 403, "*": 404},
    "groups:request_decide": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "groups:member_remove": {"anonymous": SIGN_IN, "facilitator": 200, "member": 403, "*": 404},
    "groups:appoint": {"anonymous": SIGN_IN, "programme_lead": 200, "*": 404},
    # conversations: members only; everyone else — HR, site admins, leads, other groups — gets a 404
    "groups:thread_create": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    "groups:thread": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    "groups:thread_edit": {
        "anonymous": SIGN_IN,
        "member": 200,
        "facilitator": 403,
        "*": 404,
    },  # member wrote it
    "groups:thread_delete": {"anonymous": SIGN_IN, "member": 200, "facilitator": 403, "*": 404},
    "groups:react": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "groups:post_edit": {
        "anonymous": SIGN_IN,
        "facilitator": 200,
        "member": 403,
        "*": 404,
    },  # facilitator replied
    "groups:post_delete": {"anonymous": SIGN_IN, "facilitator": 200, "member": 403, "*": 404},
    "groups:thread_report": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    "groups:post_report": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    # moderation: the group's facilitators only; HR never sees the queue
    "groups:moderation": {"anonymous": SIGN_IN, "facilitator": 200, "member": 403, "*": 404},
    "groups:moderate": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "groups:unmask": {"anonymous": SIGN_IN, "*": 405},  # POST only
    # sessions: members see and answer; facilitators schedule, move, cancel, take notes and attendance
    "groups:session_create": {"anonymous": SIGN_IN, "facilitator": 200, "member": 403, "*": 404},
    "groups:session": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    "groups:session_rsvp": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "groups:session_reschedule": {"anonymous": SIGN_IN, "facilitator": 200, "member": 403, "*": 404},
    "groups:session_cancel": {"anonymous": SIGN_IN, "facilitator": 200, "member": 403, "*": 404},
    "groups:session_attendance": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "groups:session_calendar": {"anonymous": SIGN_IN, "member": 200, "facilitator": 200, "*": 404},
    # break-glass: the facilitator who asked and safeguarding leads (programme leads) only
    "groups:safeguarding": {"anonymous": SIGN_IN, "programme_lead": 200, "facilitator": 200, "*": 404},
    "groups:safeguarding_detail": {"anonymous": SIGN_IN, "programme_lead": 200, "facilitator": 200, "*": 404},
    # notifications: each person's own, nobody else's
    "notifications:list": SIGNED_IN_ONLY,
    "notifications:badge": SIGNED_IN_ONLY,
    "notifications:read_all": {"anonymous": SIGN_IN, "*": 405},  # POST only
    "notifications:read": {"anonymous": SIGN_IN, "*": 405},  # POST only; someone else's is a 404 (see tests)
    "notifications:unsubscribe": {"*": 200},  # the signed link works without signing in
    "notifications:preferences": SIGNED_IN_ONLY,
    # allauth: sign-in and account pages
    "account_login": {"anonymous": 200, "*": 302},
    "account_signup": {"anonymous": 200, "*": 302},
    "account_logout": {"*": 200, "anonymous": 302},  # signed in: a confirmation page; anonymous: home
    "account_inactive": {"*": 200},
    "account_reauthenticate": SIGNED_IN_ONLY,
    "account_email": SIGNED_IN_ONLY,
    "account_email_verification_sent": {"*": 200},
    "account_change_password": SIGNED_IN_ONLY,
    "account_set_password": {"anonymous": SIGN_IN, "*": 302},  # they have a password: sent to change it
    "account_reset_password": {"*": 200},
    "account_reset_password_done": {"*": 200},
    "account_reset_password_from_key": {"*": 200},  # an unknown key shows "link invalid"
    "account_reset_password_from_key_done": {"*": 200},
    "account_confirm_email": {"*": 200},  # an unknown key shows "link expired or invalid"
    "account_confirm_login_code": {"*": 302},  # login by code is off: nothing pending
    "mfa_index": SIGNED_IN_ONLY,
    "mfa_authenticate": {"*": 302},  # only within a sign-in that asked for a code
    # Changing a second factor always asks for the password again first (302 to reauthenticate).
    "mfa_reauthenticate": {
        "anonymous": SIGN_IN,
        "hr_admin": 200,
        "site_admin": 200,
        "programme_lead": 200,
        "facilitator": 200,
        "*": 302,
    },
    "mfa_activate_totp": {"anonymous": SIGN_IN, "*": 302},
    "mfa_deactivate_totp": {
        "anonymous": SIGN_IN,
        "hr_admin": 302,
        "site_admin": 302,
        "programme_lead": 302,
        "facilitator": 302,
        "*": 404,
    },
    "mfa_view_recovery_codes": {"anonymous": SIGN_IN, "*": 404},  # none generated in these fixtures
    "mfa_generate_recovery_codes": {"anonymous": SIGN_IN, "*": 302},
    "mfa_download_recovery_codes": {"anonymous": SIGN_IN, "*": 404},
    "mfa_list_webauthn": SIGNED_IN_ONLY,
    "mfa_add_webauthn": {"anonymous": SIGN_IN, "*": 302},
    "mfa_reauthenticate_webauthn": {"anonymous": SIGN_IN, "*": 302},
    "mfa_remove_webauthn": {"anonymous": SIGN_IN, "*": 302},
    "mfa_edit_webauthn": {"anonymous": SIGN_IN, "*": 302},
    "usersessions_list": SIGNED_IN_ONLY,
    # Django admin: staff with a second factor only; everyone else is refused.
    # (non-staff are sent to the admin sign-in, which refuses signed-in non-staff with a 403)
    "admin:index": {"site_admin": 200, "*": 302},  # anonymous too: to the admin sign-in, then allauth's
}

# The Django admin generates one URL per model and action; admin:index stands for all of them here, and
# tests/accounts/test_admin.py covers the model pages.
UNLISTED_NAMESPACES = ("admin:",)


def _all_url_names():
    def walk(resolver, namespace=None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                yield from walk(entry, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name

    return set(walk(get_resolver()))


def test_every_url_pattern_is_in_the_matrix():
    names = {name for name in _all_url_names() if not name.startswith(UNLISTED_NAMESPACES)}
    assert names - set(MATRIX) == set(), "Add these URLs to the permission matrix"
    assert set(MATRIX) - names - {"admin:index"} == set(), "The matrix lists URLs that no longer exist"


def _private_group(facilitator, member):
    existing = PeerGroup.objects.filter(name="Carers circle").first()
    if existing is not None:
        return existing, Membership.objects.get(group=existing, user=member)
    lead = UserFactory(email="matrix.lead@example.com")
    theme = Theme.objects.create(name="Carers", sensitive=True)
    group = group_services.group_create(
        actor=lead,
        name="Carers circle",
        theme=theme,
        description="For carers.",
        join_policy="invitation",
        visibility="private",
        allow_anonymous=True,
        facilitators=[facilitator],
    )
    group_services.membership_invite(actor=facilitator, group=group, user=member)
    membership = group_services.membership_join(actor=member, group=group, accept_agreement=True)
    return group, membership


def _conversation(group, member, facilitator):
    """A thread the member started anonymously, with a reply by the facilitator."""
    thread = Thread.objects.filter(group=group).first()
    if thread is None:
        thread = discussions.thread_create(
            actor=member,
            group=group,
            title="Hard week",
            body="Tired.",
            anonymous=True,
            open_to_suggestions=False,
        )
        discussions.post_reply(
            actor=facilitator, thread=thread, body="I hear you.", reply_type="reflect", anonymous=False
        )
    return thread, Post.objects.filter(thread=thread).first()


SESSION_URLS = {
    "groups:session",
    "groups:session_rsvp",
    "groups:session_reschedule",
    "groups:session_cancel",
    "groups:session_attendance",
    "groups:session_calendar",
}
CONVERSATION_URLS = {
    "groups:thread",
    "groups:thread_edit",
    "groups:thread_delete",
    "groups:react",
    "groups:post_edit",
    "groups:post_delete",
    "groups:thread_report",
    "groups:post_report",
}


def _url_for(name: str, site_admin_actor, request=None) -> str:
    if name.startswith("groups:") and name not in ("groups:list", "groups:theme_list", "groups:create"):
        group, membership = _private_group(
            request.getfixturevalue("facilitator"), request.getfixturevalue("member")
        )
        if name in ("groups:request_decide", "groups:member_remove"):
            return reverse(name, args=[group.public_id, membership.public_id])
        if name in ("groups:safeguarding", "groups:safeguarding_detail"):
            thread, _post = _conversation(group, membership.user, request.getfixturevalue("facilitator"))
            unmask = UnmaskRequest.objects.first() or moderation.unmask_request(
                actor=request.getfixturevalue("facilitator"), item=thread, reason="Worried about their safety"
            )
            return reverse(name, args=[unmask.public_id] if name.endswith("detail") else [])
        if (
            name.startswith("groups:session_") and name != "groups:session_create"
        ) or name == "groups:session":
            session = GroupSession.objects.filter(group=group).first() or sessions.session_schedule(
                actor=request.getfixturevalue("facilitator"),
                group=group,
                title="Monthly circle",
                starts_at=timezone.now() + timedelta(days=3),
                ends_at=timezone.now() + timedelta(days=3, hours=1),
                mode="in_person",
                location="Room 2",
                capacity=5,
            )
            return reverse(name, args=[group.public_id, session.public_id])
        if name in CONVERSATION_URLS:
            thread, post = _conversation(group, membership.user, request.getfixturevalue("facilitator"))
            if name.startswith("groups:post_"):
                return reverse(name, args=[group.public_id, thread.public_id, post.public_id])
            return reverse(name, args=[group.public_id, thread.public_id])
        return reverse(name, args=[group.public_id])
    if name == "accounts:invitation_accept":
        invitation = services.invitation_create(
            actor=site_admin_actor,
            email="newcomer@elsewhere.org",
            display_name="New Comer",
            org_unit=OrgUnitFactory(),
        )
        return reverse(name, args=[invitation_token(invitation)])
    if name in ("accounts:email_change_confirm", "accounts:email_change_cancel"):
        change = services.email_change_request(
            actor=None, user=site_admin_actor, new_email="moved@example.org"
        )
        return email_change_path(change, cancel=name.endswith("cancel"))
    if name == "accounts:invitation_revoke":
        invitation = services.invitation_create(
            actor=site_admin_actor,
            email="other@elsewhere.org",
            display_name="Other",
            org_unit=OrgUnitFactory(),
        )
        return reverse(name, args=[invitation.public_id])
    if name == "accounts:import_detail":
        batch = ImportBatch.objects.create(created_by=site_admin_actor, file_name="staff.csv", content="")
        return reverse(name, args=[batch.public_id])
    if name == "notifications:read":
        return reverse(
            name,
            args=[
                notify(
                    recipient=site_admin_actor,
                    kind=kinds.ROLE_CHANGED,
                    idempotency_key="matrix",
                    context={"role_label": "x", "granted": True},
                ).public_id
            ],
        )
    if name == "notifications:unsubscribe":
        return unsubscribe_url(user=site_admin_actor, kind=kinds.ROLE_CHANGED).removeprefix(settings.SITE_URL)
    if name in ("accounts:data_export_detail", "accounts:data_export_download"):
        export = services.data_export_request(actor=site_admin_actor)
        services.data_export_build(export_id=export.pk)
        return reverse(name, args=[export.public_id])
    if name == "account_confirm_email":
        return reverse(name, kwargs={"key": "not-a-real-key"})
    if name == "account_reset_password_from_key":
        return reverse(name, kwargs={"uidb36": "zz", "key": "not-a-real-key"})
    if name in ("mfa_remove_webauthn", "mfa_edit_webauthn"):
        return reverse(name, kwargs={"pk": 999999})
    return reverse(name)


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_permission_matrix(url_name, persona, persona_client, request):
    inviter = UserFactory(email="inviter@example.com")
    url = _url_for(url_name, inviter, request)
    client = persona_client(persona)
    expected = MATRIX[url_name].get(persona, MATRIX[url_name].get("*"))
    response = client.get(url)
    if expected == SIGN_IN:
        assert response.status_code == 302, f"{persona} GET {url}"
        assert re.match(r"^/accounts/login/\?next=", response["Location"]), response["Location"]
    else:
        assert response.status_code == expected, f"{persona} GET {url}"


# --- Insider refusals (issue 7): writes that privileged people must not be able to make --------------------
def _own_group(request):
    return _private_group(request.getfixturevalue("facilitator"), request.getfixturevalue("member"))[0]


def _refusal_lead_appoints_self(request, client):
    lead = request.getfixturevalue("programme_lead")
    group = _own_group(request)
    response = client.post(reverse("groups:appoint", args=[group.public_id]), {"email": lead.email})
    from groups.models import FacilitatorAppointment

    return response, not FacilitatorAppointment.objects.filter(user=lead).exists()


def _refusal_lead_creates_group_for_self(request, client):
    lead = request.getfixturevalue("programme_lead")
    theme = Theme.objects.create(name="Any theme")
    data = {
        "name": "My own circle",
        "theme": theme.pk,
        "description": "x",
        "join_policy": "invitation",
        "visibility": "private",
        "allow_anonymous": "on",
        "facilitators": lead.email,
    }
    response = client.post(reverse("groups:create"), data)
    return response, not PeerGroup.objects.filter(name="My own circle").exists()


def _refusal_admin_grants_self_a_role(request, client):
    from peersupport.accounts import roles
    from peersupport.accounts.models import User

    admin = request.getfixturevalue("site_admin")
    data = {
        "display_name": admin.display_name,
        "pronouns": "",
        "timezone": admin.timezone,
        "org_unit": admin.org_unit_id,
        "is_active": "on",
        "roles": ["site_admin", "programme_lead"],
        "new_email": "",
    }
    response = client.post(reverse("admin:accounts_user_change", args=[admin.pk]), data)
    return response, not roles.has_role(User.objects.get(pk=admin.pk), roles.PROGRAMME_LEAD)


def _refusal_requester_decides_own_unmask(request, client):
    facilitator = request.getfixturevalue("facilitator")
    group = _own_group(request)
    thread, _post = _conversation(group, request.getfixturevalue("member"), facilitator)
    unmask = moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    url = reverse("groups:safeguarding_detail", args=[unmask.public_id])
    response = client.post(url, {"decision": "approve", "reason": "Me", "confirm": "on"})
    return response, not unmask.decisions.exists()


def _refusal_second_export_while_one_waits(request, client):
    from peersupport.accounts.models import DataExport

    employee = request.getfixturevalue("employee")
    client.post(reverse("accounts:data_export_create"))
    response = client.post(reverse("accounts:data_export_create"))
    return response, DataExport.objects.filter(user=employee).count() == 1


# (name, persona, refused write, expected status): each refused write must also change nothing.
REFUSALS = [
    ("lead appoints themself", "programme_lead", _refusal_lead_appoints_self, 400),
    ("lead creates a group they facilitate", "programme_lead", _refusal_lead_creates_group_for_self, 400),
    ("site admin grants themself a role", "site_admin", _refusal_admin_grants_self_a_role, 200),
    ("requester decides their own break-glass", "facilitator", _refusal_requester_decides_own_unmask, 403),
    ("second export while one waits", "employee", _refusal_second_export_while_one_waits, 302),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "attempt", "expected"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_insider_refusals(name, persona, attempt, expected, persona_client, request):
    client = persona_client(persona)
    response, unchanged = attempt(request, client)
    assert response.status_code == expected, name
    assert unchanged, f"{name}: the refused write changed the database"
