"""Mandatory kinds (safety alerts, notices about an account's safety) cannot be switched off by any route:
not in preferences, not by the one-click link, not by a mail client's List-Unsubscribe button."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from peersupport.notifications import kinds, selectors, services
from peersupport.notifications.models import KindPreference
from peersupport.notifications.tasks import send_notification
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

RISK_ALERT = "groups.risk_alert"


def _risk_alert(user, key="risk"):
    return services.notify(
        recipient=user,
        kind=kinds.get(RISK_ALERT),
        idempotency_key=key,
        url="/groups/",
        context={"headline": "Someone in Carers may be at risk", "message": "Please look now."},
    )


def test_urgent_and_account_safety_kinds_are_mandatory_and_never_wait_for_a_digest():
    mandatory = {key for key, kind in kinds.KINDS.items() if kind.mandatory}
    assert {
        RISK_ALERT,
        "groups.unmask_requested",
        "accounts.role_changed",
        "accounts.privileged_role_granted",
        "accounts.account_deactivated",
        "accounts.email_change_requested",
    } <= mandatory
    assert all(kind.mandatory for kind in kinds.KINDS.values() if kind.urgent)
    assert not any(kind.digestible for kind in kinds.KINDS.values() if kind.mandatory)
    assert all(kind.mandatory_reason for kind in kinds.KINDS.values() if kind.mandatory)
    assert not kinds.get("groups.session_reminder").mandatory  # ordinary kinds stay the person's choice


def test_preferences_show_mandatory_boxes_disabled_and_say_why(client, facilitator):
    sign_in(client, facilitator)
    page = client.get(reverse("notifications:preferences")).content.decode()
    row = page[page.index("Someone in your group may be at risk") :]
    row = row[: row.index("</tr>")]
    assert row.count(" disabled ") == 2 and row.count('aria-describedby="why-') == 2
    assert "Always sent." in row and "This is a safety alert" in row
    ordinary = page[page.index("Session reminders") :]
    assert " disabled " not in ordinary[: ordinary.index("</tr>")]


def test_a_forged_preferences_post_cannot_switch_a_mandatory_kind_off(client, facilitator):
    sign_in(client, facilitator)
    # Every box unticked except one in-app box per non-mandatory essential kind (which the form insists on),
    # and a hand-written "off" for the risk alert's e-mail.
    body = {
        f"{key}:in_app": "on" for key, kind in kinds.KINDS.items() if kind.essential and not kind.mandatory
    }
    body[f"{RISK_ALERT}:email"] = ""
    response = client.post(reverse("notifications:preferences"), body)
    assert response.status_code == 302
    assert not KindPreference.objects.filter(user=facilitator, kind=RISK_ALERT).exists()
    channels = selectors.channels_for(user=facilitator, kind=kinds.get(RISK_ALERT))
    assert channels.in_app and channels.email
    # The ordinary kinds were saved as posted: the form worked, it only left the mandatory kind alone.
    assert KindPreference.objects.get(user=facilitator, kind="groups.session_reminder").email is False


def test_the_service_ignores_mandatory_kinds_and_old_preference_rows(facilitator):
    services.preferences_update(
        actor=facilitator,
        channels={RISK_ALERT: (False, False)},
        weekly_digest=True,
        quiet_start=None,
        quiet_end=None,
    )
    assert not KindPreference.objects.filter(user=facilitator, kind=RISK_ALERT).exists()
    # A row saved before the kind was mandatory (or by any other route) changes nothing either.
    KindPreference.objects.create(user=facilitator, kind=RISK_ALERT, in_app=False, email=False)
    channels = selectors.channels_for(user=facilitator, kind=kinds.get(RISK_ALERT))
    assert channels.in_app and channels.email
    notification = _risk_alert(facilitator)
    mail.outbox.clear()
    send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.show_in_app and notification.emailed_at and not notification.in_digest
    assert len(mail.outbox) == 1


def test_mandatory_emails_carry_no_unsubscribe_link_or_headers(facilitator):
    mail.outbox.clear()
    send_notification(_risk_alert(facilitator).pk)
    message = mail.outbox[-1]
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "/notifications/unsubscribe/" not in part
        assert "Stop e-mails like this" not in part
        assert "reaches you whatever your notification choices" in part


def test_ordinary_emails_still_carry_the_unsubscribe_link_and_headers(member):
    notification = services.notify(
        recipient=member,
        kind=kinds.get("groups.invited"),
        idempotency_key="invited",
        context={"headline": "You're invited", "message": "Join when you're ready."},
    )
    mail.outbox.clear()
    send_notification(notification.pk)
    message = mail.outbox[-1]
    assert message.extra_headers["List-Unsubscribe"].startswith("<" + settings.SITE_URL)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.body


def test_the_one_click_link_for_a_mandatory_kind_refuses_and_explains(facilitator):
    anonymous = Client()
    url = services.unsubscribe_url(user=facilitator, kind=kinds.get(RISK_ALERT))
    url = url.removeprefix(settings.SITE_URL)
    page = anonymous.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "These e-mails can't be switched off" in content and "This is a safety alert" in content
    assert "<form" not in content.split('id="main"', 1)[1]  # nothing to confirm
    assert "your account's safety" not in content

    response = anonymous.post(url)  # the mail client's one-click POST (RFC 8058)
    assert response.status_code == 400
    assert "Nothing has been changed." in response.content.decode()
    assert not KindPreference.objects.filter(user=facilitator).exists()
    assert selectors.channels_for(user=facilitator, kind=kinds.get(RISK_ALERT)).email


def test_the_unsubscribe_service_refuses_a_mandatory_kind(employee):
    with pytest.raises(services.MandatoryKindError):
        services.unsubscribe(user=employee, kind=kinds.ROLE_CHANGED)
    assert not KindPreference.objects.exists()
