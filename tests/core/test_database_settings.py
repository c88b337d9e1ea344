"""Persistent database connections on PostgreSQL, with health checks; a connection per request on the
embedded SQLite, where opening one costs nothing (docs/operations.md)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'peersupport.settings'; django.setup(); "
    "from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
)


def _database_settings(**overrides) -> str:
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": "", "CONN_MAX_AGE": "", **overrides}
    env.pop("CONN_HEALTH_CHECKS", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"DATABASE_URL": "postgres://app:secret@db:5432/peersupport"}, "60 True"),
        ({"DATABASE_URL": "postgres://app:secret@db:5432/peersupport", "CONN_MAX_AGE": "300"}, "300 True"),
        ({}, "0 True"),  # the embedded SQLite file
    ],
)
def test_connections_persist_on_postgresql_with_health_checks(overrides, expected):
    assert _database_settings(**overrides) == expected
