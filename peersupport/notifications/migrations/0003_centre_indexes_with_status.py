# The notification centre reads by key with status in its index; the unread badge has its own partial index.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_insider_paths"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="notification",
            name="notification_centre",
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["recipient", "show_in_app", "status", "-sent_at", "-id"], name="notification_centre"
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True), ("show_in_app", True), ("status", "sent")),
                fields=["recipient"],
                name="notification_unread",
            ),
        ),
    ]
