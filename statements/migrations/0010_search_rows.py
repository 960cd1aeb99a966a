"""Search rows: a narrow copy of each statement's search columns (statements/models/
search_rows.py), kept in step by a trigger on the statement table, filled from the
statements already archived before their indexes are built (one pass each)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

COLUMNS = "status, duplicate_of_id, sort_date, kind, source_id, language, search_vector"
# The title and names part of the vector: their lexemes carry weights A and B.
HEAD = "statements_head_vector(search_vector)"

CREATE_TRIGGER = f"""
-- Out of line from the first bytes: a row is then some 60 bytes, about a hundred a page.
ALTER TABLE statements_searchrow SET (toast_tuple_target = 128);
-- Not compressed: ranking reads the vectors of every match, and decompressing costs more.
ALTER TABLE statements_searchrow ALTER COLUMN search_vector SET STORAGE EXTERNAL;

CREATE FUNCTION statements_head_vector(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN ts_filter(vector, '{{a,b}}');

INSERT INTO statements_searchrow (id, {COLUMNS}, head_vector)
SELECT id, {COLUMNS}, {HEAD} FROM statements_statement;

CREATE FUNCTION statements_searchrow_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM statements_searchrow WHERE id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO statements_searchrow (id, {COLUMNS}, head_vector)
    VALUES (NEW.id, NEW.status, NEW.duplicate_of_id, NEW.sort_date, NEW.kind, NEW.source_id,
            NEW.language, NEW.search_vector, statements_head_vector(NEW.search_vector))
    ON CONFLICT (id) DO UPDATE SET
        status = EXCLUDED.status, duplicate_of_id = EXCLUDED.duplicate_of_id,
        sort_date = EXCLUDED.sort_date, kind = EXCLUDED.kind, source_id = EXCLUDED.source_id,
        language = EXCLUDED.language, search_vector = EXCLUDED.search_vector,
        head_vector = EXCLUDED.head_vector;
    RETURN NULL;
END
$$;

CREATE TRIGGER statements_searchrow_insert AFTER INSERT ON statements_statement
    FOR EACH ROW EXECUTE FUNCTION statements_searchrow_sync();
CREATE TRIGGER statements_searchrow_update AFTER UPDATE ON statements_statement
    FOR EACH ROW WHEN (
        (OLD.status, OLD.duplicate_of_id, OLD.sort_date, OLD.kind, OLD.source_id, OLD.language)
        IS DISTINCT FROM
        (NEW.status, NEW.duplicate_of_id, NEW.sort_date, NEW.kind, NEW.source_id, NEW.language)
        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
    )
    EXECUTE FUNCTION statements_searchrow_sync();
CREATE TRIGGER statements_searchrow_delete AFTER DELETE ON statements_statement
    FOR EACH ROW EXECUTE FUNCTION statements_searchrow_sync();
"""

DROP_TRIGGER = """
DROP TRIGGER statements_searchrow_insert ON statements_statement;
DROP TRIGGER statements_searchrow_update ON statements_statement;
DROP TRIGGER statements_searchrow_delete ON statements_statement;
DROP FUNCTION statements_searchrow_sync();
DROP FUNCTION statements_head_vector(tsvector);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0009_names_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchRow',
            fields=[
                ('statement', models.OneToOneField(db_column='id', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_row', serialize=False, to='statements.statement')),
                ('status', models.CharField(max_length=20)),
                ('sort_date', models.DateTimeField(null=True)),
                ('kind', models.CharField(max_length=20)),
                ('language', models.CharField(max_length=8)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField()),
                ('head_vector', django.contrib.postgres.search.SearchVectorField()),
                ('duplicate_of', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='statements.statement')),
                ('source', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='statements.source')),
            ],
        ),
        migrations.RunSQL(CREATE_TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name='searchrow',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='search_row_gin'),
        ),
        migrations.AddIndex(
            model_name='searchrow',
            index=django.contrib.postgres.indexes.GinIndex(fields=['head_vector'], name='search_row_head_gin'),
        ),
        migrations.AddIndex(
            model_name='searchrow',
            index=models.Index(models.OrderBy(models.F('sort_date'), descending=True, nulls_last=True), models.OrderBy(models.F('statement'), descending=True), name='search_row_date_idx'),
        ),
        migrations.AddIndex(
            model_name='searchrow',
            index=models.Index(models.OrderBy(models.F('sort_date'), nulls_last=True), models.OrderBy(models.F('statement')), name='search_row_date_asc_idx'),
        ),
        migrations.RunSQL("ANALYZE statements_searchrow", migrations.RunSQL.noop),
    ]
