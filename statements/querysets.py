"""Filter primitives of the statement, participant, hashtag and source querysets.

Searching, sampling, paging and facet counting live in statements/search/ and take these
querysets as arguments. Models are reached only through self.model, never imported.
"""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, models
from django.db.models import Case, Count, Exists, F, Func, OuterRef, Q, TextField, Value, When

from statements.dates import day_bounds
from statements.text.names import names_text
from statements.vocabulary import HAS_EDITS, HAS_MEDIA, HAS_TEXT, HAS_TRANSLATION

# Renames and merges followed from a former slug to the one in use, at most.
MAX_SLUG_HOPS = 10
# Statements whose names text is rebuilt per round trip.
NAMES_TEXT_CHUNK = 5_000


def has_condition(what: str) -> Q:
    """What `has:what` holds of a statement, on its own columns (what: a key of
    vocabulary.HAS)."""
    if what == HAS_TEXT:
        return ~Q(text="", title="")
    if what == HAS_EDITS:
        return Q(edited_at__isnull=False)
    if what == HAS_MEDIA:
        return ~Q(media="")
    if what == HAS_TRANSLATION:  # a version in another language, linked or confirmed
        pairs = apps.get_model("statements", "TranslationPair").objects
        linked = pairs.filter(status__in=pairs.model.LINKS)
        return Q(pk__in=linked.values("first_id")) | Q(pk__in=linked.values("second_id"))
    return Q(media=what)


def linked_versions() -> ArraySubquery:
    """The ids of a statement's versions in other languages (its linked or confirmed
    translation pairs), smallest first: an annotation of a statement queryset."""
    pairs = apps.get_model("statements", "TranslationPair").objects
    mine = Q(first_id=OuterRef("pk")) | Q(second_id=OuterRef("pk"))
    other = Case(When(first_id=OuterRef("pk"), then=F("second_id")), default=F("first_id"))
    linked = pairs.filter(mine, status__in=pairs.model.LINKS).annotate(other=other)
    return ArraySubquery(linked.order_by("other").values("other"))


def listed_condition(through: str = "") -> Q:
    """What StatementQuerySet.listed() holds of a statement, its fields named `through` a
    relation ("statements__" from a participant, hashtag or source): published, and not a
    copy of a post unless the post's canonical copy is one the public cannot see."""
    statements = apps.get_model("statements", "Statement").objects
    unseen = statements.exclude(status__in=settings.PUBLIC_STATUSES).values("pk")
    return Q(**{f"{through}status__in": settings.PUBLIC_STATUSES}) & (
        Q(**{f"{through}duplicate_of__isnull": True}) | Q(**{f"{through}duplicate_of__in": unseen})
    )


class LinkedToStatementsQuerySet(models.QuerySet):
    """Participants, hashtags and sources: each counted by its statements."""

    def with_statement_counts(self, published_only: bool = True):
        """Each counted by its statements as searches count them (listed), or by all of
        them (published_only=False: the admin's count)."""
        listed = listed_condition("statements__") if published_only else Q()
        return self.annotate(statement_count=Count("statements", filter=listed))

    def most_used(self):
        return (
            self.with_statement_counts()
            .filter(statement_count__gt=0)
            .order_by("-statement_count", "name")
        )


class FormerSlugQuerySet(models.QuerySet):
    def latest_of(self, relation: str, slug: str):
        """The last change that gave the slug up (None for none)."""
        return self.filter(relation=relation, slug=slug).order_by("-changed_at", "-id").first()

    def moved_for_good(self, relation: str, slug: str) -> bool:
        """Whether the slug was last given up in a rename, which lasts; a merge can be
        undone and give the slug back."""
        latest = self.latest_of(relation, slug)
        return latest is not None and latest.reason == self.model.Reason.RENAMED


