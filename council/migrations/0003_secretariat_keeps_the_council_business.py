"""The Secretariat keeps the council's business: sessions, agendas, motions, the roll, polls, minutes."""

from django.db import migrations

from confed.secretariat import grant_to_secretariat


def grant(apps, schema_editor):
    grant_to_secretariat(apps, ["council"])


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0002_what_is_voted_is_kept"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
