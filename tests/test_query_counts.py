"""Queries per page stay the same however much data there is (1 row versus 50)."""

import pytest
from django.urls import reverse

from peersupport.accounts import services
from peersupport.accounts.models import ImportBatch
from tests.accounts.factories import OrgUnitFactory, UserFactory
from tests.conftest import sign_in
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db


def test_people_page_queries_do_not_grow_with_invitations(client, site_admin):
    sign_in(client, site_admin)
    team, made = OrgUnitFactory(), []

    def invite(count):
        for number in range(len(made), len(made) + count):
            made.append(
                services.invitation_create(
                    actor=site_admin, email=f"p{number}@partner.test", display_name="P", org_unit=team
                )
            )
            ImportBatch.objects.create(created_by=site_admin, file_name=f"{number}.csv", content="")

    assert_queries_constant(client, reverse("accounts:people"), add=invite)


def test_audit_log_queries_do_not_grow_with_rows(client, site_admin):
    from peersupport.core.services import audit_record

    sign_in(client, site_admin)
    people = [UserFactory() for _ in range(3)]

    def record(count):
        for number in range(count):
            audit_record(actor=people[number % 3], action="accounts.test.event", subject=people[-1])

    assert_queries_constant(client, reverse("core:audit_list"), add=record)


# The home page gathers one "your week" card from each pillar: groups' cards and training's (the module to
# continue: its modules, the person's progress, the lessons and their certificate, four queries however many
# there are).
@pytest.mark.parametrize(
    ("url_name", "budget"), [("core:home", 12), ("accounts:profile", 8), ("core:crisis", 8)]
)
def test_signed_in_pages_use_a_small_fixed_number_of_queries(
    client, employee, url_name, budget, django_assert_max_num_queries
):
    from training.services.curriculum import curriculum_load

    curriculum_load()  # the shipped curriculum, so the training card has something to show
    sign_in(client, employee)
    client.get(reverse(url_name))  # first request after sign-in starts the session clocks
    with django_assert_max_num_queries(budget):
        client.get(reverse(url_name))
