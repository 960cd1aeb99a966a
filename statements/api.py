"""The JSON API: plain views over the same search code as the pages."""

from django.http import HttpRequest, JsonResponse

from statements.exports import OBJECT_FIELDS, statement_object
from statements.filters import (
    Offers,
    PageForm,
    StatementFilter,
    facets_of_search,
    offers_of,
)
from statements.models import Hashtag, Participant, SearchRow, Source, Statement
from statements.search.facets import facet_links
from statements.search.highlight import attach_snippets
from statements.search.indexes import ByCount, source_numbers
from statements.search.paging import PAGE_SIZE, page_of, past_the_last_page
from statements.search.panels import facets_of_found, panels_for
from statements.search.querystring import edit_query
from statements.search.results import find, whole_archive
from statements.search.time_limit import search_time_limit
from statements.text.normalize import CONTROL_CHARACTERS

MAX_NAME_QUERY = 200


def too_slow_json(request: HttpRequest, message: str) -> JsonResponse:
    return JsonResponse({"errors": {"q": [message]}}, status=503)


def absolute_link(request: HttpRequest, query: str) -> str:
    return request.build_absolute_uri(f"{request.path}?{query}")


def bad_request(errors) -> JsonResponse:
    return JsonResponse(
        {"errors": {field: list(messages) for field, messages in errors.items()}}, status=400
    )


def no_such_page(number: int) -> JsonResponse:
    """A page beyond the last: 404, as on the search pages."""
    message = f"Page {number} is past the last page of results."
    return JsonResponse({"errors": {"page": [message]}}, status=404)


