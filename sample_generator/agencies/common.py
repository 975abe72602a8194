"""What every agency view needs: its context, date formatting, ages and ethnicity code lists.

Each agency codes a person's true Census 2021 ethnic group (ons19, codes 1-19) in its own scheme;
the maps below are the agencies' schemes (research/safelives_and_coding_standards.md §2.4).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sample_generator.faults import FaultPlan
from sample_generator.journeys import World
from sample_generator.names import NamePools
from sample_generator.periods import MONTH_ABBR, SAMPLE_END, SAMPLE_START
from sample_generator.reference import Reference
from warehouse.registry import Agency


@dataclass
class ViewContext:
    world: World
    agency: Agency
    plan: FaultPlan
    reference: Reference
    names: NamePools
    rng: np.random.Generator

    @property
    def people(self) -> pd.DataFrame:
        return self.world.people.table()

    def random_surname(self, locale: str) -> str:
        pool = self.names.pools[locale].surnames
        return str(pool[self.rng.integers(0, len(pool))])

    def partner_of(self, ids: np.ndarray) -> np.ndarray:
        return self.world.households.partners_of(ids)


def progress(when: np.ndarray) -> np.ndarray:
    """How far through the sample period each date is, 0 to 1 (for drifting rates)."""
    start, end = np.datetime64(SAMPLE_START, "D"), np.datetime64(SAMPLE_END, "D")
    return (np.asarray(when, dtype="datetime64[D]") - start).astype(float) / (end - start).astype(
        float
    )


def drift_share(ctx: ViewContext, field: str, when: np.ndarray) -> tuple[str, np.ndarray] | None:
    """The recording_drift entry for a field: its value and the share of rows that get it."""
    entry = ctx.plan.first("recording_drift", ctx.agency.agency, field=field)
    if entry is None:
        return None
    return str(entry["value"]), entry["start"] + (entry["end"] - entry["start"]) * progress(when)


def format_dates(values, pattern: str) -> np.ndarray:
    """Dates as text in `pattern`, "" where missing. Month names are English whatever the
    machine's locale: %b is filled in from a fixed table."""
    stamps = pd.to_datetime(pd.Series(values)).reset_index(drop=True)
    if "%b" in pattern:
        months = stamps.dt.month.map(lambda m: MONTH_ABBR[int(m)] if m == m else "")
        text = stamps.dt.strftime(pattern.replace("%b", "{month}"))
        text = pd.Series(
            [
                t.format(month=m) if isinstance(t, str) else t
                for t, m in zip(text, months, strict=True)
            ]
        )
    else:
        text = stamps.dt.strftime(pattern)
    return text.fillna("").to_numpy(dtype=object)


def excel_dates(values) -> np.ndarray:
    """Dates as Python dates for a workbook (real Excel dates), None where missing."""
    stamps = pd.to_datetime(pd.Series(values))
    return np.array([None if pd.isna(s) else s.date() for s in stamps], dtype=object)


def age_at(dob, when) -> np.ndarray:
    """Whole years between date of birth and event (float, NaN where the date of birth is missing)."""
    dob = pd.to_datetime(pd.Series(dob)).reset_index(drop=True)
    when = pd.to_datetime(pd.Series(when)).reset_index(drop=True)
    years = (
        when.dt.year
        - dob.dt.year
        - (
            (when.dt.month < dob.dt.month)
            | ((when.dt.month == dob.dt.month) & (when.dt.day < dob.dt.day))
        )
    )
    return years.to_numpy(dtype=float)


def text_or_blank(values) -> np.ndarray:
    return np.array(["" if pd.isna(v) else str(int(v)) for v in values], dtype=object)


def iso(values) -> np.ndarray:
    return format_dates(values, "%Y-%m-%d")


def plain_upper(text: str) -> str:
    """Upper case as a legacy Windows-1252 system holds names: letters it has (É, Ó, Ü) stay,
    others lose their accents (Ł -> L, Ś -> S)."""
    out = []
    for char in text.upper():
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = "L" if char == "Ł" else unicodedata.normalize("NFKD", char)[:1]
            out.append(base if base.encode("cp1252", errors="ignore") else "?")
    return "".join(out)


