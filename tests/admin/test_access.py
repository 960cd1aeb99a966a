"""Who may open the admin and what: logins, throttling, the Editor group's permissions."""

import pytest

from statements.models import BulkCorrection, ImportRun, ParticipantSuggestion, Statement


@pytest.mark.parametrize(
    "url",
    [
        "/admin/statements/statement/",
        "/admin/statements/statement/?q=kosovo+-pristina",
        "/admin/statements/statement/?q=%22unbalanced",
        "/admin/statements/statement/?kind__exact=phone_call",
        "/admin/statements/participant/",
        "/admin/statements/participant/?q=djuric",
        "/admin/statements/hashtag/",
        "/admin/statements/source/",
        "/admin/statements/importrun/",
        "/admin/statements/participant/add/",
    ],
)
def test_admin_pages_open_to_an_editor(demo, editor, url):
    assert editor.get(url).status_code == 200


def test_a_superuser_may_add_a_statement_by_hand(demo, admin_client):
    # The Editor group lacks add_statement (issue 13): only a superuser opens this page.
    assert admin_client.get("/admin/statements/statement/add/").status_code == 200


def test_the_admin_needs_a_login(demo, client):
    response = client.get("/admin/statements/statement/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editors_curate_statements_but_not_users_or_sources(demo, editor):
    statement = Statement.objects.first()
    assert editor.get(f"/admin/statements/statement/{statement.pk}/change/").status_code == 200
    assert editor.get("/admin/statements/participant/add/").status_code == 200
    assert editor.get("/admin/statements/statementtoreview/").status_code == 200
    assert editor.get("/admin/auth/user/").status_code == 403
    source = statement.source
    assert editor.get(f"/admin/statements/source/{source.pk}/delete/").status_code == 403
    assert editor.get(f"/admin/statements/statement/{statement.pk}/delete/").status_code == 403


def test_pages_that_name_an_editor_do_not_link_to_their_account(db, editor, editor_user):
    """Editors may not open user accounts: a page that says who ran an import, asked for a
    bulk correction or decided a suggestion names them (a link would answer 403)."""
    run = ImportRun.objects.create(
        path="a.json", format="telegram-json", status="finished", requested_by=editor_user
    )
    correction = BulkCorrection.objects.create(action="publish", requested_by=editor_user)
    suggestion = ParticipantSuggestion.objects.create(
        name="Marko Djuric", key="marko djuric", status="rejected", decided_by=editor_user
    )
    for url in [
        f"/admin/statements/importrun/{run.pk}/change/",
        f"/admin/statements/bulkcorrection/{correction.pk}/change/",
        f"/admin/statements/participantsuggestion/{suggestion.pk}/change/",
    ]:
        page = editor.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert "/admin/auth/user/" not in html, url
        assert '<div class="readonly">editor</div>' in html, url


def test_logins_are_throttled_after_repeated_failures(db, client, django_user_model):
    django_user_model.objects.create_superuser(
        "throttled-admin", "throttled-admin@example.org", "right-password-123"
    )
    ok = client.post(
        "/admin/login/", {"username": "throttled-admin", "password": "right-password-123"}
    )
    assert ok.status_code == 302  # a right password logs in
    client.logout()
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "throttled-admin", "password": "wrong"}
        )
        assert response.status_code == 200  # the form again, with an error
    response = client.post(
        "/admin/login/", {"username": "throttled-admin", "password": "right-password-123"}
    )
    assert response.status_code == 200  # still refused: locked out for now
    assert not response.wsgi_request.user.is_authenticated
    other = client.post("/admin/login/", {"username": "someone", "password": "x"})
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("model", "title"),
    [
        ("statement", "Statements"),
        ("statementtoreview", "Statements to review"),
        ("participant", "Participants"),
        ("hashtag", "Hashtags"),
        ("source", "Sources"),
        ("importrun", "Import runs"),
        ("participantsuggestion", "Participant suggestions"),
        ("duplicategroup", "Duplicate groups"),
        ("participantmerge", "Participant merges"),
        ("bulkcorrection", "Bulk corrections"),
    ],
)
def test_every_list_an_editor_opens_is_titled_in_plain_words(db, editor, model, title):
    page = editor.get(f"/admin/statements/{model}/").content.decode()
    assert f"<h1>{title}</h1>" in page
    assert "to change" not in page.split("</title>")[0]
