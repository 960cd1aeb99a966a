"""The server-rendered pages, checked for what a reader sees."""

import pytest
from django.conf import settings

from statements.curation.participants import upsert_participants
from statements.models import Participant, Statement
from statements.search.related import neighbours, related_to
from tests import factories as make


def test_home_shows_counts_latest_statements_and_top_people(demo, client):
    page = client.get("/").content.decode()
    assert "<strong>7</strong> statements" in page
    assert "<strong>7</strong> participants" in page
    assert 'name="q"' in page
    assert "Sergey Lavrov" in page
    assert "#RussiaSerbia" in page
    assert page.count('class="statement-item"') == 7


def test_home_of_an_empty_archive_says_how_to_import(db, client):
    page = client.get("/").content.decode()
    assert "The archive is empty" in page


def test_search_page_shows_results_with_marked_snippets(demo, client):
    page = client.get("/statements/", {"q": "Dayton"}).content.decode()
    assert "<strong>2</strong> statements matching <q>Dayton</q>" in page
    assert "<mark>Dayton</mark>" in page


def test_search_page_shows_facets_for_the_current_result(demo, client):
    response = client.get("/statements/", {"q": "Dayton"})
    facets = {group["name"]: group["values"] for group in response.context["facets"]}
    assert {row["name"]: row["count"] for row in facets["kind"]} == {
        "Meeting": 1,
        "Press conference": 1,
    }
    people = {row["name"]: row["count"] for row in facets["participant"]}
    assert people["Aleksandar Vulin"] == 1
    assert people["Vladimir Putin"] == 2
    assert {row["name"] for row in facets["year"]} == {"2025"}
    assert {row["name"] for row in facets["hashtag"]} == {"#RussiaSerbia"}


def test_a_facet_link_adds_its_value_and_a_chip_removes_it(demo, client):
    response = client.get("/statements/", {"q": "kosovo"})
    people = next(g for g in response.context["facets"] if g["name"] == "participant")
    vulin = next(row for row in people["values"] if row["name"] == "Aleksandar Vulin")
    assert vulin["url"] == "?q=kosovo&participant=aleksandar-vulin"

    narrowed = client.get("/statements/" + vulin["url"])
    assert "<strong>1</strong> statement matching" in narrowed.content.decode()
    chips = {chip["label"]: chip["url"] for chip in narrowed.context["active_filters"]}
    assert chips["Person: Aleksandar Vulin"] == "?q=kosovo"
    assert chips["“kosovo”"] == "?q=&participant=aleksandar-vulin"


def test_the_text_is_escaped_and_only_marks_are_html(db, client):
    make.statement(
        make.source("Test"),
        title="<script>alert('title')</script> Kosovo talks",
        text="<img src=x onerror=alert(1)> talks on Kosovo & <b>bold</b>",
        content_hash="x",
    )
    for url in ["/statements/?q=kosovo", "/statements/", "/"]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page or "&lt;script&gt;" in page
    statement = Statement.objects.get()
    detail = client.get(f"/statements/{statement.pk}/", {"q": "kosovo"}).content.decode()
    assert (
        "&lt;img src=x onerror=alert(1)&gt; talks on <mark>Kosovo</mark> &amp; &lt;b&gt;" in detail
    )


