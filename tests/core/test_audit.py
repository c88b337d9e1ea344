import pytest
from django.urls import reverse

from peersupport.core.models import AuditEvent
from peersupport.core.services import audit_record
from tests.accounts.factories import PASSWORD
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted(employee):
    event = audit_record(actor=employee, action="accounts.test.happened", subject=employee)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="accounts.test.rewritten")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "accounts.test.happened"


def test_successful_sign_in_is_audited_with_the_client_address(client, employee):
    sign_in(client, employee)
    event = AuditEvent.objects.get(action="accounts.login.succeeded")
    assert event.actor == employee and event.subject == employee
    assert event.ip_address == "127.0.0.1"


def test_failed_sign_in_is_audited_without_storing_what_was_typed(client, employee):
    client.post(reverse("account_login"), {"login": employee.email, "password": "not-" + PASSWORD})
    client.post(reverse("account_login"), {"login": "stranger@example.com", "password": "guess"})
    failures = AuditEvent.objects.filter(action="accounts.login.failed").order_by("id")
    assert [e.outcome for e in failures] == ["failure", "failure"]
    assert failures[0].subject == employee  # the person can later see someone tried their account
    assert failures[1].subject is None
    assert all("stranger" not in str(e.metadata) and "guess" not in str(e.metadata) for e in failures)
