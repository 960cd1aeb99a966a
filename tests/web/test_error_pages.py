"""The pages shown when a page is missing or the server fails, as production shows them."""

import pytest


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.web.failing_urls"
    return settings


def test_a_missing_page_is_a_friendly_404_in_the_site_layout(db, client, production):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page is not in the archive" in page
    assert 'class="site-header"' in page
    assert 'action="/statements/"' in page  # a search to go on with
    assert "Not Found</h1>" not in page  # not Django's bare default


def test_a_missing_statement_is_the_same_friendly_404(db, client, production):
    response = client.get("/statements/999999/")
    assert response.status_code == 404
    assert "This page is not in the archive" in response.content.decode()


def test_a_server_error_is_a_friendly_500_that_needs_no_database(
    db, client, production, django_assert_num_queries
):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/always-fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'class="site-header"' in page
    assert "a failure the visitor must not see" not in page
    assert "Server Error (500)" not in page  # not Django's bare default
