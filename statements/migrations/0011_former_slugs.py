"""Former slugs: what a participant's or hashtag's slug given up in a rename or a merge
leads to. The merges made so far (and not undone) are their first rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def merges_to_former_slugs(apps, schema_editor):
    ParticipantMerge = apps.get_model("statements", "ParticipantMerge")
    FormerSlug = apps.get_model("statements", "FormerSlug")
    FormerSlug.objects.bulk_create(
        FormerSlug(
            relation="participant",
            slug=merge.merged_slug,
            became=merge.survivor.slug,
            reason="merged",
            changed_by_id=merge.merged_by_id,
            changed_at=merge.merged_at,
        )
        for merge in ParticipantMerge.objects.filter(undone_at=None).select_related("survivor")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0010_search_rows'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FormerSlug',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('relation', models.CharField(choices=[('participant', 'Participant'), ('hashtag', 'Hashtag')], max_length=20)),
                ('slug', models.CharField(max_length=200)),
                ('became', models.CharField(help_text='The slug that took its place', max_length=200)),
                ('reason', models.CharField(choices=[('renamed', 'Renamed'), ('merged', 'Merged into another')], max_length=20)),
                ('changed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-changed_at', '-id'],
                'indexes': [models.Index(fields=['relation', 'slug'], name='former_slug_idx')],
            },
        ),
        migrations.RunPython(merges_to_former_slugs, migrations.RunPython.noop),
    ]
