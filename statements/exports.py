"""Exports and feeds of any search: CSV, JSON Lines and Atom, with the page's parameters.

Exports stream every matching row (no limit) from a server-side cursor, so
memory stays flat whatever the size. Their columns are stable and documented
on the data dictionary page. A JSON Lines row is the API's statement object
(statement_object), so a search's export lists what the API's pages list.
"""

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import quote

from django.contrib.syndication.views import Feed
from django.db import router
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator, slugify

from statements.filters import FORM_FILTERS, StatementFilter
from statements.models import Hashtag, Participant, SearchRow, Source, Statement
from statements.search.panels import panels_for
from statements.text.normalize import CONTROL_CHARACTERS, fold

# (column, what it holds): the order of the CSV columns and the JSON Lines keys.
EXPORT_COLUMNS = [
    ("id", "The statement's id in this archive; its page is /statements/<id>/"),
    ("url", "Permanent address of the statement's page in this archive"),
    ("source", "Slug of the source (channel or site) it comes from"),
    ("source_url", "Link to the original post, when the source has one"),
    ("source_message_id", "The source's own id for it (Telegram message id)"),
    ("published_at", "When the source published it: ISO 8601, UTC"),
    ("event_date", "The date of the event the text reports (YYYY-MM-DD), when known"),
    ("event_date_text", "The event date as the text writes it (e.g. 'September 23')"),
    ("location", "Where the event took place, as the text gives it"),
    (
        "kind",
        "meeting, phone_call, remarks, press_conference, interview, comment, article, "
        "message or other",
    ),
    ("language", "Language code of the text: en, ru, sr, …"),
    ("title", "The headline"),
    ("text", "The statement's text"),
    ("participants", "Participants' canonical names, separated by '; '"),
    ("hashtags", "Hashtags, separated by '; '"),
    (
        "translations",
        "Ids of its versions in other languages (linked translations), separated by '; '",
    ),
    ("forwarded_from", "Who first published it, when the source forwarded it"),
    ("media", "Media that came with the post (photo, video, …), empty for none"),
    ("views", "Views when it was archived, when the source shows them"),
    (
        "deleted_at_source",
        "When a sync noticed the source had deleted the post (ISO 8601, UTC); empty while "
        "the source still shows it. The archive keeps deleted posts",
    ),
]
# The fields a statement object (the API's, a JSON Lines row) holds as they are stored, dates
# as ISO 8601, beside its id, url, source, source_url, participants and hashtags.
OBJECT_FIELDS = [
    "source_message_id",
    "published_at",
    "event_date",
    "event_date_text",
    "location",
    "kind",
    "language",
    "title",
    "text",
    "forwarded_from",
    "media",
    "views",
    "deleted_at_source",
]
CITATION = "Statement Archive: a searchable archive of official statements. Retrieved {date}."
ROWS_PER_FETCH = 2000
MAX_NAME_OF_SEARCH = 80
# What a spreadsheet program reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def invalid_search(filterset: StatementFilter) -> HttpResponse:
    """A 400 naming each parameter that could not be read, in plain text."""
    lines = [
        f"{field}: {message}"
        for field, messages in filterset.errors.items()
        for message in messages
    ]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain")


def export_csv(request):
    return _export(request, "csv")


def export_jsonl(request):
    return _export(request, "jsonl")


def _export(request, format_name: str):
    filterset = StatementFilter(request.GET, queryset=Statement.objects.listed())
    if not filterset.is_valid():
        return invalid_search(filterset)
    # reverse() once, not once per row: /statements/<id>/ with the id filled in below.
    page_url = request.build_absolute_uri(reverse("statement-detail", args=[0]))[:-2]
    # Read where the request reads (a replica): the rows are streamed after it returns.
    statements = filterset.qs.using(router.db_for_read(Statement))
    chunks = _chunks_of_objects(statements, page_url)
    if format_name == "csv":
        stream = _csv_pieces(chunks)
        content_type = "text/csv; charset=utf-8"
    else:
        stream = (
            "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
            for items in chunks
        )
        content_type = "application/x-ndjson; charset=utf-8"
    response = StreamingHttpResponse(stream, content_type=content_type)
    stamp = date.today().isoformat()
    response["Content-Disposition"] = attachment(
        export_file_name(filterset.params, stamp), format_name
    )
    response["X-Citation"] = CITATION.format(date=stamp)
    return response


