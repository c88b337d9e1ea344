"""Publishing Celery tasks from web requests without ever waiting on the broker."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Publish `task` after the current transaction commits; if the broker is down, log and move on.

    Callers keep the work in a database row, so a beat task can publish it again later: nothing is lost.
    """

    def publish():
        try:
            task.apply_async(args=args, retry=False)
        except (OperationalError, OSError, TimeoutError):
            logger.warning("Broker unreachable; %s%s stays pending for the next sweep.", task.name, args)

    transaction.on_commit(publish)
