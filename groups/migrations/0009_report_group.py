# A report keeps its item's group, so that a group's open reports come from a small partial index.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_report_groups(apps, schema_editor):
    """Copy each existing report's group from the thread or reply it is about (items never change group)."""
    Report = apps.get_model("groups", "Report")
    Thread = apps.get_model("groups", "Thread")
    Post = apps.get_model("groups", "Post")
    Report.objects.filter(thread__isnull=False).update(
        group=Subquery(Thread.objects.filter(pk=OuterRef("thread_id")).values("group_id")[:1])
    )
    Report.objects.filter(post__isnull=False).update(
        group=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("thread__group_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0008_hidden_items_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="group",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="groups.peergroup",
            ),
        ),
        migrations.RunPython(fill_report_groups, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="report",
            name="group",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="groups.peergroup",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", True)),
                fields=["group"],
                name="report_open_by_group",
            ),
        ),
    ]
