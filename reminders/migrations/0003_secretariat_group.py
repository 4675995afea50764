"""The Secretariat group with the permissions of the apps whose records the secretariat
keeps, so that a production database has it as soon as it is migrated."""

from django.db import migrations

from confed.secretariat import grant_to_secretariat

SECRETARIAT_APPS = ["members", "governance", "events", "delegations", "reminders"]


def grant(apps, schema_editor):
    grant_to_secretariat(apps, SECRETARIAT_APPS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0006_delegation_size_in_range"),
        ("governance", "0004_application_country"),
        ("events", "0001_initial"),
        ("delegations", "0003_seat_limit_message"),
        ("reminders", "0002_daily_scan_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
