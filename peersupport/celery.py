"""The Celery application. The beat schedule lives here, in one place, each entry commented."""

import os

from celery import Celery
from celery.beat import PersistentScheduler
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Expired sessions pile up in the database otherwise; once a night is plenty.
    "clear-expired-sessions": {
        "task": "peersupport.core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    # Claims due notifications and publishes one send task each; messages are rows, never long ETAs.
    "dispatch-due-notifications": {
        "task": "peersupport.notifications.tasks.dispatch_due_notifications",
        "schedule": 60.0,
    },
    # Gives messages held by a worker that died back to the dispatcher.
    "sweep-stuck-notifications": {
        "task": "peersupport.notifications.tasks.sweep_stuck_notifications",
        "schedule": 300.0,
    },
    # Monday morning: one e-mail per person who chose a weekly digest.
    "compose-weekly-digests": {
        "task": "peersupport.notifications.tasks.compose_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Data exports asked for while the broker was down.
    "requeue-pending-exports": {
        "task": "peersupport.accounts.tasks.requeue_pending_exports",
        "schedule": 300.0,
    },
    # Admin-asked changes of sign-in address, confirmed by the new mailbox, happen once their notice has run.
    "apply-due-email-changes": {
        "task": "peersupport.accounts.tasks.apply_due_email_changes",
        "schedule": 300.0,
    },
    # Invitations whose e-mail could not be queued (broker down at the time) are picked up again.
    "resend-unsent-invitations": {
        "task": "peersupport.accounts.tasks.send_pending_invitations",
        "schedule": 60.0,
    },
}


class PillarScheduler(PersistentScheduler):
    """Beat's scheduler, with each pillar's periodic tasks (declared on its AppConfig, see
    peersupport/core/pillars.py) merged in when it starts; Django is set up by then."""

    def setup_schedule(self):
        from peersupport.core.pillars import beat_schedule

        self.app.conf.beat_schedule.update(beat_schedule())
        super().setup_schedule()


app.conf.beat_scheduler = "peersupport.celery:PillarScheduler"
