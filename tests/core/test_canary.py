"""Confidential inputs carry the canary here; the autouse check in conftest fails if an audit row holds it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.accounts import services
from peersupport.core.models import AuditEvent
from tests.conftest import CANARY, check_no_canary_in_audit_rows, sign_in

pytestmark = pytest.mark.django_db


def test_a_failed_sign_in_with_the_canary_as_password_is_audited_without_it(client, employee):
    client.post(reverse("account_login"), {"login": employee.email, "password": CANARY})
    assert AuditEvent.objects.filter(action="accounts.login.failed").exists()


def test_an_import_file_holding_the_canary_is_audited_without_it(client, site_admin):
    sign_in(client, site_admin)
    content = f"email,name,org_unit\nx@example.com,{CANARY},Nowhere\n"
    client.post(reverse("accounts:import_create"), {"file": SimpleUploadedFile("s.csv", content.encode())})
    services.import_batch_run(batch_id=services.ImportBatch.objects.get().pk)
    assert AuditEvent.objects.filter(action="accounts.import.started").exists()


def test_a_wrong_password_on_deletion_is_not_recorded(client, employee):
    sign_in(client, employee)
    client.post(reverse("accounts:account_delete"), {"posts": "delete", "password": CANARY, "confirm": "on"})
    employee.refresh_from_db()
    assert employee.is_active


@pytest.mark.parametrize(
    "leak",
    [
        {"metadata": {"oops": CANARY}},
        {"metadata": {"nested": {"deeper": [CANARY]}}},
        {"target_id": CANARY[:60]},
        {"actor_label": CANARY},
    ],
    ids=["metadata", "nested metadata", "target id", "actor label"],
)
def test_the_check_itself_catches_a_leak(employee, leak):
    """Plant the canary in each field: the suite-wide check must fail. Disable it and this goes red."""
    from django.db import connection

    event = AuditEvent.objects.create(**{"actor": employee, "action": "accounts.test.leak", **leak})
    with pytest.raises(AssertionError, match="confidential text"):
        check_no_canary_in_audit_rows()
    # Remove it through the raw table (rows are append-only) so the check after this test stays green.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [event.pk])  # noqa: S608
    check_no_canary_in_audit_rows()
