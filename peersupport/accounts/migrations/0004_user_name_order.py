# People in name order, for lists that show one page of them (a group's members).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_respond_to_risk_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="user",
            index=models.Index(fields=["display_name", "id"], name="user_name_order"),
        ),
    ]
