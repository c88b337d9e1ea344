"""The messages the training app sends. Their text names modules and dates, never a score or an answer."""

from django.utils.translation import gettext_lazy as _

from peersupport.notifications.kinds import Kind, register

NOTICE = "notifications/notice"  # a headline and a sentence, written by the service that sends it

MODULE_NUDGE = register(
    Kind(
        "training.module_nudge",
        _("A module you started"),
        _("A week after you last worked on a module you have not finished (twice at most)."),
        template_name=NOTICE,
    )
)
CERTIFICATE_ISSUED = register(
    Kind(
        "training.certificate_issued",
        _("Your peer-supporter certificate"),
        _("When you complete the training, and when a refresher renews your certificate."),
        digestible=False,
        template_name=NOTICE,
    )
)
CERTIFICATE_EXPIRING = register(
    Kind(
        "training.certificate_expiring",
        _("Your certificate is due for renewal"),
        _("60 and 14 days before your peer-supporter certificate expires, and when it has."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
