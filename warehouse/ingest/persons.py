"""Derived person and place columns: keyed pseudonyms, statuses, age and geography.

This is where direct identifiers stop: the functions here receive names, dates of birth, NHS numbers
and postcodes for one row and return only keys, statuses and coarse geography. Key recipes are fixed
by the registry contract (PERSON_KEY_KINDS) so every agency's keys are comparable:

    ref           H("ref:" + agency + ":" + reference)
    nhs           H("nhs:" + 10 digits)                          valid numbers only
    name_dob      H("nd:" + SURNAME + "|" + FORENAME + "|" + dob)
    name_dob_swapped  as name_dob with day and month swapped    matches the other record's name_dob
    initial_dob   H("id:" + SURNAME + "|" + F + "|" + dob)
    initials_dob  H("in:" + F + S + "|" + dob)                   also derived from full names
    forename_dob  H("fd:" + FORENAME + "|" + dob)

SURNAME is the whole normalised surname (hyphens and spaces removed), FORENAME the canonical first
forename (nicknames mapped), dob ISO `YYYY-MM-DD`. A key is null whenever one of its inputs is.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from warehouse.registry import GEOGRAPHY_COLUMNS, PERSON_KEY_KINDS, Agency

from .keys import Pseudonymiser
from .names import canonical_forename, initials_of, normalise_surname, split_full_name
from .nhs import read_nhs_number
from .postcodes import NOT_COLLECTED, Geography, PostcodeLookup


@dataclass(frozen=True)
class OwnerPlan:
    """The identifier fields one person (or place) has in this particular file, by kind."""

    owner: str
    is_person: bool
    fields: dict[str, str]  # identifier kind -> canonical field present in the file


def plan_owners(agency: Agency, present: set[str]) -> list[OwnerPlan]:
    """One plan per person and place. A field the registry knows but this file lacks is not_collected."""
    plans = []
    for owner, is_person in [
        *((p, True) for p in agency.people),
        *((p, False) for p in agency.places),
    ]:
        fields = {
            spec.kind: name
            for name, spec in agency.identifiers_of(owner).items()
            if name in present
        }
        plans.append(OwnerPlan(owner, is_person, fields))
    return plans


@dataclass(frozen=True)
class DateOfBirth:
    status: str  # recorded | missing | invalid | not_collected
    value: date | None = None


@dataclass(frozen=True)
class Births:
    """A date-of-birth column as read: each row's status and date (None unless recorded), and the
    dates again as datetime64[D] (NaT unless recorded) for the age."""

    statuses: list[str]
    dates: list[date | None]
    days: np.ndarray

    @classmethod
    def read(cls, texts: Sequence[str | None], parsed: Sequence[datetime | None]) -> Births:
        statuses = [
            "missing" if text is None else "invalid" if moment is None else "recorded"
            for text, moment in zip(texts, parsed, strict=True)
        ]
        dates = [None if moment is None else moment.date() for moment in parsed]
        return cls(statuses, dates, np.array(dates, dtype="datetime64[D]"))

    @classmethod
    def not_collected(cls, rows: int) -> Births:
        return cls(["not_collected"] * rows, [None] * rows, np.full(rows, "NaT", "datetime64[D]"))


def ages_in_years(born: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Whole years from each birth date to each event date (datetime64[D] arrays) as text, None when
    either is unknown: the year difference, less one when the birthday is still to come that year."""
    known = ~(np.isnat(born) | np.isnat(on))
    ages = np.full(len(born), None, dtype=object)
    if known.any():
        born, on = born[known], on[known]
        years = on.astype("datetime64[Y]").astype(int) - born.astype("datetime64[Y]").astype(int)
        before_birthday = _day_of_year_order(on) < _day_of_year_order(born)
        ages[known] = [str(age) for age in (years - before_birthday).tolist()]
    return ages


