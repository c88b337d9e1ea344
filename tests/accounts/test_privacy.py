"""The privacy centre: what others see, who accessed my data, export and erasure."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts import services
from peersupport.accounts.models import DataExport, Invitation, User
from peersupport.core.models import AuditEvent
from peersupport.core.personal_data import covered_models
from peersupport.notifications import kinds
from peersupport.notifications import services as notification_services
from peersupport.notifications.models import Notification
from tests.accounts.factories import PASSWORD, OrgUnitFactory, UserFactory
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_every_model_that_points_at_a_person_is_in_the_export():
    user_model = get_user_model()
    pointing = {
        model._meta.label_lower
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField) and field.related_model is user_model
    }
    pointing.add(user_model._meta.label_lower)
    assert pointing - covered_models() == set()


def test_overview_says_who_can_see_each_kind_of_data(client, employee, site_admin):
    sign_in(client, employee)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "What others can see about you" in page
    assert "you and the 1 site admin." in page
    assert "HR admins never see anything about you as a person" in page


def test_the_overview_counts_site_admins_once_and_afresh_on_each_visit(client, employee, site_admin):
    sign_in(client, employee)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("accounts:privacy")).content.decode()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "auth_group" in q["sql"]]
    assert len(counts) == 1
    assert page.count("the 1 site admin") >= 2  # named in more than one section, counted once
    services.role_grant(actor=site_admin, user=UserFactory(), role="site_admin")
    assert "the 2 site admins" in client.get(reverse("accounts:privacy")).content.decode()


def test_access_log_shows_what_was_done_by_a_role_never_a_name(client, employee, site_admin):
    services.role_grant(actor=site_admin, user=employee, role="programme_lead")
    sign_in(client, employee)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "A role was given to you" in page
    assert "A site admin" in page
    assert site_admin.display_name not in page and site_admin.email not in page
    assert "Signed in" in page


def test_export_is_built_by_the_task_and_announced(client, employee, django_capture_on_commit_callbacks):
    sign_in(client, employee)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("accounts:data_export_create"))
    export = DataExport.objects.get(user=employee)
    assert response["Location"] == reverse("accounts:data_export_detail", args=[export.public_id])
    assert len(callbacks) == 1  # the build task is published after commit
    assert "preparing a copy of your data" in client.get(response["Location"]).content.decode()

    services.data_export_build(export_id=export.pk)  # what the task runs
    export.refresh_from_db()
    assert export.status == "ready"
    assert Notification.objects.filter(recipient=employee, kind=kinds.EXPORT_READY.key).exists()

    download = client.get(reverse("accounts:data_export_download", args=[export.public_id]))
    data = json.loads(download.content)
    assert download["Content-Disposition"].startswith("attachment;")
    assert data["profile"]["email"] == employee.email
    assert {"emails", "audit", "notifications", "sessions", "second_factors"} <= set(data)
    page = client.get(reverse("accounts:data_export_detail", args=[export.public_id])).content.decode()
    assert "Security and access log" in page and "Download as a file" in page


def test_the_readable_copy_is_headings_tables_and_words_not_python(client, employee, site_admin):
    services.role_grant(actor=site_admin, user=employee, role="hr_admin")
    sign_in(client, employee)
    export = services.data_export_request(actor=employee)
    services.data_export_build(export_id=export.pk)

    page = client.get(reverse("accounts:data_export_detail", args=[export.public_id])).content.decode()
    main = page[page.index("<main") : page.index("</main>")]

    assert "<table" in main and "<dl" in main
    assert "Your profile" in main and "Changes made by site administrators" in main
    for python in ("{'", "[{", "': ", "True", "False", "None", "pprint"):
        assert python not in main, python
    assert "accounts.login.succeeded" not in main and "Signed in" in main


def test_the_preparing_line_gives_way_to_the_copy_when_it_is_ready(client, employee):
    sign_in(client, employee)
    response = client.post(reverse("accounts:data_export_create"), follow=True)
    first = response.content.decode()
    # Said once, by the status line that polling replaces, not by a flash message that would stay behind.
    assert first.count("preparing a copy of your data") == 1
    assert "preparing a copy of your data" in first[first.index('id="export-status"') :]
    export = DataExport.objects.get(user=employee)
    url = reverse("accounts:data_export_detail", args=[export.public_id])
    assert 'hx-trigger="load delay:2s"' in client.get(url, headers={"HX-Request": "true"}).content.decode()

    services.data_export_build(export_id=export.pk)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    page = client.get(url).content.decode()

    for html in (fragment, page):
        assert "preparing" not in html.lower()
        assert 'hx-trigger="load delay:2s"' not in html  # polling has stopped
        assert "Your copy is ready" in html
    # The copy arrives outside the live region, which announces only that it is ready.
    assert '<div id="export-content" hx-swap-oob="true">' in fragment and "Your profile" in fragment


def test_privacy_centre_speaks_plainly_with_the_right_plurals(client, employee, hr_admin):
    from peersupport.core.services import audit_record

    audit_record(actor=hr_admin, action="accounts.user.changed_by_admin", subject=employee)
    sign_in(client, employee)

    page = client.get(reverse("accounts:privacy")).content.decode()

    assert "Django" not in page
    assert "Changes made by site administrators" in page
    assert "An HR admin" in page
    assert "A hr admin" not in page and "A HR admin" not in page
    assert "it is kept for 7 days" in page
    assert "the 1 site admins" not in page


def test_someone_elses_export_is_a_404(client, employee, outsider):
    export = services.data_export_request(actor=outsider)
    services.data_export_build(export_id=export.pk)
    sign_in(client, employee)
    assert client.get(reverse("accounts:data_export_download", args=[export.public_id])).status_code == 404


def test_a_second_build_of_the_same_export_does_nothing(employee):
    export = services.data_export_request(actor=employee)
    services.data_export_build(export_id=export.pk)
    assert services.data_export_build(export_id=export.pk) is None
    assert Notification.objects.filter(kind=kinds.EXPORT_READY.key).count() == 1


def _all_text_in_the_database() -> str:
    chunks = []
    for model in apps.get_models():
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if text_fields:
            for row in model._base_manager.values_list(*text_fields):
                chunks.append(json.dumps(row, default=str))
    return "\n".join(chunks).lower()


def test_deleting_an_account_leaves_no_trace_of_name_or_email(client, site_admin):
    person = UserFactory(email="zelda.quartermaine@example.com", display_name="Zelda Quartermaine")
    Invitation.objects.create(
        email=person.email,
        display_name=person.display_name,
        org_unit=OrgUnitFactory(),
        expires_at="2030-01-01T00:00:00Z",
        accepted_at="2026-01-01T00:00:00Z",
    )
    services.role_grant(actor=site_admin, user=person, role="programme_lead")
    later = notification_services.notify(
        recipient=person,
        kind=kinds.ROLE_CHANGED,
        idempotency_key="later",
        due_at=timezone.now() + timedelta(days=30),
        context={"role_label": "x"},
    )
    other_device = sign_in(Client(), person)
    sign_in(client, person)
    services.data_export_request(actor=person)
    assert "zelda" in _all_text_in_the_database()

    response = client.post(
        reverse("accounts:account_delete"), {"posts": "keep", "password": PASSWORD, "confirm": "on"}
    )

    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    haystack = _all_text_in_the_database()
    assert "zelda" not in haystack and "quartermaine" not in haystack
    later.refresh_from_db()
    assert later.status == "cancelled"  # pending reminders cancelled
    assert not Notification.objects.filter(recipient=person, status__in=["pending", "claimed"]).exists()
    assert later.pk not in notification_services.dispatch_due()
    assert other_device.get(reverse("core:home")).status_code == 302  # every session ended
    erased = User.objects.get(pk=person.pk)
    assert not erased.is_active and erased.display_name == "Former member"
    # The audit trail keeps its rows, pointing at the pseudonymous account.
    assert AuditEvent.objects.filter(actor=erased, action="accounts.user.erased").get().metadata == {
        "posts_kept": True
    }
    assert AuditEvent.objects.filter(subject=erased, action="accounts.role.granted").exists()


def test_deleting_needs_the_password_and_the_confirmation(client, employee):
    sign_in(client, employee)
    response = client.post(reverse("accounts:account_delete"), {"posts": "delete", "password": "wrong"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "That password is not right." in content
    assert "This field is required." in content
    employee.refresh_from_db()
    assert employee.is_active
