from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

from statements.vocabulary import LANGUAGES

register = template.Library()


@register.filter
def paragraphs(text):
    """Each line of a post as a paragraph (Telegram posts break paragraphs with one newline),
    each taking its direction from its own text (an Arabic line in an English post)."""
    lines = [line for line in conditional_escape(text).split("\n") if line.strip()]
    return format_html_join("\n", '<p dir="auto">{}</p>', ((mark_safe(line),) for line in lines))


@register.filter
def language_name(code):
    return LANGUAGES.get(code, code)
