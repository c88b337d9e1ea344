import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.accounts import services
from peersupport.accounts.models import ImportBatch, Invitation, OrgUnit
from peersupport.core.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

HEADER = "email,name,org_unit\n"


@pytest.fixture
def org(db):
    division = OrgUnit.objects.create(name="Operations", kind=OrgUnit.Kind.DIVISION)
    department = OrgUnit.objects.create(name="Finance", kind=OrgUnit.Kind.DEPARTMENT, parent=division)
    return OrgUnit.objects.create(name="Payroll", kind=OrgUnit.Kind.TEAM, parent=department)


def _run(actor, content):
    batch = services.import_batch_create(actor=actor, file_name="staff.csv", content=content)
    return services.import_batch_run(batch_id=batch.pk)


def test_good_file_creates_one_invitation_per_row(site_admin, org):
    batch = _run(
        site_admin,
        HEADER + "ana@example.com,Ana Lopes,Operations / Finance / Payroll\n"
        "Ben@Example.com,Ben Ade, operations/finance/payroll \n\n",
    )
    assert batch.status == ImportBatch.Status.DONE
    assert batch.created_count == 2
    assert batch.total_rows == batch.checked_rows == 2
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ana@example.com",
        "ben@example.com",
    ]
    assert set(Invitation.objects.values_list("org_unit", flat=True)) == {org.pk}
    assert AuditEvent.objects.filter(action="accounts.import.finished", actor=site_admin).exists()


def test_bad_rows_are_each_explained_and_nothing_is_imported(site_admin, org):
    UserFactory(email="existing@example.com")
    content = HEADER + (
        "good@example.com,Good Person,Operations / Finance / Payroll\n"  # row 2
        "not-an-email,Someone,Operations / Finance / Payroll\n"  # row 3
        "nameless@example.com,,Operations / Finance / Payroll\n"  # row 4
        "lost@example.com,Lost,Operations / Nowhere\n"  # row 5
        "GOOD@example.com,Good Again,Operations / Finance / Payroll\n"  # row 6
        "existing@example.com,Existing,Operations / Finance / Payroll\n"  # row 7
    )
    batch = _run(site_admin, content)

    assert batch.status == ImportBatch.Status.FAILED
    assert Invitation.objects.count() == 0
    messages = {error["row"]: error["message"] for error in batch.errors}
    assert messages == {
        3: "“not-an-email” is not a valid e-mail address.",
        4: "The name is empty.",
        5: "There is no org unit “Operations / Nowhere”.",
        6: "good@example.com appears twice in this file (first on row 2).",
        7: "existing@example.com already has an account or an open invitation.",
    }


def test_missing_columns_are_named(site_admin, org):
    batch = _run(site_admin, "mail,name\nx@example.com,X\n")
    assert batch.status == ImportBatch.Status.FAILED
    assert "missing: email, org_unit" in batch.errors[0]["message"]


def test_an_import_runs_once_even_if_delivered_twice(site_admin, org):
    batch = services.import_batch_create(
        actor=site_admin,
        file_name="staff.csv",
        content=HEADER + "a@example.com,A,Operations / Finance / Payroll\n",
    )
    services.import_batch_run(batch_id=batch.pk)
    assert services.import_batch_run(batch_id=batch.pk) is None
    assert Invitation.objects.count() == 1


def test_large_file_reports_progress_to_the_end(site_admin, org):
    rows = "".join(f"person{i}@example.com,Person {i},Operations / Finance / Payroll\n" for i in range(1200))
    batch = _run(site_admin, HEADER + rows)
    assert batch.status == ImportBatch.Status.DONE
    assert batch.checked_rows == batch.total_rows == 1200
    assert batch.percent_checked == 100
    assert Invitation.objects.count() == 1200


def test_upload_page_leads_to_a_progress_page_with_an_htmx_fragment(client, site_admin, org):
    sign_in(client, site_admin)
    upload = SimpleUploadedFile(
        "staff.csv", (HEADER + "a@example.com,A,Operations / Finance / Payroll\n").encode()
    )
    response = client.post(reverse("accounts:import_create"), {"file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("accounts:import_detail", args=[batch.public_id])

    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page
    assert 'hx-trigger="load delay:1s"' in page  # keeps polling while unfinished

    services.import_batch_run(batch_id=batch.pk)
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Done: 1 invitation is on its way." in fragment
    assert "<html" not in fragment
    assert "hx-trigger" not in fragment  # finished: polling stops


def test_a_file_that_is_not_utf8_is_refused_with_advice(client, site_admin):
    sign_in(client, site_admin)
    upload = SimpleUploadedFile("staff.csv", "email,name,org_unit\nzoë@example.com,Zoë,X\n".encode("latin-1"))
    response = client.post(reverse("accounts:import_create"), {"file": upload})
    assert response.status_code == 400
    assert "save it as “CSV UTF-8”" in response.content.decode()
    assert not ImportBatch.objects.exists()
