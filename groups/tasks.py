from celery import shared_task

from groups.services import discussions
from groups.services import membership as services


@shared_task
def start_due_facilitators() -> int:
    """Give announced facilitators their access once the group has been told for long enough."""
    return services.facilitator_appointments_start_due()


@shared_task
def erase_due_writing() -> int:
    """Blank erased authors' anonymous words once their random wait is over."""
    return discussions.writing_erase_due()
