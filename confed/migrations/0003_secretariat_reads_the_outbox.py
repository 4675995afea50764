"""The Secretariat sees the outbox's emails and sends a failed one again."""

from django.db import migrations

from confed.secretariat import grant_to_secretariat


def grant(apps, schema_editor):
    grant_to_secretariat(apps, ["confed"])


class Migration(migrations.Migration):
    dependencies = [
        ("confed", "0002_sweep_every_minute"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
