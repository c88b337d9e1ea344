"""The readable copy of exported data: headings, tables and plain words, never Python's own notation."""

from django.template import Context, Template
from django.utils import timezone

from peersupport.core.templatetags.readable import label, readable


def _text(value) -> str:
    return str(readable(value))


def test_a_dictionary_becomes_labelled_fields():
    html = _text({"last_sign_in": None, "pronouns": "", "weekly_digest": True, "listed": False})

    assert "<dl" in html
    assert "<dt" in html and "Last sign in" in html
    assert "Yes" in html and "No" in html and "none" in html
    assert "{" not in html and "True" not in html and "None" not in html


def test_a_list_of_records_becomes_a_table_with_a_header_per_key():
    html = _text([{"ip": "10.0.0.1", "browser": "Firefox"}, {"ip": "10.0.0.2", "browser": "Safari"}])

    assert html.count('<th scope="col">') == 2
    assert "IP address" in html and "Browser" in html
    assert html.count("<tr>") == 3
    assert "[" not in html


def test_nested_parts_get_their_own_headings_and_empty_ones_say_so():
    html = _text({"addresses": [{"email": "a@example.com"}], "address_changes": [], "quiet_hours": ["", ""]})

    assert '<h3 class="h6 mt-3">Addresses</h3>' in html
    assert '<h3 class="h6 mt-3">Address changes</h3>' in html
    assert html.count("Nothing stored.") == 2  # the empty list, and the list of empty values


def test_times_are_written_as_dates_in_the_readers_timezone(settings):
    settings.TIME_ZONE = "UTC"
    moment = timezone.now().replace(year=2026, month=3, day=4, hour=9, minute=30, second=0, microsecond=0)

    html = _text({"joined": moment.isoformat()})

    assert "4 Mar 2026, 09:30" in html
    assert f'datetime="{moment.isoformat()}"' in html


def test_keys_speak_to_the_reader_and_audit_actions_are_words():
    assert label("reports_i_made") == "Reports you made"
    assert label("invitations_to_me") == "Invitations to you"
    assert "Signed in" in _text(["accounts.login.succeeded"])


def test_everything_is_escaped():
    html = str(
        Template("{% load readable %}{{ value|readable }}").render(Context({"value": {"<b>": "<script>"}}))
    )

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


def test_codes_in_the_data_read_as_words():
    row = {"kind": "groups.invited", "status": "sent", "outcome": "success", "answer": "going"}
    row["role"] = "member"
    text = _text([row])
    for code in ("groups.invited", ">sent<", ">success<", ">going<", ">member<"):
        assert code not in text
    assert "You were invited to a group" in text and "Success" in text and "Member" in text
