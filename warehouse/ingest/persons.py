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


class PersonDeriver:
    """Computes the derived columns of every person and place for one file."""

    def __init__(
        self, agency: Agency, plans: list[OwnerPlan], keys: Pseudonymiser, postcodes: PostcodeLookup
    ):
        self.agency = agency
        self.plans = plans
        self.keys = keys
        self.postcodes = postcodes

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
                out.update(self._person(plan, values, births, event))
            postcode_field = plan.fields.get("postcode")
            geography = (
                self.postcodes.geography(values.get(postcode_field))
                if postcode_field
                else NOT_COLLECTED
            )
            out.update(_geography_columns(plan.owner, geography))
        return out

    def _person(
        self,
        plan: OwnerPlan,
        values: dict[str, str | None],
        births: dict[str, DateOfBirth],
        event: datetime | None,
    ) -> dict[str, str | None]:
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

        birth = births.get(fields["date_of_birth"]) if "date_of_birth" in fields else None
        birth = birth or DateOfBirth("not_collected")
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

        age = None
        if birth.value and event:
            age = str(age_in_years(birth.value, event.date()))
        out = {f"{person}_key_{kind}": keys[kind] for kind in PERSON_KEY_KINDS}
        out[f"{person}_dob_status"] = birth.status
        out[f"{person}_age_at_event"] = age
        out[f"{person}_nhs_status"] = nhs_status
        return out


def _geography_columns(owner: str, geography: Geography) -> dict[str, str | None]:
    values = (geography.status, geography.district, geography.ward_code, geography.lsoa_code)
    return {f"{owner}_{name}": value for name, value in zip(GEOGRAPHY_COLUMNS, values, strict=True)}
