from django.http import Http404

from peersupport.notifications.models import Notification


def access_notification(*, actor, public_id: str) -> Notification:
    """One of the actor's own notifications; anyone else's is a 404."""
    try:
        return Notification.objects.get(public_id=public_id, recipient=actor, show_in_app=True)
    except Notification.DoesNotExist:
        raise Http404 from None
