import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from peersupport.accounts import roles
from peersupport.accounts.models import OrgUnit, User
from peersupport.core.models import CrisisResource
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PERSONA_ROLES = {
    "employee@example.com": set(),
    "facilitator@example.com": set(),
    "supporter@example.com": set(),
    "lead@example.com": {roles.PROGRAMME_LEAD},
    "safeguarding@example.com": {roles.SAFEGUARDING_LEAD},
    "hr@example.com": {roles.HR_ADMIN},
    "admin@example.com": {roles.SITE_ADMIN},
}


def test_seed_demo_builds_an_organisation_with_one_login_per_persona():
    call_command("seed_demo", "--password", "demo-password-123", "--force")

    assert User.objects.count() == 60
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).count() == 8
    assert not User.objects.filter(org_unit__isnull=True).exists()
    assert CrisisResource.objects.exists()
    for email, expected in PERSONA_ROLES.items():
        user = User.objects.get(email=email)
        assert roles.role_names(user) == expected
        sign_in(Client(), user, password="demo-password-123")


def test_seed_demo_is_idempotent():
    call_command("seed_demo", "--force")
    call_command("seed_demo", "--force")
    assert User.objects.count() == 60
    assert OrgUnit.objects.count() == 16


def test_seed_demo_refuses_outside_the_demo_and_development(settings):
    settings.DEBUG = False
    settings.DEMO = False
    with pytest.raises(CommandError, match="refuses to run outside the demo"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_runs_in_the_demo_with_debug_off(settings):
    settings.DEBUG = False
    settings.DEMO = True
    call_command("seed_demo", password="a-long-demo-password")
    assert User.objects.filter(email="employee@example.com").exists()


def test_seed_demo_gives_the_personas_their_groups():
    from groups.models import Membership, PeerGroup, Thread

    call_command("seed_demo", "--force")
    facilitated = PeerGroup.objects.filter(
        memberships__user__email="facilitator@example.com", memberships__role="facilitator"
    )
    assert facilitated.count() >= 2 and facilitated.filter(visibility="private").exists()
    assert set(PeerGroup.objects.values_list("join_policy", flat=True)) >= {"open", "request", "invitation"}
    assert Membership.objects.filter(user__email="employee@example.com", status="active").exists()
    assert not Membership.objects.filter(user__email__in=["hr@example.com", "admin@example.com"]).exists()
    assert Thread.objects.exclude(pseudonym="").exists() and Thread.objects.filter(pseudonym="").exists()
    from groups.models import GroupSession, Report

    assert GroupSession.objects.exists() and Report.objects.exists()
