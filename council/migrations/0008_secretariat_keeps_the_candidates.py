"""The Secretariat keeps the candidates of an election item, and reads their rounds."""

from django.db import migrations

from confed.secretariat import grant_to_secretariat


def grant(apps, schema_editor):
    grant_to_secretariat(apps, ["council"])


class Migration(migrations.Migration):
    dependencies = [("council", "0007_a_closed_round_is_kept")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
