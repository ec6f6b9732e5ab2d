"""Dates with a precision: parsing, period bounds and display."""

import pandas as pd
import pytest

from missions.dates import format_date, format_span, period_end, period_start, precision_of


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("1999-10-22", "day"),
        ("1999-10", "month"),
        ("1999", "year"),
        ("22/10/1999", None),
        ("", None),
    ],
)
def test_precision_of_reads_the_written_form(text, precision):
    assert precision_of(text) == precision


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1999-10-22", "1999-10-22", "1999-10-22"),
        ("2000-02", "2000-02-01", "2000-02-29"),
        ("1995", "1995-01-01", "1995-12-31"),
    ],
)
def test_period_bounds_cover_the_whole_period(text, start, end):
    assert period_start(text) == pd.Timestamp(start)
    assert period_end(text) == pd.Timestamp(end)


def test_period_start_rejects_text_that_is_not_a_date():
    with pytest.raises(ValueError):
        period_start("October 1999")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1999-10-22", "22 Oct 1999"),
        ("1999-10", "Oct 1999"),
        ("1999", "1999"),
        (None, ""),
        ("", ""),
    ],
)
def test_format_date_shows_only_the_known_precision(text, shown):
    assert format_date(text) == shown


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [("1999-10-22", "2005-12", "22 Oct 1999 – Dec 2005"), ("2013", None, "2013 – ongoing")],
)
def test_format_span_says_ongoing_when_there_is_no_end(start, end, shown):
    assert format_span(start, end) == shown
