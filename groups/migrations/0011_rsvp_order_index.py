# A session's answers by kind, in the order given.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0010_facilitators_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="sessionrsvp",
            index=models.Index(
                fields=["session", "answer", "answered_at", "id"], name="rsvp_session_answer_order"
            ),
        ),
    ]
