"""The Secretariat writes the about pages."""

from django.db import migrations

from confed.secretariat import grant_to_secretariat


def grant(apps, schema_editor):
    grant_to_secretariat(apps, ["about"])


class Migration(migrations.Migration):
    dependencies = [
        ("about", "0001_about_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
