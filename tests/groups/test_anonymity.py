"""An anonymous author's name and e-mail reach no one: no page, fragment, e-mail, notification, export or
admin page that any other persona can open."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from groups.services import discussions, moderation
from peersupport.accounts import services as account_services
from peersupport.accounts.models import DataExport
from peersupport.core.models import AuditEvent
from peersupport.notifications.models import Notification
from peersupport.notifications.services import dispatch_due
from peersupport.notifications.tasks import send_notification
from tests.accounts.factories import UserFactory, give_role, give_second_factor
from tests.conftest import sign_in
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Xanthe Anonymous", "xanthe.anon@example.com"
MEMBER_LIST = re.compile(r'<section aria-labelledby="members-heading".*?</section>', re.S)


@pytest.fixture
def scene(facilitator, member):
    author = UserFactory(email=EMAIL, display_name=NAME)
    readers = [UserFactory() for _ in range(3)]
    # A sensitive theme: members are unlisted unless they choose otherwise.
    group = make_group(facilitator=facilitator, members=[member, author, *readers], sensitive=True)
    thread = discussions.thread_create(
        actor=author,
        group=group,
        title="Can't sleep",
        body="I don't want to be here anymore.",
        anonymous=True,
        open_to_suggestions=False,
    )
    reply = discussions.post_reply(
        actor=author, thread=thread, body="Thanks for listening", reply_type="share", anonymous=True
    )
    discussions.item_edit(actor=author, item=reply, body="Thank you all for listening")
    discussions.reaction_toggle(actor=author, kind="thanks", thread=thread)
    for reader in readers:
        moderation.report_create(actor=reader, item=reply, reason="other")
    moderation.moderate(actor=facilitator, item=reply, action="restore", reason="It's fine")
    unmask = moderation.unmask_request(actor=facilitator, item=thread, reason="Risk words")
    return group, thread, reply, unmask


def _pages_for(client, group, thread, reply, unmask):
    urls = [
        reverse("groups:list"),
        reverse("groups:detail", args=[group.public_id]),
        reverse("groups:thread", args=[group.public_id, thread.public_id]),
        reverse("groups:moderation", args=[group.public_id]),
        reverse("groups:safeguarding"),
        reverse("groups:safeguarding_detail", args=[unmask.public_id]),
        reverse("notifications:list"),
        reverse("accounts:privacy"),
        reverse("core:audit_list"),
        reverse("core:audit_export"),
        "/admin/core/auditevent/",
        "/admin/groups/peergroup/",
    ]
    pages = [client.get(url).content.decode() for url in urls]
    pages.append(
        client.post(
            reverse("groups:react", args=[group.public_id, thread.public_id]),
            {"kind": "support", "post": reply.public_id},
            headers={"HX-Request": "true"},
        ).content.decode()
    )
    for event in AuditEvent.objects.filter(action__startswith="groups."):
        pages.append(client.get(f"/admin/core/auditevent/{event.pk}/change/").content.decode())
    return pages


def test_no_other_persona_can_find_out_who_wrote_it(
    scene, member, facilitator, outsider, hr_admin, site_admin
):
    group, thread, reply, unmask = scene
    lead = give_role(UserFactory(email="lead2@example.com"), "programme_lead")
    give_second_factor(lead)
    for persona in (member, facilitator, outsider, hr_admin, site_admin, lead):
        client = sign_in(Client(), persona)
        for page in _pages_for(client, group, thread, reply, unmask):
            if persona == facilitator:
                # Facilitators see who is in their group (that is membership, not authorship): take the
                # member list out, and the name must then appear nowhere.
                page = MEMBER_LIST.sub("", page)
            assert NAME not in page and EMAIL not in page, persona.email


def test_no_email_or_notification_to_anyone_else_names_the_author(scene):
    for notification_id in Notification.objects.filter(status="pending").values_list("pk", flat=True):
        send_notification(notification_id)
    dispatch_due()
    assert mail.outbox
    for notification in Notification.objects.select_related("recipient"):
        if notification.recipient.email == EMAIL:
            continue
        assert NAME not in json.dumps(notification.context) and EMAIL not in json.dumps(notification.context)
    for message in mail.outbox:
        if message.to != [EMAIL]:
            assert NAME not in message.body and EMAIL not in message.body
            assert all(NAME not in html for html, _type in message.alternatives)


def test_other_peoples_data_exports_do_not_name_the_author(scene, member, facilitator):
    for persona in (member, facilitator):
        export = account_services.data_export_request(actor=persona)
        account_services.data_export_build(export_id=export.pk)
        content = json.dumps(DataExport.objects.get(pk=export.pk).content)
        assert NAME not in content and EMAIL not in content


@pytest.mark.parametrize("how", ["hide", "remove"])
def test_a_hidden_or_removed_threads_title_is_not_in_the_page_title(client, facilitator, member, how):
    from groups.services import discussions, moderation

    group = make_group(facilitator=facilitator, members=[member])
    thread = discussions.thread_create(
        actor=member,
        group=group,
        title="Secret title words",
        body="x",
        anonymous=True,
        open_to_suggestions=False,
    )
    moderation.moderate(actor=facilitator, item=thread, action=how, reason="Breaks the agreement")
    sign_in(client, member)
    page = client.get(reverse("groups:thread", args=[group.public_id, thread.public_id])).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Secret title words" not in title
    assert "Secret title words" not in page


def test_a_private_groups_real_id_and_a_made_up_one_do_the_same_work(client, facilitator, outsider):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group = make_group(facilitator=facilitator, join_policy="invitation", visibility="private")
    sign_in(client, outsider)
    client.get("/")  # session and permission caches warm, as on any later page

    def shapes(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 404
        return [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries]

    real = shapes(f"/groups/{group.public_id}/")
    made_up = shapes("/groups/zzzzzzzzzzzzzz/")
    assert real == made_up
