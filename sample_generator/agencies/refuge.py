"""Valley House safe accommodation: referrals and stays, a workbook per month; women only.

Initials instead of names, ethnicity as staff type it, and the previous ward or "Out of City".
A referral's row is repeated in the month she moves in and the month she moves out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator import calibration as cal
from sample_generator.agencies.common import ViewContext, age_at, excel_dates
from sample_generator.identity import recorded_identities
from sample_generator.periods import MONTH_ABBR
from sample_generator.submissions import (
    Submission,
    split_into_submissions,
    update_versions,
    with_truth,
)
from warehouse.registry import Period

# Census 2021 group -> how staff write it (several spellings for some).
FREE_TEXT_ETHNICITY = {
    13: ["White British", "White British", "White british", "WHITE BRITISH", "White - British"],
    14: ["White Irish", "Irish"],
    15: ["Traveller", "Irish Traveller"],
    16: ["Roma", "White European"],
    17: ["White European", "White Other", "Polish", "white european"],
    11: ["Mixed White And Black Caribbean", "Mixed White and Black Caribbean"],
    10: ["Mixed White And Black African"],
    9: ["Mixed White And Asian", "Mixed White and Asian"],
    12: ["Mixed Other", "Other Mixed Background"],
    3: ["Indian", "Asian Indian"],
    4: ["Pakistani", "Asian Pakistani", "pakistani"],
    1: ["Bangladeshi"],
    2: ["Chinese"],
    5: ["Other Asian Background", "Other Asian"],
    6: ["African", "Black African", "african"],
    7: ["Caribbean", "Black Caribbean"],
    8: ["Other Black Background"],
    18: ["Arab", "Other Ethnic Group"],
    19: ["Other Ethnic Group", "Other"],
}
MUSLIM_MAJORITY_GROUPS = (1, 4, 18)


def file_name(period: Period) -> str:
    return f"Valley House Monthly Return {MONTH_ABBR[period.start.month]} {period.start.year}.xlsx"


def initials(forename: str, surname: str, dotted: bool) -> str:
    letters = [
        forename[:1].upper(),
        *(part[:1].upper() for part in surname.replace("-", " ").split()),
    ]
    return ".".join(letters) + "." if dotted else "".join(letters)


def render(ctx: ViewContext) -> list[Submission]:
    cases, people, rng = ctx.world.refuge, ctx.people, ctx.rng
    n = len(cases)
    victim_id = cases["victim_id"].to_numpy()
    truth = people.loc[victim_id]
    victim = recorded_identities(
        people, victim_id, "refuge", rng, ctx.random_surname, ctx.partner_of
    )
    referral = cases["referral_date"].to_numpy()
    year = pd.Series(referral).dt.year.to_numpy()
    sequence = pd.Series(np.arange(n)).groupby(year).cumcount().to_numpy() + 1
    ref_no = np.array(
        [f"VH/{y}/{s:03d}" for y, s in zip(year, sequence, strict=True)], dtype=object
    )

    risk = cases["risk_level"].to_numpy()
    early = referral < np.datetime64("2021-04-01")
    unknown_risk = early & (rng.random(n) < cal.REFUGE_RISK_UNKNOWN_SHARE_BEFORE_APRIL_2021)
    risk = np.where(unknown_risk, np.where(rng.random(n) < 0.5, "Not Known", "N/A"), risk)
    ethnicity = np.array(
        [
            FREE_TEXT_ETHNICITY[c][rng.integers(0, len(FREE_TEXT_ETHNICITY[c]))]
            for c in truth["ons19"]
        ],
        dtype=object,
    )
    ethnicity = np.where(rng.random(n) < 0.03, "", ethnicity)
    religions = list(cal.REFUGE_RELIGION)
    probs = np.array(list(cal.REFUGE_RELIGION.values()))
    religion = np.array(religions, dtype=object)[
        rng.choice(len(religions), n, p=probs / probs.sum())
    ]
    muslim = np.isin(truth["ons19"].to_numpy(), MUSLIM_MAJORITY_GROUPS) & (rng.random(n) < 0.85)
    religion = np.where(
        muslim, "Islam/Muslim", np.where(religion == "Islam/Muslim", "No Religion", religion)
    )
    orientation = np.where(
        truth["lgbt"].to_numpy(),
        np.where(rng.random(n) < 0.4, "Gay Women / Lesbian", "Bisexual"),
        "Heterosexual",
    )
    needs = [
        "; ".join(k for k, p in cal.REFUGE_SUPPORT_NEEDS.items() if rng.random() < p)
        for _ in range(n)
    ]
    ward = np.where(
        truth["in_coventry"].to_numpy(),
        truth["ward_code"].map(ctx.reference.ward_names).fillna("").to_numpy(),
        "Out of City",
    )
    dotted = rng.random(n) < 0.3

    case, placed, as_of = update_versions(
        ctx.agency, [referral, cases["move_in"].to_numpy(), cases["move_out"].to_numpy()]
    )
    move_in = cases["move_in"].to_numpy()[case]
    move_out = cases["move_out"].to_numpy()[case]
    moved_in = ~np.isnat(move_in) & (move_in <= as_of)
    moved_out = ~np.isnat(move_out) & (move_out <= as_of)
    v = victim.iloc[case]
    rows = pd.DataFrame(
        {
            "ref_no": ref_no[case],
            "referral_date": excel_dates(referral[case]),
            "referral_source": cases["referral_source"].to_numpy()[case],
            "risk_level": risk[case],
            "outcome": cases["outcome"].to_numpy()[case],
            "move_in_date": np.where(moved_in, excel_dates(move_in), None),
            "move_out_date": np.where(moved_out, excel_dates(move_out), None),
            "move_on_outcome": np.where(moved_out, cases["move_on"].to_numpy()[case], None),
            "victim_initials": [
                initials(f, s, d)
                for f, s, d in zip(v["forename"], v["surname"], dotted[case], strict=True)
            ],
            "victim_dob": excel_dates(v["dob"]),
            "victim_age": np.array(
                [
                    None if a != a else int(a)
                    for a in age_at(truth["dob"].to_numpy()[case], referral[case])
                ],
                dtype=object,
            ),
            "victim_ethnicity": ethnicity[case],
            "victim_religion": religion[case],
            "victim_sexual_orientation": orientation[case],
            "children_count": cases["children"].to_numpy()[case],
            "support_needs": np.array(needs, dtype=object)[case],
            "previous_ward": ward[case],
            "_sort_key": placed,
        }
    )
    with_truth(
        rows,
        true_record_id=ref_no[case],
        person_id=victim_id[case],
        role="victim",
        event_date=referral[case],
        ward_code=truth["ward_code"].to_numpy()[case],
        identity_variation=victim["variation"].to_numpy()[case],
    )
    return split_into_submissions(ctx.agency, rows, placed, file_name, lambda period: "v1", rng)
