"""Keyword in context for people and programs: the concordance page, its CSV and its API
(the lines themselves are found in statements/search/concordance.py)."""

import csv
import io
from datetime import date

from django.db import router
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from statements.analysis_forms import concordance_search
from statements.api import absolute_link, bad_request, too_slow_json
from statements.exports import (
    CITATION,
    attachment,
    export_file_name,
    inert_cell,
    invalid_search,
)
from statements.models import (
    SearchRow,
    Statement,
)
from statements.search.concordance import (
    ALL_READ_UP_TO,
    CONCORDANCE_SORTS,
    NEIGHBOUR_SORTS,
    Line,
    concordance_page,
    every_line,
    stream_lines,
)
from statements.search.querystring import edit_query
from statements.search.results import found_unranked
from statements.search.time_limit import search_time_limit
from statements.views import time_limited

# Lines of the CSV written out at a time.
LINES_PER_CHUNK = 500


@time_limited
def concordance(request):
    """Keyword in context: every occurrence of the searched words, a line each, in the
    statements the same search finds (its filters too), LINES_PER_PAGE a page."""
    search = concordance_search(request.GET, SearchRow.objects.listed())
    filterset = search.filterset
    context = {
        "params": filterset.params,
        "query": filterset.params.get("q", ""),
        "sorts": CONCORDANCE_SORTS,
    }
    if search.errors:
        return render(
            request, "statements/concordance.html", {**context, "errors": search.errors}, status=400
        )
    options = search.form.cleaned_data
    sort, width = search.sort, search.width
    context |= {"sort": sort, "width": width}
    parsed = filterset.parsed_query
    if not parsed.positive_terms:
        return render(request, "statements/concordance.html", context)
    statements = filterset.qs
    found = found_unranked(statements)
    page = concordance_page(
        statements, found.count, parsed, sort, width, options["page"] or 1, options["after"]
    )
    search_query = filterset.params.urlencode()

    def link(**changes) -> str:
        return "?" + edit_query(filterset.params, drop=(), sort=sort, width=width, **changes)

    context |= {
        "page": page,
        "search_query": search_query,
        "neighbours_refused": sort in NEIGHBOUR_SORTS and page.sort != sort,
        "all_read_up_to": ALL_READ_UP_TO,
        "next_url": link(after=page.next_cursor, page=page.number + 1)
        if page.next_cursor
        else (link(page=page.number + 1) if page.has_next else ""),
        "previous_url": link(page=page.number - 1)
        if page.occurrences is not None and page.number > 1
        else "",
        "first_url": link() if page.occurrences is None and page.number > 1 else "",
        "csv_query": edit_query(filterset.params, drop=(), sort=page.sort, width=width),
    }
    return render(request, "statements/concordance.html", context)


CONCORDANCE_COLUMNS = ["statement_id", "url", "published_at", "source", "left", "match", "right"]


def concordance_csv(request):
    """Every line of a concordance, in the order its pages list them (see concordance.py:
    by date, or by neighbours for a result read whole), streamed."""
    search = concordance_search(request.GET, SearchRow.objects.listed())
    filterset = search.filterset
    if not filterset.is_valid():
        return invalid_search(filterset)
    if not search.form.is_valid():
        return invalid_search(search.form)
    parsed = filterset.parsed_query
    if not parsed.positive_terms:
        return HttpResponse("q: Words to find are needed.\n", status=400, content_type="text/plain")
    sort, width = search.sort, search.width
    statements = filterset.qs.using(router.db_for_read(Statement))
    if found_unranked(statements).count <= ALL_READ_UP_TO:
        lines = iter(every_line(statements, parsed, sort, width))
    else:
        lines = stream_lines(statements, parsed, "oldest" if sort == "oldest" else "newest", width)
    page_url = request.build_absolute_uri(reverse("statement-detail", args=[0]))[:-2]
    response = StreamingHttpResponse(
        _concordance_pieces(lines, page_url), content_type="text/csv; charset=utf-8"
    )
    stamp = date.today().isoformat()
    name = export_file_name(filterset.params, stamp).replace("statements-", "concordance-", 1)
    response["Content-Disposition"] = attachment(name, "csv")
    response["X-Citation"] = CITATION.format(date=stamp)
    return response


def concordance_row(line: Line, page_url: str) -> list:
    statement = line.statement
    published = statement.published_at.isoformat() if statement.published_at else ""
    cells = [statement.pk, f"{page_url}{statement.pk}/", published, statement.source.slug]
    return cells + [inert_cell(line.left), inert_cell(line.match), inert_cell(line.right)]


def _concordance_pieces(lines, page_url: str):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CONCORDANCE_COLUMNS)
    for number, line in enumerate(lines, start=1):
        writer.writerow(concordance_row(line, page_url))
        if number % LINES_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@search_time_limit(too_slow_json)
def concordance_api(request):
    """Keyword in context, as the concordance page lists it: a page of lines (the words
    before, the match, the words after, with their statement), the exact number of lines
    when the result is read whole, and the link to the next page."""
    search = concordance_search(request.GET, SearchRow.objects.listed())
    if search.errors:
        return bad_request(search.errors)
    filterset = search.filterset
    parsed = filterset.parsed_query
    if not parsed.positive_terms:
        return bad_request({"q": ["Words to find are needed."]})
    options = search.form.cleaned_data
    statements = filterset.qs
    page = concordance_page(
        statements,
        found_unranked(statements).count,
        parsed,
        search.sort,
        search.width,
        options["page"] or 1,
        options["after"],
    )
    following = {"after": page.next_cursor} if page.next_cursor else {}
    next_query = edit_query(request.GET, drop=("page", "after"), page=page.number + 1, **following)
    return JsonResponse(
        {
            "statements": page.statements,
            "lines_count": page.occurrences,
            "sort": page.sort,
            "page": page.number,
            "next": absolute_link(request, next_query) if page.has_next else None,
            "lines": [line_json(request, line) for line in page.lines],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def line_json(request, line: Line) -> dict:
    statement = line.statement
    return {
        "left": line.left,
        "match": line.match,
        "right": line.right,
        "statement": {
            "id": statement.pk,
            "url": request.build_absolute_uri(statement.get_absolute_url()),
            "date": statement.sort_date.isoformat() if statement.sort_date else None,
            "source": statement.source.slug,
        },
    }
