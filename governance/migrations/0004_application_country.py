# An application names a country, not a registry Nation: the public form no longer adds
# nations to the registry; admission does.

import django_countries.fields
from django.db import migrations, models


def copy_country(apps, schema_editor) -> None:
    for model_name in ["MembershipApplication", "HistoricalMembershipApplication"]:
        model = apps.get_model("governance", model_name)
        for application in model.objects.select_related("nation").exclude(nation=None):
            application.country = application.nation.country
            application.save(update_fields=["country"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_historicaloffice_reminder_lead_days_and_more"),
        ("members", "0005_confederation_application_waiting_days_and_more"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membershipapplication",
            name="one_pending_application_per_nation",
        ),
        migrations.AddField(
            model_name="historicalmembershipapplication",
            name="country",
            field=django_countries.fields.CountryField(
                default="", max_length=2, verbose_name="nation"
            ),
        ),
        migrations.AddField(
            model_name="membershipapplication",
            name="country",
            field=django_countries.fields.CountryField(
                default="", max_length=2, verbose_name="nation"
            ),
        ),
        migrations.RunPython(copy_country, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalmembershipapplication", name="nation"),
        migrations.RemoveField(model_name="membershipapplication", name="nation"),
        migrations.AlterField(
            model_name="historicalmembershipapplication",
            name="country",
            field=django_countries.fields.CountryField(max_length=2, verbose_name="nation"),
        ),
        migrations.AlterField(
            model_name="membershipapplication",
            name="country",
            field=django_countries.fields.CountryField(max_length=2, verbose_name="nation"),
        ),
        migrations.AddConstraint(
            model_name="membershipapplication",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["submitted", "under-review"])),
                fields=("confederation", "country"),
                name="one_pending_application_per_nation",
                violation_error_message=(
                    "This nation already has an application waiting for a decision."
                ),
            ),
        ),
    ]
