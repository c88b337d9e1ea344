"""The database itself refuses a second reaction of a kind or a second report by one person, on SQLite (the
embedded default) as on PostgreSQL: the rule does not rest on a check that two clicks can race past."""

import pytest
from django.db import IntegrityError, transaction

from groups.models import Reaction, Report
from groups.services import discussions
from tests.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(facilitator, member, employee):
    group = make_group(facilitator=facilitator, members=[member, employee])
    thread = discussions.thread_create(
        actor=member,
        group=group,
        title="Hello",
        body="First words",
        anonymous=False,
        open_to_suggestions=False,
    )
    reply = discussions.post_reply(
        actor=member, thread=thread, body="More", reply_type="share", anonymous=False
    )
    return thread, reply


def _twice(model, **fields):
    model.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_a_second_reaction_of_a_kind_is_refused_on_a_thread_and_on_a_reply(conversation, employee):
    thread, reply = conversation
    _twice(Reaction, thread=thread, user=employee, kind=Reaction.Kind.THANKS)
    _twice(Reaction, post=reply, user=employee, kind=Reaction.Kind.THANKS)
    Reaction.objects.create(post=reply, user=employee, kind=Reaction.Kind.ME_TOO)  # another kind is fine


def test_a_second_report_by_one_person_is_refused_but_erased_reporters_never_clash(conversation, employee):
    thread, reply = conversation
    group = thread.group
    _twice(Report, thread=thread, group=group, reporter=employee, reason=Report.Reason.OTHER)
    _twice(Report, post=reply, group=group, reporter=employee, reason=Report.Reason.OTHER)
    Report.objects.create(post=reply, group=group, reporter=None, reason=Report.Reason.OTHER)
    Report.objects.create(post=reply, group=group, reporter=None, reason=Report.Reason.OTHER)


def test_system_checks_raise_no_warnings_on_this_database():
    from django.core.checks import run_checks

    assert run_checks(databases=["default"]) == []
