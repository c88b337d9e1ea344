"""The one query-count helper: a page makes as many queries with 50 rows as with 1 (DESIGN §5)."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str, *, status: int = 200) -> int:
    """How many queries one GET of `url` makes; the page must answer `status`."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return len(context)


def assert_queries_constant(client, url: str, *, add: Callable[[int], None], status: int = 200) -> int:
    """`add(n)` adds n rows of whatever the page lists. Measured with 1 and with 50 rows (after a first
    visit that may write a read marker or start the session clocks); returns the count."""
    add(1)
    queries_for(client, url, status=status)
    one = queries_for(client, url, status=status)
    add(49)
    fifty = queries_for(client, url, status=status)
    assert one == fifty, f"{url}: {one} queries with 1 row, {fifty} with 50"
    return one