class SluggedQuerySet(LinkedToStatementsQuerySet):
    """Participants and hashtags: named in links by slugs that last through renames and
    merges (the FormerSlug history)."""

    def by_slug(self, slug: str):
        """What a slug names now: the one holding it, or, for a slug given up in a rename
        or a merge (and the slug it became perhaps given up since), the one it led to;
        None for none. Saved links, feeds and searches by slug keep working."""
        found = self.filter(slug=slug).first()
        return found if found is not None else self.by_former_slug(slug)

    def by_former_slug(self, slug: str):
        """What a slug no one holds led to when it was given up (None for none): its latest
        change is followed, slug to slug, to one in use, at most MAX_SLUG_HOPS times."""
        history = self.model._meta.apps.get_model("statements", "FormerSlug")._default_manager
        relation = self.model._meta.model_name
        for _ in range(MAX_SLUG_HOPS):
            change = history.latest_of(relation, slug)
            if change is None:
                return None
            slug = change.became
            found = self.filter(slug=slug).first()
            if found is not None:
                return found
        return None


class ParticipantQuerySet(SluggedQuerySet):
    def spelled_like(self, text: str):
        """Participants whose name or an alias contains the text, diacritics ignored."""
        aliases = Func(
            F("aliases"), Value(" "), function="array_to_string", output_field=TextField()
        )
        return self.annotate(aliases_text=aliases).filter(
            Q(name__unaccent__icontains=text) | Q(aliases_text__unaccent__icontains=text)
        )


