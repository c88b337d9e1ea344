"""With the broker down, requests still answer at once and the message goes out when it is back.

This test runs its own Redis server and its own Celery worker process, so that it can stop and restart
the broker without disturbing anything else. It needs Debian's redis-server (CI installs it).
"""

import ast
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
from django.urls import reverse
from kombu import pools as kombu_pools

from peersupport.celery import app
from peersupport.notifications import services
from peersupport.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import IN_CI, ROOT, WORKER_MAIL_DIR, sign_in, start_worker, wait_for

REDIS = shutil.which("redis-server")
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        REDIS is None and not IN_CI, reason="redis-server is not installed here; CI runs this"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port = _free_port()
        self.dir = tempfile.mkdtemp()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=10)

    def _answers(self):
        """Redis to accept connections"""
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
            return True
        return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def _redis_transport_options() -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup(); "
            "print(repr(settings.CELERY_BROKER_TRANSPORT_OPTIONS))",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return ast.literal_eval(result.stdout.strip())


@contextlib.contextmanager
def broker(url: str):
    """Point this process's Celery app at another broker, and back afterwards."""
    saved = app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport

    def reset_pools():
        # kombu keeps process-wide pools keyed by connection; start afresh on each switch.
        kombu_pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    app.conf.broker_url = url
    app.conf.broker_transport = None  # the URL's scheme decides, as with REDIS_URL set
    # The options the project uses with Redis, whatever this run's own broker is.
    app.conf.broker_transport_options = _redis_transport_options()
    try:
        yield
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport = saved


@pytest.fixture
def redis_and_worker(django_db_setup):
    redis = RedisServer()
    redis.start()
    worker = start_worker(log_name="outage-worker.log", REDIS_URL=redis.url)
    yield redis
    worker.terminate()
    worker.wait(timeout=20)
    if redis.process.poll() is None:
        redis.stop()


def _emails_to(address):
    return [p for p in WORKER_MAIL_DIR.glob("*.log") if f"To: {address}" in p.read_text()]


def test_a_request_answers_at_once_with_the_broker_down_and_the_email_follows_later(
    client, site_admin, redis_and_worker
):
    redis = redis_and_worker
    person = UserFactory(email=f"{uuid.uuid4().hex[:10]}@example.com")
    sign_in(client, site_admin)
    with broker(redis.url):
        redis.stop()

        started = time.monotonic()
        response = client.post(
            reverse("admin:accounts_user_change", args=[person.pk]),
            {
                "email": person.email,
                "display_name": person.display_name,
                "pronouns": "",
                "timezone": "Europe/London",
                "org_unit": person.org_unit_id,
                "is_active": "on",
                "roles": ["programme_lead"],
            },
        )
        elapsed = time.monotonic() - started

        assert response.status_code == 302
        assert elapsed < 1.0, f"the request waited {elapsed:.2f} s on the broker"
        notification = Notification.objects.get(recipient=person)
        assert notification.status == "pending"  # nothing lost: the row waits
        assert notification.pk not in services.dispatch_due()  # still down: the dispatcher gives claims back
        assert Notification.objects.get(pk=notification.pk).status == "pending"

        redis.start()
        wait_for(lambda: notification.pk in services.dispatch_due(), timeout=20)

        def sent():
            """the worker to send the e-mail"""
            return Notification.objects.filter(pk=notification.pk, status="sent").exists()

        wait_for(sent, timeout=30)
    emails = wait_for(lambda: _emails_to(person.email))
    assert len(emails) == 1
    assert "You now have the Programme lead role" in emails[0].read_text()
