"""Every script searchable: a language for every statement, its own configuration, marks
folded and Chinese, Japanese and Korean cut into character pairs.

- Text search configurations for the languages of vocabulary.SEARCH_CONFIGS that 0001 did not
  make (Arabic, German, French, Spanish, Italian, Portuguese, Turkish), built as 0001 built
  them: unaccent, English and Russian stop words, then the language's Snowball stemmer without
  its own stop words (so that a word one configuration drops is not required by the others);
  a server without that stemmer gets no stemming.
- archive_fold_marks(text): without Arabic vowel marks, Quranic signs, the tatweel and the
  transliteration marks ʿ ʾ (statements.text.scripts has the same classes).
- archive_search_text(text): folded, then each run of CJK characters apart from its
  neighbours and cut into overlapping pairs ("浏览器" → "浏览 览器"), as Lucene's CJK analyzer
  does; a lone character stays itself. Both IMMUTABLE: the stored vector reads them.
- Statements in a language of vocabulary.OWN_LANGUAGE_ONLY carry a marker lexeme ("language
  fr", with a space no word has); archive_in_language(query, marker) is how a query asks for
  it, so that language's stems count in its own statements only.
- The vector is dropped, languages are detected again (with the detector of
  statements.text.classify, the stored language as the fallback when it is unsure; a language
  an editor set is kept), fingerprints of texts with folded marks are made again, and the
  vector is added back: one rewrite of the table that computes every vector, then the GIN
  index. Django cannot alter a generated column's expression in place. The search rows'
  update trigger (0010) names the vector, so it is dropped meanwhile and made again as it
  was; a table rewrite fires no row trigger, so the search rows whose vector or language
  changed are brought up to date at the end.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.comparison
from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Left

import statements.models.archive
from statements.text.classify import detect_language
from statements.text.normalize import text_fingerprint
from statements.text.scripts import FOLDED_MARKS

MARKS = r"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640\u02bb-\u02bf"
CJK = (
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
    r"\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
    r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
)
STEMMED = [
    ("archive_arabic", "arabic"),
    ("archive_german", "german"),
    ("archive_french", "french"),
    ("archive_spanish", "spanish"),
    ("archive_italian", "italian"),
    ("archive_portuguese", "portuguese"),
    ("archive_turkish", "turkish"),
]

CONFIGURATIONS = "\n".join(
    f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = '{language}_stem') THEN
        CREATE TEXT SEARCH DICTIONARY {config}_stem (TEMPLATE = snowball, LANGUAGE = {language});
    ELSE
        CREATE TEXT SEARCH DICTIONARY {config}_stem (TEMPLATE = simple);
    END IF;
END
$$;
CREATE TEXT SEARCH CONFIGURATION {config} (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION {config}
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, archive_english_stop, archive_russian_stop, {config}_stem;
"""
    for config, language in STEMMED
)
DROP_CONFIGURATIONS = "\n".join(
    f"""
DROP TEXT SEARCH CONFIGURATION IF EXISTS {config};
DROP TEXT SEARCH DICTIONARY IF EXISTS {config}_stem;
"""
    for config, _ in STEMMED
)

FUNCTIONS = f"""
CREATE FUNCTION archive_fold_marks(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT regexp_replace($1, '[{MARKS}]', '', 'g') $$;

-- Self-contained (no call to archive_fold_marks): a restore runs with an empty search_path,
-- and this function is inlined as the table is made.
CREATE FUNCTION archive_search_text(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT CASE WHEN folded ~ '[{CJK}]' THEN regexp_replace(
        regexp_replace(folded, '([{CJK}]+)', ' \\1 ', 'g'),
        '(?<=[{CJK}])([{CJK}])(?=[{CJK}])', '\\1 \\1', 'g')
    ELSE folded END
    FROM (SELECT regexp_replace($1, '[{MARKS}]', '', 'g') AS folded) AS marks_folded
    $$;

-- A query that matches only where the marker lexeme is too; still empty when the query is
-- (a stop word), as && would leave the marker alone and match every statement of the language.
CREATE FUNCTION archive_in_language(query tsquery, marker tsquery) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE WHEN numnode(query) = 0 THEN query ELSE query && marker END $$;
"""
DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS archive_in_language(tsquery, tsquery);
DROP FUNCTION IF EXISTS archive_search_text(text);
DROP FUNCTION IF EXISTS archive_fold_marks(text);
"""

# The update trigger of migration 0010_search_rows, as it made it.
SEARCH_ROWS_UPDATE_TRIGGER = """
CREATE TRIGGER statements_searchrow_update AFTER UPDATE ON statements_statement
    FOR EACH ROW WHEN (
        (OLD.status, OLD.duplicate_of_id, OLD.sort_date, OLD.kind, OLD.source_id, OLD.language)
        IS DISTINCT FROM
        (NEW.status, NEW.duplicate_of_id, NEW.sort_date, NEW.kind, NEW.source_id, NEW.language)
        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
    )
    EXECUTE FUNCTION statements_searchrow_sync();
