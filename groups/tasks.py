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


@shared_task
def run_invitation_batch(batch_id: int) -> int:
    """Invite whoever has an account among the addresses a facilitator typed."""
    return services.invitation_batch_run(batch_id=batch_id)


@shared_task
def requeue_invitation_batches() -> int:
    """Publish invitation batches that never reached a worker."""
    return services.invitation_batches_requeue()
