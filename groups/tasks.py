from celery import shared_task

from groups import services


@shared_task
def start_due_facilitators() -> int:
    """Give announced facilitators their access once the group has been told for long enough."""
    return services.facilitator_appointments_start_due()
