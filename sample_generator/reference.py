"""Reference data the generator draws people from: real Coventry postcodes, wards and population.

Read from the repository's `seeds/reference/` (copies of the shared reference files), never from
anywhere outside the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "seeds" / "reference"

# Age bands of the mid-2020 small-area population estimates, with their first and last single year.
AGE_BANDS = {
    "0_15": (0, 15),
    "16_17": (16, 17),
    "18_24": (18, 24),
    "25_34": (25, 34),
    "35_44": (35, 44),
    "45_54": (45, 54),
    "55_64": (55, 64),
    "65_74": (65, 74),
    "75_plus": (75, 90),
}
ONS5_GROUPS = ("Asian", "Black", "Mixed", "White", "Other")
# Census 2021 19 categories (tb_20b codes 1-19) -> 5 broad groups.
ONS19_TO_ONS5 = {
    **dict.fromkeys(range(1, 6), "Asian"),
    **dict.fromkeys(range(6, 9), "Black"),
    **dict.fromkeys(range(9, 13), "Mixed"),
    **dict.fromkeys(range(13, 18), "White"),
    **dict.fromkeys(range(18, 20), "Other"),
}


@dataclass(frozen=True)
class Reference:
    ward_codes: np.ndarray  # the 18 wards of the 2004-2025 set
    ward_names: dict[str, str]  # ward code -> official name
    postcodes: pd.DataFrame  # postcode, district, ward_code, lsoa
    postcodes_by_ward: dict[str, np.ndarray]  # ward code -> row positions in `postcodes`
    ward_age_population: pd.DataFrame  # ward code x age band
    ward_ethnicity: pd.DataFrame  # ward code x 5 groups, proportions
    ethnicity_within_group: dict[
        str, tuple[np.ndarray, np.ndarray]
    ]  # group -> (ons19 codes, probs)
    ward_disability_ratio: pd.Series  # ward disabled share / city disabled share
    ward_deprivation_factor: pd.Series  # relative DA incidence by ward (more in deprived wards)
    female_age_weights: pd.Series  # single year of age -> female population mid-2022


def load_reference(directory: Path = REFERENCE_DIR) -> Reference:
    wards = pd.read_csv(directory / "coventry_wards.csv", dtype=str)
    wards = wards[wards["ward_set"].str.startswith("2004-2025")]
    ward_codes = wards["ward_code"].to_numpy()

    postcodes = pd.read_csv(directory / "coventry_postcodes_codepoint_2025.csv", dtype=str)
    postcodes = postcodes[postcodes["ward_code"].isin(ward_codes)]
    postcodes = postcodes.rename(
        columns={"postcode_district": "district", "lsoa21_pip_derived_approx": "lsoa"}
    )[["postcode", "district", "ward_code", "lsoa"]].reset_index(drop=True)
    by_ward = {
        code: np.flatnonzero(postcodes["ward_code"].to_numpy() == code) for code in ward_codes
    }

    ages = pd.read_csv(directory / "coventry_population_mid2020_sape_ward_ageband.csv")
    ages = ages[ages["ward_code"].isin(ward_codes)].set_index("ward_code")[list(AGE_BANDS)]

    ethnic5 = pd.read_csv(directory / "coventry_census2021_ethnic_group_5cat_ward.csv")
    ethnic5 = ethnic5.set_index("ward_code").loc[ward_codes]
    ethnic5 = ethnic5[["asian", "black", "mixed", "white", "other"]]
    ethnic5.columns = list(ONS5_GROUPS)
    ethnic5 = ethnic5.div(ethnic5.sum(axis=1), axis=0)

    ethnic19 = pd.read_csv(directory / "coventry_census2021_ethnic_group_19cat_la.csv")
    within = {}
    for group in ONS5_GROUPS:
        rows = ethnic19[ethnic19["tb_20b_code"].map(ONS19_TO_ONS5) == group]
        counts = rows["usual_residents"].to_numpy(dtype=float)
        within[group] = (rows["tb_20b_code"].to_numpy(dtype=int), counts / counts.sum())

    disability = pd.read_csv(directory / "coventry_census2021_disability_ward.csv")
    disability = disability[disability["ward_code"].isin(ward_codes)].set_index("ward_code")
    city_rate = disability["disabled_equality_act"].sum() / disability["all_usual_residents"].sum()
    disability_ratio = (disability["disabled_pct"] / 100 / city_rate).loc[ward_codes]

    # Police-recorded DA concentrates in deprived wards (needs assessment §2.4): weight each ward by
    # the mean IMD 2019 decile of its neighbourhoods, decile 1 -> 1.6 down to decile 10 -> 0.5.
    imd = pd.read_csv(directory / "coventry_imd2019_lsoa2011.csv")
    mean_decile = imd.groupby("WD19CD")["IMD_decile"].mean().loc[ward_codes]
    deprivation = 1.6 - (mean_decile - 1) * (1.1 / 9)

    female = pd.read_csv(directory / "coventry_female_population_mid2022_single_year.csv")
    female = female.set_index("age")["population_mid2022"]
    female.index = female.index.astype(str).str.rstrip("+").astype(int)  # "90+" -> 90

    return Reference(
        ward_codes=ward_codes,
        ward_names=dict(zip(wards["ward_code"], wards["ward_name"], strict=True)),
        postcodes=postcodes,
        postcodes_by_ward=by_ward,
        ward_age_population=ages,
        ward_ethnicity=ethnic5,
        ethnicity_within_group=within,
        ward_disability_ratio=disability_ratio,
        ward_deprivation_factor=deprivation,
        female_age_weights=female,
    )
