"""The cast of personas every test can call on, and the switches that make the suite honest in CI.

In CI (CI=true) nothing may skip: a skipped test is reported as a failure.
"""

import os
import shutil
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright runs an event loop in this thread

from tests.accounts.factories import (  # noqa: E402 - the environment above must be set first
    PASSWORD,
    UserFactory,
    give_role,
    give_second_factor,
    roles,
)

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# --- Personas -----------------------------------------------------------------------------------------
@pytest.fixture
def employee(db):
    """An ordinary employee: signed up, verified, no roles and no groups yet."""
    return UserFactory(email="employee@example.com", display_name="Amira Haddad")


@pytest.fixture
def member(db):
    """An employee who belongs to peer groups (the groups app gives them memberships)."""
    return UserFactory(email="member@example.com", display_name="Jun Ito")


@pytest.fixture
def facilitator(db):
    """An employee who runs groups (the groups app makes them a facilitator of some)."""
    return UserFactory(email="facilitator@example.com", display_name="Tomás Oliveira")


@pytest.fixture
def supporter(db):
    """An employee with a current peer-supporter certificate (the training app awards it)."""
    return UserFactory(email="supporter@example.com", display_name="Grace Mensah")


@pytest.fixture
def outsider(db):
    """An employee in another team who belongs to nothing the others share."""
    return UserFactory(email="outsider@example.com", display_name="Pavel Novak")


@pytest.fixture
def programme_lead(db):
    """Runs the programme: manages themes and groups; sees no individual's content."""
    return give_role(UserFactory(email="lead@example.com", display_name="Priya Raman"), roles.PROGRAMME_LEAD)


@pytest.fixture
def hr_admin(db):
    """An HR admin with a second factor set up: sees aggregates only, never an individual."""
    user = give_role(UserFactory(email="hr@example.com", display_name="Daniel Weber"), roles.HR_ADMIN)
    give_second_factor(user)
    return user


@pytest.fixture
def site_admin(db):
    """Operates the installation, with a second factor set up: people, org units, settings."""
    user = give_role(UserFactory(email="admin@example.com", display_name="Sam Okafor"), roles.SITE_ADMIN)
    give_second_factor(user)
    return user


PERSONAS = ["anonymous", "employee", "member", "facilitator", "supporter", "outsider", "programme_lead",
            "hr_admin", "site_admin"]


def sign_in(client, user, password: str = PASSWORD):
    """Sign in through allauth's real form, answering the second-factor step when the person has one.

    (Django's force_login skips allauth's session tracking, which needs a client address.)
    """
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    if response["Location"] == reverse("mfa_authenticate"):
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        secret = decrypt(authenticator.data["secret"])
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def persona_client(request, client):
    """A test client signed in as the persona named by the test's `persona` parameter."""

    def for_persona(name: str):
        if name != "anonymous":
            sign_in(client, request.getfixturevalue(name))
        return client

    return for_persona


# --- Environment --------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Real hashing is slow and not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate-limit counters live in the cache: the database cache is rolled back with each test, Redis is not.
    from django.core.cache import cache

    redis_cache = "redis" in settings.CACHES["default"]["BACKEND"].lower()
    if redis_cache:
        cache.clear()
    yield
    if redis_cache:
        cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or IN_CI:
        return
    skip = pytest.mark.skip(reason="Chromium is not installed here (apt-get install chromium); CI runs these.")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where nothing may skip: {report.longrepr}"
