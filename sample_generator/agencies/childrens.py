"""Children's services: episodes with domestic abuse factors, monthly, DfE ethnicity codes.

The parent fields name the adult victim where known: the link that lets the board see families.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator.agencies.common import (
    DFE_ETHNICITY,
    ViewContext,
    code_each,
    format_dates,
    not_stated,
)
from sample_generator.identity import recorded_identities
from sample_generator.submissions import Submission, split_into_submissions, with_truth
from warehouse.registry import Period


def file_name(period: Period) -> str:
    return f"CSC_DA_Episodes_{period.start:%Y%m}.csv"


def render(ctx: ViewContext) -> list[Submission]:
    episodes, people, rng = ctx.world.childrens, ctx.people, ctx.rng
    n = len(episodes)
    child_id = episodes["child_id"].to_numpy()
    named = episodes["parent_named"].to_numpy()
    parent_id = np.where(named, episodes["parent_id"].to_numpy(), -1)
    child = people.loc[child_id]
    child_record = recorded_identities(
        people, child_id, "childrens", rng, ctx.random_surname, dob_only=True
    )
    parent = recorded_identities(
        people,
        episodes["parent_id"].to_numpy(),
        "childrens",
        rng,
        ctx.random_surname,
        ctx.partner_of,
    )
    start = episodes["episode_start"].to_numpy()
    child_refs = {
        int(c): f"C{r}"
        for c, r in zip(
            np.unique(child_id),
            rng.choice(900000, len(np.unique(child_id)), replace=False) + 100000,
            strict=True,
        )
    }
    episode_id = np.array([f"EP{5000001 + i}" for i in range(n)], dtype=object)

    sex = np.where(child["female"], "F", "M")
    sex = np.where(rng.random(n) < 0.01, "U", sex)
    ethnicity = not_stated(code_each(DFE_ETHNICITY, child["ons19"].to_numpy()), 0.06, "NOBT", rng)
    ethnicity = not_stated(ethnicity, 0.02, "REFU", rng)
    ward = child["ward_code"].map(ctx.reference.ward_names).fillna("").to_numpy()
    case = rng.random(n)
    ward = np.where(
        case < 0.03,
        np.char.upper(ward.astype(str)),
        np.where(case < 0.05, np.char.lower(ward.astype(str)), ward),
    )
    ward = np.where(
        ~child["in_coventry"].to_numpy(),
        "Out of City",
        np.where(rng.random(n) < 0.03, "Not Known", ward),
    )
    rows = pd.DataFrame(
        {
            "episode_id": episode_id,
            "child_ref": [child_refs[int(c)] for c in child_id],
            "child_dob": format_dates(child_record["dob"], "%d/%m/%Y"),
            "child_sex": sex,
            "child_ethnicity": ethnicity,
            "child_disability": np.where(child["disabled"], "Y", "N"),
            "episode_start": format_dates(start, "%d/%m/%Y"),
            "referring_agency": episodes["referring_agency"].to_numpy(),
            "assessment_completed": np.where(episodes["assessed"], "Y", "N"),
            "assessment_factors": episodes["factors"].to_numpy(),
            "ward_name": ward,
            "parent_surname": np.where(named, parent["surname"].to_numpy(), ""),
            "parent_forename": np.where(named, parent["forename"].to_numpy(), ""),
            "parent_dob": np.where(named, format_dates(parent["dob"], "%d/%m/%Y"), ""),
            "_sort_key": start,
        }
    )
    with_truth(
        rows,
        true_record_id=episode_id,
        person_id=child_id,
        role="child",
        parent_person_id=parent_id,
        event_date=start,
        ward_code=child["ward_code"].to_numpy(),
        identity_variation=child_record["variation"].to_numpy(),
        other_identity_variation=np.where(named, parent["variation"].to_numpy(), ""),
    )
    return split_into_submissions(ctx.agency, rows, start, file_name, lambda period: "v1", rng)
