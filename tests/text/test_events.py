"""The event date and place read from a text."""

from datetime import UTC, date, datetime

import pytest

from statements.text.events import extract_event


@pytest.mark.parametrize(
    "title, published, expected",
    [
        ("Remarks (Moscow, March 21, 2024)", None, (date(2024, 3, 21), "Moscow")),
        ("Переговоры (Москва, 21 марта 2024 года)", None, (date(2024, 3, 21), "Москва")),
        ("On August 14, they met in Moscow.", None, (None, "Moscow")),
        ("On August 14, they met.", datetime(2024, 8, 15, tzinfo=UTC), (date(2024, 8, 14), "")),
        # A day after the publication date belongs to the year before.
        ("On December 30, they met.", datetime(2025, 1, 2, tzinfo=UTC), (date(2024, 12, 30), "")),
        ("On February 30, they met.", datetime(2025, 3, 1, tzinfo=UTC), (None, "")),
        ("The meeting in October was useful.", None, (None, "")),
        ("They held talks in St. Petersburg.", None, (None, "St. Petersburg")),
    ],
)
def test_extract_event(title, published, expected):
    event_date, _, place = extract_event(title, "", published)
    assert (event_date, place) == expected


def test_russian_event_date_and_place():
    event_date, text, place = extract_event("Переговоры (Москва, 17 февраля 2025 года)", "", None)
    assert (event_date, place) == (date(2025, 2, 17), "Москва")
