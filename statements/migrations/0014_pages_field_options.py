"""Admin pages editors can trust (issue 13): field options, and one more permission.

- Source slugs of any script (allow_unicode, as participants and hashtags have).
- Participant and hashtag slugs may be left empty in a form: the model makes them.
- A statement's language and a source's default language are chosen from the languages
  the archive knows (vocabulary.LANGUAGES), not typed.
- The unique constraints say in words what is already there.
- The Editor group may delete participants (the admin refuses while a statement links
  to one, or merges were made into it).
None of it changes a table.
"""

import django.db.models.functions.text
from django.db import migrations, models

from statements.migrations._editor_permissions import grant_to_editors


def grant_delete_participant(apps, schema_editor):
    grant_to_editors(apps, ["delete_participant"])


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0013_every_script'),
    ]

    operations = [
        migrations.RunPython(grant_delete_participant, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='hashtag',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text='Left empty, it is made from the name.', max_length=200, unique=True),
        ),
        migrations.AlterField(
            model_name='participant',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text='Left empty, it is made from the name.', max_length=100, unique=True),
        ),
        migrations.AlterField(
            model_name='source',
            name='default_language',
            field=models.CharField(choices=[('en', 'English'), ('ru', 'Russian'), ('sr', 'Serbian'), ('uk', 'Ukrainian'), ('be', 'Belarusian'), ('bg', 'Bulgarian'), ('mk', 'Macedonian'), ('kk', 'Kazakh'), ('ky', 'Kyrgyz'), ('mn', 'Mongolian'), ('tg', 'Tajik'), ('de', 'German'), ('fr', 'French'), ('es', 'Spanish'), ('it', 'Italian'), ('pt', 'Portuguese'), ('nl', 'Dutch'), ('pl', 'Polish'), ('cs', 'Czech'), ('sk', 'Slovak'), ('sl', 'Slovenian'), ('hr', 'Croatian'), ('bs', 'Bosnian'), ('ro', 'Romanian'), ('hu', 'Hungarian'), ('tr', 'Turkish'), ('sv', 'Swedish'), ('da', 'Danish'), ('no', 'Norwegian'), ('fi', 'Finnish'), ('et', 'Estonian'), ('lv', 'Latvian'), ('lt', 'Lithuanian'), ('sq', 'Albanian'), ('ca', 'Catalan'), ('eu', 'Basque'), ('gl', 'Galician'), ('ga', 'Irish'), ('cy', 'Welsh'), ('is', 'Icelandic'), ('mt', 'Maltese'), ('af', 'Afrikaans'), ('id', 'Indonesian'), ('ms', 'Malay'), ('vi', 'Vietnamese'), ('tl', 'Tagalog'), ('sw', 'Swahili'), ('az', 'Azerbaijani'), ('uz', 'Uzbek'), ('zh', 'Chinese'), ('ja', 'Japanese'), ('ko', 'Korean'), ('ar', 'Arabic'), ('fa', 'Persian'), ('ur', 'Urdu'), ('ps', 'Pashto'), ('ug', 'Uyghur'), ('he', 'Hebrew'), ('el', 'Greek'), ('hi', 'Hindi'), ('mr', 'Marathi'), ('ne', 'Nepali'), ('th', 'Thai'), ('ka', 'Georgian'), ('hy', 'Armenian')], default='en', max_length=8),
        ),
        migrations.AlterField(
            model_name='source',
            name='slug',
            field=models.SlugField(allow_unicode=True, max_length=100, unique=True),
        ),
        migrations.AlterField(
            model_name='statement',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('ru', 'Russian'), ('sr', 'Serbian'), ('uk', 'Ukrainian'), ('be', 'Belarusian'), ('bg', 'Bulgarian'), ('mk', 'Macedonian'), ('kk', 'Kazakh'), ('ky', 'Kyrgyz'), ('mn', 'Mongolian'), ('tg', 'Tajik'), ('de', 'German'), ('fr', 'French'), ('es', 'Spanish'), ('it', 'Italian'), ('pt', 'Portuguese'), ('nl', 'Dutch'), ('pl', 'Polish'), ('cs', 'Czech'), ('sk', 'Slovak'), ('sl', 'Slovenian'), ('hr', 'Croatian'), ('bs', 'Bosnian'), ('ro', 'Romanian'), ('hu', 'Hungarian'), ('tr', 'Turkish'), ('sv', 'Swedish'), ('da', 'Danish'), ('no', 'Norwegian'), ('fi', 'Finnish'), ('et', 'Estonian'), ('lv', 'Latvian'), ('lt', 'Lithuanian'), ('sq', 'Albanian'), ('ca', 'Catalan'), ('eu', 'Basque'), ('gl', 'Galician'), ('ga', 'Irish'), ('cy', 'Welsh'), ('is', 'Icelandic'), ('mt', 'Maltese'), ('af', 'Afrikaans'), ('id', 'Indonesian'), ('ms', 'Malay'), ('vi', 'Vietnamese'), ('tl', 'Tagalog'), ('sw', 'Swahili'), ('az', 'Azerbaijani'), ('uz', 'Uzbek'), ('zh', 'Chinese'), ('ja', 'Japanese'), ('ko', 'Korean'), ('ar', 'Arabic'), ('fa', 'Persian'), ('ur', 'Urdu'), ('ps', 'Pashto'), ('ug', 'Uyghur'), ('he', 'Hebrew'), ('el', 'Greek'), ('hi', 'Hindi'), ('mr', 'Marathi'), ('ne', 'Nepali'), ('th', 'Thai'), ('ka', 'Georgian'), ('hy', 'Armenian')], default='en', max_length=8),
        ),
        migrations.AlterConstraint(
            model_name='hashtag',
            name='hashtag_name_ci_unique',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='hashtag_name_ci_unique', violation_error_message='A hashtag of this name exists already (in any case).'),
        ),
        migrations.AlterConstraint(
            model_name='statement',
            name='statement_unique_message_per_source',
            constraint=models.UniqueConstraint(condition=models.Q(('source_message_id__isnull', False)), fields=('source', 'source_message_id'), name='statement_unique_message_per_source', violation_error_message='This source has a statement with this message id already.'),
        ),
        migrations.AlterConstraint(
            model_name='statement',
            name='statement_unique_text_per_source_without_id',
            constraint=models.UniqueConstraint(condition=models.Q(('external_id', ''), ('source_message_id__isnull', True)), fields=('source', 'content_hash'), name='statement_unique_text_per_source_without_id', violation_error_message='This source has a statement with the same text (and no message id) already.'),
        ),
        migrations.AlterConstraint(
            model_name='statement',
            name='statement_unique_external_id_per_source',
            constraint=models.UniqueConstraint(condition=models.Q(('source_message_id__isnull', True), models.Q(('external_id', ''), _negated=True)), fields=('source', 'external_id'), name='statement_unique_external_id_per_source', violation_error_message='This source has a statement with this external id already.'),
        ),
    ]
