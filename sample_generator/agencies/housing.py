"""Council housing options: homelessness cases with domestic abuse, H-CLIC style, by calendar quarter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator.agencies.common import (
    HCLIC_ETHNICITY,
    ViewContext,
    code_each,
    format_dates,
    not_stated,
)
from sample_generator.identity import recorded_identities
from sample_generator.submissions import Submission, split_into_submissions, with_truth
from warehouse.registry import Period


def file_name(period: Period) -> str:
    return f"HCLIC_DA_{period.start.year}Q{(period.start.month - 1) // 3 + 1}.csv"


def render(ctx: ViewContext) -> list[Submission]:
    cases, people, rng = ctx.world.housing, ctx.people, ctx.rng
    n = len(cases)
    victim_id = cases["victim_id"].to_numpy()
    truth = people.loc[victim_id]
    victim = recorded_identities(
        people, victim_id, "housing", rng, ctx.random_surname, ctx.partner_of
    )
    approach = cases["approach_date"].to_numpy()
    case_ref = np.array([f"HO{200001 + i}" for i in range(n)], dtype=object)
    ethnicity = not_stated(
        code_each(HCLIC_ETHNICITY, truth["ons19"].to_numpy()), 0.05, "Not known", rng
    )
    ethnicity = not_stated(ethnicity, 0.02, "Refused", rng)
    reason = cases["reason"].to_numpy()
    rows = pd.DataFrame(
        {
            "case_ref": case_ref,
            "approach_date": format_dates(approach, "%d-%b-%y"),
            "victim_surname": victim["surname"].to_numpy(),
            "victim_forename": victim["forename"].to_numpy(),
            "victim_dob": format_dates(victim["dob"], "%d-%b-%Y"),
            "victim_sex": np.where(truth["female"], "Female", "Male"),
            "victim_ethnicity": ethnicity,
            "victim_disability": np.where(
                truth["disabled"].to_numpy() & (rng.random(n) < 0.6), "Y", "N"
            ),
            "support_need_domestic_abuse": np.where(
                (reason == "Domestic abuse - victim") | (rng.random(n) < 0.9), "Y", "N"
            ),
            "reason_loss_settled_home": reason,
            "duty_owed": cases["duty"].to_numpy(),
            "temporary_accommodation": cases["temporary_accommodation"].to_numpy(),
            "victim_postcode": truth["postcode"].to_numpy(),
            "children_count": cases["children"].astype(str).to_numpy(),
            "_sort_key": approach,
        }
    )
    with_truth(
        rows,
        true_record_id=case_ref,
        person_id=victim_id,
        role="victim",
        event_date=approach,
        ward_code=truth["ward_code"].to_numpy(),
        identity_variation=victim["variation"].to_numpy(),
    )
    return split_into_submissions(ctx.agency, rows, approach, file_name, lambda period: "v1", rng)
