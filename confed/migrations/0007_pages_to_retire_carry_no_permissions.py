"""PagesToRetire is the cache's bookkeeping, edited by nobody: it carries no
permissions, and those a database made for it before are removed."""

from django.db import migrations


def remove_permissions(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="confed", content_type__model="pagestoretire"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("confed", "0006_retire_owed_pages_every_minute"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="pagestoretire",
            options={
                "default_permissions": (),
                "verbose_name": "public pages to retire",
                "verbose_name_plural": "public pages to retire",
            },
        ),
        migrations.RunPython(remove_permissions, migrations.RunPython.noop),
    ]
