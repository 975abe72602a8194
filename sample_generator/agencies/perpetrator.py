"""Choose2Change: the programme for people who harm, a workbook per financial quarter.

No ethnicity column at all; CYP status at closure mostly blank and length of abuse mostly
"Not known", as the real returns are. A client's row is repeated in the quarter of assessment and
of exit, showing what had happened by the end of that quarter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator.agencies.common import ViewContext, age_at, excel_dates
from sample_generator.identity import recorded_identities
from sample_generator.periods import financial_quarter, financial_year_start
from sample_generator.submissions import (
    Submission,
    split_into_submissions,
    update_versions,
    with_truth,
)
from warehouse.registry import Period

DISABILITY_TYPES = {
    "Mental Health Issues": 0.5,
    "Learning Disability": 0.2,
    "Physical Disability": 0.2,
    "Sensory Disability": 0.1,
}


def file_name(period: Period) -> str:
    return (
        f"C2C_Coventry_{financial_year_start(period.start)}_Q{financial_quarter(period.start)}.xlsx"
    )


def render(ctx: ViewContext) -> list[Submission]:
    cases, people, rng = ctx.world.perpetrator, ctx.people, ctx.rng
    n = len(cases)
    person_id = cases["person_id"].to_numpy()
    truth = people.loc[person_id]
    person = recorded_identities(people, person_id, "perpetrator", rng, ctx.random_surname)
    referral = cases["referral_date"].to_numpy()
    client_ref = np.array([f"C2C-{1001 + i}" for i in range(n)], dtype=object)
    types = list(DISABILITY_TYPES)
    disability = np.array(types, dtype=object)[
        rng.choice(len(types), n, p=list(DISABILITY_TYPES.values()))
    ]
    mental_health_only = truth["mental_health_need"].to_numpy() & (rng.random(n) < 0.3)
    disability = np.where(
        truth["disabled"].to_numpy(),
        disability,
        np.where(mental_health_only, "Mental Health Issues", None),
    )

    assessment = cases["assessment_date"].to_numpy()
    exit_day = cases["exit_date"].to_numpy()
    case, placed, as_of = update_versions(ctx.agency, [referral, assessment, exit_day])
    assessed = ~np.isnat(assessment[case]) & (assessment[case] <= as_of)
    exited = ~np.isnat(exit_day[case]) & (exit_day[case] <= as_of)
    full = cases["full_assessment"].to_numpy()[case]
    # Modules build up over the programme: a row before exit shows part of them.
    modules = np.where(
        exited,
        cases["modules"].to_numpy()[case],
        np.where(assessed, np.minimum(cases["modules"].to_numpy()[case], 3), 0),
    )
    p = person.iloc[case]
    rows = pd.DataFrame(
        {
            "client_ref": client_ref[case],
            "referral_date": excel_dates(referral[case]),
            "referral_source": cases["source"].to_numpy()[case],
            "full_assessment": np.where(full & assessed, "Yes", "No"),
            "assessment_date": np.where(assessed, excel_dates(assessment[case]), None),
            "modules_completed": modules,
            "exit_date": np.where(exited, excel_dates(exit_day[case]), None),
            "exit_reason": np.where(exited, cases["exit_reason"].to_numpy()[case], None),
            "perpetrator_surname": p["surname"].to_numpy(),
            "perpetrator_forename": p["forename"].to_numpy(),
            "perpetrator_dob": excel_dates(p["dob"]),
            "perpetrator_sex": np.where(truth["female"].to_numpy()[case], "Female", "Male"),
            "perpetrator_age": [
                int(a) for a in age_at(truth["dob"].to_numpy()[case], referral[case])
            ],
            "perpetrator_disability": disability[case],
            "cyp_status_start": cases["cyp_start"].to_numpy()[case],
            "cyp_status_closure": np.where(
                exited & (cases["cyp_closure"].to_numpy()[case] != ""),
                cases["cyp_closure"].to_numpy()[case],
                None,
            ),
            "length_of_abuse": cases["length_of_abuse"].to_numpy()[case],
            "known_to_marac": np.where(cases["known_to_marac"].to_numpy()[case] != "", "Yes", None),
            "_sort_key": placed,
        }
    )
    with_truth(
        rows,
        true_record_id=client_ref[case],
        person_id=person_id[case],
        role="person_who_harms",
        event_date=referral[case],
        ward_code=truth["ward_code"].to_numpy()[case],
        identity_variation=person["variation"].to_numpy()[case],
    )
    return split_into_submissions(ctx.agency, rows, placed, file_name, lambda period: "v1", rng)
