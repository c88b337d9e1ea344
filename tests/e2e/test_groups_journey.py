"""In a real browser: join a group, accept its agreement, post anonymously; another member meets the
listening coach and replies with a Reflect reply. axe scans the group pages on the way."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from groups.models import Post, Thread
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import browser_sign_in
from tests.groups.factories import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

axe = Axe()


def _no_violations(page):
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_join_post_anonymously_and_reply_after_the_coach(browser, live_server, team):
    facilitator = UserFactory(email="fac@example.com", display_name="Tomás Oliveira", org_unit=team)
    second = UserFactory(email="second@example.com", display_name="Second Member", org_unit=team)
    UserFactory(email="amira@example.com", display_name="Amira Haddad", org_unit=team)
    group = make_group(facilitator=facilitator, name="Parents at work", members=[second])

    first_page = browser.new_context().new_page()
    browser_sign_in(first_page, live_server.url, "amira@example.com", PASSWORD)
    first_page.goto(live_server.url + "/groups/")
    _no_violations(first_page)
    first_page.get_by_role("link", name="Parents at work").click()
    _no_violations(first_page)
    first_page.get_by_label("I have read the group agreement and will keep to it").check()
    first_page.get_by_role("button", name="Join the group").click()
    expect(first_page.get_by_text("Welcome to Parents at work.")).to_be_visible()
    first_page.get_by_role("link", name="Start a conversation").click()
    first_page.get_by_label("Title").fill("First week back")
    first_page.get_by_label("What's on your mind?").fill("I cried in the car park on Monday.")
    first_page.get_by_label("Post anonymously").check()
    first_page.get_by_role("button", name="Post").click()
    expect(first_page.get_by_role("heading", level=1)).to_have_text("First week back")
    expect(first_page.get_by_text("Member A")).to_be_visible()
    _no_violations(first_page)

    second_page = browser.new_context().new_page()
    browser_sign_in(second_page, live_server.url, "second@example.com", PASSWORD)
    thread = Thread.objects.get(title="First week back")
    second_page.goto(f"{live_server.url}/groups/{group.public_id}/threads/{thread.public_id}/")
    expect(second_page.get_by_text("Amira Haddad")).to_have_count(0)
    second_page.get_by_label("Your reply").fill("You should just take it easy.")
    second_page.get_by_role("button", name="Post reply").click()
    expect(second_page.get_by_text("A thought from the listening coach")).to_be_visible()
    _no_violations(second_page)
    second_page.get_by_label("Your reply").fill("It sounds like Monday held a lot of feelings at once.")
    second_page.get_by_role("button", name="Post as written").click()
    expect(second_page.get_by_text("Your reply is posted.")).to_be_visible()
    reply = Post.objects.get()
    assert reply.reply_type == "reflect" and reply.body.startswith("It sounds like")
    second_page.get_by_role("button", name="Sending support").first.click()
    expect(second_page.get_by_role("button", name="Sending support 1")).to_be_visible()
