"""Names for synthetic people: Faker locales chosen by the person's ethnic group.

Faker is slow per call, so each locale contributes a seeded pool of forenames and surnames once and
people are then drawn from the pools with numpy. Only locales that write names in Latin script are
used (agency systems in England record names in Latin script); zh_CN gives romanised names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from faker import Faker

POOL_DRAWS = 250  # Faker calls per locale and list; duplicates are dropped

# Census 2021 19-category code -> {Faker locale: weight}. A rough but UK-appropriate mix: Coventry's
# Other White residents are mostly Polish and Romanian; its African residents mostly Nigerian,
# Ghanaian and East African; Arab and Bangladeshi names come from the en_PK (Muslim names) pool.
LOCALES_BY_ETHNICITY: dict[int, dict[str, float]] = {
    1: {"en_PK": 1.0},  # Bangladeshi
    2: {"zh_CN": 1.0},  # Chinese
    3: {"en_IN": 1.0},  # Indian
    4: {"en_PK": 1.0},  # Pakistani
    5: {"en_IN": 0.4, "en_PK": 0.2, "en_TH": 0.2, "fil_PH": 0.2},  # Other Asian
    6: {"en_NG": 0.35, "yo_NG": 0.2, "ig_NG": 0.15, "en_KE": 0.15, "tw_GH": 0.15},  # African
    7: {"en_GB": 1.0},  # Caribbean
    8: {"en_NG": 0.5, "en_GB": 0.5},  # Other Black
    9: {"en_GB": 0.7, "en_IN": 0.3},  # White and Asian
    10: {"en_GB": 0.6, "en_NG": 0.4},  # White and Black African
    11: {"en_GB": 1.0},  # White and Black Caribbean
    12: {"en_GB": 0.7, "en_NG": 0.15, "en_IN": 0.15},  # Other Mixed
    13: {"en_GB": 0.95, "en_IE": 0.05},  # White British
    14: {"en_IE": 1.0},  # Irish
    15: {"en_GB": 0.5, "en_IE": 0.5},  # Gypsy or Irish Traveller
    16: {"ro_RO": 0.5, "sk_SK": 0.5},  # Roma
    17: {
        "pl_PL": 0.35,
        "ro_RO": 0.2,
        "pt_PT": 0.1,
        "it_IT": 0.1,
        "hu_HU": 0.05,
        "es_ES": 0.05,
        "en_GB": 0.15,
    },
    18: {"en_PK": 1.0},  # Arab
    19: {"tr_TR": 0.3, "en_PK": 0.3, "es_ES": 0.2, "en_GB": 0.2},  # Any other ethnic group
}


@dataclass(frozen=True)
class LocalePool:
    female: np.ndarray
    male: np.ndarray
    surnames: np.ndarray


def _unique(values: list[str]) -> np.ndarray:
    return np.array(list(dict.fromkeys(v for v in values if v)), dtype=object)


def _pool(locale: str, seed: int) -> LocalePool:
    fake = Faker(locale)
    fake.seed_instance(seed)
    if locale == "zh_CN":  # romanised: agencies record pinyin, not characters
        female = [fake.first_romanized_name() for _ in range(POOL_DRAWS)]
        male = [fake.first_romanized_name() for _ in range(POOL_DRAWS)]
        surnames = [fake.last_romanized_name() for _ in range(POOL_DRAWS)]
    else:
        female = [fake.first_name_female() for _ in range(POOL_DRAWS)]
        male = [fake.first_name_male() for _ in range(POOL_DRAWS)]
        surnames = [fake.last_name() for _ in range(POOL_DRAWS)]
    return LocalePool(_unique(female), _unique(male), _unique(surnames))


class NamePools:
    """Seeded name pools for every locale the ethnicity mix uses."""

    def __init__(self, seed: int):
        locales = sorted({locale for mix in LOCALES_BY_ETHNICITY.values() for locale in mix})
        self.pools = {locale: _pool(locale, seed) for locale in locales}

    def draw_locales(self, ons19: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        locales = np.empty(len(ons19), dtype=object)
        for code, mix in LOCALES_BY_ETHNICITY.items():
            rows = np.flatnonzero(ons19 == code)
            if len(rows):
                names = list(mix)
                probs = np.array([mix[n] for n in names]) / sum(mix.values())
                locales[rows] = np.array(names, dtype=object)[
                    rng.choice(len(names), len(rows), p=probs)
                ]
        return locales

    def forenames(
        self, locales: np.ndarray, female: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        out = np.empty(len(locales), dtype=object)
        for locale, pool in self.pools.items():
            for is_female, names in ((True, pool.female), (False, pool.male)):
                rows = np.flatnonzero((locales == locale) & (female == is_female))
                out[rows] = names[rng.integers(0, len(names), len(rows))]
        return out

    def surnames(self, locales: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        out = np.empty(len(locales), dtype=object)
        for locale, pool in self.pools.items():
            rows = np.flatnonzero(locales == locale)
            out[rows] = pool.surnames[rng.integers(0, len(pool.surnames), len(rows))]
        return out
