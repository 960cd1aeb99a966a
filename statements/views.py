from django.core.cache import cache
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from statements.charts import timeline_chart
from statements.citations import cite
from statements.filters import LANGUAGES, SORTS, StatementFilter
from statements.models import Hashtag, Kind, Participant, ParticipantMerge, Statement
from statements.search import (
    EXACT_COUNT_CAP,
    OVERVIEW_SECONDS,
    archive_overview,
    attach_snippets,
    close_names,
    mark_full_statement,
    page_of,
    parse_query,
    search_time_limit,
    timeline,
    whole_archive,
)

PAGE_SIZE = 20


def home(request):
    latest = list(Statement.objects.listed().sorted_by("newest").for_display()[:8])
    attach_snippets(latest, None, snippet_words=30)
    return render(request, "statements/home.html", {"latest": latest, **archive_overview()})


@search_time_limit
def statement_list(request):
    filterset = StatementFilter(request.GET, queryset=Statement.objects.listed())
    if not filterset.is_valid():
        context = {"filterset": filterset, "errors": filterset.errors}
        return render(request, "statements/statement_list.html", context, status=400)
    statements = filterset.qs
    found, facets, periods = (found_with_panels if filterset.narrows else unfiltered_result)(
        statements
    )
    page = page_for(request, statements, found, filterset.sort_order)
    attach_snippets(page.object_list, filterset.raw_query)
    nothing_found = page.count == 0
    context = {
        "close_names": close_names(filterset.raw_query) if nothing_found else None,
        "broader": broader_search(request.GET, filterset) if nothing_found else None,
        "filterset": filterset,
        "page": page,
        "query": filterset.raw_query,
        "parsed_query": parse_query(filterset.raw_query),
        "facets": facet_links(request.GET, facets),
        "found": found,
        "active_filters": query_chips(request.GET, filterset)
        + active_filters(request.GET, filterset.form.cleaned_data),
        "notes": filterset.query_notes,
        "export_params": without_page(request.GET),
        "timeline": timeline_chart(request.GET, periods, total=page.count if found.exact else 0),
        "params": request.GET,
        "sort": filterset.sort_order,
        "sorts": SORTS if filterset.raw_query else SORTS[1:],
    }
    return render(request, "statements/statement_list.html", context)


