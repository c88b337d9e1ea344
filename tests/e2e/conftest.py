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


def check_page(page, name: str, screenshot_dir: str = "") -> None:
    """axe finds nothing on the page, it fits 360 px without sideways scrolling, and (with screenshot_dir)
    pictures at 1280 and 360 px are kept for review."""
    from pathlib import Path

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        if width == 360:
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
        if screenshot_dir:
            Path(screenshot_dir).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{screenshot_dir}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
