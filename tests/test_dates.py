"""Ingest's date reading: its fast `strptime` gives the standard library's answer for every value and
format (the registry's formats and others), so reading a column faster never reads it differently."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sample_agencies import REGISTRY

from warehouse.ingest.dates import strptime

REGISTRY_FORMATS = sorted(
    {
        fmt
        for agency in REGISTRY.values()
        for name in [*agency.fields, *agency.identifiers]
        for fmt in agency.date_formats_for(name)
    }
)
# Formats no agency uses today, to hold the fast path to strptime beyond the registry's list.
OTHER_FORMATS = [
    "%d %B %Y",
    "%b %d, %Y",
    "%Y%m%d",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d (%H)",
    "%d/%m/%Y %I:%M %p",  # %I and %p: the standard library's own path
    "%d %d",  # a repeated directive: the standard library's error
    "%Y 100%",  # a stray %
]
FORMATS = REGISTRY_FORMATS + OTHER_FORMATS


def answer(parse, value: str, fmt: str) -> datetime | str:
    """What `parse` returns, or the name of what it raises."""
    try:
        return parse(value, fmt)
    except Exception as exc:  # the point is to compare whatever it raises
        return type(exc).__name__


def test_the_registry_has_date_formats_to_compare():
    assert len(REGISTRY_FORMATS) >= 5, REGISTRY_FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
@given(moment=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31)))
def test_a_date_written_in_a_format_reads_back_the_same(fmt, moment):
    written = moment.strftime(fmt)
    assert answer(strptime, written, fmt) == answer(datetime.strptime, written, fmt)


# Text close to dates: digits, separators, month names in any case, spaces and stray characters.
DATE_LIKE = st.lists(
    st.sampled_from([*"0123456789/-.: T", "Jan", "feb", "MAY", "Sept", "March", "x"]),
    max_size=14,
).map("".join)


@pytest.mark.parametrize("fmt", FORMATS)
@given(value=DATE_LIKE)
@example(value="31/02/2024")
@example(value="29/02/2023 10:00")
@example(value=" 1/01/2024")
@example(value="2024-01-01 10:00:60")
@example(value="01/01/2024 ")
@example(value="05-apr-62")
@example(value="05-Apr-68")
@example(value="05-Apr-69")
def test_any_text_gets_the_standard_librarys_answer(fmt, value):
    assert answer(strptime, value, fmt) == answer(datetime.strptime, value, fmt)
