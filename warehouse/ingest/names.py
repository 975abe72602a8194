"""Normalising names before they are keyed, so that trivial differences do not split a person.

Agencies type names differently: case, accents, apostrophes, hyphens, spaces, nicknames. We
upper-case, strip accents, keep letters only (so `O'Brien` and `OBRIEN`, `Smith-Jones` and
`Smith Jones` agree) and map a forename through `nicknames.csv` (Liz -> ELIZABETH). The nickname
table holds common UK short forms and spelling variants; names used by both sexes for different full
names (Alex, Chris, Sam, Jo, Charlie, Frankie, Pat, Nicky) are left out on purpose, since mapping
them one way would break the other.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

NICKNAMES_FILE = Path(__file__).with_name("nicknames.csv")


@lru_cache(maxsize=200_000)  # the same names recur on many rows
def letters_only(value: str | None) -> str | None:
    """Upper case, accents removed, everything but letters dropped; None when nothing is left."""
    if not value:
        return None
    decomposed = unicodedata.normalize("NFKD", value)
    # Upper-case after removing combining marks so that 'ß' becomes 'SS' and 'é' becomes 'E'.
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()
    kept = "".join(ch for ch in text if ch.isalpha())
    return kept or None


def normalise_surname(value: str | None) -> str | None:
    """The whole surname as one token: a hyphenated or two-word surname keeps both parts, joined."""
    return letters_only(value)


@cache
def nicknames() -> dict[str, str]:
    with NICKNAMES_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            letters_only(row["name"]): letters_only(row["canonical"])
            for row in csv.DictReader(handle)
            if row.get("name") and row.get("canonical")
        }


@lru_cache(maxsize=200_000)
def canonical_forename(value: str | None) -> str | None:
    """The first given name, normalised and mapped through the nickname table.

    Only the first name is used because agencies differ on whether middle names are recorded
    ('Mary Ann' at one, 'Mary' at another). A hyphenated first name stays whole ('Mary-Jane').
    """
    if not value:
        return None
    for token in value.split():
        first = letters_only(token)
        if first:
            return nicknames().get(first, first)
    return None


def split_full_name(value: str | None) -> tuple[str | None, str | None]:
    """('Surname', 'Forenames') from 'Surname, Forenames'; without a comma the last word is the surname."""
    if not value or not value.strip():
        return None, None
    if "," in value:
        surname, _, forenames = value.partition(",")
        return surname.strip() or None, forenames.strip() or None
    words = value.split()
    if len(words) == 1:
        return words[0], None
    return words[-1], " ".join(words[:-1])


def initials_of(value: str | None) -> tuple[str | None, str | None]:
    """(forename initial, surname initial) from initials such as 'JS', 'J.S.' or 'J A S'.

    The first letter is the forename's and the last the surname's; middle initials are ignored.
    """
    letters = letters_only(value)
    if not letters or len(letters) < 2:
        return None, None
    return letters[0], letters[-1]
