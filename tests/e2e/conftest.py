import pytest

from peersupport.accounts.models import OrgUnit


@pytest.fixture
def team(transactional_db):
    division = OrgUnit.objects.create(name="Operations", kind=OrgUnit.Kind.DIVISION)
    return OrgUnit.objects.create(name="Payroll", kind=OrgUnit.Kind.TEAM, parent=division)


def browser_sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
