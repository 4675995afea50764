# The daily scan, as a django-celery-beat schedule the secretariat sees and changes in
# the admin (Periodic tasks).

from django.db import migrations

NAME = "Reminders: daily scan"


def schedule(apps, schema_editor) -> None:
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = crontab_model.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/Brussels",
    )  # fmt: skip
    task_model.objects.get_or_create(
        name=NAME, defaults={"task": "reminders.tasks.scan_reminders", "crontab": crontab}
    )


def unschedule(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
