"""The notification centre is read a page at a time by key (?before=…), so no page counts all of a
person's rows; walking "Older" shows each notification once, and nobody else's."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peersupport.notifications.models import Notification
from peersupport.notifications.selectors import NOTIFICATIONS_PER_PAGE
from tests.conftest import sign_in
from tests.notifications.test_views import _delivered
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db


def shown(page: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"You now have the (R\d+) role", page)))  # title said twice


def test_walking_older_pages_shows_every_notification_once(employee, outsider):
    for number in range(2 * NOTIFICATIONS_PER_PAGE + 3):
        _delivered(employee, f"n{number}", role=f"R{number}")
    # Several sent in the same instant, across the first page break: the id breaks the tie.
    Notification.objects.filter(recipient=employee).filter(
        context__role_label__in=["R22", "R23", "R24"]
    ).update(sent_at=Notification.objects.get(context__role_label="R22").sent_at)
    theirs = _delivered(outsider, "theirs", role="R999")
    client = sign_in(Client(), employee)
    url = reverse("notifications:list")
    page = client.get(url).content.decode()
    seen = []
    while True:
        seen += shown(page)
        older = re.search(r'href="\?(before=[^"]+)"', page)
        if older is None:
            break
        page = client.get(f"{url}?{older.group(1)}").content.decode()
    assert sorted(seen) == sorted(f"R{n}" for n in range(2 * NOTIFICATIONS_PER_PAGE + 3))
    assert len(seen) == len(set(seen)) and "Newest" in page
    # Someone else's notification is no key into one's own list.
    assert shown(client.get(url, {"before": theirs.public_id}).content.decode()) == shown(
        client.get(url).content.decode()
    )


def test_no_page_counts_all_of_a_persons_rows(client, employee):
    sign_in(client, employee)
    made = []

    def deliver(count):
        for _ in range(count):
            made.append(_delivered(employee, f"n{len(made)}"))

    deliver(30)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notifications:list"))
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "notification" in q["sql"]]
    deeper = f"{reverse('notifications:list')}?before={made[-5].public_id}"
    assert_queries_constant(client, deeper, add=deliver)
