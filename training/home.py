"""The training app's part of the home page's "your week": the module to continue, or the refresher when a
supporter's certificate needs renewing."""

from django.utils.translation import gettext_lazy as _

from training import selectors


def continue_training(*, actor) -> dict | None:
    """The module the person was last working on (or the next they have not started), with its next
    step; the refresher when their certificate has expired or soon will; nothing once all is done."""
    rows = selectors.module_rows(actor=actor)
    certificate = selectors.certificate_of(user=actor)
    if selectors.refresher_due(certificate):
        refresher = next((row for row in rows if row.module.refresher and row.state != "completed"), None)
        if refresher is not None:
            expired = not certificate.is_current()
            return {
                "title": _("Your certificate has expired")
                if expired
                else _("Renew your peer-supporter certificate"),
                "template": "training/_home_card.html",
                "row": refresher,
                "certificate": certificate,
                "expired": expired,
            }
    row = selectors.continue_where_left_off(rows)
    if row is None:
        if certificate is not None and certificate.is_current() and selectors.profile_of(user=actor) is None:
            return {
                "title": _("You are a peer supporter"),
                "template": "training/_home_supporter.html",
                "certificate": certificate,
            }
        return None
    return {
        "title": _("Continue your training") if row.state == "started" else _("Learn to listen well"),
        "template": "training/_home_card.html",
        "row": row,
    }
