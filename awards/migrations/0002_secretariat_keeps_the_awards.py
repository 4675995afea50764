"""The Secretariat keeps the awards: their rules, the nominations, decisions and conferrals."""

from django.db import migrations

from confed.secretariat import grant_to_secretariat


def grant(apps, schema_editor):
    grant_to_secretariat(apps, ["awards"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_awards_and_their_nominations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
