"""How to cite a statement or a search: one reference, read once from the statement and its
copies (statements/references.py), and one renderer per style (Chicago, APA, MLA, BibTeX,
RIS, CSL-JSON), plus the metadata reference managers read from the page (Highwire
`citation_*` tags, schema.org JSON-LD, Open Graph)."""

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.text import Truncator

from statements.models import Statement
from statements.references import Reference, reference_for

ARCHIVE_NAME = "Statement Archive"

# What ends a sentence (or a clause that takes no period after it) in the scripts the archive
# holds: Latin, Cyrillic, Arabic, Devanagari, Chinese and Japanese full-width forms.
SENTENCE_ENDS = frozenset(".?!…,;:。？！：；，、．｡؟،؛۔।॥‼⁇⁈⁉")

MLA_MONTHS = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


# Punctuation, the same in every style.


def ends_a_sentence(text: str) -> bool:
    """Whether the text ends in punctuation after which a period would be one too many, in
    any script, looking through closing quotes and brackets ("…said “yes.”")."""
    stripped = text.rstrip()
    while stripped and (
        unicodedata.category(stripped[-1]) in ("Pe", "Pf") or stripped[-1] in "\"'"
    ):
        stripped = stripped[:-1].rstrip()
    return bool(stripped) and stripped[-1] in SENTENCE_ENDS


def sentence(text: str) -> str:
    """The text closed with a period unless it ends in punctuation already."""
    text = text.strip()
    return text if not text or ends_a_sentence(text) else text + "."


def without_final_period(text: str) -> str:
    """A title before a bracketed description (APA): a final period moves after the bracket;
    a question mark or ellipsis stays."""
    return re.sub(r"(?<![.])[.。．｡]$", "", text.strip())


def sentences(*parts: str) -> str:
    return " ".join(sentence(part) for part in parts if part)


def joined(names: Iterable[str], last: str) -> str:
    """ "A", "A and B", "A, B and C" (with `last` the word before the last name)."""
    names = list(names)
    if len(names) < 3:
        return f" {last} ".join(names)
    return ", ".join(names[:-1]) + f", {last} " + names[-1]


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


# The styles.


def chicago(ref: Reference) -> str:
    """Chicago (notes and bibliography), a social-media post."""
    where = ", ".join(
        part
        for part in (
            "" if ref.publisher_is_author else ref.publisher,
            f"{ref.platform} post" if ref.platform else "",
            f"message {ref.message_id}" if ref.message_id else "",
            long_date(ref.published) if ref.published else "n.d.",
        )
        if part
    )
    return " ".join(
        part
        for part in (
            sentence(joined(ref.authors, "and")),
            f"“{sentence(ref.title)}”",
            sentences(where, ref.original_url, ARCHIVE_NAME, f"Accessed {long_date(ref.accessed)}"),
            sentence(ref.archive_url),
        )
        if part
    )


def apa(ref: Reference) -> str:
    """APA 7th edition."""
    day = ref.published
    when = f"{day.year}, {day:%B} {day.day}" if day else "n.d."
    description = ", ".join(
        part
        for part in (
            f"{ref.platform} post" if ref.platform else "Statement",
            f"message {ref.message_id}" if ref.message_id else "",
        )
        if part
    )
    authors = ref.authors
    names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + ", & " + authors[-1]
    parts = [
        sentence(names),
        f"({when}).",
        f"{without_final_period(ref.title)} [{description}].",
        "" if ref.publisher_is_author else sentence(ref.publisher),
        ref.original_url,
        f"Retrieved {long_date(ref.accessed)}, from {ARCHIVE_NAME}: {ref.archive_url}",
    ]
    return " ".join(part for part in parts if part)


def mla(ref: Reference) -> str:
    """MLA 9th edition: no date is left out rather than written "n.d."."""
    authors = ref.authors
    names = joined(authors, "and") if len(authors) < 3 else f"{authors[0]}, et al"
    day = ref.published
    first_container = ", ".join(
        part
        for part in (
            "" if ref.publisher_is_author else ref.publisher,
            ref.platform,
            f"{day.day} {MLA_MONTHS[day.month - 1]} {day.year}" if day else "",
            bare_url(ref.original_url),
        )
        if part
    )
    accessed = ref.accessed
    return " ".join(
        part
        for part in (
            sentence(names),
            f"“{sentence(ref.title)}”",
            sentences(
                first_container,
                f"{ARCHIVE_NAME}, {bare_url(ref.archive_url)}",
                f"Accessed {accessed.day} {MLA_MONTHS[accessed.month - 1]} {accessed.year}",
            ),
        )
        if part
    )


def bare_url(url: str) -> str:
    return re.sub(r"^https?://", "", url)


def bibtex(ref: Reference) -> str:
    """A BibTeX @misc entry (biblatex's fields too): names and title brace-protected, so no
    style changes their case or splits a name written in one piece."""
    fields = {
        "author": " and ".join("{" + bibtex_escape(name) + "}" for name in ref.authors),
        "title": "{" + bibtex_escape(ref.title) + "}",
        "publisher": bibtex_escape(ref.publisher),
        "howpublished": bibtex_escape(
            ", ".join(
                p
                for p in (ref.platform, f"message {ref.message_id}" if ref.message_id else "")
                if p
            )
        ),
        "year": str(ref.published.year) if ref.published else "",
        "date": ref.published.isoformat() if ref.published else "",
        "url": bibtex_url(ref.original_url or ref.archive_url),
        "urldate": ref.accessed.isoformat(),
        "language": ref.language,
        "note": f"{ARCHIVE_NAME}, \\url{{{bibtex_url(ref.archive_url)}}}",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{ref.key},\n{body}\n}}"


