"""The Secretariat keeps the elections: calls for nominations, nominations, candidatures."""

from django.db import migrations

from confed.secretariat import grant_to_secretariat


def grant(apps, schema_editor):
    grant_to_secretariat(apps, ["elections"])


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0001_elections_and_candidatures"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
