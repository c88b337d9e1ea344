"""Who may open and post to which page: every route, for every persona, with GET and with POST.

The rows live beside each app's tests (`tests/<app>/matrix.py`, see `tests/matrix.py`); this file runs
them and fails when a URL pattern has no row, so a page cannot ship without deciding who may read it and
who may write to it.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver
from django.utils.crypto import get_random_string

from groups.models import FacilitatorAppointment, PeerGroup, Theme
from peersupport.accounts import roles
from peersupport.accounts.models import DataExport, User
from tests.conftest import PERSONAS, sign_in
from tests.groups.matrix import World as GroupsWorld
from tests.matrix import REFUSED, SIGN_IN, app_matrices, database_fingerprint

# The Django admin generates one URL per model and action; admin:index stands for all of them here, and
# tests/accounts/test_admin_changes.py covers the people pages.
UNLISTED_NAMESPACES = ("admin:",)
METHODS = ("GET", "POST")


def _all_url_names():
    def walk(resolver, namespace=None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                yield from walk(entry, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name

    return set(walk(get_resolver()))


ROUTES = [(module, route) for module in app_matrices() for route in module.ROUTES]


def test_every_url_pattern_and_method_is_in_the_matrix():
    names = [route.name for _module, route in ROUTES]
    assert len(names) == len(set(names)), "A URL has two rows"
    listed = {name for name in _all_url_names() if not name.startswith(UNLISTED_NAMESPACES)}
    assert listed - set(names) == set(), "Add these URLs to their app's tests/<app>/matrix.py"
    assert set(names) - listed - {"admin:index"} == set(), "The matrix lists URLs that no longer exist"
    for _module, route in ROUTES:
        for method in METHODS:
            for persona in PERSONAS:
                assert route.expected(method, persona) is not None, f"{route.name} {method} {persona}"


def _client(persona, request):
    """A client that enforces CSRF like a browser, with a valid token, signed in as the persona."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(32)
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies[settings.CSRF_COOKIE_NAME].value
    if persona != "anonymous":
        sign_in(client, request.getfixturevalue(persona))
        # Signing in rotates the token.
        client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies[settings.CSRF_COOKIE_NAME].value
    return client


CASES = [
    (module, route, persona, method) for module, route in ROUTES for persona in PERSONAS for method in METHODS
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("module", "route", "persona", "method"),
    CASES,
    ids=[f"{route.name}-{persona}-{method}" for _module, route, persona, method in CASES],
)
def test_permission_matrix(module, route, persona, method, request):
    world = module.World(request)
    url = route.url(world)
    client = _client(persona, request)
    expected = route.expected(method, persona)
    if method == "GET":
        response = client.get(url)
    else:
        body = route.body(world)
        before = database_fingerprint()
        response = client.post(url, body)
    where = f"{persona} {method} {url}"
    if expected == SIGN_IN:
        assert response.status_code == 302, where
        assert re.match(r"^/accounts/login/\?next=", response["Location"]), response["Location"]
    else:
        assert response.status_code == expected, f"{where}: {response.get('Location', '')}"
    if method == "POST" and expected in REFUSED:
        assert database_fingerprint() == before, f"{where} was refused but changed the database"


# --- Insider refusals (issue 7): writes that privileged people must not be able to make --------------------
def _refusal_lead_appoints_self(world, client):
    lead = world.persona("programme_lead")
    response = client.post(reverse("groups:appoint", args=[world.group.public_id]), {"email": lead.email})
    return response, not FacilitatorAppointment.objects.filter(user=lead).exists()


def _refusal_lead_creates_group_for_self(world, client):
    data = {
        "name": "My own circle",
        "theme": Theme.objects.create(name="Any theme").pk,
        "description": "x",
        "join_policy": "invitation",
        "visibility": "private",
        "allow_anonymous": "on",
        "facilitators": world.persona("programme_lead").email,
    }
    response = client.post(reverse("groups:create"), data)
    return response, not PeerGroup.objects.filter(name="My own circle").exists()


def _refusal_admin_grants_self_a_role(world, client):
    admin = world.persona("site_admin")
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


def _refusal_second_export_while_one_waits(world, client):
    client.post(reverse("accounts:data_export_create"))
    response = client.post(reverse("accounts:data_export_create"))
    return response, DataExport.objects.filter(user=world.persona("employee")).count() == 1


# (name, persona, refused write, expected status): each refused write must also change nothing.
REFUSALS = [
    ("lead appoints themself", "programme_lead", _refusal_lead_appoints_self, 400),
    ("lead creates a group they facilitate", "programme_lead", _refusal_lead_creates_group_for_self, 400),
    ("site admin grants themself a role", "site_admin", _refusal_admin_grants_self_a_role, 200),
    ("second export while one waits", "employee", _refusal_second_export_while_one_waits, 302),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "attempt", "expected"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_insider_refusals(name, persona, attempt, expected, request):
    world = GroupsWorld(request)
    world.group  # noqa: B018 - built before signing in, as in the matrix
    client = _client(persona, request)
    response, unchanged = attempt(world, client)
    assert response.status_code == expected, name
    assert unchanged, f"{name}: the refused write changed the database"
