# Reminders whose hand-over to a worker was lost, or whose retry is due, are handed
# over within a minute, not at the next day's scan.

from django.db import migrations

NAME = "Reminders: sweep for those still owed"


def schedule(apps, schema_editor) -> None:
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = interval_model.objects.get_or_create(every=1, period="minutes")
    task_model.objects.get_or_create(
        name=NAME, defaults={"task": "reminders.tasks.sweep_reminders", "interval": every_minute}
    )


def unschedule(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0003_secretariat_group"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
