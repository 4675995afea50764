# The admin's list and search of people, however many: the list's order as an index,
# and trigram indexes (pg_trgm) for the search's UPPER(field) LIKE '%word%'.

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_subscription_rules_and_language'),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['family_name', 'given_name', '-id'], name='person_by_name'),
        ),
        *(
            migrations.AddIndex(
                model_name='person',
                index=django.contrib.postgres.indexes.GinIndex(
                    django.contrib.postgres.indexes.OpClass(
                        django.db.models.functions.text.Upper(field), name='gin_trgm_ops'
                    ),
                    name=f'person_{field}_trgm',
                ),
            )
            for field in ('given_name', 'family_name', 'email', 'rank')
        ),
    ]