def test_the_query_is_escaped_everywhere_it_is_shown(demo, client):
    page = client.get("/statements/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_statement_page_shows_text_metadata_and_marks_the_search(demo, client):
    statement = Statement.objects.get(kind="phone_call")
    page = client.get(f"/statements/{statement.pk}/", {"q": "Djuric"}).content.decode()
    assert "<mark>Đurić</mark>" in page
    assert "Phone call" in page
    assert "May 6" in page
    assert 'href="/participants/marko-duric/"' in page
    assert 'href="/hashtags/russiaserbia/"' in page
    assert "Back to the search" in page
    assert statement.text.split("\n")[0][:40] in page


def test_statement_page_links_the_original_post(db, client):
    statement = make.statement(
        make.source(handle="MFARussia"),
        source_message_id=123,
        source_url="https://t.me/MFARussia/123",
        title="A post",
        text="Text",
        content_hash="h",
    )
    page = client.get(f"/statements/{statement.pk}/").content.decode()
    assert 'href="https://t.me/MFARussia/123"' in page


def test_hidden_statements_are_not_shown(demo, client):
    statement = Statement.objects.get(kind="phone_call")
    statement.status = Statement.Status.HIDDEN
    statement.save()
    assert client.get(f"/statements/{statement.pk}/").status_code == 404
    assert "<strong>6</strong> statements" in client.get("/statements/").content.decode()
    assert client.get("/api/statements/").json()["count"] == 6


def test_participant_page_lists_their_statements_newest_first(demo, client):
    response = client.get("/participants/aleksandar-vulin/")
    page = response.content.decode()
    assert "<h1>Aleksandar Vulin</h1>" in page
    assert "Deputy Prime Minister of Serbia" in page
    assert "<strong>3</strong> statements" in page
    assert [s.title[:20] for s in response.context["page"].object_list][0] == "Foreign Minister Ser"
    assert 'name="participant" value="aleksandar-vulin"' in page
    people = next(g for g in response.context["facets"] if g["name"] == "participant")
    lavrov = next(row for row in people["values"] if row["name"] == "Sergey Lavrov")
    assert lavrov["count"] == 2
    assert lavrov["url"] == "/statements/?participant=aleksandar-vulin&participant=sergey-lavrov"


def test_hashtag_page_lists_its_statements(demo, client):
    page = client.get("/hashtags/russiaserbia/").content.decode()
    assert "<h1>#RussiaSerbia</h1>" in page
    assert "<strong>7</strong> statements" in page


@pytest.mark.parametrize(
    "url",
    [
        "/participants/nobody/",
        "/hashtags/nothing/",
        "/statements/999999/",
        "/statements/99999999999999999999999/",
        "/statements/abc/",
    ],
)
def test_unknown_things_are_404(demo, client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "params, field",
    [
        ({"participant": "nobody"}, "participant"),
        ({"kind": "speech"}, "kind"),
        ({"language": "xx"}, "language"),
        ({"date_from": "2024-13-45"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"sort": "random"}, "sort"),
        ({"source": "' OR 1=1 --"}, "source"),
    ],
)
def test_bad_filter_values_are_a_400_page_naming_the_field(demo, client, params, field):
    response = client.get("/statements/", params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some parameters are not valid" in page
    assert f"<strong>{field}</strong>" in page


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e309"])
def test_anything_but_a_page_number_gives_the_first_page(demo, client, page):
    assert client.get("/statements/", {"page": page}).status_code == 200
    assert client.get("/participants/sergey-lavrov/", {"page": page}).status_code == 200


@pytest.mark.parametrize("page", ["4", "999999"])
def test_a_page_beyond_the_last_is_not_found_on_pages_and_in_the_api(db, client, page):
    source = make.source("Test")
    lavrov = make.participant()
    for number in range(45):
        make.statement(source, f"Kosovo {number}", participants=[lavrov])
    last = client.get("/statements/", {"q": "kosovo", "page": "3"}).content.decode()
    assert "Page 3 of 3" in last
    assert 'rel="next"' not in last
    assert client.get("/statements/", {"q": "kosovo", "page": page}).status_code == 404
    assert client.get(lavrov.get_absolute_url(), {"page": page}).status_code == 404
    api = client.get("/api/statements/", {"q": "kosovo", "page": page})
    assert api.status_code == 404
    assert "past the last page" in api.json()["errors"]["page"][0]
    assert client.get("/api/participants/", {"page": "2"}).status_code == 404


def test_pagination_keeps_the_search(db, client):
    source = make.source("Test")
    for number in range(45):
        make.statement(source, f"Kosovo {number}", text="text", content_hash=str(number))
    page = client.get("/statements/", {"q": "kosovo", "page": "2"}).content.decode()
    assert "Page 2 of 3" in page
    assert "q=kosovo&amp;page=3" in page
    assert "q=kosovo&amp;page=1" in page


def test_participants_added_later_are_linked_to_archived_statements(demo, client):
    counts = upsert_participants(
        [
            {"name": "Antonio Guterres"},  # named nowhere: links nothing
            {"name": "Ivica Dačić", "aliases": ["First Deputy Prime Minister"]},  # a new alias
        ]
    )
    assert (counts["created"], counts["updated"]) == (1, 1)
    assert Participant.objects.get(name="Antonio Guterres").statements.count() == 0
    assert counts["linked"] == 0  # the alias names no statement Dačić is not linked to yet
    page = client.get("/participants/ivica-dacic/").content.decode()
    assert "First Deputy Prime Minister" in page  # shown among his spellings


def test_pages_run_a_fixed_number_of_queries_however_many_results(
    db, client, django_assert_max_num_queries
):
    source = make.source("Test")
    people = [make.participant(f"Person {n}") for n in range(5)]
    tag = make.hashtag("#Tag")
    for number in range(40):
        make.statement(
            source,
            f"Kosovo {number}",
            participants=people,
            hashtags=[tag],
            text="text",
            content_hash=str(number),
        )
    make.committed()  # the archive's numbers are kept, as they are once its writes commit
    for url in [
        "/",
        "/statements/",
        "/statements/?q=kosovo",
        "/participants/person-1/",
        "/api/statements/?page_size=100",
    ]:
        # A ranked search sets the search planner for its ranking and restores it after; the
        # Has and the Took part facets count in one query each.
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/participants/%00/", "/hashtags/%00/", "/participants/a%2Fb/", "/hashtags/%E2%80%8B/"],
)
def test_odd_slugs_are_404(db, client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/statements/", "/api/statements/", "/statements/export.csv", "/statements/timeline.csv"],
)
@pytest.mark.parametrize("name", ["participant", "hashtag", "source"])
def test_a_nul_in_a_link_filter_is_a_400(db, client, path, name):
    assert client.get(path, {name: "a\x00b"}).status_code == 400


@pytest.mark.parametrize(
    "params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_from": "9999-12-31"}]
)
def test_extreme_dates_give_a_page(demo, client, params):
    assert client.get("/statements/", params).status_code == 200
    assert client.get("/api/statements/", params).status_code == 200


