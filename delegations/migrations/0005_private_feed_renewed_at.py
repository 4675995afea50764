from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("delegations", "0004_private_feed"),
    ]

    operations = [
        migrations.RenameField(
            model_name="privatefeed", old_name="created_at", new_name="renewed_at"
        ),
        migrations.AlterField(
            model_name="privatefeed",
            name="renewed_at",
            field=models.DateTimeField(auto_now=True, verbose_name="renewed at"),
        ),
    ]
