"""Committee offices named after their committee's name, not its code: 'Secretary, Legal
Affairs Committee' rather than 'Secretary, LEGAL-C'. Only titles still as they were
made are changed; one the secretariat wrote stays."""

from django.db import migrations

TITLES = {"committee-chair": ("Chair", "Président"), "committee-secretary": ("Secretary", "Secrétaire")}


def name_the_committees(apps, schema_editor):
    office_model = apps.get_model("governance", "Office")
    for office in office_model.objects.filter(committee__isnull=False).select_related("committee"):
        title, title_fr = TITLES.get(office.kind, (None, None))
        committee = office.committee
        if title is None or office.title_en != f"{title}, {committee.code}":
            continue
        office.title_en = f"{title}, {committee.name_en}"
        if office.title_fr in ("", f"{title_fr}, {committee.code}"):
            office.title_fr = f"{title_fr}, {committee.name_fr or committee.name_en}"
        office.save(update_fields=["title_en", "title_fr"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0004_application_country")]

    operations = [migrations.RunPython(name_the_committees, migrations.RunPython.noop)]
