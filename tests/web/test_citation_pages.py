"""What a reader and a reference manager get from a statement's page and a search's page:
the citation's metadata, its downloads, and "Cite this search" (as the reader: anonymous)."""

import json
from datetime import UTC, datetime

from bs4 import BeautifulSoup

from statements.models import Statement
from tests import factories as make


def page_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def test_a_reference_manager_reads_title_publisher_date_and_url_from_the_page(demo, researcher):
    remarks = Statement.objects.get(event_date="2024-03-21")
    url = f"http://testserver/statements/{remarks.pk}/"
    soup = page_of(researcher, f"/statements/{remarks.pk}/")

    assert meta(soup, "citation_title") == [remarks.title]
    assert meta(soup, "citation_publisher") == ["Russian MFA"]
    assert meta(soup, "citation_publication_date") == ["2024/03/21"]
    assert meta(soup, "citation_date") == ["2024/03/21"]
    assert meta(soup, "citation_public_url") == [url]
    assert meta(soup, "citation_language") == ["en"]
    assert "Sergey Lavrov" in meta(soup, "citation_author")

    [script] = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "Article"
    assert data["headline"] == remarks.title
    assert data["publisher"]["name"] == "Russian MFA"
    assert data["datePublished"] == "2024-03-21"
    assert data["url"] == url
    assert data["inLanguage"] == "en"
    assert data["identifier"]
    assert {"@type": "Person", "name": "Sergey Lavrov"} in data["author"]

    og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert og["og:title"] == remarks.title and og["og:url"] == url and og["og:type"] == "article"


def test_json_ld_cannot_be_closed_by_the_statements_text(db, researcher):
    statement = make.statement(title="</script><script>alert(1)</script>")
    soup = page_of(researcher, statement.get_absolute_url())
    [script] = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["headline"] == statement.title
    assert b"</script><script>alert" not in researcher.get(statement.get_absolute_url()).content


def test_the_page_cites_in_every_style_without_double_punctuation(db, researcher):
    titles = ("قال الله تعالى:", "Talks with Marko Đurić.", "外交部发言人答记者问。", "Итоги…")
    for number, title in enumerate(titles):
        statement = make.statement(make.source(title, slug=f"s{number}"), title=title)
        soup = page_of(researcher, statement.get_absolute_url())
        for style in ("chicago", "apa", "mla"):
            text = soup.find("textarea", id=f"cite-{style}").get_text()
            assert title.rstrip(".。") in text
            assert not any(f"{mark}." in text for mark in ":.。…"), text
        assert f"title = {{{{{title}}}}}" in soup.find("textarea", id="cite-bibtex").get_text()


def test_the_statement_page_offers_ris_and_csl_json_downloads(db, researcher):
    statement = make.statement(
        make.source("Russian MFA", handle="MFARussia"),
        source_message_id=20400,
        published_at=datetime(2024, 3, 21, 9, tzinfo=UTC),
    )
    soup = page_of(researcher, statement.get_absolute_url())
    links = {a.get_text(): a["href"] for a in soup.select("section.cite a[download]")}
    ris = researcher.get(links["RIS"])
    assert ris["Content-Type"] == "application/x-research-info-systems"
    assert "attachment" in ris["Content-Disposition"]
    text = ris.content.decode()
    assert "TI  - Talks on Kosovo\r\n" in text and "UR  - https://t.me/MFARussia/20400\r\n" in text
    csl = researcher.get(links["CSL-JSON"])
    [item] = json.loads(csl.content)
    assert item["publisher"] == "Russian MFA" and item["number"] == "20400"
    assert item["issued"] == {"date-parts": [[2024, 3, 21]]}
    assert researcher.get(links["BibTeX"]).content.decode().startswith("@misc{statement")
    assert researcher.get(f"/statements/{statement.pk}/cite.doc").status_code == 404


def test_a_hidden_statements_citation_is_not_downloadable(db, researcher):
    hidden = make.statement(status=Statement.Status.HIDDEN)
    assert researcher.get(f"/statements/{hidden.pk}/cite.ris").status_code == 404


def test_copy_reference_announces_itself(db, researcher):
    soup = page_of(researcher, make.statement().get_absolute_url())
    for button in soup.select("section.cite button.copy"):
        status = soup.find(id=button["data-status"])
        assert status["role"] == "status" and status["aria-live"] == "polite"


def test_cite_this_search_gives_query_count_access_date_and_url(demo, researcher):
    soup = page_of(researcher, "/statements/?q=kosovo&page=1")
    section = soup.find("section", class_="cite-search")
    assert section.find("h2").get_text() == "Cite this search"
    line = section.find("textarea").get_text()
    count = (
        Statement.objects.listed().count()
        and researcher.get("/statements/", {"q": "kosovo"}).context["page"].count
    )
    noun = "statement" if count == 1 else "statements"
    assert line.startswith(f"Statement Archive. Search for “kosovo.” {count} {noun} found.")
    assert "Accessed " in line and "about" not in line
    assert line.endswith("http://testserver/statements/?q=kosovo.")
    button = section.find("button", class_="copy")
    assert section.find(id=button["data-status"])["role"] == "status"
