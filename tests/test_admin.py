"""The admin editors curate the archive in."""

from io import StringIO
from pathlib import Path

import pytest

from statements.models import ImportRun, Participant, Statement


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "pw-12345-long"
    )
    client.force_login(user)
    return client


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
        "/admin/statements/statement/add/",
        "/admin/statements/participant/add/",
    ],
)
def test_admin_pages_open(demo, editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_statement_search_in_the_admin_is_full_text(demo, editor_client):
    response = editor_client.get("/admin/statements/statement/", {"q": "kosovo -pristina"})
    assert response.context["cl"].result_count == 3
    response = editor_client.get("/admin/statements/statement/", {"q": "meetings"})
    assert response.context["cl"].result_count == 5


def test_participant_search_finds_aliases_without_diacritics(demo, editor_client):
    response = editor_client.get("/admin/statements/participant/", {"q": "djuric"})
    assert [p.name for p in response.context["cl"].result_list] == ["Marko Đurić"]


def test_statement_change_page_shows_the_raw_record(demo, editor_client):
    statement = Statement.objects.get(kind="phone_call")
    page = editor_client.get(f"/admin/statements/statement/{statement.pk}/change/").content.decode()
    assert "Raw source record" in page
    assert "tme-text" in page


def test_autocomplete_serves_participants(demo, editor_client):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "Vul",
            "app_label": "statements",
            "model_name": "statement",
            "field_name": "participants",
        },
    )
    assert [row["text"] for row in response.json()["results"]] == ["Aleksandar Vulin"]


def test_adding_an_alias_in_the_admin_makes_it_searchable_and_links_statements(demo, editor_client):
    vulin = Participant.objects.get(name="Aleksandar Vulin")
    response = editor_client.post(
        f"/admin/statements/participant/{vulin.pk}/change/",
        {
            "name": vulin.name,
            "slug": vulin.slug,
            "aliases": ",".join([*vulin.aliases, "Vulin the Deputy"]),
            "role": vulin.role,
            "country": vulin.country,
        },
    )
    assert response.status_code == 302
    assert Statement.objects.search('"Vulin the Deputy"').count() == 3


