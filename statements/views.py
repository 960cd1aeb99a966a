from itertools import zip_longest

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from statements.citations import DOWNLOADS, cite, cite_search
from statements.curation.source_edits import source_edits
from statements.curation.translations import versions_of
from statements.filters import (
    FORM_FILTERS,
    StatementFilter,
    default_sort,
    facets_of_search,
    offers_of,
)
from statements.models import (
    FormerSlug,
    Hashtag,
    Participant,
    SearchRow,
    Statement,
    StatementParticipant,
)
from statements.references import reference_for
from statements.search.adjacent import Adjacent, adjacent_results
from statements.search.chips import form_filter_chips, search_box_chips
from statements.search.facets import facet_links
from statements.search.highlight import attach_snippets, mark_full_statement
from statements.search.network import (
    co_participants_by_year,
    shared_statements_query,
)
from statements.search.paging import (
    PAGE_SIZE,
    ResultPage,
    page_number,
    page_of,
    past_the_last_page,
)
from statements.search.panels import found_with_panels, panels_for
from statements.search.query import ParsedQuery, parse_query
from statements.search.querystring import edit_query
from statements.search.related import copies_of, neighbours, related_to
from statements.search.results import (
    FoundStatements,
    archive_overview,
    exact_count_cap,
    find,
    whole_archive,
)
from statements.search.time_limit import search_time_limit, unless_too_slow
from statements.search.timeline import first_and_last_dates, timeline_chart
from statements.text.roles import PARTICIPANT
from statements.vocabulary import HAS_TEXT, LANGUAGES, SORTS, Kind

LATEST_ON_HOME = 8
# What a search's "Compare over time" link leaves out: its page, order and timeline mode.
NOT_IN_TRENDS = ("page", "after", "before", "sort", "timeline")
# The inline filter naming a participant or a hashtag: its page's series in a trend.
INLINE_FILTER_OF = {"participant": "person", "hashtag": "tag"}


def searched(params: QueryDict) -> bool:
    """Whether the parameters hold a search (not only, say, a campaign tag)."""
    return any(params.get(name) for name in ("q", *FORM_FILTERS))


def too_slow_page(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "statements/too_slow.html", {"message": message}, status=503)


time_limited = search_time_limit(too_slow_page)


def home(request):
    """The archive's overview and its latest statements: those with text, unless the
    reader asks for every post (?latest=all), media-only ones too."""
    every_post = request.GET.get("latest") == "all"
    latest = Statement.objects.listed()
    if not every_post:
        latest = latest.having(HAS_TEXT)
    latest = list(latest.sorted_by("newest").for_display()[:LATEST_ON_HOME])
    attach_snippets(latest, ParsedQuery(), snippet_length=200)
    context = {"latest": latest, "every_post": every_post, **archive_overview()}
    return render(request, "statements/home.html", context)


@time_limited
def statement_list(request):
    filterset = StatementFilter(request.GET, queryset=SearchRow.objects.listed())
    if not filterset.is_valid():
        return invalid_search_page(request, filterset)
    statements, parsed = filterset.qs, filterset.parsed_query
    found, facets, periods = panels_for(statements, filterset.narrows)
    # The search as the filter read it (a former participant or hashtag slug made current), so
    # chips, facets and links edit what was searched.
    params = filterset.params
    page = page_for(params, statements, found, filterset.sort_order)
    attach_snippets(page.object_list, parsed)
    offers = offers_of(filterset, page.count)

    def link(q: str) -> str:
        return "?" + edit_query(params, drop=("page", "after", "before"), q=q)

    context = {
        "close_names": offers.close_names,
        "broader": offers.broader and {**offers.broader, "url": "?" + offers.broader["query"]},
        "did_you_mean": offers.did_you_mean
        and {**offers.did_you_mean, "url": link(offers.did_you_mean["q"])},
        "filterset": filterset,
        "page": page,
        "query": filterset.raw_query,
        "facets": facet_links(params, facets_of_search(filterset, facets)),
        "found": found,
        "active_filters": search_box_chips(params, parsed, filterset.applied_inline_filters)
        + form_filter_chips(params, filterset.form.cleaned_data),
        "notes": offers.notes,
        "choices": [{"label": label, "url": link(q)} for label, q in offers.choices],
        "export_params": edit_query(params),
        "trends_url": reverse("trends") + "?" + edit_query(params, drop=NOT_IN_TRENDS),
        "timeline": timeline_chart(params, periods, total=page.count if found.exact else 0),
        "params": params,
        # Each result links with the whole search, so its page leads back to it.
        "result_query": params.urlencode(),
        "sort": filterset.sort_order,
        "sorts": sorts_offered(filterset.raw_query),
        "search_citation": cite_search(
            filterset.raw_query,
            page.count,
            request.build_absolute_uri(reverse("statement-list"))
            + "?"
            + edit_query(params, drop=("page", "after", "before")),
        ),
    }
    return render(request, "statements/statement_list.html", context)


