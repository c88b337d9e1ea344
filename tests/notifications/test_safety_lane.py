"""A flood of other work never delays a risk alert, and one person cannot flood the queue with exports.

Real worker processes (the default queue and the safety lane, as `make run`, docker-compose.yml and CI
start them), real broker, committed rows.
"""

import pytest
from django.test import Client
from django.urls import reverse

from groups.services import discussions
from peersupport.accounts import services
from peersupport.accounts.models import DataExport, User
from peersupport.notifications.models import Notification
from tests.conftest import sign_in, wait_for
from tests.groups.factories import make_group

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FLOOD = 250


def test_one_person_can_have_one_export_waiting_at_a_time(client, employee):
    sign_in(client, employee)
    for _ in range(5):
        assert client.post(reverse("accounts:data_export_create")).status_code == 302
    assert DataExport.objects.filter(user=employee).count() == 1


def test_a_risk_alert_overtakes_a_flood_of_queued_work(celery_worker, facilitator, member):
    group = make_group(facilitator=facilitator, members=[member])
    thread = discussions.thread_create(
        actor=facilitator, group=group, title="Check-in", body="How is everyone?", anonymous=False,
        open_to_suggestions=False,
    )  # fmt: skip
    # Many people each ask for their data at once: FLOOD tasks wait on the default queue.
    crowd = User.objects.bulk_create(
        [User(email=f"crowd{n}@example.com", display_name=f"Crowd {n}") for n in range(FLOOD)]
    )
    for person in crowd:
        services.data_export_request(actor=person)

    discussions.post_reply(
        actor=member,
        thread=thread,
        body="I don't want to be here anymore",
        reply_type="share",
        anonymous=True,
    )
    alert = Notification.objects.get(recipient=facilitator, kind="groups.risk_alert")

    def alert_sent():
        """the risk alert to be delivered"""
        return Notification.objects.filter(pk=alert.pk, status="sent").exists()

    wait_for(alert_sent, timeout=60)
    still_waiting = DataExport.objects.filter(user__in=crowd, status="pending").count()
    assert still_waiting > 0, "the alert waited until the whole flood queued before it was done"
    # The flood is still worked through: nothing was dropped to make way.
    wait_for(lambda: not DataExport.objects.filter(user__in=crowd, status="pending").exists(), timeout=240)
    assert sign_in(Client(), facilitator).get(reverse("notifications:list")).status_code == 200
