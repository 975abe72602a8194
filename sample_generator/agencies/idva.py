"""Coventry Haven IDVA service: intakes and closures, monthly, UTF-8 with a byte-order mark.

A client's row is sent in the month of referral and again, updated, in the month the case closes;
the newer row wins. A row never shows a closure that had not happened by the end of its month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator.agencies.common import (
    NHS_ETHNIC_CATEGORY,
    ViewContext,
    code_each,
    iso,
    not_stated,
)
from sample_generator.identity import recorded_identities
from sample_generator.submissions import Submission, split_into_submissions, with_truth
from warehouse.registry import Period


def file_name(period: Period) -> str:
    return f"haven_idva_{period.start:%Y-%m}.csv"


def render(ctx: ViewContext) -> list[Submission]:
    cases, people, rng = ctx.world.idva, ctx.people, ctx.rng
    n = len(cases)
    victim_id = cases["victim_id"].to_numpy()
    truth = people.loc[victim_id]
    victim = recorded_identities(people, victim_id, "idva", rng, ctx.random_surname, ctx.partner_of)
    referral = cases["referral_date"].to_numpy()
    client_id = np.array([f"HAV-{10001 + i:05d}" for i in range(n)], dtype=object)

    ethnicity = not_stated(
        code_each(NHS_ETHNIC_CATEGORY, truth["ons19"].to_numpy()), 0.06, "Z", rng
    )
    ethnicity = not_stated(ethnicity, 0.03, "99", rng)
    disabled = truth["disabled"].to_numpy()
    disability = np.where(
        disabled,
        np.where(rng.random(n) < 0.8, "Yes", "Not disclosed"),
        np.where(rng.random(n) < 0.88, "No", "Not disclosed"),
    )
    gender = np.where(truth["female"], "Female", "Male")
    gender = np.where(
        rng.random(n) < 0.005,
        "Non-binary",
        np.where(rng.random(n) < 0.01, "Prefer not to say", gender),
    )
    orientation = np.where(
        truth["lgbt"].to_numpy(),
        np.where(rng.random(n) < 0.6, "Gay or Lesbian", "Bisexual"),
        np.where(rng.random(n) < 0.9, "Heterosexual", "Prefer not to say"),
    )
    intake = pd.DataFrame(
        {
            "client_id": client_id,
            "referral_date": iso(referral),
            "referral_source": cases["referral_source"].to_numpy(),
            "risk_level": cases["risk_level"].to_numpy(),
            "dash_score": cases["dash"].astype(str).to_numpy(),
            "victim_forename": victim["forename"].to_numpy(),
            "victim_surname": victim["surname"].to_numpy(),
            "victim_dob": iso(victim["dob"]),
            "victim_sex": gender,
            "victim_ethnicity": ethnicity,
            "victim_disability": disability,
            "victim_mental_health_need": np.where(
                truth["mental_health_need"].to_numpy() & (rng.random(n) < 0.85), "Y", "N"
            ),
            "victim_sexual_orientation": orientation,
            "victim_postcode": truth["postcode"].to_numpy(),
            "children_count": cases["children"].astype(str).to_numpy(),
            "closed_date": "",
            "outcome_physical_abuse_stopped": "",
            "outcome_feels_safer": "",
            "_sort_key": referral,
        }
    )
    with_truth(
        intake,
        true_record_id=client_id,
        person_id=victim_id,
        role="victim",
        event_date=referral,
        ward_code=truth["ward_code"].to_numpy(),
        identity_variation=victim["variation"].to_numpy(),
    )
    # The closure: in the referral month's row if it closed that month, else a later updated row.
    closed = cases["closed_date"].to_numpy()
    has_closed = ~np.isnat(closed)
    same_month = has_closed & (closed.astype("datetime64[M]") == referral.astype("datetime64[M]"))
    closure_values = {
        "closed_date": iso(closed),
        "outcome_physical_abuse_stopped": cases["outcome_stopped"].to_numpy(),
        "outcome_feels_safer": cases["outcome_safer"].to_numpy(),
    }
    for column, values in closure_values.items():
        intake.loc[same_month, column] = values[same_month]
    update = intake[has_closed & ~same_month].copy()
    later = np.flatnonzero(has_closed & ~same_month)
    for column, values in closure_values.items():
        update[column] = values[later]
    update["_sort_key"] = closed[later]
    rows = pd.concat([intake, update], ignore_index=True)
    period_date = np.concatenate([referral, closed[later]])
    return split_into_submissions(
        ctx.agency, rows, period_date, file_name, lambda period: "v1", rng
    )