BIBTEX_SPECIALS = {
    "\\": "\\textbackslash{}",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
    **{char: "\\" + char for char in "{}&%$#_"},
}


def bibtex_escape(value: str) -> str:
    """The characters that would end a field or mean something to TeX, written as text."""
    return "".join(BIBTEX_SPECIALS.get(char, char) for char in value)


def bibtex_url(url: str) -> str:
    """A URL for \\url and the url field: only what would unbalance the braces escaped."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def ris(ref: Reference) -> str:
    """RIS, as reference managers import it (CRLF line ends)."""
    day = ref.published
    lines = [("TY", "ELEC")]
    lines += [("AU", name) for name in ref.authors]
    lines += [
        ("TI", ref.title),
        ("PB", ref.publisher),
        ("PY", str(day.year) if day else ""),
        ("DA", f"{day:%Y/%m/%d}" if day else ""),
        ("M1", str(ref.message_id) if ref.message_id else ""),
        ("UR", ref.original_url),
        ("UR", ref.archive_url),
        ("Y2", f"{ref.accessed:%Y/%m/%d}"),
        ("DB", ARCHIVE_NAME),
        ("LA", ref.language),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value or tag == "ER")


def csl_json(ref: Reference) -> list[dict]:
    """CSL-JSON (a list of one item), as Zotero, Mendeley and pandoc read it."""
    item = {
        "id": ref.key,
        "type": "post",
        "title": ref.title,
        "author": [{"literal": name} for name in ref.authors],
        "publisher": ref.publisher,
        "container-title": ref.platform or ref.publisher,
        "number": str(ref.message_id) if ref.message_id else None,
        "issued": date_parts(ref.published) if ref.published else None,
        "accessed": date_parts(ref.accessed),
        "URL": ref.original_url or ref.archive_url,
        "archive": ARCHIVE_NAME,
        "archive_location": ref.archive_url,
        "language": ref.language,
    }
    return [{name: value for name, value in item.items() if value}]


def csl_json_text(ref: Reference) -> str:
    return json.dumps(csl_json(ref), ensure_ascii=False, indent=2)


def date_parts(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


# What reference managers read from the statement's page.


def highwire_tags(ref: Reference) -> list[tuple[str, str]]:
    """The Highwire Press `citation_*` meta tags (Google Scholar, Zotero), in order."""
    day = f"{ref.published:%Y/%m/%d}" if ref.published else ""
    tags = [("citation_title", ref.title)]
    tags += [("citation_author", name) for name in ref.speakers]
    tags += [
        ("citation_publisher", ref.publisher),
        ("citation_publication_date", day),
        ("citation_date", day),
        ("citation_public_url", ref.archive_url),
        ("citation_language", ref.language),
    ]
    return [(name, value) for name, value in tags if value]


def json_ld(ref: Reference) -> str:
    """schema.org JSON-LD for a <script type="application/ld+json">, with <, > and &
    escaped so no text of the statement can close the script."""
    people = [{"@type": "Person", "name": name} for name in ref.speakers]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": ref.title,
        "datePublished": ref.published.isoformat() if ref.published else None,
        "publisher": {"@type": "Organization", "name": ref.publisher},
        "author": people or [{"@type": "Organization", "name": ref.publisher}],
        "url": ref.archive_url,
        "sameAs": ref.original_url or None,
        "inLanguage": ref.language,
        "identifier": ref.original_url or ref.archive_url,
        "isPartOf": {"@type": "Collection", "name": ARCHIVE_NAME},
    }
    text = json.dumps({name: value for name, value in data.items() if value}, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def open_graph(ref: Reference, description: str) -> list[tuple[str, str]]:
    tags = [
        ("og:type", "article"),
        ("og:title", ref.title),
        ("og:url", ref.archive_url),
        ("og:site_name", ARCHIVE_NAME),
        ("og:description", description),
        ("article:published_time", ref.published.isoformat() if ref.published else ""),
        ("article:publisher", ref.publisher),
    ]
    tags += [("article:author", name) for name in ref.speakers]
    return [(name, value) for name, value in tags if value]


def cite(statement: Statement, archive_url: str, copies: Iterable[Statement] = ()) -> dict:
    """Everything the statement's page shows or embeds of its citation."""
    ref = reference_for(statement, archive_url, list(copies))
    return {
        "reference": ref,
        "styles": [("Chicago", chicago(ref)), ("APA", apa(ref)), ("MLA", mla(ref))],
        "text": chicago(ref),
        "bibtex": bibtex(ref),
        "highwire": highwire_tags(ref),
        "json_ld": json_ld(ref),
        "open_graph": open_graph(ref, Truncator(statement.text).chars(200)),
    }


DOWNLOADS = {
    "ris": ("application/x-research-info-systems", ris),
    "json": ("application/vnd.citationstyles.csl+json", csl_json_text),
    "bib": ("application/x-bibtex; charset=utf-8", bibtex),
}


# A search.


def count_wording(count: int, estimated: bool = False) -> str:
    """ "1 statement", "1,234 statements"; "about …" only for an estimated count."""
    noun = "statement" if count == 1 else "statements"
    return f"{'about ' if estimated else ''}{count:,} {noun}"


def cite_search(query: str, count: int, url: str, estimated: bool = False) -> str:
    """A search as a Chicago-style reference: what was searched, what it found, when, where."""
    what = f"Search for “{sentence(query)}”" if query else "Search of all statements."
    return " ".join(
        part
        for part in (
            sentence(ARCHIVE_NAME),
            what,
            sentences(
                f"{count_wording(count, estimated)} found",
                f"Accessed {long_date(timezone.now().date())}",
                url,
            ),
        )
        if part
    )
