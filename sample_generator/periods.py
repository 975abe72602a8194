"""The sample's calendar: months, agency periods and when each file reached the partnership."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import numpy as np

from warehouse.registry import Agency, Period

SAMPLE_START = date(2020, 4, 1)  # financial year 2020-21
SAMPLE_END = date(2026, 3, 31)  # financial year 2025-26: 72 months
MONTH_ABBR = tuple(calendar.month_abbr)  # locale-independent month abbreviations, index 1-12


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def sample_months() -> list[date]:
    """The first day of every month in the sample period."""
    months, current = [], SAMPLE_START
    while current <= SAMPLE_END:
        months.append(current)
        current = add_months(current, 1)
    return months


def month_label(day: date) -> str:
    return f"{day:%Y-%m}"


def agency_periods(agency: Agency) -> list[Period]:
    """Every reporting period of an agency that lies inside the sample, oldest first.

    Housing reports by calendar quarter, so its first period (Apr-Jun 2020) and last (Jan-Mar 2026)
    still fall inside the sample; the financial-quarter agencies line up with it exactly.
    """
    step = 1 if agency.period == "month" else 3
    first = SAMPLE_START
    if agency.period == "calendar_quarter":
        first = date(SAMPLE_START.year, (SAMPLE_START.month - 1) // 3 * 3 + 1, 1)
    periods, start = [], first
    while start <= SAMPLE_END:
        last_month = add_months(start, step - 1)
        periods.append(Period(start, month_end(last_month.year, last_month.month)))
        start = add_months(start, step)
    return periods


def financial_year_start(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter(day: date) -> int:
    return (day.month - 4) % 12 // 3 + 1


def due_date(agency: Agency, period: Period) -> date:
    return period.end + timedelta(days=agency.due_days_after_period_end)


def usual_receipt(agency: Agency, period: Period, rng: np.random.Generator) -> datetime:
    """When an on-time-ish file arrives: a few days either side of the due date, in office hours.

    Partners send when the extract is ready, so most land within a week of the due date; a file
    can never arrive before its period has ended.
    """
    due = due_date(agency, period)
    offset = int(np.clip(np.round(rng.normal(-3, 2.5)), -(agency.due_days_after_period_end - 2), 6))
    day = due + timedelta(days=offset)
    while day.weekday() >= 5:  # nobody sends extracts at the weekend
        day += timedelta(days=1)
    minutes = int(rng.integers(8 * 60, 17 * 60 + 30))
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
