from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts import services
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

HOME = "/"


def _signed_in(client) -> bool:
    return client.get(HOME).status_code == 200


def test_idle_session_ends_after_thirty_minutes(client, employee):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, employee)
        clock.shift(timedelta(minutes=29))
        assert _signed_in(client)
        clock.shift(timedelta(minutes=31))
        response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_keeps_a_session_alive(client, employee):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, employee)
        for _ in range(8):  # two hours of clicking every quarter of an hour
            clock.shift(timedelta(minutes=15))
            assert _signed_in(client)


def test_session_ends_twelve_hours_after_sign_in_however_active(client, employee):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, employee)
        for _ in range(47):  # 11 h 45 min of steady activity
            clock.shift(timedelta(minutes=15))
            assert _signed_in(client)
        clock.shift(timedelta(minutes=16))
        assert not _signed_in(client)


def test_signing_in_issues_a_new_session_key(client, employee):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, employee)
    assert client.session.session_key != before


def test_deactivating_a_person_ends_all_their_sessions_at_once(employee, site_admin):
    laptop, phone = Client(), Client()
    sign_in(laptop, employee)
    sign_in(phone, employee)
    assert _signed_in(laptop) and _signed_in(phone)
    sessions_before = Session.objects.count()

    services.user_deactivate(actor=site_admin, user=employee)

    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert Session.objects.count() <= sessions_before - 2
    assert (
        laptop.post(reverse("account_login"), {"login": employee.email, "password": "x"}).status_code != 302
    )


def test_deactivation_through_the_admin_also_ends_sessions(client, employee, site_admin):
    phone = Client()
    sign_in(phone, employee)
    sign_in(client, site_admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [employee.pk]},
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert not employee.is_active
    assert not _signed_in(phone)
