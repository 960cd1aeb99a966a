"""The JSON API: plain views over the same search code as the pages."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from statements.filters import PageForm, StatementFilter
from statements.models import Hashtag, Participant, Source, Statement
from statements.search import (
    CONTROL_CHARACTERS,
    EXACT_COUNT_CAP,
    archive_overview,
    page_of,
    search_time_limit,
    whole_archive,
)

DEFAULT_PAGE_SIZE = 20


def bad_request(errors) -> JsonResponse:
    return JsonResponse(
        {"errors": {field: list(messages) for field, messages in errors.items()}}, status=400
    )


def paginated(request, queryset, serialize) -> JsonResponse:
    form = PageForm(request.GET)
    if not form.is_valid():
        return bad_request(form.errors)
    page = form.cleaned_data["page"] or 1
    size = form.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
    count = queryset.count()
    offset = (page - 1) * size
    if offset and offset >= count:
        return bad_request({"page": [f"Page {page} is past the last page of results."]})
    rows = list(queryset[offset : offset + size])

    def page_url(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

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
    return {
        "id": statement.pk,
        "url": request.build_absolute_uri(statement.get_absolute_url()),
        "source": {"slug": statement.source.slug, "name": statement.source.name},
        "source_url": statement.source_url or None,
        "source_message_id": statement.source_message_id,
        "published_at": statement.published_at.isoformat() if statement.published_at else None,
        "event_date": statement.event_date.isoformat() if statement.event_date else None,
        "location": statement.location,
        "kind": statement.kind,
        "title": statement.title,
        "text": statement.text,
        "language": statement.language,
        "forwarded_from": statement.forwarded_from,
        "participants": [{"name": p.name, "slug": p.slug} for p in statement.participants.all()],
        "hashtags": [{"name": h.name, "slug": h.slug} for h in statement.hashtags.all()],
    }


@search_time_limit
def statements(request):
    """Found as the search page finds them: a big result's count is an estimate
    (count_is_exact false) and its deep pages are reached by the `next` cursor links."""
    filterset = StatementFilter(request.GET, queryset=Statement.objects.listed())
    form = PageForm(request.GET)
    if not filterset.is_valid() or not form.is_valid():
        return bad_request({**filterset.errors, **form.errors})
    number = form.cleaned_data["page"] or 1
    size = form.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
    total = None if filterset.narrows else archive_overview()["statement_count"]
    if total is not None and total > EXACT_COUNT_CAP:
        found = whole_archive(total)  # its size is known; its pages come from the date index
    else:
        found = filterset.qs.materialized()
    if found.count_exact and number > 1 and (number - 1) * size >= found.count:
        return bad_request({"page": [f"Page {number} is past the last page of results."]})
    page = page_of(
        filterset.qs,
        found,
        filterset.sort_order,
        number,
        size,
        after=form.cleaned_data["after"],
        before=form.cleaned_data["before"],
    )

    def link(number, **cursor):
        params = request.GET.copy()
        for name in ("page", "after", "before"):
            params.pop(name, None)
        params["page"] = number
        params.update(cursor)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    following = {"after": page.next_cursor} if page.next_cursor else {}
    preceding = {"before": page.previous_cursor} if page.previous_cursor else {}
    return JsonResponse(
        {
            "count": page.count,
            "count_is_exact": page.count_exact,
            "next": link(page.number + 1, **following) if page.has_next else None,
            "previous": link(page.number - 1, **preceding) if page.has_previous else None,
            "results": [statement_json(request, row) for row in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.published().for_display(), pk=pk)
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
    queryset = Participant.objects.with_statement_counts()
    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip()[:200]
    if query:
        queryset = queryset.spelled_like(query)
    return paginated(request, queryset.order_by("-statement_count", "name"), participant_json)


def hashtags(request):
    queryset = Hashtag.objects.with_statement_counts()
    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip().lstrip("#")[:200]
    if query:
        queryset = queryset.filter(name__icontains=query)
    return paginated(
        request,
        queryset.order_by("-statement_count", "name"),
        lambda request, tag: {
            "name": tag.name,
            "slug": tag.slug,
            "statement_count": tag.statement_count,
        },
    )


def sources(request):
    queryset = Source.objects.with_statement_counts()
    return paginated(
        request,
        queryset.order_by("name"),
        lambda request, source: {
            "slug": source.slug,
            "name": source.name,
            "platform": source.platform,
            "handle": source.handle,
            "url": source.url,
            "default_language": source.default_language,
            "statement_count": source.statement_count,
        },
    )