def _day_of_year_order(days: np.ndarray) -> np.ndarray:
    """month * 100 + day: orders dates within a year as (month, day) does, 29 February included."""
    months = days.astype("datetime64[M]")
    month = months.astype(int) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(int) + 1
    return month * 100 + day


def swapped_day_month(value: date) -> date | None:
    """The date with day and month exchanged, when that is a different valid date."""
    if value.day == value.month or value.day > 12:
        return None
    # The new day is the old month (1 to 12), which every month has, so this cannot fail.
    return value.replace(month=value.day, day=value.month)


# People recur across rows and months (three quarters of a police force's victim rows are a victim
# seen before), so each distinct identity's keys and each postcode's geography are worked out once.
# The memo is emptied when it reaches this many entries (about 300 bytes each beside the identifier
# text), so memory stays bounded at national volume.
MEMO_ENTRIES = 1_000_000


class DerivedMemo:
    """Derived columns by the identifier text they came from, shared by an agency's files: in memory
    only, for the length of a run, like the text itself."""

    def __init__(self) -> None:
        self.values: dict[tuple, tuple[str | None, ...]] = {}

    def columns(
        self,
        group: tuple,
        names: tuple[str, ...],
        identities: Iterable[tuple],
        compute: Callable[[tuple], dict[str, str | None]],
    ) -> dict[str, np.ndarray]:
        """The columns `names` for each row's identity (one tuple a row), from `compute(identity)`
        once per distinct identity: the rows are numbered by identity and the distinct results taken
        by number, so the work done per row is a dictionary lookup."""
        numbers: dict[tuple, int] = {}
        codes = np.fromiter(
            (numbers.setdefault(identity, len(numbers)) for identity in identities), np.intp
        )
        table = np.empty((len(numbers), len(names)), dtype=object)
        for number, identity in enumerate(numbers):
            key = (group, identity)
            found = self.values.get(key)
            if found is None:
                if len(self.values) >= MEMO_ENTRIES:
                    self.values.clear()
                computed = compute(identity)
                found = self.values[key] = tuple(computed[name] for name in names)
            table[number] = found
        taken = table[codes]
        return {name: taken[:, place] for place, name in enumerate(names)}