def sorts_offered(query: str) -> list[tuple[str, str]]:
    """The sort orders a search may choose: relevance only when it has words to rank by."""
    return SORTS if query else SORTS[1:]


def invalid_search_page(request: HttpRequest, filterset: StatementFilter) -> HttpResponse:
    """The search page saying what is wrong with its parameters, its search form whole
    (the words and the sort order kept) without the values it could not read."""
    errors = filterset.errors
    params = QueryDict(edit_query(request.GET, drop=("page", "after", "before", *errors)))
    query = params.get("q", "")
    context = {
        "filterset": filterset,
        "errors": errors,
        "params": params,
        "query": query,
        "sort": params.get("sort") or default_sort(query),
        "sorts": sorts_offered(query),
    }
    return render(request, "statements/statement_list.html", context, status=400)


def may_preview(request: HttpRequest) -> bool:
    """Whether the visitor is an editor who may read statements the public cannot see."""
    return request.user.is_staff and request.user.has_perm("statements.view_statement")


@time_limited
def statement_detail(request, pk):
    """A statement's page. An editor also sees one that is not public (new or hidden), as
    a preview marked so; everyone else gets 404 for it."""
    previewing = may_preview(request)
    readable = Statement.objects.all() if previewing else Statement.objects.published()
    statement = get_object_or_404(readable.for_display(), pk=pk)
    not_public = previewing and not Statement.objects.published().filter(pk=pk).exists()
    query = request.GET.get("q", "")
    mark_full_statement(statement, parse_query(query))
    listed = Statement.objects.listed()
    from_search = searched(request.GET)
    copies = list(copies_of(Statement.objects.all(), statement))
    context = {
        "statement": statement,
        "query": query,
        # Reached from a search: back to that very search (its filters, sort and page too),
        # and on to the results before and after this one.
        "search_url": "/statements/?" + request.GET.urlencode() if from_search else "",
        "in_search": unless_too_slow(lambda: steps_in_search(request.GET, pk))
        if from_search
        else None,
        "copies": copies,
        "versions": public_versions(statement, previewing),
        "people": people_by_role(statement),
        # What the source's own edits replaced; editors' and curation's changes stay in the admin.
        "source_edits": source_edits(statement),
        "neighbours": neighbours(listed, statement),
        "related": related_to(listed, statement),
        "citation": cite(
            statement, request.build_absolute_uri(statement.get_absolute_url()), copies
        ),
        "not_public": not_public,
    }
    response = render(request, "statements/statement_detail.html", context)
    if previewing:  # no shared cache keeps what an editor saw
        add_never_cache_headers(response)
    return response


def people_by_role(statement: Statement) -> dict[str, list[Participant]]:
    """The statement's people: those who took part, then those it only mentions."""
    links = StatementParticipant.objects.filter(statement=statement).select_related("participant")
    people = {"took_part": [], "mentioned": []}
    for link in links.order_by("participant__name"):
        people["took_part" if link.role == PARTICIPANT else "mentioned"].append(link.participant)
    return people


def public_versions(statement: Statement, previewing: bool) -> list:
    """The statement's versions in other languages a reader may open (an editor, all)."""
    return [
        (pair, other)
        for pair, other in versions_of(statement)
        if previewing or other.status in settings.PUBLIC_STATUSES
    ]


def side_by_side(request, pk, other_pk):
    """Two versions of one statement in two languages, paragraph by paragraph."""
    previewing = may_preview(request)
    readable = Statement.objects.all() if previewing else Statement.objects.published()
    statement = get_object_or_404(readable.for_display(), pk=pk)
    linked = {other.pk: (pair, other) for pair, other in public_versions(statement, previewing)}
    if other_pk not in linked:
        raise Http404("These statements are not linked as versions of one another")
    pair, other = linked[other_pk]
    columns = [paragraphs_of(version) for version in (statement, other)]
    rows = list(zip_longest(*columns, fillvalue=""))
    context = {
        "statement": statement,
        "other": other,
        "pair": pair,
        "versions": [statement, other],
        "rows": rows,
    }
    return render(request, "statements/side_by_side.html", context)


def paragraphs_of(statement: Statement) -> list[str]:
    """The title, then each line of the text with words in it (Telegram posts break
    paragraphs with one newline)."""
    lines = [line.strip() for line in statement.text.split("\n") if line.strip()]
    return [statement.display_title, *lines]


