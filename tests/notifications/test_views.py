import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from peersupport.notifications import kinds, services
from peersupport.notifications.models import KindPreference, Notification
from peersupport.notifications.tasks import send_notification
from tests.conftest import sign_in
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db


def _delivered(user, key, role="X"):
    notification = services.notify(
        recipient=user,
        kind=kinds.ROLE_CHANGED,
        idempotency_key=key,
        context={"role_label": role, "granted": True},
    )
    send_notification(notification.pk)
    notification.refresh_from_db()
    return notification


def test_centre_lists_own_notifications_and_badge_counts_unread(client, employee, outsider):
    _delivered(employee, "a")
    _delivered(outsider, "b", role="Y")
    sign_in(client, employee)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "You now have the X role" in page
    assert "You now have the Y role" not in page
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert ">1<" in badge and "unread" in badge


def test_marking_read_by_htmx_returns_the_item_and_clears_the_badge(client, employee):
    notification = _delivered(employee, "a")
    sign_in(client, employee)
    response = client.post(
        reverse("notifications:read", args=[notification.public_id]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Mark as read" not in response.content.decode()
    assert "badge" not in client.get(reverse("notifications:badge")).content.decode()


def test_someone_elses_notification_is_a_404(client, employee, outsider):
    notification = _delivered(outsider, "b")
    sign_in(client, employee)
    assert client.post(reverse("notifications:read", args=[notification.public_id])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, employee):
    for key in "abc":
        _delivered(employee, key)
    sign_in(client, employee)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()


def test_empty_centre_explains_itself(client, employee):
    sign_in(client, employee)
    assert "You're all caught up." in client.get(reverse("notifications:list")).content.decode()


def test_centre_queries_do_not_grow_with_notifications(client, employee):
    sign_in(client, employee)
    made = []

    def deliver(count):
        for _ in range(count):
            made.append(_delivered(employee, f"n{len(made)}"))

    assert_queries_constant(client, reverse("notifications:list"), add=deliver)


def test_preferences_are_saved_and_mistakes_explained(client, employee):
    sign_in(client, employee)
    url = reverse("notifications:preferences")
    response = client.post(url, {"quiet_start": "22:00", "quiet_end": "22:00", "weekly_digest": "on"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Quiet hours need to end at a different time" in content
    assert "keep at least one way to receive it" in content

    essentials_in_app = {f"{key}:in_app": "on" for key, kind in kinds.KINDS.items() if kind.essential}
    response = client.post(
        url,
        {
            **essentials_in_app,
            "privacy.export_ready:email": "on",
            "groups.member_removed:in_app": "on",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "weekly_digest": "on",
        },
    )
    assert response.status_code == 302
    preference = KindPreference.objects.get(user=employee, kind="groups.member_removed")
    assert (preference.in_app, preference.email) == (True, False)
    assert employee.notification_settings.weekly_digest


def test_unsubscribe_link_works_without_signing_in(employee):
    anonymous = Client()
    url = services.unsubscribe_url(user=employee, kind=kinds.EXPORT_READY).removeprefix(settings.SITE_URL)
    assert "Stop these e-mails?" in anonymous.get(url).content.decode()
    assert not KindPreference.objects.exists()  # looking at the page changes nothing

    response = anonymous.post(url)
    assert response.status_code == 200
    preference = KindPreference.objects.get(user=employee, kind=kinds.EXPORT_READY.key)
    assert preference.email is False and preference.in_app is True


def test_unsubscribe_link_is_tamper_proof(employee, outsider):
    url = services.unsubscribe_url(user=employee, kind=kinds.EXPORT_READY).removeprefix(settings.SITE_URL)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert Client().post(reverse("notifications:unsubscribe", args=[forged])).status_code == 404
    assert not KindPreference.objects.exists()


def test_granting_a_role_tells_the_person_and_is_audited(site_admin, employee):
    from peersupport.accounts import services as account_services
    from peersupport.core.models import AuditEvent

    account_services.role_grant(actor=site_admin, user=employee, role="hr_admin")
    notification = Notification.objects.get(recipient=employee, kind=kinds.ROLE_CHANGED.key)
    assert notification.context == {"role_label": "HR admin", "granted": True}
    assert AuditEvent.objects.filter(action="accounts.role.granted", subject=employee).count() == 1


def test_titles_are_escaped_once_in_the_centre_and_not_at_all_in_the_subject(client, employee):
    from django.core import mail

    notification = services.notify(
        recipient=employee,
        kind=kinds.get("groups.invited"),
        idempotency_key="apostrophe",
        context={"headline": "You're invited to Carers' <circle>", "message": "Join when you're ready."},
    )
    mail.outbox.clear()
    send_notification(notification.pk)
    assert mail.outbox[-1].subject.endswith("You're invited to Carers' <circle>")
    assert (
        services.title_of(Notification.objects.get(pk=notification.pk))
        == "You're invited to Carers' <circle>"
    )
    page = sign_in(client, employee).get(reverse("notifications:list")).content.decode()
    assert "You&#x27;re invited to Carers&#x27; &lt;circle&gt;" in page  # escaped once, by the page
    assert "&amp;#x27;" not in page and "<circle>" not in page


def _delivered_to_page(user, key, url):
    notification = services.notify(
        recipient=user,
        kind=kinds.get("groups.invited"),
        idempotency_key=key,
        url=url,
        context={"headline": "You're invited to Carers", "message": "Join when you're ready."},
    )
    send_notification(notification.pk)
    notification.refresh_from_db()
    return notification


def test_following_a_notification_from_the_centre_marks_it_read_and_goes_to_its_page(client, employee):
    notification = _delivered_to_page(employee, "invited", "/me/privacy/")
    sign_in(client, employee)
    page = client.get(reverse("notifications:list")).content.decode()
    open_url = reverse("notifications:open", args=[notification.public_id])
    assert f'href="{open_url}"' in page  # the centre's link goes through the open route
    response = client.get(open_url)
    assert response.status_code == 302 and response["Location"] == "/me/privacy/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "badge" not in client.get(reverse("notifications:badge")).content.decode()
    assert client.get(open_url)["Location"] == "/me/privacy/"  # opening it again still works


def test_opening_someone_elses_notification_is_a_404_and_leaves_it_unread(client, employee, outsider):
    notification = _delivered_to_page(outsider, "theirs", "/me/privacy/")
    sign_in(client, employee)
    assert client.get(reverse("notifications:open", args=[notification.public_id])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "me/privacy/"],
)
def test_opening_a_notification_never_leaves_the_site(client, employee, target):
    notification = _delivered_to_page(employee, "odd", "/me/")
    Notification.objects.filter(pk=notification.pk).update(url=target)
    sign_in(client, employee)
    for route in ("notifications:open", "notifications:read"):
        method = client.get if route == "notifications:open" else client.post
        response = method(reverse(route, args=[notification.public_id]))
        assert response.status_code == 302
        assert response["Location"] == reverse("notifications:list"), (route, target)


def test_a_refused_preferences_save_says_so_at_the_top(client, employee):
    from tests.conftest import sign_in

    sign_in(client, employee)
    page = client.get(reverse("notifications:preferences")).content.decode()
    response = client.post(reverse("notifications:preferences"), {"quiet_start": ""})  # every box unticked
    assert response.status_code == 400
    content = response.content.decode()
    top = content.index('role="alert"')
    assert "Nothing was saved" in content[top : top + 300]
    assert page  # the page itself opened
