"""The training app's part of the home page's "your week": the module to continue."""

from django.utils.translation import gettext_lazy as _

from training import selectors


def continue_training(*, actor) -> dict | None:
    """The module the person was last working on (or the first they have not started), with its next
    step; nothing once every module is done."""
    row = selectors.continue_where_left_off(selectors.module_rows(actor=actor))
    if row is None:
        return None
    return {
        "title": _("Continue your training") if row.state == "started" else _("Learn to listen well"),
        "template": "training/_home_card.html",
        "row": row,
    }
