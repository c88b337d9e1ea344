"""Queries per page stay the same however much data there is (1 row versus 50)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peersupport.accounts import services
from peersupport.accounts.models import ImportBatch
from tests.accounts.factories import OrgUnitFactory
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _invite(actor, count, start=0):
    team = OrgUnitFactory()
    for number in range(start, start + count):
        services.invitation_create(
            actor=actor, email=f"p{number}@partner.test", display_name="P", org_unit=team
        )
        ImportBatch.objects.create(created_by=actor, file_name=f"{number}.csv", content="")


def test_people_page_queries_do_not_grow_with_invitations(client, site_admin):
    sign_in(client, site_admin)
    client.get(reverse("core:home"))  # first request after sign-in starts the session clocks
    _invite(site_admin, 1)
    one = _queries(client, reverse("accounts:people"))
    _invite(site_admin, 49, start=1)
    fifty = _queries(client, reverse("accounts:people"))
    assert one == fifty, (one, fifty)


@pytest.mark.parametrize("url_name", ["core:home", "accounts:profile", "core:crisis"])
def test_signed_in_pages_use_a_small_fixed_number_of_queries(
    client, employee, url_name, django_assert_max_num_queries
):
    sign_in(client, employee)
    client.get(reverse(url_name))  # first request after sign-in starts the session clocks
    with django_assert_max_num_queries(8):
        client.get(reverse(url_name))
