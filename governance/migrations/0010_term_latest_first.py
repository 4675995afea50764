# The admin's list of terms, the latest first, as an index: a page without a sort of
# every term ever held.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0009_office_elections'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='term',
            index=models.Index(fields=['-starts_on', '-id'], name='term_latest_first'),
        ),
    ]