"""
DROP_SEARCH_ROWS_UPDATE_TRIGGER = (
    "DROP TRIGGER statements_searchrow_update ON statements_statement;"
)
# A search row's title and names part keeps the language marker, so a title hit of a
# language searched in its own statements only is found by the title and names index.
HEAD_VECTOR_WITH_MARKER = """
CREATE OR REPLACE FUNCTION statements_head_vector(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ts_filter(vector, '{a,b}') || array_to_tsvector(
        ARRAY(SELECT lexeme FROM unnest(vector) WHERE lexeme LIKE 'language %')
    );
"""
HEAD_VECTOR_WITHOUT_MARKER = """
CREATE OR REPLACE FUNCTION statements_head_vector(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN ts_filter(vector, '{a,b}');
"""
REFRESH_SEARCH_ROWS = """
UPDATE statements_searchrow AS row
SET language = statement.language,
    search_vector = statement.search_vector,
    head_vector = statements_head_vector(statement.search_vector)
FROM statements_statement AS statement
WHERE statement.id = row.id
  AND (row.language, row.search_vector) IS DISTINCT FROM
      (statement.language, statement.search_vector);
"""

BATCH = 5000


def detect_languages_again(apps, schema_editor):
    """Each statement's language as the detector tells it now, batch by batch (the vector is
    dropped meanwhile, so an update rewrites no vector and no GIN entry)."""
    Statement = apps.get_model("statements", "Statement")
    last = 0
    while True:
        rows = list(
            Statement.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", Left("text", 1500), "language", "editor_fields")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1][0]
        changed: dict[str, list[int]] = {}
        for pk, title, opening, language, editor_fields in rows:
            if "language" in editor_fields:
                continue
            detected = detect_language(f"{title}\n{opening}", language)
            if detected != language:
                changed.setdefault(detected, []).append(pk)
        for language, pks in changed.items():
            Statement.objects.filter(pk__in=pks).update(language=language)


def fingerprint_folded_marks_again(apps, schema_editor):
    """Fingerprints fold Arabic vowel marks and transliteration marks now: the texts that
    have them get theirs again (the others' do not change)."""
    Statement = apps.get_model("statements", "Statement")
    marked = Q(title__regex=FOLDED_MARKS.pattern) | Q(text__regex=FOLDED_MARKS.pattern)
    changed = []
    for statement in Statement.objects.filter(marked).only("title", "text", "text_fingerprint"):
        fingerprint = text_fingerprint(statement.title, statement.text)
        if fingerprint != statement.text_fingerprint:
            statement.text_fingerprint = fingerprint
            changed.append(statement)
    Statement.objects.bulk_update(changed, ["text_fingerprint"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0012_words'),
    ]

    operations = [
        migrations.RunSQL(CONFIGURATIONS + FUNCTIONS, DROP_FUNCTIONS + DROP_CONFIGURATIONS),
        migrations.RunSQL(HEAD_VECTOR_WITH_MARKER, HEAD_VECTOR_WITHOUT_MARKER),
        migrations.RunSQL(
            DROP_SEARCH_ROWS_UPDATE_TRIGGER, SEARCH_ROWS_UPDATE_TRIGGER + REFRESH_SEARCH_ROWS
        ),
        migrations.RemoveIndex(model_name='statement', name='statement_search_gin'),
        migrations.RemoveField(model_name='statement', name='search_vector'),
        migrations.RunPython(detect_languages_again, migrations.RunPython.noop),
        migrations.RunPython(fingerprint_folded_marks_again, migrations.RunPython.noop),
        migrations.AddField(
            model_name='statement',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(language='en', then=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_english', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_english')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_english', weight='C'), django.contrib.postgres.search.SearchConfig('archive_english'))), models.When(language='ru', then=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_russian', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_russian')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_russian', weight='C'), django.contrib.postgres.search.SearchConfig('archive_russian'))), models.When(language='sr', then=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_serbian', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_serbian')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_serbian', weight='C'), django.contrib.postgres.search.SearchConfig('archive_serbian'))), models.When(language='ar', then=models.Func(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_arabic', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_arabic')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_arabic', weight='C'), django.contrib.postgres.search.SearchConfig('archive_arabic')), django.db.models.functions.comparison.Cast(models.Value("'language ar'"), django.contrib.postgres.search.SearchVectorField()), function='tsvector_concat', output_field=django.contrib.postgres.search.SearchVectorField())), models.When(language='de', then=models.Func(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_german', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_german')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_german', weight='C'), django.contrib.postgres.search.SearchConfig('archive_german')), django.db.models.functions.comparison.Cast(models.Value("'language de'"), django.contrib.postgres.search.SearchVectorField()), function='tsvector_concat', output_field=django.contrib.postgres.search.SearchVectorField())), models.When(language='fr', then=models.Func(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_french', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_french')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_french', weight='C'), django.contrib.postgres.search.SearchConfig('archive_french')), django.db.models.functions.comparison.Cast(models.Value("'language fr'"), django.contrib.postgres.search.SearchVectorField()), function='tsvector_concat', output_field=django.contrib.postgres.search.SearchVectorField())), models.When(language='es', then=models.Func(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_spanish', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_spanish')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_spanish', weight='C'), django.contrib.postgres.search.SearchConfig('archive_spanish')), django.db.models.functions.comparison.Cast(models.Value("'language es'"), django.contrib.postgres.search.SearchVectorField()), function='tsvector_concat', output_field=django.contrib.postgres.search.SearchVectorField())), models.When(language='it', then=models.Func(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_italian', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_italian')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_italian', weight='C'), django.contrib.postgres.search.SearchConfig('archive_italian')), django.db.models.functions.comparison.Cast(models.Value("'language it'"), django.contrib.postgres.search.SearchVectorField()), function='tsvector_concat', output_field=django.contrib.postgres.search.SearchVectorField())), models.When(language='pt', then=models.Func(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_portuguese', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_portuguese')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_portuguese', weight='C'), django.contrib.postgres.search.SearchConfig('archive_portuguese')), django.db.models.functions.comparison.Cast(models.Value("'language pt'"), django.contrib.postgres.search.SearchVectorField()), function='tsvector_concat', output_field=django.contrib.postgres.search.SearchVectorField())), models.When(language='tr', then=models.Func(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_turkish', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_turkish')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_turkish', weight='C'), django.contrib.postgres.search.SearchConfig('archive_turkish')), django.db.models.functions.comparison.Cast(models.Value("'language tr'"), django.contrib.postgres.search.SearchVectorField()), function='tsvector_concat', output_field=django.contrib.postgres.search.SearchVectorField())), default=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('title'), config='archive_names', weight='A'), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('names_text'), config='archive_names', weight='B'), django.contrib.postgres.search.SearchConfig('archive_names')), '||', django.contrib.postgres.search.SearchVector(statements.models.archive.SearchText('text'), config='archive_names', weight='C'), django.contrib.postgres.search.SearchConfig('archive_names'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='statement',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='statement_search_gin'),
        ),
        migrations.RunSQL(
            SEARCH_ROWS_UPDATE_TRIGGER + REFRESH_SEARCH_ROWS, DROP_SEARCH_ROWS_UPDATE_TRIGGER
        ),
        migrations.RunSQL("ANALYZE statements_statement, statements_searchrow", migrations.RunSQL.noop),
    ]
