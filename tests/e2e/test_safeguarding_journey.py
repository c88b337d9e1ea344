"""In a real browser: a risk alert followed to the risk and handled; a report dismissed from the one queue
across a facilitator's groups; replying as Member A again, and switching to one's name. axe scans every
page on the way, in light and dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from groups.models import Post, RiskFlag
from groups.services import discussions, moderation
from peersupport.notifications.models import Notification
from peersupport.notifications.tasks import send_notification
from tests.accounts.factories import PASSWORD, UserFactory, give_role
from tests.e2e.conftest import browser_sign_in
from tests.groups.factories import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

axe = Axe()


def _no_violations(page):
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def people(team, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES = False  # signing in with a code is tested elsewhere
    return {
        "facilitator": UserFactory(email="fac@example.com", display_name="Tomás Oliveira", org_unit=team),
        "writer": UserFactory(email="writer@example.com", display_name="Quiet Writer", org_unit=team),
        "reader": UserFactory(email="reader@example.com", display_name="Kind Reader", org_unit=team),
        "lead": give_role(
            UserFactory(email="safe@example.com", display_name="Sam Safeguard", org_unit=team),
            "safeguarding_lead",
        ),
    }


def _deliver():
    """Send what is due, as the worker would (the live server's queue has no worker on this database)."""
    for pk in Notification.objects.filter(status=Notification.Status.PENDING).values_list("pk", flat=True):
        send_notification(pk)


def _signed_in(browser, live_server, email, theme):
    page = browser.new_context().new_page()
    page.emulate_media(color_scheme=theme)
    browser_sign_in(page, live_server.url, email, PASSWORD)
    return page


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_risk_alert_leads_to_the_words_and_is_handled(browser, live_server, people, theme):
    group = make_group(
        facilitator=people["facilitator"],
        name="Finding balance",
        members=[people["writer"], people["reader"]],
    )
    thread = discussions.thread_create(
        actor=people["reader"], group=group, title="Long days", body="How are you all?", anonymous=False,
        open_to_suggestions=False,
    )  # fmt: skip

    writer = _signed_in(browser, live_server, "writer@example.com", theme)
    writer.goto(f"{live_server.url}/groups/{group.public_id}/threads/{thread.public_id}/")
    writer.get_by_label("Reply anonymously").check()
    writer.get_by_label("Your reply").fill("Honestly I don't want to be here anymore.")
    writer.get_by_role("button", name="Post reply").click()
    expect(writer.get_by_role("heading", name="You don't have to carry this alone")).to_be_visible()

    # The facilitator follows the alert from their notifications to the words themselves.
    _deliver()
    facilitator = _signed_in(browser, live_server, "fac@example.com", theme)
    facilitator.goto(live_server.url + "/notifications/")
    facilitator.get_by_role("link", name="Someone in Finding balance may be at risk").click()
    expect(facilitator.get_by_role("heading", name="Someone may be at risk", level=1)).to_be_visible()
    expect(facilitator.get_by_text("I don't want to be here anymore.")).to_be_visible()
    expect(facilitator.get_by_text("Member A")).to_be_visible()
    expect(facilitator.get_by_text("Quiet Writer")).to_have_count(0)
    _no_violations(facilitator)
    facilitator.get_by_label("A private message to whoever wrote this").fill(
        "I'm here whenever you want to talk."
    )
    facilitator.get_by_role("button", name="Send privately").click()
    expect(facilitator.get_by_text("Sent. They will see it with your name")).to_be_visible()
    # Marking handled without saying what was done is refused, and nothing is lost.
    facilitator.get_by_role("button", name="Mark as handled").click()
    expect(facilitator.get_by_label("What you did")).to_be_focused()
    facilitator.get_by_label("What you did").fill("Replied in the thread and sent a check-in.")
    facilitator.get_by_role("button", name="Mark as handled").click()
    expect(facilitator.get_by_text("Marked as handled.")).to_be_visible()
    expect(facilitator.get_by_text("Handled by Tomás Oliveira")).to_be_visible()
    _no_violations(facilitator)
    assert RiskFlag.objects.get().handled_at is not None

    # The writer receives the check-in; the safeguarding lead reads the words, never the author.
    _deliver()
    writer.goto(live_server.url + "/notifications/")
    expect(
        writer.get_by_text("“I'm here whenever you want to talk.” Tomás Oliveira wrote this")
    ).to_be_visible()
    writer.get_by_role(
        "link", name="Tomás Oliveira, a facilitator of Finding balance, is thinking of you"
    ).click()
    expect(writer.get_by_role("heading", level=1)).to_have_text(
        "Crisis and support contacts"
    )  # help, at once
    lead = _signed_in(browser, live_server, "safe@example.com", theme)
    lead.goto(live_server.url + "/notifications/")
    lead.get_by_role("link", name="Someone in Finding balance may be at risk").click()
    expect(lead.get_by_text("I don't want to be here anymore.")).to_be_visible()
    expect(lead.get_by_text("Quiet Writer")).to_have_count(0)
    expect(lead.get_by_role("link", name="Safeguarding")).to_be_visible()
    _no_violations(lead)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_report_is_dismissed_from_the_one_queue_and_the_reply_stays(browser, live_server, people, theme):
    first = make_group(
        facilitator=people["facilitator"], name="Quiet minds", members=[people["writer"], people["reader"]]
    )
    make_group(facilitator=people["facilitator"], name="New parents", members=[people["reader"]])
    thread = discussions.thread_create(
        actor=people["writer"], group=first, title="Open plan", body="The noise gets to me.", anonymous=False,
        open_to_suggestions=True,
    )  # fmt: skip
    moderation.report_create(
        actor=people["reader"], item=thread, reason="other", note="Maybe names a colleague?"
    )

    facilitator = _signed_in(browser, live_server, "fac@example.com", theme)
    expect(facilitator.get_by_text("1 reported or hidden item waiting")).to_be_visible()
    _no_violations(facilitator)
    facilitator.goto(live_server.url + "/groups/moderation/")
    expect(facilitator.get_by_text("Maybe names a colleague?")).to_be_visible()
    expect(facilitator.get_by_text("Kind Reader")).to_have_count(0)
    _no_violations(facilitator)
    facilitator.get_by_role("button", name="Dismiss the reports").click()  # no reason needed to dismiss
    expect(facilitator.get_by_text("Reports dismissed; the post stays.")).to_be_visible()
    expect(facilitator.get_by_text("Nothing needs your attention.")).to_be_visible()
    facilitator.goto(f"{live_server.url}/groups/{first.public_id}/threads/{thread.public_id}/")
    expect(facilitator.get_by_text("The noise gets to me.")).to_be_visible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_replying_as_member_a_again_and_switching_to_ones_name(browser, live_server, people, theme):
    group = make_group(
        facilitator=people["facilitator"], name="Quiet minds",
        members=[people["writer"], people["reader"], *[UserFactory() for _ in range(3)]],
    )  # fmt: skip
    thread = discussions.thread_create(
        actor=people["writer"], group=group, title="Hard day", body="Rough week.", anonymous=True,
        open_to_suggestions=False,
    )  # fmt: skip
    writer = _signed_in(browser, live_server, "writer@example.com", theme)
    writer.goto(f"{live_server.url}/groups/{group.public_id}/threads/{thread.public_id}/")
    box = writer.get_by_label("Reply as Member A again")
    expect(box).to_be_checked()
    _no_violations(writer)
    box.uncheck()
    writer.get_by_label("Your reply").fill("It's me, Quiet Writer. Thanks for listening.")
    writer.get_by_role("button", name="Post reply").click()
    expect(writer.get_by_text("Everyone will see your name next to this reply")).to_be_visible()
    expect(writer.get_by_label("Your reply")).to_have_value("It's me, Quiet Writer. Thanks for listening.")
    _no_violations(writer)
    assert not Post.objects.exists()
    writer.get_by_role("button", name="Post under my name").click()
    expect(writer.get_by_text("Your reply is posted.")).to_be_visible()
    assert Post.objects.get().pseudonym == ""
