import pytest
from django.core.cache import cache

from peersupport.accounts.models import OrgUnit


@pytest.fixture(autouse=True)
def _no_rate_limit_counters(transactional_db):
    """Browser tests sign in many times from one address; a transactional test leaves the database cache (and
    so allauth's per-address sign-in counters) as it was, so each starts from none."""
    cache.clear()


@pytest.fixture
def team(transactional_db):
    division = OrgUnit.objects.create(name="Operations", kind=OrgUnit.Kind.DIVISION)
    return OrgUnit.objects.create(name="Payroll", kind=OrgUnit.Kind.TEAM, parent=division)


def browser_sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
