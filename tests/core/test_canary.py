"""Confidential inputs carry the canary here; the autouse check in conftest fails if an audit row holds it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.accounts import services
from peersupport.core.models import AuditEvent
from tests.conftest import CANARY, sign_in

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


def test_the_check_itself_catches_a_leak(employee):
    from peersupport.core.services import audit_record

    event = audit_record(actor=employee, action="accounts.test.leak", metadata={"oops": CANARY})
    assert AuditEvent.objects.filter(metadata__icontains=CANARY, pk=event.pk).exists()
    # Remove it through the raw table so the suite-wide check stays green for this deliberate leak.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [event.pk])  # noqa: S608
