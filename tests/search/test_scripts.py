"""Every script searchable: a statement's language is detected whatever its script, it is
searched with its language's configuration, Arabic vowel marks and transliteration marks
are folded, Chinese words are found inside running text, and Serbian Latin surnames are
found declined — through the page and the API alike."""

import json
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal

from statements.importers.run import import_paths
from statements.models import Statement
from tests import factories as make

CHINESE = {
    "release": "微软发布了新的浏览器，用户可以免费下载。",
    "agreement": "今天微软公司宣布与合作伙伴签署协议。",
    "browser": "新版浏览器支持更多扩展程序。",
    "briefing": "外交部发言人就塞尔维亚问题回答记者提问。",
}
ARABIC = {
    "women": "المسلِمات في المجتمع الحديث يشاركن في الحياة العامة",
    "talks": "قال وزير الخارجية إن المحادثات كانت مثمرة وبناءة",
}
ENGLISH = {
    "lecture": "A lecture by Shaykh Muhammad ibn Salih al-ʿUthaymīn on fasting was published.",
    "belgrade": "Foreign Minister Sergey Lavrov met President Aleksandar Vučić in Belgrade.",
    "call": "Sergey Lavrov spoke by phone with Foreign Minister Marko Đurić about Kosovo.",
}


def export(path, name: str, channel_id: int, texts: list[str]):
    """A Telegram Desktop export of a channel posting the texts, one a day."""
    messages = [
        {
            "id": number,
            "type": "message",
            "date": f"2024-03-{number:02d}T10:00:00",
            "date_unixtime": str(1709287200 + number * 86400),
            "from": name,
            "from_id": f"channel{channel_id}",
            "text": text,
        }
        for number, text in enumerate(texts, start=1)
    ]
    path.write_text(
        json.dumps(
            {"name": name, "type": "public_channel", "id": channel_id, "messages": messages}
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def channels(db, tmp_path):
    """A Chinese channel, an Arabic one and an English one, imported as a user would; the
    sources say nothing of their language (so English, the default)."""
    make.participant("Aleksandar Vučić", aliases=["Vucic", "Вучић"])
    make.participant("Marko Đurić", aliases=["Marko Djuric", "Марко Ђурић"])
    import_paths(
        [
            export(tmp_path / "zh.json", "新闻频道", 1001, list(CHINESE.values())),
            export(tmp_path / "ar.json", "قناة الأخبار", 1002, list(ARABIC.values())),
            export(tmp_path / "en.json", "News", 1003, list(ENGLISH.values())),
        ]
    )


def search(client, **params) -> set[str]:
    """The texts of what the page and the API find (the same, or the test fails)."""
    page = client.get("/statements/", params)
    api = client.get("/api/statements/", {"page_size": 100, **params})
    assert page.status_code == api.status_code == 200
    on_page = {f"{s.title}\n{s.text}" for s in page.context["page"].object_list}
    in_api = {f"{row['title']}\n{row['text']}" for row in api.json()["results"]}
    assert on_page == in_api
    assert page.context["page"].count == api.json()["count"] == len(in_api)
    return in_api


def found(client, q: str) -> set[str]:
    """Which of the posts (by their key in the dictionaries above) a query finds."""
    texts = search(client, q=q)
    posts = {**CHINESE, **ARABIC, **ENGLISH}
    return {key for key, post in posts.items() if any(post.strip() in t for t in texts)}


def test_chinese_and_arabic_statements_have_their_language(channels, researcher):
    languages = dict(Statement.objects.values_list("text", "language"))
    assert {languages[text] for text in CHINESE.values()} == {"zh"}
    assert {languages[text] for text in ARABIC.values()} == {"ar"}
    assert found(researcher, "lang:zh") == set(CHINESE)
    assert found(researcher, "lang:ar") == set(ARABIC)
    assert found(researcher, "lang:chinese") == set(CHINESE)
    assert len(search(researcher, language="zh")) == len(CHINESE)
    assert len(search(researcher, language="ar")) == len(ARABIC)


def test_a_chinese_word_is_found_inside_running_text(channels, researcher):
    assert found(researcher, "微软") == {"release", "agreement"}
    assert found(researcher, "浏览器") == {"release", "browser"}
    assert found(researcher, "微软 浏览器") == {"release"}
    assert found(researcher, '"新的浏览器"') == {"release"}
    assert found(researcher, "微软 -浏览器") == {"agreement"}
    # the characters of a word, but not side by side
    assert found(researcher, "微览") == set()


def test_arabic_vowel_marks_are_folded_in_the_text_and_in_the_query(channels, researcher):
    assert found(researcher, "المسلمات") == {"women"}
    assert found(researcher, "المسلِمات") == {"women"}
    assert found(researcher, "المحادثات") == {"talks"}
    assert found(researcher, "المـحادثات") == {"talks"}  # with a tatweel


@pytest.mark.parametrize("query", ["Uthaymin", "ʿUthaymīn", "al-Uthaymin", '"al-ʿUthaymīn"'])
def test_transliteration_marks_are_folded(channels, researcher, query):
    assert found(researcher, query) == {"lecture"}


@pytest.mark.parametrize(
    "query, post",
    [
        ("Vučićem", "belgrade"),
        ("Vucicem", "belgrade"),
        ("Vučića", "belgrade"),
        ("Вучићем", "belgrade"),  # as the Cyrillic form always did
        ("Đurićem", "call"),
        ("Djuricem", "call"),
        ("Ђурићем", "call"),
    ],
)
def test_a_declined_serbian_surname_finds_the_person_in_either_script(
    channels, researcher, query, post
):
    assert found(researcher, query) == {post}


def test_a_language_with_a_stemmer_is_searched_with_it_and_only_in_its_statements(db, researcher):
    """German is stemmed as German (Verhandlung finds Verhandlungen); the French stem of
    "agreement" is agre, as the English stem of "agreed" is, so French stems count in French
    statements only."""
    source = make.source("MFA")
    make.statement(source, "Die Verhandlungen wurden fortgesetzt", language="de")
    make.statement(source, "The parties agreed to meet again", language="en")
    make.statement(source, "The agreement on trade", language="en")
    assert titles(researcher, "Verhandlung") == {"Die Verhandlungen wurden fortgesetzt"}
    assert titles(researcher, "agreement") == {"The agreement on trade"}


def titles(client, q: str) -> set[str]:
    return {row["title"] for row in client.get("/api/statements/", {"q": q}).json()["results"]}


def test_titles_texts_and_snippets_say_their_language_and_direction(channels, researcher):
    page = researcher.get("/statements/", {"q": "微软"}).content.decode()
    assert re.search(r'<h3><a href="[^"]*" lang="zh" dir="auto">', page)
    assert '<p class="snippet" lang="zh" dir="auto">' in page
    arabic = Statement.objects.get(text=ARABIC["talks"])
    detail = researcher.get(arabic.get_absolute_url()).content.decode()
    assert '<h1 lang="ar" dir="auto">' in detail
    assert '<div class="statement-text" lang="ar" dir="auto">' in detail
    api = researcher.get("/api/statements/", {"q": "lang:ar"}).json()
    assert {row["language"] for row in api["results"]} == {"ar"}


def test_the_migration_detects_the_language_of_existing_statements_again(db, researcher):
    """Statements imported before: everything not English or Russian was English."""
    source = make.source("Old import")
    chinese = make.statement(source, CHINESE["release"], text=CHINESE["release"], language="en")
    arabic = make.statement(source, ARABIC["talks"], text=ARABIC["talks"], language="en")
    kept = make.statement(source, "微软", text="", language="ja", editor_fields=["language"])
    assert found(researcher, "lang:zh") == set()
    migration = import_module("statements.migrations.0013_every_script")
    migration.detect_languages_again(apps, None)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as migrate does
    chinese.refresh_from_db(), arabic.refresh_from_db(), kept.refresh_from_db()
    assert (chinese.language, arabic.language, kept.language) == ("zh", "ar", "ja")
    assert found(researcher, "lang:zh") == {"release"}
    assert found(researcher, "lang:ar") == {"talks"}
