"""West Midlands Police: one row per DA-flagged incident and victim, monthly.

Two records systems: v1 (upper case, ward names, broad ethnicity, Windows-1252) until the fault
plan's schema change, then v2 (Title Case, location postcode, self-defined 18+1 and officer-observed
IC ethnicity). Person references change with the system: migrated people get new v2 refs.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from sample_generator.agencies.common import (
    POLICE_BROAD,
    POLICE_OFFICER_OBSERVED,
    POLICE_SELF_DEFINED,
    ViewContext,
    age_at,
    choose_each,
    code_each,
    drift_share,
    format_dates,
    plain_upper,
    text_or_blank,
)
from sample_generator.identity import recorded_identities
from sample_generator.submissions import Submission, split_into_submissions, with_truth
from warehouse.registry import Period

KEEP_UPPER = {"DA", "DV", "MARAC", "ABH", "GBH", "S1(1)", "E&W", "NRM/"}


def title_case(label: str) -> str:
    """The v2 system's Title Case: "CLARE'S LAW" -> "Clare's Law", acronyms kept."""
    words = []
    for word in label.split(" "):
        if word in KEEP_UPPER or not re.search("[A-Z]", word):
            words.append(word)
        else:
            words.append(
                re.sub(
                    r"[A-Za-z]+('[A-Za-z]+)?",
                    lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(),
                    word,
                )
            )
    return " ".join(words)


def file_name(period: Period) -> str:
    return f"WMP_DA_Coventry_{period.start:%Y%m}.csv"


def person_refs(
    ids: np.ndarray, prefix: str, digits: int, rng: np.random.Generator
) -> dict[int, str]:
    """A stable random reference per person, unique within the system."""
    unique = np.unique(ids[ids >= 0])
    numbers = rng.choice(10**digits - 10 ** (digits - 1), len(unique), replace=False) + 10 ** (
        digits - 1
    )
    return {int(p): f"{prefix}{n}" for p, n in zip(unique, numbers, strict=True)}


