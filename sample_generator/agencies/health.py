"""IRIS GP identification and referral: no names, NHS numbers, overlapping age bands, by quarter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator import calibration as cal
from sample_generator.agencies.common import (
    NHS_ETHNIC_CATEGORY,
    ViewContext,
    age_at,
    code_each,
    format_dates,
    not_stated,
)
from sample_generator.identity import recorded_identities
from sample_generator.periods import financial_quarter, financial_year_start
from sample_generator.submissions import Submission, split_into_submissions, with_truth
from warehouse.registry import Period


def file_name(period: Period) -> str:
    fy = financial_year_start(period.start)
    return f"IRIS_Coventry_{fy}-{(fy + 1) % 100:02d}_Q{financial_quarter(period.start)}.csv"


def age_band(age: float, rng: np.random.Generator) -> str:
    """The service's bands overlap at 40 and 55; staff pick either band for those ages."""
    if age != age:
        return ""
    if age <= 25:
        return "18-25"
    if age < 40 or (age == 40 and rng.random() < 0.5):
        return "26-40"
    if age < 55 or (age == 55 and rng.random() < 0.5):
        return "40-55"
    return "55+"


def practices(rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic GP practice codes, each in a Coventry postcode district."""
    districts = np.repeat(
        list(cal.HEALTH_PRACTICES_BY_DISTRICT), list(cal.HEALTH_PRACTICES_BY_DISTRICT.values())
    )
    codes = rng.choice(np.arange(1, 1000), len(districts), replace=False)
    return pd.DataFrame({"code": [f"M86{c:03d}" for c in codes], "district": districts})


def render(ctx: ViewContext) -> list[Submission]:
    cases, people, rng = ctx.world.health, ctx.people, ctx.rng
    n = len(cases)
    patient_id = cases["patient_id"].to_numpy()
    truth = people.loc[patient_id]
    patient = recorded_identities(
        people, patient_id, "health", rng, ctx.random_surname, dob_only=True
    )
    referral = cases["referral_date"].to_numpy()
    gp = practices(rng)
    local = rng.random(n) < 0.8
    practice = np.empty(n, dtype=int)
    for i, district in enumerate(truth["district"]):
        same = np.flatnonzero(gp["district"].to_numpy() == district)
        practice[i] = (
            same[rng.integers(0, len(same))] if local[i] and len(same) else rng.integers(0, len(gp))
        )
    district = np.where(rng.random(n) < 0.02, "", truth["district"].to_numpy())
    ethnicity = not_stated(
        code_each(NHS_ETHNIC_CATEGORY, truth["ons19"].to_numpy()), 0.05, "Z", rng
    )
    ethnicity = not_stated(ethnicity, 0.03, "99", rng)
    broad_disability = (
        truth["disabled"].to_numpy()
        | truth["mental_health_need"].to_numpy()
        | (rng.random(n) < 0.7)
    )
    mental_health = (truth["mental_health_need"].to_numpy() & (rng.random(n) < 0.9)) | (
        rng.random(n) < 0.5
    )
    year = pd.Series(referral).dt.year.to_numpy()
    referral_id = np.array(
        [f"IRIS-{y % 100:02d}{i:05d}" for y, i in zip(year, np.arange(n) + 1, strict=True)],
        dtype=object,
    )
    rows = pd.DataFrame(
        {
            "referral_id": referral_id,
            "referral_date": format_dates(referral, "%d/%m/%Y"),
            "gp_practice_code": gp["code"].to_numpy()[practice],
            "gp_postcode_district": gp["district"].to_numpy()[practice],
            "patient_nhs_number": truth["nhs_number"].to_numpy(),
            "patient_dob": format_dates(patient["dob"], "%d/%m/%Y"),
            "patient_sex": np.where(truth["female"], "Female", "Males"),
            "patient_role": cases["role"].to_numpy(),
            "patient_ethnicity": ethnicity,
            "patient_age_band": [
                age_band(a, rng) for a in age_at(truth["dob"].to_numpy(), referral)
            ],
            "patient_reported_district": district,
            "patient_disability": np.where(broad_disability, "Y", "N"),
            "patient_mental_health_need": np.where(mental_health, "Y", "N"),
            "_sort_key": referral,
        }
    )
    with_truth(
        rows,
        true_record_id=referral_id,
        person_id=patient_id,
        role=np.where(cases["role"] == "Victim", "victim", "person_who_harms"),
        event_date=referral,
        ward_code=truth["ward_code"].to_numpy(),
        identity_variation=patient["variation"].to_numpy(),
    )
    return split_into_submissions(ctx.agency, rows, referral, file_name, lambda period: "v1", rng)
