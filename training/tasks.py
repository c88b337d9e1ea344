from celery import shared_task

from training.services import certificates


@shared_task
def issue_due_certificates() -> int:
    """Certificates for everyone who meets what is required now but holds none."""
    return certificates.certificates_issue_due()
