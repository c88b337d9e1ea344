"""Publishing Celery tasks from web requests without ever waiting on the broker."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


# Messages that must not wait behind other work (risk alerts) go to a queue that only its own worker
# reads; everything else shares the default one. See docs/architecture.md, "Background work".
SAFETY_QUEUE = "safety"


def enqueue_on_commit(task, *args, queue: str | None = None) -> None:
    """Publish `task` after the current transaction commits; if the broker is down, log and move on.

    Callers keep the work in a database row, so a beat task can publish it again later: nothing is lost.
    """

    def publish():
        try:
            task.apply_async(args=args, retry=False, queue=queue)
        except (OperationalError, OSError, TimeoutError):
            logger.warning("Broker unreachable; %s%s stays pending for the next sweep.", task.name, args)

    transaction.on_commit(publish)
