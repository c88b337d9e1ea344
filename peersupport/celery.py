"""The Celery application. The beat schedule lives here, in one place, each entry commented."""

import os

from celery import Celery
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
    # Facilitators announced to their group start once the notice has run (groups.services).
    "start-due-facilitators": {
        "task": "groups.tasks.start_due_facilitators",
        "schedule": 60.0,
    },
    # Erased authors' anonymous posts are blanked at a random moment, not with their named ones.
    "erase-due-writing": {
        "task": "groups.tasks.erase_due_writing",
        "schedule": 600.0,
    },
    # Invitations whose e-mail could not be queued (broker down at the time) are picked up again.
    "resend-unsent-invitations": {
        "task": "peersupport.accounts.tasks.send_pending_invitations",
        "schedule": 60.0,
    },
}
