"""participant_text is renamed names_text in Python: it holds hashtags too. The column keeps
its name and the search vector reads the same column, so nothing changes in the database
(no rebuild of the vector or its index): the operations change the migration state only."""

import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0008_oldest_first_index'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='statement',
            name='participant_text',
            field=models.TextField(blank=True, db_column='participant_text', editable=False),
        ),
        migrations.RenameField(
            model_name='statement',
            old_name='participant_text',
            new_name='names_text',
        ),
        migrations.AlterField(
            model_name='statement',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(language='en', then=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='archive_english', weight='A'), '||', django.contrib.postgres.search.SearchVector('names_text', config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_english')), '||', django.contrib.postgres.search.SearchVector('text', config='archive_english', weight='C'), django.contrib.postgres.search.SearchConfig('archive_english'))), models.When(language='ru', then=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='archive_russian', weight='A'), '||', django.contrib.postgres.search.SearchVector('names_text', config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_russian')), '||', django.contrib.postgres.search.SearchVector('text', config='archive_russian', weight='C'), django.contrib.postgres.search.SearchConfig('archive_russian'))), models.When(language='sr', then=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='archive_serbian', weight='A'), '||', django.contrib.postgres.search.SearchVector('names_text', config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_serbian')), '||', django.contrib.postgres.search.SearchVector('text', config='archive_serbian', weight='C'), django.contrib.postgres.search.SearchConfig('archive_serbian'))), default=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='archive_names', weight='A'), '||', django.contrib.postgres.search.SearchVector('names_text', config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_names')), '||', django.contrib.postgres.search.SearchVector('text', config='archive_names', weight='C'), django.contrib.postgres.search.SearchConfig('archive_names'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]
