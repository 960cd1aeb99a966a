"""How to cite a statement: plain text and BibTeX."""

from django.utils import timezone

# Fields written as they are: they hold BibTeX markup already.
VERBATIM = ("author", "howpublished", "note")


def cite(statement, url: str) -> dict:
    """The statement as a reference, given its permanent address: plain text and BibTeX."""
    when = statement.published_at or statement.event_date
    day = when.strftime("%-d %B %Y") if when else "n.d."
    retrieved = timezone.now().strftime("%-d %B %Y")
    original = f" Original: {statement.source_url}." if statement.source_url else ""
    text = (
        f"{statement.source.name}. “{statement.display_title}.” {day}.{original} "
        f"Statement Archive, {url} (retrieved {retrieved})."
    )
    fields = {
        "author": "{" + bibtex_escape(statement.source.name) + "}",  # a body, not a person
        "title": statement.display_title,
        "year": str(when.year) if when else "",
        "month": when.strftime("%b").lower() if when else "",
        "howpublished": f"\\url{{{url}}}",
        "note": f"Statement Archive, retrieved {retrieved}"
        + (f"; original: \\url{{{statement.source_url}}}" if statement.source_url else ""),
    }
    body = ",\n".join(
        f"  {name} = {{{value if name in VERBATIM else bibtex_escape(value)}}}"
        for name, value in fields.items()
        if value
    )
    return {"text": text, "bibtex": f"@misc{{statement{statement.pk},\n{body}\n}}"}


def bibtex_escape(value: str) -> str:
    """Braces and backslashes would end or break a BibTeX field."""
    return "".join("\\" + char if char in "{}\\&%$#_" else char for char in value)