def export_file_name(params: QueryDict, stamp: str) -> str:
    """What an export is called: the search it holds (its words and filter values, in the
    order of the form) and the day it was made, e.g. statements-kosovo-meeting-2025-03-01."""
    values = [params.get("q", "").replace(":", " ")]
    values += [value for name in FORM_FILTERS for value in params.getlist(name)]
    search = slugify(fold(" ".join(values)), allow_unicode=True)[:MAX_NAME_OF_SEARCH]
    return "-".join(part for part in ("statements", search.strip("-"), stamp) if part)


def attachment(name: str, extension: str) -> str:
    """A Content-Disposition header that downloads the file under this name (RFC 6266):
    its ASCII letters for every client, the name in any script for those that read
    filename* (RFC 8187)."""
    ascii_name = "-".join(filter(None, slugify(name).split("-")))
    header = f'attachment; filename="{ascii_name}.{extension}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name)}.{extension}"
    return header


def statement_object(
    pk: int,
    url: str,
    source: tuple[str, str],
    fields: Mapping[str, object],
    participants: Iterable[tuple[str, str]],
    hashtags: Iterable[tuple[str, str]],
) -> dict:
    """A statement as the API and the JSON Lines export give it, one shape for both: its
    id and page, its source (slug, name), the OBJECT_FIELDS of `fields`, its participants
    and hashtags ((name, slug) pairs), by name, and the ids of its versions in other
    languages (`translation_ids` of `fields`)."""

    def plain(value: object) -> object:
        return value.isoformat() if hasattr(value, "isoformat") else value

    return {
        "id": pk,
        "url": url,
        "source": {"slug": source[0], "name": source[1]},
        "source_url": fields["source_url"] or None,
        **{name: plain(fields[name]) for name in OBJECT_FIELDS},
        "participants": [{"name": name, "slug": slug} for name, slug in sorted(participants)],
        "hashtags": [{"name": name, "slug": slug} for name, slug in sorted(hashtags)],
        "translations": list(fields.get("translation_ids") or []),
    }


def _chunks_of_objects(statements, page_url: str):
    """The exported statements as statement_object()s, ROWS_PER_FETCH at a time."""
    names = statements.link_names()
    people, tags, sources = names["participant"], names["hashtag"], names["source"]
    items = []
    for row in statements.for_export(OBJECT_FIELDS).iterator(chunk_size=ROWS_PER_FETCH):
        pk, source = row["pk"], row["source_slug"]
        items.append(
            statement_object(
                pk,
                f"{page_url}{pk}/",
                (source, sources[source]),
                row,
                [people[linked] for linked in row["participant_ids"] or ()],
                [tags[linked] for linked in row["hashtag_ids"] or ()],
            )
        )
        if len(items) == ROWS_PER_FETCH:
            yield items
            items = []
    if items:
        yield items


def csv_row(item: dict) -> list:
    """A statement_object() as a row of EXPORT_COLUMNS: the source by its slug, names
    joined by '; '."""
    flat = {
        "source": item["source"]["slug"],
        "participants": "; ".join(person["name"] for person in item["participants"]),
        "hashtags": "; ".join(tag["name"] for tag in item["hashtags"]),
        "translations": "; ".join(str(pk) for pk in item["translations"]),
    }
    return [inert_cell(flat.get(column, item.get(column))) for column, _ in EXPORT_COLUMNS]