class StatementQuerySet(models.QuerySet):
    def published(self):
        """Statements the public may read: published ones (and new ones, where the
        PUBLIC_STATUSES setting says so)."""
        return self.filter(status__in=settings.PUBLIC_STATUSES)

    def listed(self):
        """Published statements as searches count them: each post once, however many
        copies of it the archive holds (the others are its appearances)."""
        # Canonical copies the public cannot see are few: a hashed subplan, not a join.
        return self.filter(listed_condition())

    def link_model(self, relation: str) -> type[models.Model]:
        """The link model of "participant" or "hashtag" (StatementParticipant, …); a search
        row's links are its statement's."""
        return self.statement_model()._meta.get_field(f"{relation}s").remote_field.through

    def statement_model(self) -> type[models.Model]:
        """The statement model: this queryset's, or the one its search rows copy."""
        if self.model._meta.pk.name == "statement":
            return self.model._meta.pk.related_model
        return self.model

    def statements(self):
        """The statements themselves: this queryset, or its search rows' statements."""
        model = self.statement_model()
        return self if model is self.model else model.objects.filter(pk__in=self.values("pk"))

    def linked_to_all(self, relation: str, items, **link: str):
        """Statements linked to every one of the items (an EXISTS per item: no DISTINCT);
        `link` narrows the links (role="participant": those who took part)."""
        links_model = self.link_model(relation)
        queryset = self
        for item in items:
            links = links_model.objects.filter(
                statement_id=OuterRef("pk"), **{relation: item}, **link
            )
            queryset = queryset.filter(Exists(links))
        return queryset

    def linked_to_any(self, relation: str, items, **link: str):
        """Statements linked to at least one of the items (`link` as in linked_to_all)."""
        links = self.link_model(relation).objects.filter(
            statement_id=OuterRef("pk"), **{f"{relation}__in": items}, **link
        )
        return self.filter(Exists(links))

    def deleted_at_source(self, deleted: bool = True):
        """Statements a sync found deleted at the source (deleted=False: the others), by
        the statements' own column: search rows do not copy it, and the marked are few."""
        statements = self.model._meta.apps.get_model("statements", "Statement")
        marked = statements.objects.filter(deleted_at_source__isnull=False).values("pk")
        return self.filter(pk__in=marked) if deleted else self.exclude(pk__in=marked)

    def having(self, what: str, holds: bool = True):
        """Statements that have `what` (a key of vocabulary.HAS: text, edits by the source,
        media or a kind of it), or with holds=False those that do not; by the statements'
        own columns (search rows do not copy them), through the smaller side: the posts
        without text are few, so "has text" is "not one of them"."""
        statements = self.statement_model().objects
        if what == HAS_TEXT:
            holds, wanted = not holds, statements.exclude(has_condition(what))
        else:
            wanted = statements.filter(has_condition(what))
        wanted = wanted.values("pk")
        return self.filter(pk__in=wanted) if holds else self.exclude(pk__in=wanted)

    def dated_between(self, first, last):
        """Statements dated from the first day to the last (either may be None: open)."""
        start, end = day_bounds(first, last)
        condition = Q()
        if start:
            condition &= Q(sort_date__gte=start)
        if end:
            condition &= Q(sort_date__lt=end)
        return self.filter(condition)

    def earliest_first(self):
        """Copies of a post in the order that makes the first canonical: published first,
        undated ones last, then the lowest id (`models.publication_order` in Python)."""
        return self.order_by(F("published_at").asc(nulls_last=True), "pk")

    def sorted_by(self, sort: str):
        if sort == "relevance" and "rank" in self.query.annotations:
            return self.order_by(F("rank").desc(), F("sort_date").desc(nulls_last=True), "-pk")
        if sort == "oldest":
            return self.order_by(F("sort_date").asc(nulls_last=True), "pk")
        return self.order_by(F("sort_date").desc(nulls_last=True), "-pk")

    def for_display(self):
        """As pages show statements: their source, participants and hashtags with them; not
        their vector nor their raw record (kilobytes a row that no page shows)."""
        related = self.select_related("source").prefetch_related("participants", "hashtags")
        return related.defer("search_vector", "raw").annotate(translation_ids=linked_versions())

    def for_export(self, fields: list[str]):
        """Dicts of these fields, with the pk, source_url, the source's slug and the ids of
        the participants and hashtags (names come from link_names): one query, any size.
        The ids are read from the link tables' own indexes, a row at a time, without
        joining the names."""

        def linked_ids(relation: str):
            return ArraySubquery(
                self.link_model(relation)
                .objects.filter(statement_id=OuterRef("pk"))
                .values(f"{relation}_id")
            )

        return self.annotate(
            source_slug=F("source__slug"),
            participant_ids=linked_ids("participant"),
            hashtag_ids=linked_ids("hashtag"),
            translation_ids=linked_versions(),
        ).values(
            "pk",
            "source_slug",
            "source_url",
            *fields,
            "participant_ids",
            "hashtag_ids",
            "translation_ids",
        )

    def link_names(self) -> dict:
        """For exports: every participant's and hashtag's (name, slug) by id, and every
        source's name by slug."""
        fields = self.model._meta

        def every(field: str, *columns: str):
            return (
                fields.get_field(field).related_model.objects.using(self.db).values_list(*columns)
            )

        return {
            "participant": {
                pk: (name, slug) for pk, name, slug in every("participants", "pk", "name", "slug")
            },
            "hashtag": {
                pk: (name, slug) for pk, name, slug in every("hashtags", "pk", "name", "slug")
            },
            "source": dict(every("source", "slug", "name")),
        }

    def refresh_names_text(self) -> dict[int, str]:
        """Rebuild the names text (the names, aliases and hashtags search reads) of these
        statements by `text.names.names_text`; writes and returns the texts that changed."""
        ids = list(self.values_list("pk", flat=True))
        changed: dict[int, str] = {}
        for start in range(0, len(ids), NAMES_TEXT_CHUNK):
            changed |= self._write_names_texts(ids[start : start + NAMES_TEXT_CHUNK])
        return changed

    def _write_names_texts(self, ids: list[int]) -> dict[int, str]:
        people, tags = defaultdict(list), defaultdict(list)
        linked_people = self.link_model("participant").objects.filter(statement_id__in=ids)
        for pk, name, aliases in linked_people.values_list(
            "statement_id", "participant__name", "participant__aliases"
        ):
            people[pk].append((name, aliases))
        linked_tags = self.link_model("hashtag").objects.filter(statement_id__in=ids)
        for pk, name in linked_tags.values_list("statement_id", "hashtag__name"):
            tags[pk].append(name)
        current = self.model._default_manager.filter(pk__in=ids).values_list("pk", "names_text")
        changed = {
            pk: text for pk, old in current if (text := names_text(people[pk], tags[pk])) != old
        }
        if changed:
            table, column = (
                self.model._meta.db_table,
                self.model._meta.get_field("names_text").column,
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE "{table}" SET "{column}" = new.text '
                    "FROM unnest(%s::bigint[], %s::text[]) AS new(id, text) "
                    f'WHERE "{table}".id = new.id',
                    [list(changed), list(changed.values())],
                )
        return changed
