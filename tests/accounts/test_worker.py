"""Background work done by a real Celery worker process, through the real broker."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.accounts import services
from peersupport.accounts.models import ImportBatch, Invitation, OrgUnit
from tests.accounts.factories import OrgUnitFactory
from tests.conftest import WORKER_MAIL_DIR, sign_in, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _mail_to(address: str) -> list[str]:
    return [p.read_text() for p in WORKER_MAIL_DIR.glob("*.log") if address in p.read_text()]


def test_an_invitation_is_emailed_by_the_worker_after_commit(celery_worker, site_admin):
    address = f"{uuid.uuid4().hex[:12]}@partner.test"
    invitation = services.invitation_create(
        actor=site_admin, email=address, display_name="Worker Test", org_unit=OrgUnitFactory()
    )

    def sent():
        """the worker to mark the invitation sent"""
        return Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists()

    wait_for(sent)
    messages = wait_for(lambda: _mail_to(address))
    assert len(messages) == 1
    assert "/accounts/invitation/" in messages[0]
    assert "Need urgent help?" in messages[0]


def test_a_csv_import_runs_on_the_worker_and_its_invitations_go_out(celery_worker, client, site_admin):
    division = OrgUnit.objects.create(name="Product", kind=OrgUnit.Kind.DIVISION)
    OrgUnit.objects.create(name="Design", kind=OrgUnit.Kind.TEAM, parent=division)
    tag = uuid.uuid4().hex[:8]
    rows = "".join(f"p{i}.{tag}@example.com,Person {i},Product / Design\n" for i in range(30))
    sign_in(client, site_admin)

    response = client.post(
        reverse("accounts:import_create"),
        {"file": SimpleUploadedFile("staff.csv", ("email,name,org_unit\n" + rows).encode())},
    )
    assert response.status_code == 302

    def finished():
        """the import to finish"""
        return ImportBatch.objects.filter(status=ImportBatch.Status.DONE).first()

    batch = wait_for(finished)
    assert batch.created_count == 30

    def all_sent():
        """every invitation of the import to be sent"""
        return not Invitation.objects.filter(batch=batch, sent_at__isnull=True).exists()

    wait_for(all_sent)
    assert len(_mail_to(f"p7.{tag}@example.com")) == 1