def inert_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text, never runs as a formula: text starting
    with a formula character gets a leading single quote, as OWASP advises."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_pieces(chunks):
    """CSV text a chunk of statements at a time (None written as empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # a byte-order mark, so spreadsheet programs read it as UTF-8
    writer.writerow([column for column, _ in EXPORT_COLUMNS])
    for items in chunks:
        writer.writerows(csv_row(item) for item in items)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


TIMELINE_COLUMNS = ["period_start", "period_end", "statements", "all_statements", "share"]


def timeline_csv(request):
    """The series a search's timeline draws, one period a row: its matches, all statements
    in it and their share (estimated when the page marks the result so)."""
    filterset = StatementFilter(request.GET, queryset=SearchRow.objects.listed())
    if not filterset.is_valid():
        return invalid_search(filterset)
    _, _, periods = panels_for(filterset.qs, filterset.narrows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TIMELINE_COLUMNS)
    for period in periods:
        share = f"{period['count'] / period['total']:.4f}" if period["total"] else ""
        writer.writerow([period["start"], period["end"], period["count"], period["total"], share])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="timeline-{stamp}.csv"'
    return response


# Who appears with whom, for network tools ------------------------------------------------


def data_dictionary(request):
    context = {
        "columns": EXPORT_COLUMNS,
        "citation": CITATION.format(date=date.today().isoformat()),
    }
    return render(request, "statements/data_dictionary.html", context)


# Feeds ---------------------------------------------------------------------------------

FEED_ITEMS = 50


class SearchFeed(Feed):
    """The newest statements of a search, as Atom; the same parameters as the search page."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return request.GET

    def title(self, params):
        # XML 1.0 cannot carry control characters, which a query may hold.
        query = CONTROL_CHARACTERS.sub("", params.get("q", "")).strip()
        return f"Statement Archive: {query}" if query else "Statement Archive: newest statements"

    def link(self, params):
        return reverse("statement-list") + (f"?{params.urlencode()}" if params else "")

    def subtitle(self, params):
        return "Official statements matching this search, newest first."

    def statements(self, params):
        filterset = StatementFilter(params, queryset=Statement.objects.listed())
        if not filterset.is_valid():
            return Statement.objects.none()
        return filterset.qs.sorted_by("newest")

    def items(self, params):
        return self.statements(params).for_display()[:FEED_ITEMS]

    def item_title(self, statement):
        return statement.display_title

    def item_description(self, statement):
        return Truncator(statement.text).words(80)

    def item_link(self, statement):
        return statement.get_absolute_url()

    def item_pubdate(self, statement):
        return statement.sort_date

    def item_updateddate(self, statement):
        return statement.updated_at

    def item_author_name(self, statement):
        return statement.source.name

    def item_categories(self, statement):
        return [p.name for p in statement.participants.all()] + [
            h.name for h in statement.hashtags.all()
        ]


class LinkedFeed(SearchFeed):
    """The newest statements of a participant or a hashtag."""

    model = None
    relation = ""  # "participant" or "hashtag"
    describe = ""  # what the statements have in common, for the subtitle

    def get_object(self, request, slug):
        item = self.model.objects.by_slug(slug)  # after a rename or a merge, the feed goes on
        if item is None:
            raise Http404(f"No such {self.relation}")
        return item

    def title(self, item):
        return f"Statement Archive: {item.name}"

    def link(self, item):
        return item.get_absolute_url()

    def subtitle(self, item):
        return f"Statements {self.describe} {item.name}, newest first."

    def items(self, item):
        statements = Statement.objects.listed().linked_to_all(self.relation, [item])
        return statements.sorted_by("newest").for_display()[:FEED_ITEMS]


class ParticipantFeed(LinkedFeed):
    model, relation, describe = Participant, "participant", "with"


class HashtagFeed(LinkedFeed):
    model, relation, describe = Hashtag, "hashtag", "tagged"


class SourceFeed(SearchFeed):
    """The newest statements of a source."""

    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"Statement Archive: {source.name}"

    def link(self, source):
        return source.get_absolute_url()

    def subtitle(self, source):
        return f"Statements from {source.name}, newest first."

    def items(self, source):
        statements = Statement.objects.listed().filter(source=source)
        return statements.sorted_by("newest").for_display()[:FEED_ITEMS]
