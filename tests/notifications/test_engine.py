"""The reminders engine: rows first, claimed once, sent once, never lost."""

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from peersupport.notifications import kinds, services
from peersupport.notifications.models import Notification, NotificationSettings
from peersupport.notifications.tasks import send_notification
from tests.accounts.factories import UserFactory

ROLE = {"role_label": "HR admin", "granted": True}


def _notify(user, key="k1", due_at=None):
    return services.notify(
        recipient=user, kind=kinds.ROLE_CHANGED, idempotency_key=key, context=ROLE, due_at=due_at
    )


@pytest.mark.django_db
def test_notify_writes_a_row_and_publishes_only_after_commit(employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notification = _notify(employee)
    assert notification.status == Notification.Status.PENDING
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_row_and_publishes_nothing(
    employee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        _notify(employee)
        raise RuntimeError("the domain change failed")
    assert callbacks == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_same_idempotency_key_never_makes_a_second_message(employee):
    assert _notify(employee).pk == _notify(employee).pk
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_later_messages_wait_for_the_dispatcher_instead_of_a_celery_eta(
    employee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _notify(employee, due_at=timezone.now() + timedelta(days=3))
    assert callbacks == []
    assert services.dispatch_due() == []


@pytest.mark.django_db
def test_a_send_task_run_twice_sends_once(employee):
    notification = _notify(employee)
    send_notification(notification.pk)
    send_notification(notification.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "You now have the HR admin role"
    assert message.extra_headers["Message-ID"].startswith("<")
    assert "/help/crisis/" in message.body
    # A role change is mandatory, so it carries no unsubscribe link (tests/notifications/test_mandatory.py).
    assert "List-Unsubscribe" not in message.extra_headers
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.show_in_app) == ("sent", 1, True)


@pytest.mark.django_db
def test_cancelled_messages_are_not_sent(employee):
    notification = _notify(employee)
    assert services.cancel(idempotency_key="k1") == 1
    send_notification(notification.pk)
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweeper_returns_a_stuck_row_and_it_is_then_sent(employee):
    notification = _notify(employee)
    stuck_since = timezone.now() - timedelta(minutes=20)
    Notification.objects.filter(pk=notification.pk).update(
        status="claimed", claimed_at=stuck_since, send_started_at=stuck_since
    )
    send_notification(notification.pk)  # a redelivery while the first worker "holds" it does nothing
    assert mail.outbox == []

    assert services.sweep_stuck() == 1
    assert services.dispatch_due() == [notification.pk]
    send_notification(notification.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_recent_claim_is_left_alone_by_the_sweeper(employee):
    notification = _notify(employee)
    Notification.objects.filter(pk=notification.pk).update(status="claimed", claimed_at=timezone.now())
    assert services.sweep_stuck() == 0


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_claim_disjoint_sets():
    user = UserFactory()
    past = timezone.now() - timedelta(minutes=1)
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kinds.ROLE_CHANGED.key,
            idempotency_key=f"bulk-{i}",
            due_at=past,
            context=ROLE,
        )
        for i in range(300)
    )
    start = threading.Barrier(2)
    claimed: list[list[int]] = [[], []]

    def dispatcher(slot):
        try:
            start.wait()
            claimed[slot] = services.dispatch_due(limit=200)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(claimed[0]).isdisjoint(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 300
    assert Notification.objects.filter(status="pending").count() == 0


@pytest.mark.django_db
def test_quiet_hours_hold_a_message_until_they_end(employee):
    employee.timezone = "Europe/London"
    employee.save()
    NotificationSettings.objects.create(
        user=employee, quiet_hours_start=time(22, 0), quiet_hours_end=time(7, 0)
    )
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime(2026, 11, 23, 23, 30, tzinfo=london), tick=False):
        notification = _notify(employee)
        send_notification(notification.pk)
    notification.refresh_from_db()
    assert mail.outbox == []
    assert notification.status == "pending"
    assert notification.due_at == datetime(2026, 11, 24, 7, 0, tzinfo=london)

    with time_machine.travel(datetime(2026, 11, 24, 7, 1, tzinfo=london), tick=False):
        assert services.dispatch_due() == [notification.pk]
        send_notification(notification.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_weekly_digest_collects_emails_into_one(employee):
    NotificationSettings.objects.create(user=employee, weekly_digest=True)
    kind = kinds.Kind(
        "tests.kudos", "Kudos", "For tests", template_name="notifications/accounts_role_changed"
    )
    kinds.register(kind)
    try:
        for number in range(3):
            notification = services.notify(
                recipient=employee, kind=kind, idempotency_key=f"kudos-{number}", context={"role_label": "x"}
            )
            send_notification(notification.pk)
        assert mail.outbox == []  # held for the digest, shown in the app meanwhile
        assert Notification.objects.filter(in_digest=True, show_in_app=True).count() == 3

        assert services.digests_compose() == 1
        digest = Notification.objects.get(kind=kinds.DIGEST.key)
        send_notification(digest.pk)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].body.count("\n- ") == 3
        assert not Notification.objects.filter(in_digest=True, digest_sent_at__isnull=True).exists()
        assert services.digests_compose() == 0
    finally:
        kinds.KINDS.pop(kind.key)


@pytest.mark.django_db
def test_deactivated_people_get_nothing(employee, site_admin):
    from peersupport.accounts import services as account_services

    notification = _notify(employee)
    account_services.user_deactivate(actor=site_admin, user=employee)
    send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.status == "cancelled"
    assert mail.outbox == []
