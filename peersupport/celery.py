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
    # Invitations whose e-mail could not be queued (broker down at the time) are picked up again.
    "resend-unsent-invitations": {
        "task": "peersupport.accounts.tasks.send_pending_invitations",
        "schedule": 60.0,
    },
}
