# Kept counts (members of a group, replies in a thread) and the indexes pages are read from.

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_kept_counts(apps, schema_editor):
    """Count members and replies once, from the rows; the services keep the numbers from here on."""
    PeerGroup = apps.get_model("groups", "PeerGroup")
    Membership = apps.get_model("groups", "Membership")
    Thread = apps.get_model("groups", "Thread")
    Post = apps.get_model("groups", "Post")
    members = (
        Membership.objects.filter(group=OuterRef("pk"), status="active")
        .order_by()
        .values("group")
        .annotate(n=Count("id"))
        .values("n")
    )
    PeerGroup.objects.update(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
    replies = (
        Post.objects.filter(thread=OuterRef("pk"), deleted_at__isnull=True)
        .order_by()
        .values("thread")
        .annotate(n=Count("id"))
        .values("n")
    )
    Thread.objects.update(reply_count=Coalesce(Subquery(replies, output_field=IntegerField()), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0006_portable_unique_reactions_and_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="peergroup",
            name="member_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="thread",
            name="reply_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(fields=["thread", "created_at", "id"], name="post_thread_order"),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(fields=["group", "-last_activity_at", "-id"], name="thread_group_activity"),
        ),
        migrations.RunPython(fill_kept_counts, migrations.RunPython.noop),
    ]
