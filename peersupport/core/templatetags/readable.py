"""`{{ value|readable }}`: JSON-like data (a personal-data export section) as headings, tables and plain
words for people, instead of Python's dictionaries and lists. Every value is escaped."""

import re
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from peersupport.core.personal_data import ACTION_LABELS, EXPORT_KEY_LABELS, VALUE_LABELS

register = template.Library()

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Keys whose plain reading is not just the key with spaces (apps add theirs to EXPORT_KEY_LABELS).
KEY_LABELS = {
    "ip": "IP address",
    "ip_address": "IP address",
    "by_me": "Done by you",
    "about_me": "About you",
    "in_app": "In the app",
    "email": "E-mail",
}
# Keys are written from the person's side ("reports_i_made"); the page speaks to them ("Reports you made").
SECOND_PERSON = {"i": "you", "me": "you", "my": "your", "mine": "yours"}


def label(key) -> str:
    """A dictionary key as words: "last_sign_in" -> "Last sign in", "notes_i_wrote" -> "Notes you wrote"."""
    key = str(key)
    if key in EXPORT_KEY_LABELS:
        return str(EXPORT_KEY_LABELS[key])
    if key in KEY_LABELS:
        return _(KEY_LABELS[key])
    words = " ".join(SECOND_PERSON.get(word, word) for word in key.replace("_", " ").split())
    return words[:1].upper() + words[1:]


def _scalar(value) -> SafeString:
    if value is None or value == "":
        return format_html('<span class="text-body-secondary">{}</span>', _("none"))
    if value is True:
        return format_html("{}", _("Yes"))
    if value is False:
        return format_html("{}", _("No"))
    if isinstance(value, str):
        if ISO_DATETIME.match(value):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                return format_html("{}", value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return format_html('<time datetime="{}">{}</time>', value, date_format(moment, "j M Y, H:i"))
        if value in ACTION_LABELS:  # an audit action, said in plain words
            return format_html("{}", ACTION_LABELS[value])
        if value in VALUE_LABELS:  # a code (kind, status, role), said in plain words
            return format_html("{}", VALUE_LABELS[value])
    return format_html("{}", value)


def _nothing() -> SafeString:
    return format_html('<p class="text-body-secondary">{}</p>', _("Nothing stored."))


def _is_container(value) -> bool:
    return isinstance(value, dict | list | tuple)


def _is_empty(value) -> bool:
    """Nothing worth a row: no value, an empty text, or a container of nothing but those."""
    if _is_container(value):
        return all(_is_empty(item) for item in (value.values() if isinstance(value, dict) else value))
    return value is None or value == ""


def _render(value, level: int) -> SafeString:
    if isinstance(value, dict):
        if _is_empty(value):
            return _nothing()
        plain = [(key, item) for key, item in value.items() if not _is_container(item)]
        nested = [(key, item) for key, item in value.items() if _is_container(item)]
        parts = []
        if plain:
            rows = format_html_join(
                "",
                '<dt class="col-sm-4">{}</dt><dd class="col-sm-8">{}</dd>',
                ((label(key), _scalar(item)) for key, item in plain),
            )
            parts.append(format_html('<dl class="row mb-2">{}</dl>', rows))
        heading = min(level, 6)
        for key, item in nested:
            parts.append(
                format_html(
                    '<h{} class="h6 mt-3">{}</h{}>{}', heading, label(key), heading, _render(item, level + 1)
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))
    if isinstance(value, list | tuple):
        if _is_empty(value):
            return _nothing()
        if all(isinstance(item, dict) for item in value):
            keys = list(dict.fromkeys(key for item in value for key in item))
            head = format_html_join("", '<th scope="col">{}</th>', ((label(key),) for key in keys))
            body = format_html_join(
                "",
                "<tr>{}</tr>",
                (
                    (
                        format_html_join(
                            "",
                            '<td data-label="{}">{}</td>',
                            ((label(key), _cell(item.get(key), level)) for key in keys),
                        ),
                    )
                    for item in value
                ),
            )
            return format_html(
                '<div class="table-responsive"><table class="table table-sm export-table table-stack">'
                "<thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>",
                head,
                body,
            )
        items = format_html_join("", "<li>{}</li>", ((_cell(item, level),) for item in value))
        return format_html('<ul class="mb-2">{}</ul>', items)
    return format_html("<p>{}</p>", _scalar(value))


def _cell(value, level: int) -> SafeString:
    return _render(value, level + 1) if _is_container(value) else _scalar(value)


@register.filter
def readable(value, level: int = 3) -> SafeString:
    """Render exported data for reading; `level` is the heading level of nested parts."""
    return _render(value, int(level))
