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

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

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


def age_in_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


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
        self.names: dict[tuple, tuple[str, ...]] = {}  # by (owner, what): the columns' names

    def get(self, key: tuple, compute, *arguments) -> Iterable[tuple[str, str | None]]:
        """(column, value) pairs for `key`, from `compute(*arguments)` the first time."""
        found = self.values.get(key)
        if found is None:
            if len(self.values) >= MEMO_ENTRIES:
                self.values.clear()
            columns = compute(*arguments)
            found = self.values[key] = tuple(columns.values())
            self.names.setdefault(key[:2], tuple(columns))
        return zip(self.names[key[:2]], found, strict=True)


class PersonDeriver:
    """Computes the derived columns of every person and place for one file."""

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
        values: dict[str, str | None],
        births: dict[str, DateOfBirth],
        event: datetime | None,
    ) -> dict[str, str | None]:
        """Derived columns for one row. `values` holds the row's stripped identifier text by field,
        `births` the parsed date of birth by field; `event` is the row's event date."""
        out: dict[str, str | None] = {}
        for plan in self.plans:
            if plan.is_person:
                fields = self._identity_fields[plan.owner]
                birth = births.get(plan.fields.get("date_of_birth"))
                birth = birth or DateOfBirth("not_collected")
                identity = (
                    plan.owner,
                    fields,
                    tuple(values.get(name) for _, name in fields),
                    birth,
                )
                out.update(self.memo.get(identity, self._person, plan, values, birth))
                age = age_in_years(birth.value, event.date()) if birth.value and event else None
                out[f"{plan.owner}_age_at_event"] = None if age is None else str(age)
            postcode = values.get(plan.fields["postcode"]) if "postcode" in plan.fields else None
            place = (plan.owner, "place", "postcode" in plan.fields, postcode)
            out.update(self.memo.get(place, self._place, plan, postcode))
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


def _geography_columns(owner: str, geography: Geography) -> dict[str, str | None]:
    values = (geography.status, geography.district, geography.ward_code, geography.lsoa_code)
    return {f"{owner}_{name}": value for name, value in zip(GEOGRAPHY_COLUMNS, values, strict=True)}
