"""Data migrations of the groups app fill what they add from the rows already there."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    """Moves the test database to `targets` and returns the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def migrator():
    yield _migrate
    # Back to the latest migrations, whatever the test did, for the tests that follow.
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_existing_reports_get_the_group_of_the_thread_or_reply_they_are_about(migrator):
    old = migrator([("groups", "0008_hidden_items_index")])
    User = old.get_model("accounts", "User")
    Theme, PeerGroup = old.get_model("groups", "Theme"), old.get_model("groups", "PeerGroup")
    Thread, Post = old.get_model("groups", "Thread"), old.get_model("groups", "Post")
    Report = old.get_model("groups", "Report")
    author = User.objects.create(email="writer@example.com", display_name="Writer", public_id="u1")
    theme = Theme.objects.create(name="Parents", public_id="th1")
    expected = {}
    for n in (1, 2):
        group = PeerGroup.objects.create(
            name=f"Circle {n}", theme=theme, description="", join_policy="open", visibility="listed",
            public_id=f"g{n}",
        )  # fmt: skip
        thread = Thread.objects.create(group=group, author=author, title="Hi", body="Hi", public_id=f"t{n}")
        reply = Post.objects.create(
            thread=thread, author=author, body="More", reply_type="share", public_id=f"p{n}"
        )
        Report.objects.create(thread=thread, reason="other", public_id=f"r{n}t")
        Report.objects.create(post=reply, reason="other", public_id=f"r{n}p")
        expected |= {f"r{n}t": group.pk, f"r{n}p": group.pk}

    new = migrator([("groups", "0009_report_group")])
    assert dict(new.get_model("groups", "Report").objects.values_list("public_id", "group_id")) == expected
