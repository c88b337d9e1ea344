"""CI must exercise the real services; this fails if it ever quietly falls back to the embedded ones."""

import os

import pytest
from django.conf import settings
from django.db import connection

from peersupport.celery import app

pytestmark = pytest.mark.skipif(
    os.environ.get("CI", "").lower() != "true", reason="runs in CI, where PostgreSQL and Redis are started"
)


def test_ci_runs_on_postgresql_redis_and_an_external_worker():
    assert connection.vendor == "postgresql"
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    assert app.conf.broker_url.startswith("redis://")
    assert os.environ.get("CELERY_WORKER_EXTERNAL") == "true"
