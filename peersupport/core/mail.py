"""The one way e-mail leaves the app: templates with a text and an HTML part, and the crisis footer."""

import hashlib
import sys

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.template.loader import render_to_string

from peersupport.core.selectors import crisis_resource_list


class ConsoleAndFileBackend(FileBackend):
    """Embedded default: every message goes to the console and to a file under var/mail/."""

    def write_message(self, message):
        super().write_message(message)
        sys.stdout.write(message.message().as_string() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()


def send_templated_email(
    *, template: str, to: str, context: dict, message_id_key: str, unsubscribe_url: str = ""
) -> None:
    """Render templates/emails/<template>_{subject.txt,body.txt,body.html} and send one message.

    Every message carries the crisis footer; messages to members carry a one-click unsubscribe link (also
    as List-Unsubscribe headers). The Message-ID is derived from `message_id_key`, so a message sent twice
    by mistake is recognisable as the same message by mail servers and by tests.
    """
    context = {
        **context,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "crisis_resources": crisis_resource_list(),
        "crisis_url": settings.SITE_URL + "/help/crisis/",
        "unsubscribe_url": unsubscribe_url,
    }
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    digest = hashlib.sha256(message_id_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">")
    headers = {"Message-ID": f"<{digest}@{domain}>"}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()
