"""How an agency records a person's name and date of birth, with the variation real records have.

Each agency keeps its own version of a person: the same typo, nickname or missing date of birth on
every row it sends about them (it is the agency's record that is wrong, not each row). Whether a
person's record varies, and how, is drawn once per agency and person.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

VARIATIONS = (
    "none",
    "typo",
    "nickname",
    "dob_swapped",
    "no_dob",
    "initials_only",
    "surname_changed",
    "surname_hyphenated",
)
# Share of people whose record at the agency differs from the truth, and how.
VARIATION_RATE = {
    "police": 0.07,
    "marac": 0.12,
    "idva": 0.10,
    "housing": 0.12,
    "refuge": 0.08,
    "health": 0.04,
    "childrens": 0.14,
    "perpetrator": 0.08,
}
DEFAULT_WEIGHTS = {
    "typo": 0.28,
    "nickname": 0.18,
    "dob_swapped": 0.12,
    "no_dob": 0.14,
    "initials_only": 0.06,
    "surname_changed": 0.12,
    "surname_hyphenated": 0.10,
}
# Agencies that record no names can only get the date of birth wrong.
DOB_ONLY_WEIGHTS = {"dob_swapped": 0.5, "no_dob": 0.5}

# Formal name -> nicknames. Recorded either way round: "Liz" for Elizabeth, or "Elizabeth" for a
# woman everyone else knows as Liz.
NICKNAMES = {
    "Elizabeth": ["Liz", "Beth", "Lizzie"],
    "Robert": ["Bob", "Rob", "Bobby"],
    "William": ["Bill", "Will", "Billy"],
    "Margaret": ["Maggie", "Peggy"],
    "Katherine": ["Kate", "Kathy"],
    "Catherine": ["Cathy", "Kate"],
    "Jennifer": ["Jenny", "Jen"],
    "Rebecca": ["Becky", "Becca"],
    "Victoria": ["Vicky", "Tori"],
    "Samantha": ["Sam"],
    "Alexandra": ["Alex", "Lexi"],
    "Christopher": ["Chris"],
    "Michael": ["Mike", "Mick"],
    "Daniel": ["Dan", "Danny"],
    "Matthew": ["Matt"],
    "Thomas": ["Tom", "Tommy"],
    "James": ["Jim", "Jamie"],
    "Joseph": ["Joe"],
    "Richard": ["Rich", "Richie"],
    "Anthony": ["Tony"],
    "Nicholas": ["Nick"],
    "Jonathan": ["Jon"],
    "Stephen": ["Steve"],
    "Steven": ["Steve"],
    "Andrew": ["Andy"],
    "Susan": ["Sue", "Susie"],
    "Deborah": ["Debbie", "Debs"],
    "Patricia": ["Pat", "Trish"],
    "Jacqueline": ["Jackie"],
    "Amanda": ["Mandy"],
    "Kimberley": ["Kim"],
    "Abigail": ["Abbie", "Abby"],
    "Natalie": ["Nat"],
    "Charlotte": ["Charlie", "Lottie"],
    "Jessica": ["Jess"],
    "Samuel": ["Sam"],
    "Benjamin": ["Ben"],
    "Edward": ["Ed", "Eddie", "Ted"],
    "Gemma": ["Gem"],
    "Danielle": ["Dani"],
    "Nicola": ["Nicky"],
    "Joanne": ["Jo"],
    "Josephine": ["Jo", "Josie"],
    "Frances": ["Fran"],
    "Teresa": ["Tess"],
    "Theresa": ["Tess"],
    "Christine": ["Chris", "Chrissie"],
    "Kathleen": ["Kath"],
    "Gillian": ["Gill"],
    "Leslie": ["Les"],
    "Lesley": ["Les"],
    "Timothy": ["Tim"],
    "Peter": ["Pete"],
    "Gregory": ["Greg"],
    "Raymond": ["Ray"],
    "Terence": ["Terry"],
    "Kenneth": ["Ken", "Kenny"],
    "Ronald": ["Ron", "Ronnie"],
    "Donald": ["Don"],
    "David": ["Dave"],
    "Philip": ["Phil"],
    "Mohammed": ["Mo"],
    "Muhammad": ["Mo"],
    "Aleksandra": ["Ola"],
    "Katarzyna": ["Kasia"],
    "Małgorzata": ["Gosia"],
    "Agnieszka": ["Aga"],
}
NICKNAME_LOOKUP = {
    **NICKNAMES,
    **{nick: [formal] for formal, nicks in NICKNAMES.items() for nick in nicks},
}


def typo(text: str, rng: np.random.Generator) -> str:
    """One keying slip: two letters swapped, one dropped, one doubled or a vowel mistyped."""
    if len(text) < 3:
        return text + text[-1:]
    i = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(0, 4))
    if kind == 0 and text[i] != text[i + 1]:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[: i + 1] + text[i] + text[i + 1 :]
    vowels = "aeiou"
    replacement = (
        vowels[(vowels.find(text[i].lower()) + 1) % 5] if text[i].lower() in vowels else "e"
    )
    return text[:i] + replacement + text[i + 1 :]


def swap_day_month(dob: np.datetime64) -> np.datetime64 | None:
    day = pd.Timestamp(dob)
    if day.day > 12 or day.day == day.month:
        return None
    return np.datetime64(f"{day.year:04d}-{day.day:02d}-{day.month:02d}")


def recorded_identities(
    people: pd.DataFrame,
    person_ids: np.ndarray,
    agency: str,
    rng: np.random.Generator,
    random_surname,
    partner_of=None,
    dob_only: bool = False,
) -> pd.DataFrame:
    """The forename, surname and date of birth an agency holds for each person in `person_ids`
    (one row per input id, in order), and which variation it carries.

    `random_surname(locale)` supplies a new surname for someone whose name changed;
    `partner_of(ids)` gives the people they might have taken a surname from (or -1).
    """
    unique = np.unique(person_ids)
    truth = people.loc[unique]
    forename = truth["forename"].to_numpy(dtype=object).copy()
    surname = truth["surname"].to_numpy(dtype=object).copy()
    dob = truth["dob"].to_numpy().copy()
    weights = DOB_ONLY_WEIGHTS if dob_only else DEFAULT_WEIGHTS
    kinds = np.array(list(weights), dtype=object)
    probs = np.array(list(weights.values()))
    varies = rng.random(len(unique)) < VARIATION_RATE[agency]
    variation = np.where(
        varies, kinds[rng.choice(len(kinds), len(unique), p=probs / probs.sum())], "none"
    )
    partners = partner_of(unique) if partner_of else np.full(len(unique), -1)
    for i in np.flatnonzero(varies):
        kind = variation[i]
        if kind == "dob_swapped":
            swapped = swap_day_month(dob[i])
            if swapped is None:
                kind = "no_dob" if dob_only else "typo"
            else:
                dob[i] = swapped
        if kind == "nickname":
            options = NICKNAME_LOOKUP.get(forename[i])
            if options:
                forename[i] = options[int(rng.integers(0, len(options)))]
            else:
                kind = "typo"
        if kind == "typo":
            if rng.random() < 0.65:
                surname[i] = typo(surname[i], rng)
            else:
                forename[i] = typo(forename[i], rng)
        elif kind == "no_dob":
            dob[i] = np.datetime64("NaT")
        elif kind == "initials_only":
            forename[i] = forename[i][:1]
        elif kind == "surname_changed":
            birth = truth["birth_surname"].iat[i]
            surname[i] = birth if birth != surname[i] else random_surname(truth["locale"].iat[i])
        elif kind == "surname_hyphenated":
            other = (
                people.at[partners[i], "surname"]
                if partners[i] >= 0
                else random_surname(truth["locale"].iat[i])
            )
            surname[i] = (
                f"{surname[i]}-{other}"
                if other != surname[i]
                else f"{surname[i]}-{random_surname(truth['locale'].iat[i])}"
            )
        variation[i] = kind
    recorded = pd.DataFrame(
        {"forename": forename, "surname": surname, "dob": dob, "variation": variation}, index=unique
    )
    return recorded.loc[person_ids].reset_index(drop=True)
