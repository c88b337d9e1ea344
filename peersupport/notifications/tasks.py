from celery import shared_task

from peersupport.notifications import services

MAX_SEND_RETRIES = 6


@shared_task
def dispatch_due_notifications() -> int:
    """Claim due messages and publish one send task per message."""
    return len(services.dispatch_due())


@shared_task(bind=True, max_retries=MAX_SEND_RETRIES)
def send_notification(self, notification_id: int) -> None:
    """Deliver one message; safe to run twice. Transient mail errors retry with bounded backoff."""
    try:
        services.deliver(
            notification_id=notification_id, final_attempt=self.request.retries >= MAX_SEND_RETRIES
        )
    except services.TRANSIENT_ERRORS as error:
        raise self.retry(exc=error, countdown=min(600, 30 * 2**self.request.retries)) from error


@shared_task
def sweep_stuck_notifications() -> int:
    """Return messages stuck with a dead worker to pending."""
    return services.sweep_stuck()


@shared_task
def compose_weekly_digests() -> int:
    """Queue the weekly digests."""
    return services.digests_compose()
