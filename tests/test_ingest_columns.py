"""Ingest works a column at a time (`transform.py`, `persons.py`, `dates.py`): each shortcut here is held
to the plain, value-by-value answer it replaced, so reading faster never reads differently."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from warehouse.ingest.dates import _candidate_readings, _strptime
from warehouse.ingest.persons import DerivedMemo, ages_in_years

# -- ages -----------------------------------------------------------------------------------------

DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def age_in_years(born: date, on: date) -> int:
    """The definition: the year difference, less one when the birthday is still to come that year."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@given(st.lists(st.tuples(st.none() | DATES, st.none() | DATES), max_size=40))
@example([(date(2000, 2, 29), date(2021, 2, 28)), (date(2000, 2, 29), date(2021, 3, 1))])
@example([(date(1969, 12, 31), date(1970, 1, 1)), (date(1950, 6, 15), date(1960, 6, 15))])
def test_ages_are_the_definition_row_by_row(pairs):
    born = np.array([b for b, _ in pairs], dtype="datetime64[D]")
    on = np.array([o for _, o in pairs], dtype="datetime64[D]")
    expected = [None if b is None or o is None else str(age_in_years(b, o)) for b, o in pairs]
    assert ages_in_years(born, on).tolist() == expected


# -- the memo of derived columns ------------------------------------------------------------------


def test_memo_computes_each_distinct_identity_once_and_answers_every_row():
    computed = []

    def compute(identity):
        computed.append(identity)
        return {"upper": (identity[0] or "").upper(), "length": str(len(identity[0] or ""))}

    memo = DerivedMemo()
    rows = [("ann",), ("bo",), ("ann",), (None,), ("bo",)]
    columns = memo.columns(("victim", "names"), ("upper", "length"), iter(rows), compute)
    assert columns["upper"].tolist() == ["ANN", "BO", "ANN", "", "BO"]
    assert columns["length"].tolist() == ["3", "2", "3", "0", "2"]
    assert computed == [("ann",), ("bo",), (None,)]
    # A later file's rows reuse what is known; another group (another person) does not.
    memo.columns(("victim", "names"), ("upper", "length"), iter([("bo",), ("cy",)]), compute)
    memo.columns(("suspect", "names"), ("upper", "length"), iter([("bo",)]), compute)
    assert computed == [("ann",), ("bo",), (None,), ("cy",), ("bo",)]


# -- choosing a date column's format --------------------------------------------------------------

FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%d-%b-%Y", "%Y-%m-%d %H:%M:%S"]
MOMENTS = st.datetimes(min_value=datetime(1930, 1, 1), max_value=datetime(2030, 12, 31))


def written(moment: datetime, fmt: str) -> str:
    return moment.strftime(fmt)


VALUES = st.one_of(
    st.builds(written, MOMENTS, st.sampled_from(FORMATS)),
    st.sampled_from(["unknown", "00/00/0000", "31/02/2020", "13/13/2013", ""]),
)


def every_format_on_every_value(texts, formats, past_only):
    """The plain way: each format tried on each value."""
    readings = {
        fmt: {
            value: parsed
            for value in texts
            if (parsed := _strptime(value, fmt, past_only)) is not None
        }
        for fmt in formats
    }
    readable = set().union(*(reading.keys() for reading in readings.values()))
    candidates = {
        fmt: reading for fmt, reading in readings.items() if len(reading) == len(readable)
    }
    return readable, candidates


@given(
    st.sets(VALUES, max_size=30),
    st.lists(st.sampled_from(FORMATS), min_size=1, max_size=6, unique=True),
    st.booleans(),
)
@example({"01/02/2020", "03/04/2021"}, ["%d/%m/%Y", "%m/%d/%Y"], False)  # both read every value
@example({"2020-01-02", "unknown"}, ["%d/%m/%Y", "%Y-%m-%d"], False)  # the first reads nothing
def test_candidate_formats_are_those_reading_every_readable_value(texts, formats, past_only):
    readable, readings = _candidate_readings(texts, tuple(formats), past_only)
    assert (readable, readings) == every_format_on_every_value(texts, formats, past_only)