def choose_each(
    options: dict[int, dict[str, float]], codes: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Per row, a label drawn from `options[code]` (a {label: weight} mix)."""
    out = np.empty(len(codes), dtype=object)
    for code, mix in options.items():
        rows = np.flatnonzero(codes == code)
        labels = list(mix)
        probs = np.array(list(mix.values()), dtype=float)
        out[rows] = np.array(labels, dtype=object)[
            rng.choice(len(labels), len(rows), p=probs / probs.sum())
        ]
    return out


def not_stated(codes: np.ndarray, share, value: str, rng: np.random.Generator) -> np.ndarray:
    """Replace a share of codes (a number or one per row) with the scheme's not-stated value."""
    return np.where(rng.random(len(codes)) < share, value, codes)


# Census 2021 ethnic group (1-19) in each agency's scheme.
POLICE_BROAD = {
    **dict.fromkeys(range(1, 6), "ASIAN"),
    **dict.fromkeys(range(6, 9), "BLACK"),
    **dict.fromkeys(range(9, 13), "MIXED"),
    **dict.fromkeys(range(13, 18), "WHITE"),
    18: "OTHER",
    19: "OTHER",
}
POLICE_SELF_DEFINED = {
    1: "A3",
    2: "A4",
    3: "A1",
    4: "A2",
    5: "A9",
    6: "B2",
    7: "B1",
    8: "B9",
    9: "M3",
    10: "M2",
    11: "M1",
    12: "M9",
    13: "W1",
    14: "W2",
    15: "W3",
    16: "W9",
    17: "W9",
    18: "O2",
    19: "O9",
}
# What an officer sees is not what a person says: observed codes only roughly follow the group.
POLICE_OFFICER_OBSERVED = {
    **{code: {"IC4": 0.9, "IC1": 0.05, "IC9": 0.05} for code in (1, 3, 4, 5)},
    2: {"IC5": 0.9, "IC9": 0.1},
    **{code: {"IC3": 0.92, "IC9": 0.08} for code in (6, 7, 8)},
    9: {"IC1": 0.45, "IC4": 0.45, "IC9": 0.1},
    10: {"IC3": 0.6, "IC1": 0.3, "IC9": 0.1},
    11: {"IC3": 0.6, "IC1": 0.3, "IC9": 0.1},
    12: {"IC1": 0.5, "IC3": 0.2, "IC4": 0.2, "IC9": 0.1},
    **{code: {"IC1": 0.93, "IC9": 0.07} for code in (13, 14, 15)},
    16: {"IC2": 0.5, "IC1": 0.4, "IC9": 0.1},
    17: {"IC1": 0.7, "IC2": 0.22, "IC9": 0.08},
    18: {"IC6": 0.8, "IC2": 0.1, "IC9": 0.1},
    19: {"IC6": 0.3, "IC4": 0.2, "IC1": 0.2, "IC2": 0.1, "IC9": 0.2},
}
NHS_ETHNIC_CATEGORY = {
    13: "A",
    14: "B",
    15: "C",
    16: "C",
    17: "C",
    11: "D",
    10: "E",
    9: "F",
    12: "G",
    3: "H",
    4: "J",
    1: "K",
    5: "L",
    7: "M",
    6: "N",
    8: "P",
    2: "R",
    18: "S",
    19: "S",
}
DFE_ETHNICITY = {
    13: "WBRI",
    14: "WIRI",
    15: "WIRT",
    16: "WROM",
    17: "WOTH",
    11: "MWBC",
    10: "MWBA",
    9: "MWAS",
    12: "MOTH",
    3: "AIND",
    4: "APKN",
    1: "ABAN",
    5: "AOTH",
    7: "BCRB",
    6: "BAFR",
    8: "BOTH",
    2: "CHNE",
    18: "OOTH",
    19: "OOTH",
}
HCLIC_ETHNICITY = {
    13: "White: English, Welsh, Scottish, Northern Irish or British",
    14: "White: Irish",
    15: "White: Gypsy or Irish Traveller",
    16: "White: Any other White background",
    17: "White: Any other White background",
    11: "Mixed: White and Black Caribbean",
    10: "Mixed: White and Black African",
    9: "Mixed: White and Asian",
    12: "Mixed: Any other Mixed background",
    3: "Asian or Asian British: Indian",
    4: "Asian or Asian British: Pakistani",
    1: "Asian or Asian British: Bangladeshi",
    2: "Asian or Asian British: Chinese",
    5: "Asian or Asian British: Any other Asian background",
    6: "Black or Black British: African",
    7: "Black or Black British: Caribbean",
    8: "Black or Black British: Any other Black background",
    18: "Other ethnic group: Arab",
    19: "Other ethnic group: Any other ethnic group",
}


def code_each(mapping: dict[int, str], codes: np.ndarray) -> np.ndarray:
    return np.array([mapping[int(c)] for c in codes], dtype=object)