def test_hiding_from_the_admin_takes_it_off_the_site(demo, editor_client, client):
    statement = Statement.objects.get(kind="phone_call")
    editor_client.post(
        "/admin/statements/statement/",
        {"action": "hide", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.HIDDEN


def test_import_runs_are_read_only(demo, editor_client):
    run = ImportRun.objects.first()
    page = editor_client.get(f"/admin/statements/importrun/{run.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert editor_client.get("/admin/statements/importrun/add/").status_code == 403


def test_the_admin_needs_a_login(demo, client):
    response = client.get("/admin/statements/statement/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_saving_a_participant_with_many_statements_takes_a_fixed_number_of_queries(
    db, editor_client, django_assert_max_num_queries
):
    from statements.models import Source

    source = Source.objects.create(name="S", slug="s")
    person = Participant.objects.create(name="Ana Brnabić")
    for number in range(60):
        statement = Statement.objects.create(
            source=source,
            title=f"Ana Brnabic spoke {number}",
            text="Ana Brnabic",
            content_hash=str(number),
        )
        if number % 2:
            statement.participants.add(person)
    with django_assert_max_num_queries(30):
        response = editor_client.post(
            f"/admin/statements/participant/{person.pk}/change/",
            {
                "name": person.name,
                "slug": person.slug,
                "aliases": "Ana Brnabic",
                "role": "",
                "country": "",
            },
        )
    assert response.status_code == 302
    assert person.statements.count() == 60
    assert Statement.objects.search("Brnabić").count() == 60


def test_an_editor_uploads_a_small_file_and_sees_the_runs_report(
    db, editor_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    scrape = Path("statements/demo/russia_serbia_tme_scrape.txt").read_bytes()
    response = editor_client.post(
        "/admin/statements/importrun/upload/",
        {"file": SimpleUploadedFile("scrape.txt", scrape), "format": "auto", "timezone": "UTC"},
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/statements/importrun/{run.pk}/change/"
    assert (run.status, run.created, run.format) == ("finished", 7, "tme-text")
    listing = editor_client.get("/admin/statements/importrun/").content.decode()
    assert "Import a file" in listing
    assert editor_client.get(response["Location"]).status_code == 200
    assert Statement.objects.count() == 7


def test_a_big_upload_is_queued_for_the_worker_which_reports_progress(
    db, editor_client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_INLINE_MAX_BYTES = 10
    data = Path("tests/data/mfa_channel_export.json").read_bytes()
    editor_client.post(
        "/admin/statements/importrun/upload/",
        {"file": SimpleUploadedFile("result.json", data), "format": "auto", "timezone": "UTC"},
    )
    run = ImportRun.objects.get()
    assert run.status == "queued"
    assert Statement.objects.count() == 0
    call_command("import_worker", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert (run.status, run.created, run.skipped) == ("finished", 11, 2)
    assert Statement.objects.count() == 11


def test_an_unreadable_upload_fails_with_its_reason_and_errors_download(
    db, editor_client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    editor_client.post(
        "/admin/statements/importrun/upload/",
        {
            "file": SimpleUploadedFile("broken.json", b'{"messages": [{"id": 1,'),
            "format": "auto",
            "timezone": "UTC",
        },
    )
    run = ImportRun.objects.get()
    assert run.status == "failed"
    errors = editor_client.get(f"/admin/statements/importrun/{run.pk}/errors.txt")
    assert errors["Content-Disposition"] == f'attachment; filename="import-{run.pk}-errors.txt"'
    assert b"broken.json" in errors.content
    assert b"not a complete Telegram JSON export" in errors.content


def test_the_upload_form_refuses_a_bad_time_zone(db, editor_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    response = editor_client.post(
        "/admin/statements/importrun/upload/",
        {
            "file": SimpleUploadedFile("a.txt", b"Post\n#Tag\n"),
            "format": "auto",
            "timezone": "Mars",
        },
    )
    assert response.status_code == 200
    assert "Unknown time zone" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_only_editors_may_upload(db, client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-12345-long", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/statements/importrun/upload/").status_code == 403


def test_a_source_set_to_need_review_imports_new_statements_into_the_queue(
    db, editor_client, client, settings
):
    from statements.importers.run import import_paths
    from statements.models import Source

    Source.objects.create(name="Embassy", slug="embassy", needs_review=True)
    import_paths([Path("statements/demo/russia_serbia_tme_scrape.txt")], source_slug="embassy")
    assert set(Statement.objects.values_list("status", flat=True)) == {"new"}
    assert client.get("/api/statements/").json()["count"] == 0  # the public sees none yet

    queue = editor_client.get("/admin/statements/statementtoreview/")
    assert queue.status_code == 200
    listed = list(queue.context["cl"].result_list)
    assert len(listed) == 7
    assert listed == sorted(listed, key=lambda s: (s.created_at, s.pk))  # oldest first

    first = listed[0]
    editor_client.post(
        "/admin/statements/statementtoreview/",
        {"action": "publish", "_selected_action": [first.pk]},
    )
    first.refresh_from_db()
    assert first.status == "published"
    assert client.get("/api/statements/").json()["count"] == 1
    assert (
        len(editor_client.get("/admin/statements/statementtoreview/").context["cl"].result_list)
        == 6
    )

    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(object_id=str(first.pk), change_message__contains="Publish")

    settings.PUBLIC_STATUSES = ["published", "new"]
    assert client.get("/api/statements/").json()["count"] == 7


@pytest.fixture
def editor_only_client(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("ed", password="pw-12345-long", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def test_editors_curate_statements_but_not_users_or_sources(demo, editor_only_client):
    statement = Statement.objects.first()
    assert (
        editor_only_client.get(f"/admin/statements/statement/{statement.pk}/change/").status_code
        == 200
    )
    assert editor_only_client.get("/admin/statements/participant/add/").status_code == 200
    assert editor_only_client.get("/admin/statements/statementtoreview/").status_code == 200
    assert editor_only_client.get("/admin/auth/user/").status_code == 403
    source = statement.source
    assert (
        editor_only_client.get(f"/admin/statements/source/{source.pk}/delete/").status_code == 403
    )
    assert (
        editor_only_client.get(f"/admin/statements/statement/{statement.pk}/delete/").status_code
        == 403
    )


def test_logins_are_throttled_after_repeated_failures(db, client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password-123")
    ok = client.post("/admin/login/", {"username": "boss", "password": "right-password-123"})
    assert ok.status_code == 302  # a right password logs in
    client.logout()
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post("/admin/login/", {"username": "boss", "password": "right-password-123"})
    assert response.status_code == 200  # still refused: locked out for now
    assert not response.wsgi_request.user.is_authenticated
    other = client.post("/admin/login/", {"username": "someone", "password": "x"})
    assert other.status_code == 200


def test_statements_filter_by_year_and_lists_count_only_the_rows_shown(demo, editor_client):
    response = editor_client.get("/admin/statements/statement/", {"year": "2024"})
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed and all(s.sort_date.year == 2024 for s in listed)
    assert editor_client.get("/admin/statements/statement/", {"year": "x"}).status_code == 200
    people = editor_client.get("/admin/statements/participant/").context["cl"].result_list
    lavrov = next(p for p in people if p.name == "Sergey Lavrov")
    assert lavrov.statement_count == Participant.objects.get(pk=lavrov.pk).statements.count()
