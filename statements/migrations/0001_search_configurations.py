"""Extensions and text search configurations the search vector is built with.

See statements/vocabulary.py for what each configuration is for. Serbian has a
Snowball stemmer from PostgreSQL 16; on older servers archive_serbian does no
stemming.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE = """
CREATE TEXT SEARCH DICTIONARY archive_english_stop (TEMPLATE = simple, STOPWORDS = english, ACCEPT = false);
CREATE TEXT SEARCH DICTIONARY archive_russian_stop (TEMPLATE = simple, STOPWORDS = russian, ACCEPT = false);

CREATE TEXT SEARCH CONFIGURATION archive_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION archive_english
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, archive_russian_stop, english_stem;

CREATE TEXT SEARCH CONFIGURATION archive_russian (COPY = russian);
ALTER TEXT SEARCH CONFIGURATION archive_russian
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, russian_stem;

-- Serbian has no stop-word list: drop English and Russian ones, so that a query word
-- that every other configuration ignores ("and", "и") is not required here.
DO $$
DECLARE
    stemmer text := CASE WHEN EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'serbian_stem')
                         THEN 'serbian_stem' ELSE 'simple' END;
BEGIN
    CREATE TEXT SEARCH CONFIGURATION archive_serbian (COPY = simple);
    EXECUTE format(
        'ALTER TEXT SEARCH CONFIGURATION archive_serbian
             ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
             WITH unaccent, archive_english_stop, archive_russian_stop, %I', stemmer);
END
$$;

CREATE TEXT SEARCH CONFIGURATION archive_names (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION archive_names
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, archive_english_stop, archive_russian_stop, simple;
"""

DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_names;
DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_serbian;
DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_russian;
DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_english;
DROP TEXT SEARCH DICTIONARY IF EXISTS archive_russian_stop;
DROP TEXT SEARCH DICTIONARY IF EXISTS archive_english_stop;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(CREATE, DROP),
    ]
