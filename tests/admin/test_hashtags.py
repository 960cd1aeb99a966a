"""Hashtags in the admin: renaming one, adding one."""

from statements.models import FormerSlug, Hashtag
from tests import factories


def test_renaming_a_hashtag_makes_search_find_the_new_name(db, editor, researcher):
    """Its name in the statements' names text, its slug after the name; the old slug
    leads on (issue 13 item 10)."""
    tag = factories.hashtag("#Kosovo")
    factories.statement(title="Talks in Pristina", hashtags=[tag])
    response = editor.post(
        f"/admin/statements/hashtag/{tag.pk}/change/", {"name": "#Kosova", "slug": tag.slug}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("#Kosova", "kosova")
    for query in ({"q": "kosova"}, {"q": "tag:kosova"}, {"hashtag": "kosova"}):
        page = researcher.get("/statements/", query)
        assert "Talks in Pristina" in page.content.decode(), query
    assert researcher.get("/hashtags/kosova/").status_code == 200
    old = researcher.get("/hashtags/kosovo/")
    assert (old.status_code, old["Location"]) == (301, "/hashtags/kosova/")
    assert (
        "Talks in Pristina"
        in researcher.get("/statements/", {"hashtag": "kosovo"}).content.decode()
    )
    assert FormerSlug.objects.get(slug="kosovo").changed_by.username == "editor"


def test_a_slug_the_editor_chose_in_a_rename_is_kept(db, editor):
    tag = factories.hashtag("#Kosovo")
    editor.post(
        f"/admin/statements/hashtag/{tag.pk}/change/", {"name": "#KosovoIsSerbia", "slug": "kis"}
    )
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("#KosovoIsSerbia", "kis")


def test_an_editor_adds_a_hashtag_without_typing_a_slug(db, editor):
    response = editor.post("/admin/statements/hashtag/add/", {"name": "#Ђурић", "slug": ""})
    assert response.status_code == 302
    assert Hashtag.objects.get(name="#Ђурић").slug == "ђурић"


def test_a_hashtag_named_twice_is_refused_in_words_not_a_constraint_name(db, editor):
    factories.hashtag("#Kosovo")
    response = editor.post(
        "/admin/statements/hashtag/add/", {"name": "#KOSOVO", "slug": "kosovo-2"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "A hashtag of this name exists already (in any case)." in html
    assert "hashtag_name_ci_unique" not in html
