"""Risk alerts that lead to the risk, marking it handled, the private check-in; dismissing reports,
reporters' notes, the author told why; one queue across a facilitator's groups."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from groups.models import Report, RiskFlag
from groups.services import discussions, moderation
from peersupport.core.models import AuditEvent
from peersupport.notifications.models import Notification
from peersupport.notifications.tasks import send_notification
from tests.accounts.factories import UserFactory, give_role, give_second_factor
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db

RISKY = "Honestly I don't want to be here anymore."


@pytest.fixture
def world(facilitator, member):
    author = UserFactory(email="quiet.writer@example.com", display_name="Quiet Writer")
    readers = [UserFactory() for _ in range(3)]
    group = make_group(facilitator=facilitator, members=[member, author, *readers])
    thread = discussions.thread_create(
        actor=author, group=group, title="Hard day", body="Rough week.", anonymous=True,
        open_to_suggestions=False,
    )  # fmt: skip
    return group, thread, author, readers


@pytest.fixture
def safeguarding_lead():
    lead = give_role(UserFactory(display_name="Sam Safeguard"), "safeguarding_lead")
    give_second_factor(lead)
    return lead


def _risky_reply(thread, author, *, anonymous=True):
    return discussions.post_reply(
        actor=author, thread=thread, body=RISKY, reply_type="share", anonymous=anonymous
    )


def test_the_risk_alert_opens_the_flagged_reply_in_context_with_next_steps(world, facilitator):
    _group, thread, author, _readers = world
    for n in range(25):  # push the flagged reply onto the second page of the thread
        discussions.post_reply(actor=facilitator, thread=thread, body=f"Reply {n}", reply_type="reflect",
                               anonymous=False)  # fmt: skip
    reply = _risky_reply(thread, author)
    alert = Notification.objects.get(recipient=facilitator, kind="groups.risk_alert")
    flag = RiskFlag.objects.get(post=reply)
    assert alert.url == reverse("groups:risk", args=[flag.public_id])
    client = sign_in(Client(), facilitator)
    page = client.get(alert.url).content.decode()
    assert "want to be here anymore" in page  # the words themselves
    assert "Hard day" in page and "Member A" in page and "Quiet Writer" not in page
    assert "What to do next" in page and "Send a private check-in" in page
    assert "Ask the safeguarding leads who wrote this" in page  # break-glass, since it is anonymous
    link = re.search(r'href="([^"]*#post-' + reply.public_id + ')"', page).group(1).replace("&amp;", "&")
    assert "after=" in link  # the page that starts with the flagged reply, read by key
    thread_page = client.get(link).content.decode()
    assert f'id="post-{reply.public_id}"' in thread_page
    # The e-mail leads to the same page.
    send_notification(alert.pk)
    assert alert.url in mail.outbox[-1].body


def test_safeguarding_leads_are_alerted_and_read_the_words_but_never_the_author(
    world, facilitator, safeguarding_lead
):
    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author, anonymous=False)  # under the author's own name
    alert = Notification.objects.get(recipient=safeguarding_lead, kind="groups.risk_alert")
    page = sign_in(Client(), safeguarding_lead).get(alert.url)
    content = page.content.decode()
    assert page.status_code == 200 and "want to be here anymore" in content
    assert "Quiet Writer" not in content and author.email not in content
    assert "Mark as handled" not in content and "Send a private check-in" not in content
    assert "Open it in the conversation" not in content  # not a member: the thread stays closed to them
    assert reply.public_id not in content


def test_the_flag_stays_at_the_top_of_the_queue_until_a_facilitator_marks_it_handled(world, facilitator):
    group, thread, author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="unkind")
    reply = _risky_reply(thread, author)
    client = sign_in(Client(), facilitator)
    queue = client.get(reverse("groups:moderation", args=[group.public_id])).content.decode()
    assert queue.index("want to be here anymore") < queue.index("Rough week.")  # risk first
    flag = RiskFlag.objects.get(post=reply)
    refused = client.post(reverse("groups:risk_handled", args=[flag.public_id]), {"note": " "})
    assert refused.status_code == 400 and "Please write what you did" in refused.content.decode()
    response = client.post(
        reverse("groups:risk_handled", args=[flag.public_id]), {"note": "Replied and checked in."}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.handled_by == facilitator and flag.handled_note == "Replied and checked in."
    event = AuditEvent.objects.get(action="groups.risk.handled")
    assert event.actor == facilitator and event.subject is None  # anonymous: the audit names nobody
    queue = client.get(reverse("groups:moderation", args=[group.public_id])).content.decode()
    assert "want to be here anymore" not in queue
    again = client.post(reverse("groups:risk_handled", args=[flag.public_id]), {"note": "Twice"})
    assert again.status_code == 400 and "already marked" in again.content.decode()


def test_a_second_risk_signal_on_the_same_item_does_not_alert_twice(world, facilitator, member):
    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    moderation.report_create(actor=member, item=reply, reason="at_risk")
    assert RiskFlag.objects.filter(post=reply).count() == 1
    assert Notification.objects.filter(recipient=facilitator, kind="groups.risk_alert").count() == 1


def test_editing_into_risky_words_raises_a_flag(world, facilitator):
    _group, thread, author, _readers = world
    reply = discussions.post_reply(actor=author, thread=thread, body="Fine.", reply_type="share",
                                   anonymous=True)  # fmt: skip
    discussions.item_edit(actor=author, item=reply, body=RISKY)
    assert RiskFlag.objects.filter(post=reply, handled_at__isnull=True).exists()


def test_a_private_check_in_reaches_the_author_without_telling_the_facilitator_who(world, facilitator):
    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    flag = RiskFlag.objects.get(post=reply)
    client = sign_in(Client(), facilitator)
    empty = client.post(reverse("groups:risk_check_in", args=[flag.public_id]), {"message": ""})
    assert empty.status_code == 400
    response = client.post(
        reverse("groups:risk_check_in", args=[flag.public_id]), {"message": "I'm here if you want to talk."}
    )
    assert response.status_code == 302
    notice = Notification.objects.get(kind="groups.check_in")
    assert notice.recipient == author
    assert "I'm here if you want to talk." in notice.context["message"]
    assert facilitator.display_name in notice.context["headline"]
    followed = client.get(response["Location"]).content.decode()
    assert "Quiet Writer" not in followed and author.email not in followed
    event = AuditEvent.objects.get(action="groups.risk.checked_in")
    assert event.subject is None


def test_dismissing_reports_keeps_the_item_closes_the_reports_and_is_audited(world, facilitator):
    group, thread, author, readers = world
    for reader in readers:
        moderation.report_create(actor=reader, item=thread, reason="unkind")
    thread.refresh_from_db()
    assert thread.hidden_at is not None  # three reports hid it
    client = sign_in(Client(), facilitator)
    response = client.post(
        reverse("groups:moderate", args=[group.public_id]),
        {"action": "dismiss", "reason": "It was kind, just blunt.", "thread": thread.public_id},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.hidden_at is None and thread.removed_at is None
    assert not Report.objects.filter(thread=thread, resolved_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="groups.moderation.dismiss", actor=facilitator).exists()
    told = Notification.objects.filter(recipient=author, kind="groups.moderated").order_by("id")
    assert "is back" in told.last().context["headline"]
    queue = client.get(reverse("groups:moderation", args=[group.public_id])).content.decode()
    assert "Rough week." not in queue


def test_dismissing_a_report_on_a_visible_item_tells_the_author_nothing(world, facilitator):
    _group, thread, author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="other")
    moderation.moderate(actor=facilitator, item=thread, action="dismiss", reason="Nothing wrong here")
    assert not Notification.objects.filter(recipient=author, kind="groups.moderated").exists()


def test_the_author_learns_the_reasons_when_reports_hide_their_words(world):
    _group, thread, author, readers = world
    for reader, reason in zip(readers, ["unkind", "unkind", "privacy"], strict=True):
        moderation.report_create(actor=reader, item=thread, reason=reason)
    notice = Notification.objects.get(recipient=author, kind="groups.moderated")
    assert "was hidden" in notice.context["headline"]
    assert "unkind or hurtful" in notice.context["message"]
    assert "shares someone else's private information" in notice.context["message"]
    for reader in readers:
        assert reader.display_name not in notice.context["message"]


def test_a_facilitator_hiding_tells_the_author_why_in_plain_grammar(world, facilitator):
    _group, thread, author, _readers = world
    moderation.moderate(actor=facilitator, item=thread, action="hide", reason="Please keep it kind")
    notice = Notification.objects.get(recipient=author, kind="groups.moderated")
    assert "has hidden something you wrote. Their reason: Please keep it kind" in notice.context["message"]
    assert notice.url.endswith(f"/threads/{thread.public_id}/")


def test_facilitators_read_reporters_notes_but_never_who_wrote_them(world, facilitator):
    group, thread, _author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="unkind", note="It named my manager")
    page = sign_in(Client(), facilitator).get(reverse("groups:moderation", args=[group.public_id]))
    content = page.content.decode()
    assert "It named my manager" in content
    assert readers[0].display_name not in content and readers[0].email not in content


def test_one_queue_across_every_group_a_facilitator_runs(world, facilitator, member):
    _group, thread, _author, readers = world
    other = make_group(facilitator=facilitator, members=[member, *readers], name="Quiet minds")
    elsewhere = discussions.thread_create(
        actor=member, group=other, title="Noise", body="Loud office.", anonymous=False,
        open_to_suggestions=False,
    )  # fmt: skip
    not_mine = make_group(facilitator=UserFactory(), members=[member, *readers], name="Not theirs")
    hidden_elsewhere = discussions.thread_create(
        actor=member, group=not_mine, title="Private", body="Someone else's group.", anonymous=False,
        open_to_suggestions=False,
    )  # fmt: skip
    moderation.report_create(actor=readers[0], item=thread, reason="unkind")
    moderation.report_create(actor=readers[1], item=elsewhere, reason="other")
    moderation.report_create(actor=readers[1], item=hidden_elsewhere, reason="other")
    client = sign_in(Client(), facilitator)
    page = client.get(reverse("groups:moderation_all")).content.decode()
    assert "Rough week." in page and "Loud office." in page
    assert "Someone else&#x27;s group." not in page and "Not theirs" not in page
    # Acting from the combined queue comes back to it.
    response = client.post(
        reverse("groups:moderate", args=[other.public_id]),
        {"action": "hide", "reason": "Keep it kind", "thread": elsewhere.public_id, "back": "all"},
    )
    assert response["Location"] == reverse("groups:moderation_all")
    assert sign_in(Client(), member).get(reverse("groups:moderation_all")).status_code == 404


def test_the_queue_paginates(world, facilitator, member):
    group, thread, _author, readers = world
    for n in range(23):
        item = discussions.post_reply(actor=member, thread=thread, body=f"Numbered {n}", reply_type="share",
                                      anonymous=False)  # fmt: skip
        moderation.report_create(actor=readers[0], item=item, reason="other")
    client = sign_in(Client(), facilitator)
    first = client.get(reverse("groups:moderation", args=[group.public_id])).content.decode()
    second = client.get(reverse("groups:moderation", args=[group.public_id]) + "?page=2").content.decode()
    assert first.count('name="reason" maxlength') == 20 and second.count('name="reason" maxlength') == 3
    assert "Page 1 of 2" in first


def test_the_safeguarding_lead_decides_with_the_words_the_reason_and_the_group_never_the_author(
    world, facilitator, safeguarding_lead
):
    group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    request = moderation.unmask_request(actor=facilitator, item=reply, reason="Said they may hurt themselves")
    client = sign_in(Client(), safeguarding_lead)
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("groups:safeguarding")}"' in home  # in the navigation for people who decide
    content = client.get(reverse("groups:safeguarding_detail", args=[request.public_id])).content.decode()
    assert "want to be here anymore" in content and "Hard day" in content and group.name in content
    assert "Said they may hurt themselves" in content and "Member A" in content
    assert "Quiet Writer" not in content and author.email not in content
    flag = RiskFlag.objects.get(post=reply)
    assert reverse("groups:risk", args=[flag.public_id]) in content


def test_the_safeguarding_link_is_not_in_the_navigation_of_people_who_do_not_decide(facilitator, member):
    for person in (facilitator, member):
        home = sign_in(Client(), person).get(reverse("core:home")).content.decode()
        assert f'href="{reverse("groups:safeguarding")}"' not in home


def test_the_risk_page_points_to_a_waiting_break_glass_request_instead_of_asking_again(world, facilitator):
    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    flag = RiskFlag.objects.get(post=reply)
    client = sign_in(Client(), facilitator)
    assert (
        "Ask the safeguarding leads who wrote this"
        in client.get(reverse("groups:risk", args=[flag.public_id])).content.decode()
    )
    request = moderation.unmask_request(actor=facilitator, item=reply, reason="Worried")
    page = client.get(reverse("groups:risk", args=[flag.public_id])).content.decode()
    assert "Ask the safeguarding leads who wrote this" not in page
    assert reverse("groups:safeguarding_detail", args=[request.public_id]) in page


def test_the_notification_centre_shows_the_reason_and_the_check_in_words(world, facilitator):
    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    moderation.moderate(actor=facilitator, item=thread, action="hide", reason="Please keep it kind")
    moderation.risk_check_in(
        actor=facilitator, flag=RiskFlag.objects.get(post=reply), message="Here for you."
    )
    for notice in Notification.objects.filter(recipient=author):
        send_notification(notice.pk)
    page = sign_in(Client(), author).get(reverse("notifications:list")).content.decode()
    assert "Their reason: Please keep it kind" in page
    assert "Here for you." in page


def test_a_check_in_answers_the_same_when_the_author_has_left(world, facilitator):
    from peersupport.accounts import services as account_services

    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    flag = RiskFlag.objects.get(post=reply)
    account_services.account_erase(actor=author, keep_posts=False)
    reply.refresh_from_db()
    assert reply.author_id is None
    client = sign_in(Client(), facilitator)
    response = client.post(
        reverse("groups:risk_check_in", args=[flag.public_id]), {"message": "Here for you."}
    )
    assert response.status_code == 302  # "sent", as for someone still here: the reply reveals nothing
    followed = client.get(response["Location"]).content.decode()
    assert "Sent." in followed
    assert not Notification.objects.filter(kind="groups.check_in").exists()


def test_check_ins_carry_no_links_stop_when_handled_and_are_capped(world, facilitator):
    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    flag = RiskFlag.objects.get(post=reply)
    for link in ("See https://example.org/x", "www.example.org", "look at tracker.io please"):
        with pytest.raises(moderation.ModerationError, match="leave links out"):
            moderation.risk_check_in(actor=facilitator, flag=flag, message=link)
    for _ in range(moderation.CHECK_INS_PER_FLAG):
        moderation.risk_check_in(actor=facilitator, flag=flag, message="Thinking of you.")
    with pytest.raises(moderation.ModerationError, match="already"):
        moderation.risk_check_in(actor=facilitator, flag=flag, message="Thinking of you.")
    assert Notification.objects.filter(kind="groups.check_in").count() == moderation.CHECK_INS_PER_FLAG
    other = RiskFlag.objects.create(group=flag.group, thread=thread, source="reported")
    moderation.risk_handle(actor=facilitator, flag=other, note="Talked to them.")
    with pytest.raises(moderation.ModerationError, match="marked as handled"):
        moderation.risk_check_in(actor=facilitator, flag=other, message="Still here.")


def test_programme_leads_are_not_alerted_and_cannot_read_flagged_words(world, programme_lead):
    _group, thread, author, _readers = world
    reply = _risky_reply(thread, author)
    assert not Notification.objects.filter(recipient=programme_lead, kind="groups.risk_alert").exists()
    flag = RiskFlag.objects.get(post=reply)
    assert (
        sign_in(Client(), programme_lead).get(reverse("groups:risk", args=[flag.public_id])).status_code
        == 404
    )


def test_a_safeguarding_lead_reads_but_cannot_act_on_a_flag(world, safeguarding_lead):
    _group, thread, author, _readers = world
    flag = RiskFlag.objects.get(post=_risky_reply(thread, author))
    client = sign_in(Client(), safeguarding_lead)
    assert (
        client.post(reverse("groups:risk_handled", args=[flag.public_id]), {"note": "x"}).status_code == 403
    )
    assert (
        client.post(reverse("groups:risk_check_in", args=[flag.public_id]), {"message": "x"}).status_code
        == 403
    )
    flag.refresh_from_db()
    assert flag.handled_at is None and flag.check_ins == 0


def test_dismiss_needs_reports_to_dismiss(world, facilitator):
    _group, thread, _author, _readers = world
    moderation.moderate(actor=facilitator, item=thread, action="hide", reason="Off topic")
    with pytest.raises(moderation.ModerationError, match="no reports to dismiss"):
        moderation.moderate(actor=facilitator, item=thread, action="dismiss", reason="Fine")
    thread.refresh_from_db()
    assert thread.hidden_at is not None


def test_a_deleted_conversations_title_is_not_shown_on_the_risk_page(world, facilitator):
    _group, thread, author, _readers = world
    risky = discussions.thread_create(
        actor=author, group=thread.group, title="Secret title", body=RISKY, anonymous=True,
        open_to_suggestions=False,
    )  # fmt: skip
    flag = RiskFlag.objects.get(thread=risky)
    discussions.item_delete(actor=author, item=risky)
    page = sign_in(Client(), facilitator).get(reverse("groups:risk", args=[flag.public_id])).content.decode()
    assert "Secret title" not in page and "A conversation" in page


def test_reports_can_be_dismissed_without_a_reason_but_hiding_needs_one(world, facilitator):
    group, thread, _author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="other")
    client = sign_in(Client(), facilitator)
    url = reverse("groups:moderate", args=[group.public_id])
    client.post(url, {"action": "hide", "reason": "", "thread": thread.public_id})
    thread.refresh_from_db()
    assert thread.hidden_at is None
    client.post(url, {"action": "dismiss", "reason": "", "thread": thread.public_id})
    assert not Report.objects.filter(thread=thread, resolved_at__isnull=True).exists()


def test_removing_asks_for_confirmation_on_the_queue(world, facilitator):
    group, thread, _author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="other")
    page = (
        sign_in(Client(), facilitator)
        .get(reverse("groups:moderation", args=[group.public_id]))
        .content.decode()
    )
    assert "Remove…</summary>" in page and "Yes, remove it" in page


def test_the_queue_links_to_a_break_glass_request_instead_of_offering_to_ask_again(world, facilitator):
    group, thread, _author, readers = world
    moderation.report_create(actor=readers[0], item=thread, reason="other")
    client = sign_in(Client(), facilitator)
    url = reverse("groups:moderation", args=[group.public_id])
    assert "Safeguarding: ask who wrote this" in client.get(url).content.decode()
    request = moderation.unmask_request(actor=facilitator, item=thread, reason="Worried")
    page = client.get(url).content.decode()
    assert "Safeguarding: ask who wrote this" not in page
    assert reverse("groups:safeguarding_detail", args=[request.public_id]) in page
