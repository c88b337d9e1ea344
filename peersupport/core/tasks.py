from celery import shared_task
from django.core.management import call_command


@shared_task
def clear_expired_sessions() -> None:
    """Delete expired sessions; Django keeps them until someone asks."""
    call_command("clearsessions")