def render(ctx: ViewContext) -> list[Submission]:
    incidents = ctx.world.police
    people, rng, n = ctx.people, ctx.rng, len(ctx.world.police)
    when = incidents["recorded_at"].to_numpy()
    v2_from = np.datetime64(ctx.plan.schema_change_month("police") or "9999-12", "M")
    v2 = when.astype("datetime64[M]") >= v2_from
    v1 = ~v2

    victim_id = incidents["victim_id"].to_numpy()
    linked = incidents["suspect_linked"].to_numpy()
    harm_id = np.where(linked, incidents["perp_id"].to_numpy(), -1)
    victim = recorded_identities(
        people, victim_id, "police", rng, ctx.random_surname, ctx.partner_of
    )
    harm = recorded_identities(people, np.maximum(harm_id, 0), "police", rng, ctx.random_surname)
    truth_victim = people.loc[victim_id]

    v1_refs = person_refs(np.concatenate([victim_id, harm_id]), "N", 8, rng)
    v2_refs = person_refs(np.concatenate([victim_id, harm_id]), "PR", 10, rng)
    year = pd.Series(when).dt.year.to_numpy()
    sequence = pd.Series(np.arange(n)).groupby(year).cumcount().to_numpy() + rng.integers(100, 900)
    incident_ref = np.where(
        v1,
        [f"CV{y % 100:02d}{s:06d}" for y, s in zip(year, sequence, strict=True)],
        [f"{y % 100:02d}/{s:06d}/CV" for y, s in zip(year, sequence, strict=True)],
    )

    def by_version(old: np.ndarray, new: np.ndarray) -> np.ndarray:
        return np.where(v1, old, new)

    def names(values: np.ndarray, middle: np.ndarray | None = None) -> np.ndarray:
        upper_of = {v: plain_upper(v) for v in set(values)}  # names repeat: convert each once
        upper = np.array([upper_of[v] for v in values], dtype=object)
        full = (
            values
            if middle is None
            else np.array(
                [f"{v} {m}".strip() for v, m in zip(values, middle, strict=True)], dtype=object
            )
        )
        return by_version(upper, full)

    broad = code_each(POLICE_BROAD, truth_victim["ons19"].to_numpy())
    self_defined = code_each(POLICE_SELF_DEFINED, truth_victim["ons19"].to_numpy())
    drift = drift_share(ctx, "victim_ethnicity", when)
    if drift:
        undisclosed = rng.random(n) < drift[1]
        broad = np.where(undisclosed, drift[0], broad)
        self_defined = np.where(undisclosed, "NS", self_defined)
    broad = np.where(rng.random(n) < 0.001, "", broad)
    recorded_sex = np.where(truth_victim["female"].to_numpy(), "FEMALE", "MALE")
    recorded_sex = np.where(rng.random(n) < 0.015, "UNKNOWN", recorded_sex)
    age = age_at(truth_victim["dob"].to_numpy(), when)
    age = np.where(
        (victim["variation"] == "no_dob").to_numpy() & (rng.random(n) < 0.5), np.nan, age
    )
    ward = (
        pd.Series(incidents["location_ward"])
        .map(ctx.reference.ward_names)
        .fillna("")
        .str.upper()
        .to_numpy()
    )

    rows = pd.DataFrame(
        {
            "incident_ref": incident_ref,
            "recorded_at": by_version(
                format_dates(when, "%d/%m/%Y %H:%M"), format_dates(when, "%Y-%m-%d %H:%M:%S")
            ),
            "offence_desc": by_version(
                incidents["offence"].to_numpy(),
                np.array([title_case(o) for o in incidents["offence"]], dtype=object),
            ),
            "crime_flag": by_version(
                np.where(incidents["is_crime"], "CRIME", "NON CRIME"),
                np.where(incidents["is_crime"], "Crime", "Non-Crime"),
            ),
            "ward_name": ward,
            "location_postcode": incidents["location_postcode"].to_numpy(),
            "victim_ref": by_version(
                np.array([v1_refs[v] for v in victim_id], dtype=object),
                np.array([v2_refs[v] for v in victim_id], dtype=object),
            ),
            "victim_surname": names(victim["surname"].to_numpy()),
            "victim_forename": names(
                victim["forename"].to_numpy(), truth_victim["middle_name"].to_numpy()
            ),
            "victim_dob": by_version(
                format_dates(victim["dob"], "%d/%m/%Y"), format_dates(victim["dob"], "%Y-%m-%d")
            ),
            "victim_sex": by_version(
                recorded_sex, np.array([s.title() for s in recorded_sex], dtype=object)
            ),
            "victim_age": text_or_blank(age),
            "victim_ethnicity_broad": broad,
            "victim_ethnicity_self_defined": self_defined,
            "victim_ethnicity_officer": choose_each(
                POLICE_OFFICER_OBSERVED, truth_victim["ons19"].to_numpy(), rng
            ),
            "perpetrator_ref": np.where(
                linked,
                by_version(
                    np.array([v1_refs.get(h, "") for h in harm_id], dtype=object),
                    np.array([v2_refs.get(h, "") for h in harm_id], dtype=object),
                ),
                "",
            ),
            "perpetrator_surname": np.where(linked, names(harm["surname"].to_numpy()), ""),
            "perpetrator_forename": np.where(linked, names(harm["forename"].to_numpy()), ""),
            "perpetrator_dob": np.where(
                linked,
                by_version(
                    format_dates(harm["dob"], "%d/%m/%Y"), format_dates(harm["dob"], "%Y-%m-%d")
                ),
                "",
            ),
            "injury": by_version(
                incidents["injury"].to_numpy(),
                np.array([i.title() for i in incidents["injury"]], dtype=object),
            ),
            "_sort_key": when,
        }
    )
    with_truth(
        rows,
        true_record_id=incident_ref,
        person_id=victim_id,
        role="victim",
        perpetrator_person_id=harm_id,
        event_date=when.astype("datetime64[D]"),
        ward_code=incidents["location_ward"].to_numpy(),
        identity_variation=victim["variation"].to_numpy(),
        other_identity_variation=np.where(linked, harm["variation"].to_numpy(), ""),
        counts_as_incident=incidents["counts_as_incident"].to_numpy(),
    )

    def version(period: Period) -> str:
        return "v2" if np.datetime64(period.start, "M") >= v2_from else "v1"

    return split_into_submissions(ctx.agency, rows, when, file_name, version, rng)
