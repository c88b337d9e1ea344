"""Who may open and post to the notification centre, preferences and the one-click unsubscribe."""

from functools import cached_property

from django.conf import settings
from django.urls import reverse

from peersupport.notifications import kinds
from peersupport.notifications.services import notify, unsubscribe_url
from tests.accounts.factories import UserFactory
from tests.matrix import Route, only, signed_in_only


class World:
    def __init__(self, request):
        self.request = request

    @cached_property
    def other(self):
        return UserFactory(email="someone.else@example.com")

    @cached_property
    def their_notification(self):
        notification = notify(
            recipient=self.other,
            kind=kinds.ROLE_CHANGED,
            idempotency_key="matrix",
            context={"role_label": "x", "granted": True},
        )
        type(notification).objects.filter(pk=notification.pk).update(show_in_app=True, status="sent")
        return notification

    @cached_property
    def employees_notification(self):
        """One of the employee persona's own delivered notifications, pointing at a page of the site."""
        notification = notify(
            recipient=self.request.getfixturevalue("employee"),
            kind=kinds.ROLE_CHANGED,
            idempotency_key="matrix-own",
            context={"role_label": "x", "granted": True},
            url=reverse("accounts:privacy"),
        )
        type(notification).objects.filter(pk=notification.pk).update(show_in_app=True, status="sent")
        return notification


ROUTES = [
    Route(
        "notifications:list",
        lambda w: reverse("notifications:list"),
        get=signed_in_only(),
        post=signed_in_only(405),
    ),
    Route(
        "notifications:badge",
        lambda w: reverse("notifications:badge"),
        get=signed_in_only(),
        post=signed_in_only(405),
    ),
    Route(
        "notifications:read_all",
        lambda w: reverse("notifications:read_all"),
        get=signed_in_only(405),
        post=signed_in_only(302),
    ),
    # Someone else's notification is a 404 whatever the method.
    Route(
        "notifications:read",
        lambda w: reverse("notifications:read", args=[w.their_notification.public_id]),
        get=signed_in_only(404),
        post=signed_in_only(404),
    ),
    # Following a notification: only its recipient (the employee here) is let through, marked read and sent
    # on to the page it is about; it is a link, so POST is not allowed; anybody else gets a 404 either way.
    Route(
        "notifications:open",
        lambda w: reverse("notifications:open", args=[w.employees_notification.public_id]),
        get=only({"employee": 302}),
        post=only({"employee": 405}),
    ),
    # The signed link works without signing in; a POST (the mail client's one-click) unsubscribes.
    Route(
        "notifications:unsubscribe",
        lambda w: unsubscribe_url(user=w.other, kind=kinds.DIGEST).removeprefix(settings.SITE_URL),
        get={"*": 200},
        post={"*": 200},
    ),
    Route(
        "notifications:preferences",
        lambda w: reverse("notifications:preferences"),
        get=signed_in_only(),
        post=signed_in_only(302),
        # Whatever else is switched off, safety notices keep one channel (the form insists).
        body=lambda w: {f"{kind.key}:in_app": "on" for kind in kinds.KINDS.values()},
    ),
]