def test_a_participant_named_in_cyrillic_has_a_readable_page(db, client):
    participant = make.participant("Мария Захарова")
    assert participant.slug == "мария-захарова"
    assert client.get(participant.get_absolute_url()).status_code == 200


def test_statement_page_cites_and_links_its_neighbours_and_related(demo, client):
    remarks = Statement.objects.get(event_date="2024-03-21")
    page = client.get(f"/statements/{remarks.pk}/").content.decode()
    assert "“Sergey Lavrov’s opening remarks" in page
    assert "Russian MFA, Telegram post, March 21, 2024." in page
    assert "web preview scrape)." not in page.split('id="cite-heading"')[1]
    assert f"@misc{{statement{remarks.pk}," in page
    assert "publisher = {Russian MFA}" in page
    assert 'rel="prev"' in page or 'rel="next"' in page
    assert "Related statements" in page
    assert "shared participant" in page
    raw = client.get(f"/statements/{remarks.pk}/source.json")
    assert raw.json()["format"] == "tme-text"


def test_neighbours_follow_time_within_the_source(demo):
    dated = list(Statement.objects.filter(sort_date__isnull=False).order_by("sort_date"))
    previous, following = neighbours(Statement.objects.listed(), dated[1])
    assert previous == dated[0]
    assert following == dated[2]


def test_the_timeline_counts_matches_per_month_and_narrows_on_click(demo, client):
    response = client.get("/statements/", {"q": "kosovo"})
    chart = response.context["timeline"]
    assert chart["per"] == "month"
    counted = [bar for bar in chart["bars"] if bar["height"] > 0]
    assert [bar["title"] for bar in counted] == ["February 2025: 1 statement (100% of all 1)"]
    assert "date_from=2025-02-01&date_to=2025-02-28" in counted[0]["url"]
    page = response.content.decode()
    assert "<svg" in page and "show share of all statements" in page
    shares = client.get("/statements/", {"q": "kosovo", "timeline": "share"}).context["timeline"]
    assert shares["share"] and "timeline=share" not in shares["toggle_url"]


def test_participant_pages_have_a_timeline_and_more_facets(demo, client):
    response = client.get("/participants/sergey-lavrov/")
    assert response.context["timeline"]["bars"]
    assert "participant=sergey-lavrov" in response.context["timeline"]["bars"][0]["url"]
    assert "3 undated statements not shown." in response.content.decode()
    names = [group["name"] for group in response.context["facets"]]
    assert names == [
        "participant",
        "took_part",
        "hashtag",
        "kind",
        "source",
        "language",
        "year",
        "has",
    ]


def test_statement_page_title_is_the_statement_title(demo, client):
    statement = Statement.objects.get(kind="phone_call")
    page = client.get(f"/statements/{statement.pk}/").content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith("On May 6, Foreign Minister Sergey Lavrov spoke")
    assert title.endswith("— Statement Archive")


def test_related_statements_fall_back_to_titles_that_read_alike(db, client):
    source = make.source()
    first = make.statement(
        source,
        title="Foreign Ministry Spokeswoman's briefing on current issues",
        text="a",
        content_hash="1",
    )
    make.statement(
        source,
        title="Foreign Ministry Spokeswoman's briefing on current affairs",
        text="b",
        content_hash="2",
    )
    make.statement(source, "Weather report", text="c", content_hash="3")
    related = related_to(Statement.objects.listed(), first)
    assert [s.title for s in related] == [
        "Foreign Ministry Spokeswoman's briefing on current affairs"
    ]


def test_invalid_parameters_are_explained_in_the_archives_words_with_the_form_whole(demo, client):
    response = client.get("/statements/", {"q": "kosovo", "sort": "nobody", "kind": "speech"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "“nobody” is not a sort order; choose one of relevance, newest, oldest." in page
    assert "“speech” is not a kind; choose one of meeting, phone_call" in page
    assert "Select a valid choice" not in page
    sort_list = page.split('<select id="sort" name="sort"')[1].split("</select>")[0]
    assert '<option value="relevance" selected>' in sort_list
    assert '<option value="oldest">' in sort_list
    assert 'value="kosovo"' in page  # the words are kept
    assert 'name="kind"' not in page  # the value it could not read is not sent again


def test_a_date_it_cannot_read_says_how_to_write_one(demo, client):
    page = client.get("/statements/", {"date_from": "2024-13-45"}).content.decode()
    assert "Not a date: write it as YYYY-MM-DD" in page
    assert "Enter a valid date" not in page


def test_the_sort_order_applies_on_change_and_the_search_button_still_works(demo, client):
    page = client.get("/statements/", {"q": "kosovo"}).content.decode()
    assert '<select id="sort" name="sort" data-apply-on-change>' in page
    assert 'src="/static/js/sort.js"' in page
    assert '<button type="submit">Search</button>' in page  # without JavaScript
    script = (settings.BASE_DIR / "static/js/sort.js").read_text()
    assert "select[data-apply-on-change]" in script
    assert "requestSubmit()" in script
