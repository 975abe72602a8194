"""Submissions: the files an agency sends, one per reporting period, before they are written.

A submission holds its rows as a table of the agency's canonical fields (values already formatted
the way the agency writes them) plus truth columns, whose names start with "_", that say who and
what each row really is. Faults change submissions; the writer turns them into files; the ground
truth is read from what was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from sample_generator.periods import agency_periods, due_date, usual_receipt
from warehouse.registry import Agency, Period

# Truth carried beside every row (see ground_truth.py for what each means in records.csv).
TRUTH_DEFAULTS = {
    "_row_uid": -1,
    "_true_record_id": "",
    "_person_id": -1,
    "_role": "",
    "_perpetrator_person_id": -1,
    "_parent_person_id": -1,
    "_event_date": None,
    "_ward_code": "",
    "_identity_variation": "none",
    "_other_identity_variation": "",
    "_counts_as_incident": None,
    "_is_repeat": None,
    "_fault_ids": "",
    "_is_fault_row": False,
}


@dataclass
class Submission:
    agency: str
    period: Period
    file_name: str
    folder: str
    schema_version: str
    rows: pd.DataFrame
    received_at: datetime | None
    due: date
    expected: bool = True
    note: str = ""
    damage: str = ""  # "" | "empty" | "truncated"
    truncate_share: float = 1.0
    copy_of: Submission | None = None  # written as the same bytes as another file
    file_fault_ids: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        """Where the file sits, relative to the inbox."""
        return f"{self.folder}/{self.file_name}"

    @property
    def canonical_columns(self) -> list[str]:
        return [c for c in self.rows.columns if not c.startswith("_")]


def split_into_submissions(
    agency: Agency,
    rows: pd.DataFrame,
    period_date: np.ndarray,
    file_name: Callable[[Period], str],
    schema_version: Callable[[Period], str],
    rng: np.random.Generator,
) -> list[Submission]:
    """One submission per reporting period, holding the rows whose `period_date` falls in it.

    A period with no rows still gets a file with only the header: agencies send nil returns.
    """
    rows = rows.reset_index(drop=True)
    period_date = np.asarray(period_date, dtype="datetime64[D]")
    submissions = []
    for period in agency_periods(agency):
        inside = (period_date >= np.datetime64(period.start)) & (
            period_date <= np.datetime64(period.end)
        )
        chosen = rows[inside].copy()
        order = np.lexsort(
            (chosen["_true_record_id"].astype(str).to_numpy(), np.asarray(chosen["_sort_key"]))
        )
        chosen = chosen.iloc[order].drop(columns="_sort_key").reset_index(drop=True)
        submissions.append(
            Submission(
                agency=agency.agency,
                period=period,
                file_name=file_name(period),
                folder=agency.agency,
                schema_version=schema_version(period),
                rows=chosen,
                received_at=usual_receipt(agency, period, rng),
                due=due_date(agency, period),
            )
        )
    return submissions


def with_truth(frame: pd.DataFrame, **truth) -> pd.DataFrame:
    """Add the truth columns (given ones plus defaults) to a table of canonical fields."""
    n = len(frame)
    for name, default in TRUTH_DEFAULTS.items():
        value = truth.get(name[1:], default)
        frame[name] = value if np.ndim(value) else [value] * n
    return frame


def update_versions(
    agency: Agency, milestones: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows an agency that re-sends changed records writes for each case.

    `milestones` are per-case dates (NaT when not reached), the first being the referral. A case
    gets a row in the period of its referral and again in each later period in which a milestone
    falls. Returns (case index, the date that places the row in its period, the period's end:
    the row shows only milestones reached by then).
    """
    periods = agency_periods(agency)
    starts = np.array([np.datetime64(p.start, "D") for p in periods])
    ends = np.array([np.datetime64(p.end, "D") for p in periods])
    cases, placed = [], []
    for case in range(len(milestones[0])):
        seen = set()
        for dates in milestones:
            when = dates[case]
            if np.isnat(when):
                continue
            period = int(np.searchsorted(starts, when, side="right")) - 1
            if period not in seen:
                seen.add(period)
                cases.append(case)
                placed.append(when)
    placed = np.array(placed, dtype="datetime64[D]")
    as_of = ends[np.searchsorted(starts, placed, side="right") - 1]
    return np.array(cases, dtype=int), placed, as_of
