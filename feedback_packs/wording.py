"""How periods, dates, values and ratings are written in a pack: words first, so nothing relies on colour."""

from __future__ import annotations

import math
from datetime import date, datetime

# Ratings in the order a reader should act on them, each with the words shown beside its colour.
SEVERITY_ORDER = ("red", "amber", "green", "not_assessed", "advice")
SEVERITY_WORDS = {
    "red": "Red: fix first",
    "amber": "Amber: fix soon",
    "green": "Green: meets the target",
    "not_assessed": "Not rated: too few records",
    "advice": "Advice: worth fixing",
}
TIMELINESS_WORDS = {"on_time": "On time", "late": "Late", "missing": "Missing"}
VOLUME_WORDS = {"normal": "Usual volume", "partial": "Partial (well below usual)", "spike": "Spike"}
# How each kind of value that did not match reads in the pack, and what to check.
UNMAPPED_WORDS = {
    "unmapped": ("not recognised", "use one of the agreed codes, or ask for this one to be added"),
    "fuzzy": ("misspelt (matched approximately)", "correct the spelling"),
    "postcode_not_found": (
        "postcode not found (in this district)",
        "check for a typing error: the district is in Coventry but the postcode does not exist",
    ),
    "postcode_invalid": (
        "postcode malformed",
        "check the postcode is complete and correctly typed",
    ),
    "out_of_area": (
        "postcode outside Coventry (in this district)",
        "no action if the person lives outside Coventry; otherwise check the postcode",
    ),
}
# Beyond this many values, the list is folded behind a summary line.
UNMAPPED_SHOWN_OPEN = 10
# How a count withheld by the publish layer (1 to 7, dbt var small_count_max) is written.
SUPPRESSED_COUNT = "fewer than 8"


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def as_date(value) -> date | None:
    if is_missing(value):
        return None
    return value.date() if isinstance(value, datetime) else value


def period_slug(start: date, end: date) -> str:
    """The period in file names: 2024-02 for a month, 2023-07-to-2023-09 for a quarter."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%Y-%m}"
    return f"{start:%Y-%m}-to-{end:%Y-%m}"


def period_label(start: date, end: date) -> str:
    """The period in words: February 2024, or July to September 2023."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def short_period(start: date, end: date) -> str:
    """A chart axis label: Feb 2024, or Jul-Sep 2023."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%b %Y}"
    return f"{start:%b}-{end:%b %Y}"


def day(value) -> str:
    value = as_date(value)
    return "" if value is None else f"{value.day} {value:%b %Y}"


def percent(share) -> str:
    if is_missing(share):
        return "no data"
    return f"{share * 100:.1f}%" if share < 0.1 else f"{share * 100:.0f}%"


def count(value) -> str:
    return "" if is_missing(value) else f"{round(value):,}"


def plural(number: int, word: str) -> str:
    return f"{number:,} {word}" + ("" if number == 1 else "s")


def rule_value(value, unit: str) -> str:
    """A scorecard value as the thresholds seed measures it (share, days late or files)."""
    if is_missing(value):
        return "no data"
    if unit == "share":
        return percent(value)
    if unit == "days":
        return "missing" if value >= 999 else plural(round(value), "day") + " late"
    return plural(round(value), "file")


def threshold_words(green_below, amber_below, unit: str) -> str:
    """The target and the red line, e.g. 'target below 5%; red at 15% or more'."""
    if is_missing(green_below):
        return "no target"
    if unit == "share" and green_below > 1:
        return "for information (never rated)"
    measure = {"share": percent, "days": lambda v: plural(round(v), "day")}.get(
        unit, lambda v: plural(round(v), "file")
    )
    target = (
        "target: none"
        if unit == "files" and green_below <= 1
        else f"target below {measure(green_below)}"
    )
    if is_missing(amber_below) or (unit == "share" and amber_below > 1):
        return f"{target}; never red"
    return f"{target}; red at {measure(amber_below)} or more"