class PersonDeriver:
    """Computes the derived columns of every person and place for one file, column by column."""

    def __init__(
        self,
        agency: Agency,
        plans: list[OwnerPlan],
        keys: Pseudonymiser,
        postcodes: PostcodeLookup,
        memo: DerivedMemo,
    ):
        self.agency = agency
        self.plans = plans
        self.keys = keys
        self.postcodes = postcodes
        self.memo = memo
        # The same kinds of identifier can come from different fields in another schema version.
        self._identity_fields = {plan.owner: tuple(sorted(plan.fields.items())) for plan in plans}

    def derive(
        self,
        values: dict[str, Sequence[str | None]],
        births: dict[str, Births],
        events: np.ndarray,
    ) -> dict[str, np.ndarray]:
        """Derived columns for the file's rows. `values` holds each identifier field's stripped text,
        `births` each date-of-birth field read, `events` the event dates (datetime64[D], NaT when
        unknown); all have a value per row."""
        rows = len(events)
        out: dict[str, np.ndarray] = {}
        for plan in self.plans:
            if plan.is_person:
                out.update(self._people(plan, values, births, events))
            texts = (
                values[plan.fields["postcode"]]
                if "postcode" in plan.fields
                else itertools.repeat(None, rows)
            )
            out.update(
                self.memo.columns(
                    (plan.owner, "place", "postcode" in plan.fields),
                    geography_columns(plan.owner),
                    zip(texts),
                    lambda identity, plan=plan: self._place(plan, identity[0]),
                )
            )
        return out

    def _people(
        self,
        plan: OwnerPlan,
        values: dict[str, Sequence[str | None]],
        births: dict[str, Births],
        events: np.ndarray,
    ) -> dict[str, np.ndarray]:
        fields = self._identity_fields[plan.owner]
        names = [name for _, name in fields]
        birth = births.get(plan.fields.get("date_of_birth")) or Births.not_collected(len(events))

        def compute(identity: tuple) -> dict[str, str | None]:
            *texts, status, born = identity
            return self._person(
                plan, dict(zip(names, texts, strict=True)), DateOfBirth(status, born)
            )

        out = self.memo.columns(
            (plan.owner, fields),
            person_columns(plan.owner),
            zip(*(values[name] for name in names), birth.statuses, birth.dates, strict=True),
            compute,
        )
        out[f"{plan.owner}_age_at_event"] = ages_in_years(birth.days, events)
        return out

    def _place(self, plan: OwnerPlan, postcode: str | None) -> dict[str, str | None]:
        collected = "postcode" in plan.fields
        geography = self.postcodes.geography(postcode) if collected else NOT_COLLECTED
        return _geography_columns(plan.owner, geography)

    def _person(
        self, plan: OwnerPlan, values: dict[str, str | None], birth: DateOfBirth
    ) -> dict[str, str | None]:
        """A person's keys and statuses (all but the age, which depends on the event)."""
        person, fields = plan.owner, plan.fields
        surname_text = values.get(fields["surname"]) if "surname" in fields else None
        forename_text = values.get(fields["forename"]) if "forename" in fields else None
        if "full_name_surname_first" in fields:
            full_surname, full_forename = split_full_name(
                values.get(fields["full_name_surname_first"])
            )
            surname_text = surname_text or full_surname
            forename_text = forename_text or full_forename
        surname = normalise_surname(surname_text)
        forename = canonical_forename(forename_text)
        if "initials" in fields:
            forename_initial, surname_initial = initials_of(values.get(fields["initials"]))
        else:
            forename_initial = forename[0] if forename else None
            surname_initial = surname[0] if surname else None

        dob = birth.value.isoformat() if birth.value else None

        keys: dict[str, str | None] = dict.fromkeys(PERSON_KEY_KINDS)
        reference = values.get(fields["person_ref"]) if "person_ref" in fields else None
        if reference:
            keys["ref"] = self.keys.key(f"ref:{self.agency.agency}:{reference}")
        if "nhs_number" in fields:
            nhs_status, digits = read_nhs_number(values.get(fields["nhs_number"]))
            if digits:
                keys["nhs"] = self.keys.key(f"nhs:{digits}")
        else:
            nhs_status = "not_collected"
        if dob:
            if surname and forename:
                keys["name_dob"] = self.keys.key(f"nd:{surname}|{forename}|{dob}")
                swapped = swapped_day_month(birth.value)
                if swapped:
                    keys["name_dob_swapped"] = self.keys.key(
                        f"nd:{surname}|{forename}|{swapped.isoformat()}"
                    )
                keys["initial_dob"] = self.keys.key(f"id:{surname}|{forename[0]}|{dob}")
            if forename_initial and surname_initial:
                keys["initials_dob"] = self.keys.key(
                    f"in:{forename_initial}{surname_initial}|{dob}"
                )
            if forename:
                keys["forename_dob"] = self.keys.key(f"fd:{forename}|{dob}")

        out = {f"{person}_key_{kind}": keys[kind] for kind in PERSON_KEY_KINDS}
        out[f"{person}_dob_status"] = birth.status
        out[f"{person}_nhs_status"] = nhs_status
        return out


def person_columns(owner: str) -> tuple[str, ...]:
    """A person's derived columns that depend on their identity alone (not the age)."""
    return (
        *(f"{owner}_key_{kind}" for kind in PERSON_KEY_KINDS),
        f"{owner}_dob_status",
        f"{owner}_nhs_status",
    )


def geography_columns(owner: str) -> tuple[str, ...]:
    return tuple(f"{owner}_{name}" for name in GEOGRAPHY_COLUMNS)


def _geography_columns(owner: str, geography: Geography) -> dict[str, str | None]:
    values = (geography.status, geography.district, geography.ward_code, geography.lsoa_code)
    return dict(zip(geography_columns(owner), values, strict=True))
