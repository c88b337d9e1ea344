import csv
import io

import pytest
from django.urls import reverse

from peersupport.core.csv_safety import safe_cell
from peersupport.core.models import AuditEvent
from peersupport.core.services import audit_record
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_site_admin_filters_the_audit_log(client, site_admin, employee):
    audit_record(actor=employee, action="accounts.test.alpha", subject=employee)
    audit_record(actor=site_admin, action="accounts.test.beta", subject=employee)
    sign_in(client, site_admin)
    page = client.get(reverse("core:audit_list"), {"action": "accounts.test.al"}).content.decode()
    assert "accounts.test.alpha" in page and "accounts.test.beta" not in page
    page = client.get(reverse("core:audit_list"), {"actor": "admin@"}).content.decode()
    assert "accounts.test.beta" in page and "accounts.test.alpha" not in page


def test_bad_period_is_explained(client, site_admin):
    sign_in(client, site_admin)
    page = client.get(reverse("core:audit_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "“From” needs to be on or before “Until”." in page.content.decode()


def test_csv_export_neutralises_formulas_and_is_itself_audited(client, site_admin, employee):
    audit_record(actor=employee, action="accounts.test.gamma", metadata={"note": "=HYPERLINK(1)"})
    sign_in(client, site_admin)
    response = client.get(reverse("core:audit_export"), {"action": "accounts.test"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["time", "action", "actor"]
    assert rows[1][1] == "accounts.test.gamma"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    exported = AuditEvent.objects.get(action="core.audit.exported")
    assert exported.actor == site_admin
    assert exported.metadata == {"filters": {"action": "accounts.test"}, "rows": 1}


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_formula_cells_are_prefixed(value):
    assert safe_cell(value).startswith("'")


def test_plain_cells_are_untouched():
    assert safe_cell("accounts.role.granted") == "accounts.role.granted"
    assert safe_cell(None) == ""


def test_privileged_reads_are_audited(client, site_admin):
    sign_in(client, site_admin)
    client.get(reverse("core:audit_list"), {"action": "accounts"})
    client.get(reverse("accounts:people"))
    viewed = AuditEvent.objects.get(action="core.audit.viewed")
    assert viewed.actor == site_admin and viewed.metadata == {"filters": {"action": "accounts"}, "page": "1"}
    assert AuditEvent.objects.filter(action="accounts.people.viewed", actor=site_admin).count() == 1
