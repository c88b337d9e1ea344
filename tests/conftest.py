"""The cast of personas every test can call on, and the switches that make the suite honest in CI.

In CI (CI=true) nothing may skip: a skipped test is reported as a failure.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.urls import reverse

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # sync Playwright runs an event loop in this thread

from tests.accounts.factories import (
    PASSWORD,
    UserFactory,
    give_role,
    give_second_factor,
    roles,
)

IN_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parents[1]
# Where a worker's e-mails land; the Makefile and .ci/run point EMAIL_FILE_PATH here for both processes.
WORKER_MAIL_DIR = Path(os.environ.get("EMAIL_FILE_PATH", ROOT / "var" / "test-mail"))
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
    """An employee who runs groups (the groups app makes them a facilitator of some), with a second factor:
    letting people into a group changes who reads it."""
    user = UserFactory(email="facilitator@example.com", display_name="Tomás Oliveira")
    give_second_factor(user)
    return user


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
    """Runs the programme: manages themes and groups; sees no individual's content. Has a second factor:
    appointing facilitators and deciding break-glass requests change who sees confidential content."""
    user = give_role(UserFactory(email="lead@example.com", display_name="Priya Raman"), roles.PROGRAMME_LEAD)
    give_second_factor(user)
    return user


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


PERSONAS = [
    "anonymous",
    "employee",
    "member",
    "facilitator",
    "supporter",
    "outsider",
    "programme_lead",
    "hr_admin",
    "site_admin",
]


def sign_in(client, user, password: str = PASSWORD):
    """Sign in through allauth's real form, answering the second-factor step when the person has one.

    (Django's force_login skips allauth's session tracking, which needs a client address.)
    """
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    if response["Location"] == reverse("mfa_authenticate"):
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        secret = decrypt(authenticator.data["secret"])
        # The code is typed in the middle of its 30-second window (the clock stands still meanwhile), so it
        # cannot expire between computing and checking it; and allauth's refusal to take the same code
        # twice is for attackers, not for a test that signs the same person in twice within 30 seconds.
        window = int(time.time()) // 30
        with time_machine.travel(window * 30 + 15, tick=False):
            code = format_hotp_value(hotp_value(secret, window))
            cache.delete(TOTP(authenticator)._get_used_cache_key(code))
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


# --- The canary -----------------------------------------------------------------------------------------
# Tests plant CANARY in confidential inputs (passwords, uploaded files, anything a person writes); after
# every test that touched the database, no audit row may contain it.
CANARY = "CANARY-7f3a9c-confidential"


def audit_rows_holding(text: str):
    """Audit rows that hold `text` in any field a reader of the audit log sees."""
    from django.db.models import Q

    from peersupport.core.models import AuditEvent

    return AuditEvent.objects.filter(
        Q(action__contains=text)
        | Q(target_type__contains=text)
        | Q(target_id__contains=text)
        | Q(actor_label__contains=text)
        | Q(metadata__icontains=text)
    )


def check_no_canary_in_audit_rows() -> None:
    """The check run after every database test (and tested itself in tests/core/test_canary.py)."""
    assert not audit_rows_holding(CANARY).exists(), "an audit row holds confidential text"


@pytest.fixture(autouse=True)
def _audit_rows_never_hold_confidential_text(request):
    yield
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_db:
        check_no_canary_in_audit_rows()


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
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or IN_CI:
        return
    skip = pytest.mark.skip(
        reason="Chromium is not installed here (apt-get install chromium); CI runs these."
    )
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


# --- A real Celery worker -------------------------------------------------------------------------------
def _database_url(db: dict) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "localhost"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_worker(*, log_name: str, queues: str = "celery", **env_overrides) -> subprocess.Popen:
    """Start a real Celery worker process on the test database, reading `queues`; returns once it says it
    is ready."""
    from django.db import connection

    WORKER_MAIL_DIR.mkdir(parents=True, exist_ok=True)
    log_path = ROOT / "var" / log_name
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "EMAIL_FILE_PATH": str(WORKER_MAIL_DIR),
        **env_overrides,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "peersupport",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
        "--queues",
        queues,
        "--hostname",
        f"{queues.replace(',', '-')}-{log_name.removesuffix('.log')}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(log_path, "w") as log:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text():
        assert worker.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, "the Celery worker did not start within a minute"
        time.sleep(0.2)
    return worker


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real worker process on the configured broker, working on the test database.

    CI starts them itself (CELERY_WORKER_EXTERNAL=true, see .ci/run); anywhere else the suite starts its own:
    one on the default queue and one on the safety lane, as production runs them.
    Tests that use it need `transactional_db`, so that what they write is committed and visible to it.
    """
    if os.environ.get("CELERY_WORKER_EXTERNAL", "").lower() == "true":
        from peersupport.celery import app

        answers = app.control.ping(timeout=5)
        assert len(answers) >= 2, f"CI said a worker and a safety worker run, but these answered: {answers}"
        yield "external"
        return
    # As in production: one worker for everything, and one for the safety lane that nothing else delays.
    workers = [
        start_worker(log_name="test-worker.log"),
        start_worker(log_name="test-safety-worker.log", queues="safety"),
    ]
    yield workers[0]
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=20)


def wait_for(condition, timeout: float = 30.0, interval: float = 0.2):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"gave up after {timeout} s waiting for {condition.__doc__ or condition}")