def paginated(request, queryset, serialize) -> JsonResponse:
    form = PageForm(request.GET)
    if not form.is_valid():
        return bad_request(form.errors)
    page = form.cleaned_data["page"] or 1
    size = form.cleaned_data["page_size"] or PAGE_SIZE
    count = queryset.count()
    offset = (page - 1) * size
    if past_the_last_page(page, count, size):
        return no_such_page(page)
    rows = list(queryset[offset : offset + size])

    def page_url(number):
        return absolute_link(request, edit_query(request.GET, drop=(), page=number))

    return JsonResponse(
        {
            "count": count,
            "next": page_url(page + 1) if offset + size < count else None,
            "previous": page_url(page - 1) if page > 1 else None,
            "results": [serialize(request, row) for row in rows],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def statement_json(request, statement: Statement) -> dict:
    """The statement as the JSON Lines export gives it too (statement_object)."""
    return statement_object(
        statement.pk,
        request.build_absolute_uri(statement.get_absolute_url()),
        (statement.source.slug, statement.source.name),
        {
            name: getattr(statement, name, None)
            for name in ("source_url", *OBJECT_FIELDS, "translation_ids")
        },
        [(person.name, person.slug) for person in statement.participants.all()],
        [(tag.name, tag.slug) for tag in statement.hashtags.all()],
    )


@search_time_limit(too_slow_json)
def statements(request):
    """Found as the search page finds them: a big result's count is an estimate
    (count_is_exact false) and its deep pages are reached by the `next` cursor links."""
    filterset = StatementFilter(request.GET, queryset=SearchRow.objects.listed())
    form = PageForm(request.GET)
    if not filterset.is_valid() or not form.is_valid():
        return bad_request({**filterset.errors, **form.errors})
    number = form.cleaned_data["page"] or 1
    size = form.cleaned_data["page_size"] or PAGE_SIZE
    found = (None if filterset.narrows else whole_archive()) or find(filterset.qs)
    if past_the_last_page(number, found.count, size):
        return no_such_page(number)
    page = page_of(
        filterset.qs,
        found,
        filterset.sort_order,
        number,
        size,
        after=form.cleaned_data["after"],
        before=form.cleaned_data["before"],
    )
    following, preceding = page.link_queries(filterset.params)
    attach_snippets(page.object_list, filterset.parsed_query)
    extra = {}
    if form.cleaned_data["facets"]:
        # The result already found is counted; the whole archive's facets are kept.
        own = facets_of_found(found) if filterset.narrows else panels_for(filterset.qs, False)[1]
        facets = facets_of_search(filterset, own)
        extra["facets"] = {
            group["name"]: [
                {key: value[key] for key in ("slug", "name", "count", "selected", "estimated")}
                for value in group["values"]
            ]
            for group in facet_links(filterset.params, facets)
        }
    return JsonResponse(
        {
            **extra,
            "count": page.count,
            "count_is_exact": True,  # every count is exact; kept for clients that read it
            **offers_json(request, filterset, offers_of(filterset, page.count)),
            "next": absolute_link(request, following) if following else None,
            "previous": absolute_link(request, preceding) if preceding else None,
            "results": [found_json(request, row) for row in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def offers_json(request, filterset: StatementFilter, offers: Offers) -> dict:
    """What the search page says and offers beside the results, as the page says it."""

    def run(q: str) -> str:
        return absolute_link(
            request, edit_query(filterset.params, drop=("page", "after", "before"), q=q)
        )

    def named(item) -> dict:
        return {
            "name": item.name,
            "slug": item.slug,
            "url": request.build_absolute_uri(item.get_absolute_url()),
        }

    close = offers.close_names or {}
    return {
        # How the query was read (a date it could not read, a word too common, …).
        "notes": offers.notes,
        # Narrower searches: each person or source a value names, a kind the words name.
        "choices": [{"label": label, "q": q} for label, q in offers.choices],
        "did_you_mean": offers.did_you_mean
        and {**offers.did_you_mean, "url": run(offers.did_you_mean["q"])},
        "close_names": {name: [named(item) for item in items] for name, items in close.items()},
        "broader": offers.broader
        and {
            "label": offers.broader["label"],
            "count": offers.broader["count"],
            "url": absolute_link(request, offers.broader["query"]),
        },
    }


def found_json(request, statement: Statement) -> dict:
    """A found statement, with why it matched as the search page shows it: the title and
    the snippet as HTML (escaped, matches in <mark>) and the names the query matched."""
    return {
        **statement_json(request, statement),
        "marked_title": str(statement.marked_title),
        "snippet": str(statement.snippet),
        "matched_names": [name.name for name in statement.names if name.matched],
    }


def statement_detail(request, pk):
    statement = Statement.objects.published().for_display().filter(pk=pk).first()
    if statement is None:
        return JsonResponse(
            {"errors": {"id": [f"No published statement has id {pk}."]}}, status=404
        )
    return JsonResponse(
        statement_json(request, statement), json_dumps_params={"ensure_ascii": False}
    )


def participant_json(request, participant: Participant) -> dict:
    return {
        "name": participant.name,
        "slug": participant.slug,
        "aliases": participant.aliases,
        "role": participant.role,
        "country": participant.country,
        "statement_count": participant.statement_count,
    }


def participants(request):
    """Participants, most statements first, counted as the index pages count them."""
    queryset = Participant.objects.all()
    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip()[:MAX_NAME_QUERY]
    if query:
        queryset = queryset.spelled_like(query)
    return paginated(request, ByCount(queryset, "participant"), participant_json)


def hashtags(request):
    """Hashtags, most statements first, counted as the index pages count them."""
    queryset = Hashtag.objects.all()
    query = (
        CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip().lstrip("#")[:MAX_NAME_QUERY]
    )
    if query:
        queryset = queryset.filter(name__icontains=query)
    return paginated(
        request,
        ByCount(queryset, "hashtag"),
        lambda request, tag: {
            "name": tag.name,
            "slug": tag.slug,
            "statement_count": tag.statement_count,
        },
    )


def sources(request):
    """Sources A–Z, counted as the index pages count them."""
    numbers = source_numbers()
    return paginated(
        request,
        Source.objects.order_by("name", "pk"),
        lambda request, source: {
            "slug": source.slug,
            "name": source.name,
            "platform": source.platform,
            "handle": source.handle,
            "url": source.url,
            "default_language": source.default_language,
            "statement_count": numbers.get(source.pk, {}).get("count", 0),
        },
    )