def steps_in_search(params: QueryDict, pk: int) -> Adjacent | None:
    """The results before and after a statement in the search it was reached from."""
    filterset = StatementFilter(params, queryset=SearchRow.objects.listed())
    if not filterset.is_valid():
        return None
    statements = filterset.qs
    found = (None if filterset.narrows else whole_archive()) or find(statements)
    return adjacent_results(statements, found, filterset.sort_order, filterset.params, pk)


def search_help(request):
    context = {"exact_cap": f"{exact_count_cap():,}"}
    return render(request, "statements/search_help.html", context)


def statement_citation(request, pk, style):
    """A published statement's reference as a file a reference manager imports: RIS,
    CSL-JSON or BibTeX."""
    if style not in DOWNLOADS:
        raise Http404("No such citation format")
    statement = get_object_or_404(Statement.objects.published().for_display(), pk=pk)
    copies = copies_of(Statement.objects.all(), statement)
    reference = reference_for(
        statement, request.build_absolute_uri(statement.get_absolute_url()), list(copies)
    )
    content_type, render_as = DOWNLOADS[style]
    response = HttpResponse(render_as(reference), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="statement-{pk}.{style}"'
    return response


def api_help(request):
    """The API's documentation for people; each endpoint is a link to its raw JSON."""
    context = {"kinds": Kind.values, "languages": list(LANGUAGES), "sorts": SORTS}
    return render(request, "statements/api_help.html", context)


def statement_raw(request, pk):
    """The source record exactly as imported (provenance), as JSON."""
    statement = get_object_or_404(Statement.objects.published(), pk=pk)
    return JsonResponse(
        statement.raw, json_dumps_params={"ensure_ascii": False, "indent": 2}, safe=False
    )


@time_limited
def participant_detail(request, slug):
    return linked_page(request, Participant, "participant", slug)


@time_limited
def hashtag_detail(request, slug):
    return linked_page(request, Hashtag, "hashtag", slug)


def linked_page(request, model: type[Participant | Hashtag], facet: str, slug: str):
    """A participant's or hashtag's page; a former slug redirects to the page of what it
    names now: for good after a rename (301), for now after a merge (302: it can be undone)."""
    item = model.objects.by_slug(slug)
    if item is None:
        raise Http404(f"No such {facet}")
    if item.slug != slug:
        return redirect(item, permanent=FormerSlug.objects.moved_for_good(facet, slug))
    statements = SearchRow.objects.listed().linked_to_all(facet, [item])
    extra = (
        {"co_participants": co_participants_over_time(statements, item)}
        if facet == "participant"
        else {}
    )
    return _linked_statements_page(request, facet, item, statements, extra)


def co_participants_over_time(statements, participant: Participant) -> list[dict]:
    """Who shares the participant's statements, year by year, each a link to the
    statements they share that year."""
    person = QueryDict(f"participant={participant.slug}")
    return [
        {
            "year": year,
            "people": [
                {
                    "name": co.person.name,
                    "count": co.count,
                    "url": reverse("statement-list")
                    + "?"
                    + edit_query(
                        QueryDict(shared_statements_query(person, co.person)),
                        date_from=f"{year}-01-01",
                        date_to=f"{year}-12-31",
                    ),
                }
                for co in people
            ],
        }
        for year, people in co_participants_by_year(statements, participant)
    ]


def page_for(params: QueryDict, statements, found: FoundStatements, sort: str) -> ResultPage:
    """The requested page of a found result, with links to the pages around it; a page
    beyond the last is not found (never the last page under another number)."""
    number = page_number(params.get("page"))
    if past_the_last_page(number, found.count, PAGE_SIZE):
        raise Http404(f"Page {number} is past the last page of these results.")
    page = page_of(
        statements,
        found,
        sort,
        number,
        PAGE_SIZE,
        after=params.get("after", ""),
        before=params.get("before", ""),
    )
    following, preceding = page.link_queries(params)
    page.next_url = f"?{following}" if following else ""
    page.previous_url = f"?{preceding}" if preceding else ""
    return page


def _linked_statements_page(request, facet, item, statements, extra=None):
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
        "trends_url": reverse("trends")
        + "?"
        + QueryDict.fromkeys(["q"], f"{INLINE_FILTER_OF[facet]}:{item.slug}").urlencode(),
        **(extra or {}),
    }
    return render(request, f"statements/{facet}_detail.html", context)


def scoped_params(facet: str, item, params: QueryDict) -> QueryDict:
    """A search limited to the item, keeping the timeline's mode."""
    scoped = QueryDict(mutable=True)
    scoped[facet] = item.slug
    if params.get("timeline") == "share":
        scoped["timeline"] = "share"
    return scoped


# Who appears with whom -------------------------------------------------------------------


# Index pages ------------------------------------------------------------------------------
