from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from statements.citations import cite
from statements.filters import StatementFilter, facets_of_search
from statements.models import Hashtag, Participant, SearchRow, Statement
from statements.search.chips import choice_chips, form_filter_chips, search_box_chips
from statements.search.facets import facet_links
from statements.search.highlight import attach_snippets, mark_full_statement
from statements.search.paging import PAGE_SIZE, ResultPage, page_number, page_of
from statements.search.panels import found_with_panels, panels_for
from statements.search.query import ParsedQuery, parse_query
from statements.search.querystring import edit_query, without_value
from statements.search.related import copies_of, neighbours, related_to
from statements.search.results import FoundStatements, archive_overview
from statements.search.spelling import close_names
from statements.search.time_limit import search_time_limit
from statements.search.timeline import first_and_last_dates, timeline_chart
from statements.vocabulary import SORTS

LATEST_ON_HOME = 8
BROADER_CANDIDATES = 6
FORM_FILTERS = ("participant", "hashtag", "kind", "source", "language", "date_from", "date_to")


def searched(params: QueryDict) -> bool:
    """Whether the parameters hold a search (not only, say, a campaign tag)."""
    return any(params.get(name) for name in ("q", *FORM_FILTERS))


def too_slow_page(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "statements/too_slow.html", {"message": message}, status=503)


time_limited = search_time_limit(too_slow_page)


def home(request):
    latest = list(Statement.objects.listed().sorted_by("newest").for_display()[:LATEST_ON_HOME])
    attach_snippets(latest, ParsedQuery(), snippet_length=200)
    return render(request, "statements/home.html", {"latest": latest, **archive_overview()})


@time_limited
def statement_list(request):
    filterset = StatementFilter(request.GET, queryset=SearchRow.objects.listed())
    if not filterset.is_valid():
        context = {"filterset": filterset, "errors": filterset.errors}
        return render(request, "statements/statement_list.html", context, status=400)
    statements, parsed = filterset.qs, filterset.parsed_query
    found, facets, periods = panels_for(statements, filterset.narrows)
    # The search as the filter read it (a merged participant's old slug made current), so
    # chips, facets and links edit what was searched.
    params = filterset.params
    page = page_for(params, statements, found, filterset.sort_order)
    attach_snippets(page.object_list, parsed)
    nothing_found = page.count == 0
    context = {
        "close_names": close_names(parsed) if nothing_found else None,
        "broader": broader_search(params, parsed) if nothing_found else None,
        "filterset": filterset,
        "page": page,
        "query": filterset.raw_query,
        "facets": facet_links(params, facets_of_search(filterset, facets)),
        "found": found,
        "active_filters": search_box_chips(params, parsed, filterset.applied_inline_filters)
        + form_filter_chips(params, filterset.form.cleaned_data),
        "notes": filterset.query_notes,
        "choices": choice_chips(params, parsed, filterset.applied_inline_filters),
        "export_params": edit_query(params),
        "timeline": timeline_chart(params, periods, total=page.count if found.exact else 0),
        "params": params,
        # Each result links with the whole search, so its page leads back to it.
        "result_query": params.urlencode(),
        "sort": filterset.sort_order,
        "sorts": SORTS if filterset.raw_query else SORTS[1:],
    }
    return render(request, "statements/statement_list.html", context)


@time_limited
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.published().for_display(), pk=pk)
    query = request.GET.get("q", "")
    mark_full_statement(statement, parse_query(query))
    listed = Statement.objects.listed()
    context = {
        "statement": statement,
        "query": query,
        # Reached from a search: back to that very search (its filters, sort and page too).
        "search_url": "/statements/?" + request.GET.urlencode() if searched(request.GET) else "",
        "copies": copies_of(Statement.objects.all(), statement),
        "revisions": statement.revisions.select_related("import_run"),
        "neighbours": neighbours(listed, statement),
        "related": related_to(listed, statement),
        "citation": cite(statement, request.build_absolute_uri(statement.get_absolute_url())),
    }
    return render(request, "statements/statement_detail.html", context)


def search_help(request):
    return render(request, "statements/search_help.html")


def statement_raw(request, pk):
    """The source record exactly as imported (provenance), as JSON."""
    statement = get_object_or_404(Statement.objects.published(), pk=pk)
    return JsonResponse(
        statement.raw, json_dumps_params={"ensure_ascii": False, "indent": 2}, safe=False
    )


@time_limited
def participant_detail(request, slug):
    participant = Participant.objects.by_slug(slug)
    if participant is None:
        raise Http404("No such participant")
    if participant.slug != slug:  # merged into another: its links lead to the one it became
        return redirect(participant)
    statements = SearchRow.objects.listed().linked_to_all("participant", [participant])
    return _linked_statements_page(request, "participant", participant, statements)


@time_limited
def hashtag_detail(request, slug):
    hashtag = get_object_or_404(Hashtag, slug=slug)
    statements = SearchRow.objects.listed().linked_to_all("hashtag", [hashtag])
    return _linked_statements_page(request, "hashtag", hashtag, statements)


def page_for(params: QueryDict, statements, found: FoundStatements, sort: str) -> ResultPage:
    """The requested page of a found result, with links to the pages around it."""
    page = page_of(
        statements,
        found,
        sort,
        page_number(params.get("page")),
        PAGE_SIZE,
        after=params.get("after", ""),
        before=params.get("before", ""),
    )
    following, preceding = page.link_queries(params)
    page.next_url = f"?{following}" if following else ""
    page.previous_url = f"?{preceding}" if preceding else ""
    return page


def _linked_statements_page(request, facet, item, statements):
    found, facets, periods = found_with_panels(statements)
    page = page_for(request.GET, statements, found, "newest")
    attach_snippets(page.object_list, ParsedQuery())
    facets[facet] = [row for row in facets[facet] if row["slug"] != item.slug]
    context = {
        "item": item,
        "facet": facet,
        "page": page,
        "facets": facet_links(
            QueryDict(f"{facet}={item.slug}"), facets, base=reverse("statement-list")
        ),
        "span": first_and_last_dates(statements),
        "timeline": timeline_chart(
            scoped_params(facet, item, request.GET),
            periods,
            base=reverse("statement-list"),
            total=page.count if found.exact else 0,
        ),
        "found": found,
        "params": request.GET,
    }
    return render(request, f"statements/{facet}_detail.html", context)


def scoped_params(facet: str, item, params: QueryDict) -> QueryDict:
    """A search limited to the item, keeping the timeline's mode."""
    scoped = QueryDict(mutable=True)
    scoped[facet] = item.slug
    if params.get("timeline") == "share":
        scoped["timeline"] = "share"
    return scoped


def broader_search(params: QueryDict, parsed: ParsedQuery) -> dict | None:
    """For a search that found nothing: the same search less the one filter whose removal
    finds the most (the narrowest filter), with what it finds."""
    candidates = [
        (f"without {inline.token}", edit_query(params, q=parsed.without(inline.token)))
        for inline in parsed.filters
    ]
    for name in FORM_FILTERS:
        for value in params.getlist(name):
            candidates.append((f"without {name} {value}", without_value(params, name, value)))
    best = None
    for label, query in candidates[:BROADER_CANDIDATES]:
        relaxed = StatementFilter(QueryDict(query), queryset=SearchRow.objects.listed())
        count = relaxed.qs.count() if relaxed.is_valid() else 0
        if count and (best is None or count > best["count"]):
            best = {"label": label, "count": count, "url": "?" + query}
    return best
