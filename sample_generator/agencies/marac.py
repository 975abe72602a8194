"""MARAC coordinator: cases discussed, one workbook per financial quarter.

One name field ("Surname, Forename"), real Excel dates, BAME as SafeLives records it (victim or
perpetrator), and disability recorded for far fewer victims than are disabled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator.agencies.common import ViewContext, drift_share, excel_dates
from sample_generator.identity import recorded_identities
from sample_generator.periods import financial_quarter, financial_year_start
from sample_generator.submissions import Submission, split_into_submissions, with_truth
from warehouse.registry import Period


def file_name(period: Period) -> str:
    fy = financial_year_start(period.start)
    return f"Coventry MARAC Q{financial_quarter(period.start)} {fy}-{(fy + 1) % 100:02d}.xlsx"


def full_names(identity: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """ "Surname, Forename", the surname in capitals on most rows (coordinators differ)."""
    capitals = rng.random(len(identity)) < 0.6
    return np.array(
        [
            f"{s.upper() if c else s}, {f}"
            for s, f, c in zip(identity["surname"], identity["forename"], capitals, strict=True)
        ],
        dtype=object,
    )


def render(ctx: ViewContext) -> list[Submission]:
    cases, people, rng = ctx.world.marac, ctx.people, ctx.rng
    n = len(cases)
    meeting = cases["meeting_date"].to_numpy()
    victim_id = cases["victim_id"].to_numpy()
    named = cases["perp_named"].to_numpy() & (cases["perp_id"].to_numpy() >= 0)
    harm_id = np.where(named, cases["perp_id"].to_numpy(), -1)
    victim = recorded_identities(
        people, victim_id, "marac", rng, ctx.random_surname, ctx.partner_of
    )
    harm = recorded_identities(people, np.maximum(harm_id, 0), "marac", rng, ctx.random_surname)
    truth = people.loc[victim_id]
    harm_truth = people.loc[np.maximum(cases["perp_id"].to_numpy(), 0)]

    minoritised = (truth["ons5"].to_numpy() != "White") | (
        (harm_truth["ons5"].to_numpy() != "White") & (cases["perp_id"].to_numpy() >= 0)
    )
    disabled = truth["disabled"].to_numpy()
    disability = np.where(rng.random(n) < 0.08, "Not known", "N")
    drift = drift_share(ctx, "victim_disability", meeting)
    if drift:  # only a fraction of disabled victims are recorded as such
        recorded = disabled & (rng.random(n) < drift[1] / max(disabled.mean(), 1e-9))
        disability = np.where(recorded, drift[0], disability)
    fy = pd.Series(meeting).dt.year.to_numpy() - (pd.Series(meeting).dt.month.to_numpy() < 4)
    sequence = pd.Series(np.arange(n)).groupby(fy).cumcount().to_numpy() + 1
    case_no = np.array(
        [f"M{y % 100:02d}-{s:04d}" for y, s in zip(fy, sequence, strict=True)], dtype=object
    )

    rows = pd.DataFrame(
        {
            "case_no": case_no,
            "meeting_date": excel_dates(meeting),
            "referral_date": excel_dates(cases["referral_date"]),
            "referring_agency": cases["referring_agency"].to_numpy(),
            "victim_full_name": full_names(victim, rng),
            "victim_dob": excel_dates(victim["dob"]),
            "victim_sex": np.where(truth["female"], "F", "M"),
            "victim_postcode": truth["postcode"].to_numpy(),
            "bame_victim_or_perpetrator": np.where(
                rng.random(n) < 0.03, "", np.where(minoritised, "Y", "N")
            ),
            "victim_lgbt": np.where(truth["lgbt"].to_numpy() & (rng.random(n) < 0.4), "Y", "N"),
            "victim_disability": disability,
            "repeat_case": np.where(cases["is_repeat"], "Y", "N"),
            "children_count": cases["children"].to_numpy(),
            "dash_score": cases["dash"].to_numpy(),
            "perpetrator_full_name": np.where(named, full_names(harm, rng), None),
            "perpetrator_dob": np.where(named, excel_dates(harm["dob"]), None),
            "perpetrator_sex": np.where(named, np.where(harm_truth["female"], "F", "M"), None),
            "_sort_key": meeting,
        }
    )
    with_truth(
        rows,
        true_record_id=case_no,
        person_id=victim_id,
        role="victim",
        perpetrator_person_id=harm_id,
        event_date=meeting,
        ward_code=truth["ward_code"].to_numpy(),
        identity_variation=victim["variation"].to_numpy(),
        other_identity_variation=np.where(named, harm["variation"].to_numpy(), ""),
        is_repeat=cases["is_repeat"].to_numpy(),
    )
    return split_into_submissions(ctx.agency, rows, meeting, file_name, lambda period: "v1", rng)
