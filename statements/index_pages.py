"""The archive's indexes for readers: people, hashtags and sources A–Z or by count, and
each source's page (the numbers are counted in statements/search/indexes.py)."""

from collections import Counter

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from statements.index_forms import HashtagIndexForm, IndexForm, ParticipantIndexForm
from statements.models import (
    Hashtag,
    Participant,
    SearchRow,
    Source,
)
from statements.search.indexes import INDEX_SORTS, PastTheLastPage, index_page, source_numbers
from statements.search.panels import found_with_panels
from statements.search.querystring import edit_query
from statements.search.results import (
    scaled,
)
from statements.search.timeline import first_and_last_dates, timeline_chart
from statements.views import time_limited
from statements.vocabulary import Kind


def participant_index(request):
    return _index(request, ParticipantIndexForm(request.GET), Participant, "participant")


def hashtag_index(request):
    return _index(request, HashtagIndexForm(request.GET), Hashtag, "hashtag")


def _index(request, form: IndexForm, model: type[Participant | Hashtag], relation: str):
    """Every participant or hashtag, A–Z or by count, narrowed by the form, a page at a time."""
    context = {"form": form, "relation": relation, "sorts": INDEX_SORTS}
    if not form.is_valid():
        return render(request, "statements/linked_index.html", context, status=400)
    sort = form.cleaned_data["sort"] or "name"
    items = form.items(model.objects.all())
    try:
        page = index_page(items, relation, sort, form.cleaned_data["page"] or 1)
    except PastTheLastPage:
        raise Http404("No such page") from None
    page.next_url = "?" + edit_query(request.GET, page=page.number + 1) if page.has_next else ""
    page.previous_url = (
        "?" + edit_query(request.GET, page=page.number - 1) if page.has_previous else ""
    )
    context |= {
        "page": page,
        "sort": sort,
        "sort_links": [
            {
                "label": label,
                "url": "?" + edit_query(request.GET, drop=("page",), sort=value),
                "current": value == sort,
            }
            for value, label in INDEX_SORTS
        ],
    }
    return render(request, "statements/linked_index.html", context)


def source_index(request):
    """Every source: what it is, how many statements it has and from when to when."""
    numbers = source_numbers()
    sources = list(Source.objects.order_by("name"))
    for source in sources:
        source.numbers = numbers.get(source.pk, {"count": 0, "first": None, "last": None})
    return render(request, "statements/source_index.html", {"sources": sources})


@time_limited
def source_detail(request, slug):
    """A source's page: what it is, where to read it, its statements counted per kind and
    year, its timeline and feed."""
    source = get_object_or_404(Source, slug=slug)
    statements = SearchRow.objects.listed().filter(source=source)
    found, facets, periods = found_with_panels(statements)
    scoped = QueryDict(mutable=True)
    scoped["source"] = source.slug
    search = f"{reverse('statement-list')}?{scoped.urlencode()}"
    if request.GET.get("timeline") == "share":  # the timeline keeps its mode
        scoped["timeline"] = "share"
    kinds = dict(Kind.choices)
    years = Counter()
    for month, count in found.groups.get("month", Counter()).items():
        years[month.year] += count
    context = {
        "source": source,
        "found": found,
        "count": found.count,
        "span": first_and_last_dates(statements),
        "kinds": [
            {
                "name": kinds.get(kind, kind),
                "count": scaled(count, found.scale),
                "url": f"{search}&kind={kind}",
            }
            for kind, count in found.groups.get("kind", Counter()).most_common()
        ],
        "years": [
            {
                "year": year,
                "count": scaled(count, found.scale),
                "url": f"{search}&date_from={year}-01-01&date_to={year}-12-31",
            }
            for year, count in sorted(years.items(), reverse=True)
        ],
        "timeline": timeline_chart(
            scoped, periods, base=reverse("statement-list"), total=found.count if found.exact else 0
        ),
        "statements_url": search,
    }
    return render(request, "statements/source_detail.html", context)
