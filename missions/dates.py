"""Dates with a precision (day, month or year) as the sources give them.

A start date is read as the first day of its period and an end date as the last day, so that
"1995" as an end date means the mission was still there during 1995.
"""

from __future__ import annotations

import re

import pandas as pd

DATE_PATTERNS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


def precision_of(text: str) -> str | None:
    """The precision a date string is written in, or None when it is not a date."""
    for precision, pattern in DATE_PATTERNS.items():
        if pattern.match(text):
            return precision
    return None


def period_start(text: str) -> pd.Timestamp:
    """The first day of the period a date string names ("1999-10" -> 1999-10-01)."""
    precision = precision_of(text)
    if precision == "day":
        return pd.Timestamp(text)
    if precision == "month":
        return pd.Timestamp(f"{text}-01")
    if precision == "year":
        return pd.Timestamp(f"{text}-01-01")
    raise ValueError(f"not a date: {text!r}")


def period_end(text: str) -> pd.Timestamp:
    """The last day of the period a date string names ("1999-10" -> 1999-10-31)."""
    start = period_start(text)
    precision = precision_of(text)
    if precision == "day":
        return start
    if precision == "month":
        return start + pd.offsets.MonthEnd(0)
    return pd.Timestamp(year=start.year, month=12, day=31)


def format_date(text: str | None) -> str:
    """A date string for people: "22 Oct 1999", "Oct 1999" or "1999"; "" when missing."""
    if text is None or pd.isna(text) or text == "":
        return ""
    precision = precision_of(text)
    stamp = period_start(text)
    if precision == "day":
        return f"{stamp.day} {stamp:%b %Y}"
    if precision == "month":
        return f"{stamp:%b %Y}"
    return f"{stamp.year}"


def format_end(text: str | None) -> str:
    """An end date for people, or "ongoing" when there is none."""
    shown = format_date(text)
    return shown or "ongoing"


def format_span(start: str | None, end: str | None) -> str:
    """ "22 Oct 1999 – Dec 2005", or "… – ongoing" for a mission with no end date."""
    return f"{format_date(start)} – {format_end(end)}"
