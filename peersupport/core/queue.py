"""Publishing Celery tasks from web requests without ever waiting on the broker."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


# Messages that must not wait behind other work (risk alerts) go to a queue that only its own worker
# reads; everything else shares the default one. See docs/architecture.md, "Background work".
SAFETY_QUEUE = "safety"


def publish(task_name: str, *args, queue: str | None = None) -> None:
    """Publish a task by its name, giving up at once if the broker does not answer (raises).

    Tasks are named, not imported: a service module never imports its app's tasks module (which imports
    the services), so there is no import cycle to hide behind a function-local import.
    """
    from celery import current_app

    current_app.send_task(task_name, args=list(args), queue=queue, retry=False)


def enqueue_on_commit(task_name: str, *args, queue: str | None = None) -> None:
    """Publish a task after the current transaction commits; if the broker is down, log and move on.

    Callers keep the work in a database row, so a beat task can publish it again later: nothing is lost.
    """

    def after_commit():
        try:
            publish(task_name, *args, queue=queue)
        except (OperationalError, OSError, TimeoutError):
            logger.warning("Broker unreachable; %s%s stays pending for the next sweep.", task_name, args)

    transaction.on_commit(after_commit)
