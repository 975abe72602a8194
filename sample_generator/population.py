"""Synthetic people: where they live, their age, sex, ethnicity, disability and names.

Every person the sample mentions is created here, in batches, and keeps one integer id (its row in
the population table). Coventry residents live at real postcodes, chosen by ward population in their
age band weighted by deprivation; ethnicity follows the ward's Census 2021 5-group mix, then the
city's 19-category mix within the group; disability follows the ward's Census rate scaled to the
role (victims far more often disabled than the population, SafeLives 2023).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_generator.names import NamePools
from sample_generator.reference import AGE_BANDS, ONS19_TO_ONS5, Reference

DAY = np.timedelta64(1, "D")

# Share disabled (Equality Act) by role, before the ward's relative rate: about 17% of Coventry
# residents; 39% of survivors (SafeLives 2023 survey); people who harm and children lower.
DISABLED_SHARE = {"victim": 0.39, "person_who_harms": 0.22, "child": 0.08}
MENTAL_HEALTH_SHARE = {"victim": 0.40, "person_who_harms": 0.30, "child": 0.10}
LGBT_SHARE = {"victim": 0.04, "person_who_harms": 0.04, "child": 0.0}
MIDDLE_NAME_SHARE = 0.3  # only police v2 records middle names ("Forename(s)")

# Outward codes for people who live outside Coventry: neighbouring Warwickshire and West Midlands
# districts most often, then further afield (refuges take women from all over England).
OUT_OF_AREA_OUTWARDS = (
    ["CV8", "CV10", "CV11", "CV12", "CV21", "CV22", "CV31", "CV32", "CV34", "CV35"] * 3
    + [f"B{n}" for n in (6, 8, 10, 11, 12, 13, 19, 20, 21, 23, 26, 29, 33, 36, 37, 44, 70, 91, 92)]
    * 2
    + ["WS1", "WS2", "WS10", "WV1", "WV10", "WV14", "DY1", "DY4", "LE1", "LE3", "LE4", "LE5"]
    + ["NN1", "NN3", "NG7", "M8", "M14", "L4", "OX4", "MK6", "S3", "BS5", "E13", "N17", "SE15"]
)
INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))


def random_out_of_area_postcodes(n: int, rng: np.random.Generator) -> np.ndarray:
    outwards = np.array(OUT_OF_AREA_OUTWARDS, dtype=object)[
        rng.integers(0, len(OUT_OF_AREA_OUTWARDS), n)
    ]
    digits = rng.integers(1, 10, n).astype(str)
    letters = INWARD_LETTERS[rng.integers(0, len(INWARD_LETTERS), (n, 2))]
    inwards = np.char.add(np.char.add(digits, letters[:, 0]), letters[:, 1])
    return np.array([f"{o} {i}" for o, i in zip(outwards, inwards, strict=True)], dtype=object)


def nhs_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """Valid NHS numbers: nine digits and a modulus-11 check digit (draws giving 10 are redrawn)."""
    weights = np.arange(10, 1, -1)
    out = np.empty(n, dtype=object)
    todo = np.arange(n)
    while len(todo):
        digits = rng.integers(0, 10, (len(todo), 9))
        digits[:, 0] = rng.integers(4, 7, len(todo))  # issued numbers start 4-6 in England
        check = (11 - (digits * weights).sum(axis=1) % 11) % 11
        ok = check != 10
        full = np.column_stack([digits[ok], check[ok]])
        out[todo[ok]] = ["".join(map(str, row)) for row in full]
        todo = todo[~ok]
    return out


class Population:
    """The table of everyone in the sample, built in batches; a person's id is its row number."""

    def __init__(self, reference: Reference, names: NamePools, rng: np.random.Generator):
        self.reference = reference
        self.names = names
        self.rng = rng
        self._table = pd.DataFrame()
        self.size = 0

    def add_adults(
        self,
        role: str,
        at: np.ndarray,
        female: np.ndarray,
        band_weights: dict[str, float],
        *,
        coventry: np.ndarray | None = None,
        ons19: np.ndarray | None = None,
        same_home_as: np.ndarray | None = None,
    ) -> np.ndarray:
        """Create adults aged by `band_weights` at date `at`; return their ids.

        `coventry` (bool per person, default all) says who lives in the city; `same_home_as` gives,
        per person, an existing person id whose postcode they share (or -1).
        """
        n = len(at)
        rng = self.rng
        bands = list(band_weights)
        probs = np.array([band_weights[b] for b in bands], dtype=float)
        band = np.array(bands, dtype=object)[rng.choice(len(bands), n, p=probs / probs.sum())]
        lo = np.array([AGE_BANDS[b][0] for b in band])
        hi = np.array([AGE_BANDS[b][1] for b in band])
        age = rng.integers(lo, hi + 1)
        coventry = np.ones(n, dtype=bool) if coventry is None else coventry
        home = self._homes(band, coventry, same_home_as)
        return self._add(role, at, age, female, home, ons19)

    def add_children(
        self, parents: np.ndarray, at: np.ndarray, age: np.ndarray, ons19: np.ndarray
    ) -> np.ndarray:
        """Create children living with `parents` (ids), aged `age` at date `at`."""
        n = len(parents)
        female = self.rng.random(n) < 0.47  # children's DA episodes are slightly more often boys
        home = self._homes(np.full(n, "0_15", dtype=object), np.ones(n, dtype=bool), parents)
        return self._add("child", at, age, female, home, ons19)

    def _homes(
        self, band: np.ndarray, coventry: np.ndarray, same_home_as: np.ndarray | None
    ) -> pd.DataFrame:
        ref, rng, n = self.reference, self.rng, len(band)
        home = pd.DataFrame(
            {
                "postcode": np.full(n, "", dtype=object),
                "district": np.full(n, "", dtype=object),
                "ward_code": np.full(n, "", dtype=object),
                "lsoa": np.full(n, "", dtype=object),
            }
        )
        # ward by population in the age band, weighted towards deprived wards
        ward = np.full(n, "", dtype=object)
        for b in np.unique(band[coventry]):
            rows = np.flatnonzero(coventry & (band == b))
            weights = ref.ward_age_population[b] * ref.ward_deprivation_factor
            ward[rows] = rng.choice(
                ref.ward_codes, len(rows), p=(weights / weights.sum()).to_numpy()
            )
        positions = np.full(n, -1)
        for code in np.unique(ward[coventry]):
            rows = np.flatnonzero(ward == code)
            choices = ref.postcodes_by_ward[code]
            positions[rows] = choices[rng.integers(0, len(choices), len(rows))]
        inside = positions >= 0
        home.loc[inside, ["postcode", "district", "ward_code", "lsoa"]] = ref.postcodes.iloc[
            positions[inside]
        ][["postcode", "district", "ward_code", "lsoa"]].to_numpy()
        outside = np.flatnonzero(~coventry)
        postcodes = random_out_of_area_postcodes(len(outside), rng)
        home.loc[outside, "postcode"] = postcodes
        home.loc[outside, "district"] = [p.split(" ")[0] for p in postcodes]
        if same_home_as is not None:
            sharing = np.flatnonzero(same_home_as >= 0)
            if len(sharing):
                table = self.table()
                source = table.iloc[same_home_as[sharing]]
                for column in ("postcode", "district", "ward_code", "lsoa"):
                    home.loc[sharing, column] = source[column].to_numpy()
        return home

    def _add(
        self,
        role: str,
        at: np.ndarray,
        age: np.ndarray,
        female: np.ndarray,
        home: pd.DataFrame,
        ons19: np.ndarray | None,
    ) -> np.ndarray:
        ref, rng, n = self.reference, self.rng, len(at)
        ids = np.arange(self.size, self.size + n)
        at = np.asarray(at, dtype="datetime64[D]")
        dob = at - (age * 365.25 + rng.uniform(0, 365, n)).astype(int) * DAY
        ward = home["ward_code"].to_numpy()
        drawn = self._ethnicity(ward)
        ons19 = (
            drawn if ons19 is None else np.where(ons19 > 0, ons19, drawn)
        )  # 0: draw from the ward
        ratio = pd.Series(ward).map(ref.ward_disability_ratio).fillna(1.0).to_numpy()
        locales = self.names.draw_locales(ons19, rng)
        surname = self.names.surnames(locales, rng)
        middle = self.names.forenames(locales, female, rng)
        batch = pd.DataFrame(
            {
                "person_id": ids,
                "role": role,
                "female": female,
                "dob": dob,
                "ons19": ons19,
                "ons5": [ONS19_TO_ONS5[c] for c in ons19],
                "disabled": rng.random(n) < DISABLED_SHARE[role] * ratio,
                "mental_health_need": rng.random(n) < MENTAL_HEALTH_SHARE[role],
                "lgbt": rng.random(n) < LGBT_SHARE[role],
                **{column: home[column].to_numpy() for column in home.columns},
                "in_coventry": home["ward_code"].to_numpy() != "",
                "locale": locales,
                "forename": self.names.forenames(locales, female, rng),
                "middle_name": np.where(rng.random(n) < MIDDLE_NAME_SHARE, middle, ""),
                "surname": surname,
                "birth_surname": surname,  # differs when someone takes a partner's surname
                "nhs_number": nhs_numbers(n, rng),
            }
        )
        self._table = (
            batch if self.size == 0 else pd.concat([self._table, batch], ignore_index=True)
        )
        self.size += n
        return ids

    def _ethnicity(self, ward: np.ndarray) -> np.ndarray:
        ref, rng = self.reference, self.rng
        group = np.empty(len(ward), dtype=object)
        city_mix = ref.ward_ethnicity.mean().to_numpy()
        for code in np.unique(ward):
            rows = np.flatnonzero(ward == code)
            mix = ref.ward_ethnicity.loc[code].to_numpy() if code else city_mix
            group[rows] = np.array(ref.ward_ethnicity.columns, dtype=object)[
                rng.choice(5, len(rows), p=mix / mix.sum())
            ]
        ons19 = np.zeros(len(ward), dtype=int)
        for name, (codes, probs) in ref.ethnicity_within_group.items():
            rows = np.flatnonzero(group == name)
            ons19[rows] = rng.choice(codes, len(rows), p=probs)
        return ons19

    def table(self) -> pd.DataFrame:
        return self._table

    def share_surname(self, people: np.ndarray, partners: np.ndarray) -> None:
        """`people` take their partner's surname (their birth surname is kept for the truth)."""
        table = self.table()
        table.loc[people, "surname"] = table.loc[partners, "surname"].to_numpy()