@search_time_limit
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.published().for_display(), pk=pk)
    query = request.GET.get("q", "")
    mark_full_statement(statement, query)
    context = {
        "statement": statement,
        "query": query,
        "search_url": "/statements/?" + request.GET.urlencode() if query else "",
        "copies": Statement.objects.copies_of(statement),
        "revisions": statement.revisions.select_related("import_run"),
        "neighbours": Statement.objects.listed().neighbours(statement),
        "related": Statement.objects.listed().related_to(statement),
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


@search_time_limit
def participant_detail(request, slug):
    participant = Participant.objects.filter(slug=slug).first()
    if participant is None:
        # A participant merged into another: its links lead to the one it became.
        merge = ParticipantMerge.objects.filter(merged_slug=slug, undone_at=None).first()
        if merge is None:
            raise Http404("No such participant")
        return redirect(merge.survivor)
    statements = Statement.objects.listed().with_all_participants([participant])
    return _linked_statements_page(request, "participant", participant, statements)


@search_time_limit
def hashtag_detail(request, slug):
    hashtag = get_object_or_404(Hashtag, slug=slug)
    statements = Statement.objects.listed().with_all_hashtags([hashtag])
    return _linked_statements_page(request, "hashtag", hashtag, statements)


def found_with_panels(statements):
    """The result found once (ids and facet columns, or a sample of a big result: see
    StatementQuerySet.materialized), its facets and its timeline."""
    found = statements.materialized()
    facets = found.queryset.facet_counts(found.rows, scale=found.scale)
    periods = timeline(found.rows, Statement.objects.listed(), with_totals=True, scale=found.scale)
    return found, facets, periods


def unfiltered_result(statements):
    """found_with_panels for the whole archive. A big archive's sample, facets and
    timeline are the same for every visitor, so they are computed once every few minutes
    (its size too: archive_overview); a small archive's are counted each time."""
    count = archive_overview()["statement_count"]
    if count <= EXACT_COUNT_CAP:
        return found_with_panels(statements)

    def compute():
        found, facets, periods = found_with_panels(statements)
        return found.rows, found.share, facets, periods

    rows, share, facets, periods = cache.get_or_set("unfiltered-result", compute, OVERVIEW_SECONDS)
    found = whole_archive(count)
    found.rows, found.share = rows, share
    return found, facets, periods


def page_for(request, statements, found, sort: str):
    """The requested page of a found result, with links to the pages around it."""
    params = request.GET
    page = page_of(
        statements,
        found,
        sort,
        page_number(params.get("page")),
        PAGE_SIZE,
        after=params.get("after", ""),
        before=params.get("before", ""),
    )
    page.next_url, page.previous_url = page_urls(params, page)
    return page


def page_number(text) -> int:
    """The page asked for; anything that is not a page number is the first page."""
    try:
        return min(max(1, int(text)), 10**6)
    except (TypeError, ValueError):
        return 1


def page_urls(params: QueryDict, page) -> tuple[str, str]:
    """Links to the next and previous pages, by cursor where the page has one."""

    def url(number, **cursor):
        query = params.copy()
        for name in ("page", "after", "before"):
            query.pop(name, None)
        query["page"] = number
        query.update(cursor)
        return "?" + query.urlencode()

    following = {"after": page.next_cursor} if page.next_cursor else {}
    preceding = {"before": page.previous_cursor} if page.previous_cursor else {}
    return (
        url(page.number + 1, **following) if page.has_next else "",
        url(page.number - 1, **preceding) if page.has_previous else "",
    )


def _linked_statements_page(request, facet, item, statements):
    found, facets, periods = found_with_panels(statements)
    page = page_for(request, statements, found, "newest")
    attach_snippets(page.object_list, None)
    facets[facet] = [row for row in facets[facet] if row["slug"] != item.slug]
    context = {
        "item": item,
        "facet": facet,
        "page": page,
        "facets": facet_links(
            QueryDict(f"{facet}={item.slug}"), facets, base=reverse("statement-list")
        ),
        "span": statements.date_span(),
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


def broader_search(params: QueryDict, filterset) -> dict | None:
    """For a search that found nothing: the same search less the one filter whose removal
    finds the most (the narrowest filter), with what it finds."""
    parsed = parse_query(filterset.raw_query)
    candidates = []
    for inline in parsed.filters:
        query = params.copy()
        query["q"] = parsed.without(inline.token)
        candidates.append((f"without {inline.token}", query))
    for name in ("participant", "hashtag", "kind", "source", "language", "date_from", "date_to"):
        for value in params.getlist(name):
            query = params.copy()
            query.setlist(name, [v for v in params.getlist(name) if v != value])
            candidates.append((f"without {name} {value}", query))
    best = None
    for label, query in candidates[:6]:
        query.pop("page", None)
        relaxed = StatementFilter(query, queryset=Statement.objects.listed())
        count = relaxed.qs.count() if relaxed.is_valid() else 0
        if count and (best is None or count > best["count"]):
            best = {"label": label, "count": count, "url": "?" + query.urlencode()}
    return best


def query_chips(params: QueryDict, filterset) -> list[dict]:
    """A chip per word and per filter written in the search box, each removing itself."""
    parsed = parse_query(filterset.raw_query)

    def without(token):
        query = params.copy()
        query.pop("page", None)
        query["q"] = parsed.without(token)
        return "?" + query.urlencode()

    chips = [
        {"label": chip["label"], "url": without(chip["filter"].token)}
        for chip in filterset.query_chips
    ]
    for clause in parsed.clauses:
        for term in clause:
            chips.append({"label": f"“{term}”", "url": without(term_token(parsed, term))})
    return chips


def term_token(parsed, term) -> str:
    """The token as written that gave this term (the first one that parses to it)."""
    from statements.search import _parse_term

    return next((t for t in parsed.tokens if _parse_term(t) == term), str(term))


def without_page(params: QueryDict) -> str:
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


def active_filters(params: QueryDict, cleaned: dict) -> list[dict]:
    """Each filter in force, with a link that removes it."""
    chips = []

    def without(name, value):
        query = params.copy()
        query.pop("page", None)
        query.setlist(name, [v for v in params.getlist(name) if v != value])
        return "?" + query.urlencode()

    for name, label in (("participant", "Person"), ("hashtag", "Hashtag"), ("source", "Source")):
        for item in cleaned.get(name) or []:
            chips.append({"label": f"{label}: {item}", "url": without(name, item.slug)})
    kinds = dict(Kind.choices)
    for value in cleaned.get("kind") or []:
        chips.append({"label": f"Kind: {kinds[value]}", "url": without("kind", value)})
    for value in cleaned.get("language") or []:
        chips.append({"label": f"Language: {LANGUAGES[value]}", "url": without("language", value)})
    for name, label in (("date_from", "From"), ("date_to", "To")):
        if cleaned.get(name):
            chips.append(
                {
                    "label": f"{label}: {cleaned[name]:%Y-%m-%d}",
                    "url": without(name, params.get(name)),
                }
            )
    return chips


FACET_TITLES = {
    "participant": "People",
    "hashtag": "Hashtags",
    "kind": "Kind",
    "source": "Source",
    "language": "Language",
    "year": "Year",
}


def facet_links(params: QueryDict, facets: dict, base: str = "") -> list[dict]:
    """Facet values with a link that adds the value to the search, or removes it."""
    groups = []
    for name, rows in facets.items():
        selected = params.getlist(name) if name != "year" else []
        values = []
        for row in rows:
            query = params.copy()
            query.pop("page", None)
            if name == "year":
                query["date_from"], query["date_to"] = (
                    f"{row['slug']}-01-01",
                    f"{row['slug']}-12-31",
                )
                is_selected = (params.get("date_from"), params.get("date_to")) == (
                    query["date_from"],
                    query["date_to"],
                )
                if is_selected:
                    query.pop("date_from")
                    query.pop("date_to")
            else:
                is_selected = row["slug"] in selected
                others = [value for value in selected if value != row["slug"]]
                query.setlist(name, others if is_selected else [*selected, row["slug"]])
            values.append({**row, "selected": is_selected, "url": f"{base}?{query.urlencode()}"})
        if values:
            groups.append({"name": name, "title": FACET_TITLES[name], "values": values})
    return groups
