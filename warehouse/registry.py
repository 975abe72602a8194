"""The agency registry: everything agency-specific, read from `agencies/<agency>.yml`.

Onboarding an agency is a new YAML file (plus the staging folder and suite `make agency` writes from
it), never new Python or SQL elsewhere. This module reads and validates the files with pydantic (a
mistake is reported by file and key) and answers questions about them: which columns a raw table has,
which period a file name covers, which fields are identifiers, and, per person in a record, which
columns hold their role, sex, ethnicity, disability, mental health, LGBT status, age and geography.
`warehouse.dbt_registry` hands the same declarations to dbt.

Raw-table contract (what ingest writes and staging reads), for an agency with people P and places L:
- metadata: `_submission_id`, `_source_row_number`, `_schema_version`, `_loaded_at`;
- every canonical field that is not an identifier, as text (dates normalised to ISO 8601 when they
  parse under the registry's formats or fallback formats, otherwise kept exactly as received so
  data quality can see them);
- for each person P: `P_key_<kind>` keyed pseudonyms for linkage (see PERSON_KEY_KINDS), `P_dob_status`,
  `P_age_at_event`, `P_nhs_status`, and the geography columns below;
- for each person or place: `_postcode_status`, `_postcode_district`, `_ward_code`, `_lsoa_code`.
Direct identifiers themselves (names, dates of birth, NHS numbers, full postcodes) are never columns.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from warehouse.settings import REPO_ROOT

AGENCIES_DIR = REPO_ROOT / "agencies"

# Keyed pseudonyms derived for every person, strictest first. Null when the agency's data cannot
# support one (for example no NHS number, or initials only).
PERSON_KEY_KINDS = (
    "ref",  # the agency's own person reference, keyed with the agency name
    "nhs",  # a valid NHS number
    "name_dob",  # surname, canonical forename, date of birth
    "name_dob_swapped",  # as name_dob with day and month swapped (when that is a valid date)
    "initial_dob",  # surname, first initial, date of birth
    "initials_dob",  # both initials, date of birth (the only key a refuge's initials allow)
    "forename_dob",  # canonical forename, date of birth (survives a change of surname)
)
PERSON_STATUS_COLUMNS = ("dob_status", "age_at_event", "nhs_status")
GEOGRAPHY_COLUMNS = ("postcode_status", "postcode_district", "ward_code", "lsoa_code")
METADATA_COLUMNS = ("_submission_id", "_source_row_number", "_schema_version", "_loaded_at")
MONTH_ABBREVIATIONS = {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}

IdentifierKind = Literal[
    "person_ref",
    "surname",
    "forename",
    "full_name_surname_first",
    "initials",
    "date_of_birth",
    "nhs_number",
    "postcode",
]
# The role a person plays in a record; the conformed facts and metrics speak only of these.
Role = Literal["victim", "person_who_harms", "child", "not_known"]
# What kind of service an agency is. Cross-agency logic (a MARAC victim's journey through police,
# advocacy and accommodation) speaks of services, never of agency names, so a second refuge or another
# force slots in by saying what it is.
Service = Literal[
    "police_force",
    "risk_assessment_conference",
    "idva_service",
    "homelessness_service",
    "safe_accommodation",
    "health_service",
    "childrens_social_care",
    "behaviour_change_programme",
    "probation_service",
    "other_service",
]
# Where a person's geography comes from, most precise first: the ward is taken from the most precise
# source a row has (see models/intermediate/standardise/ and docs/ADDING_AN_AGENCY.md).
GeographyKind = Literal[
    "postcode", "ward_code", "ward_name", "postcode_sector", "postcode_district"
]
GEOGRAPHY_KINDS: tuple[str, ...] = GeographyKind.__args__

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
# A period start written as a month: 2020-04 (YAML may also give a date).
MonthStart = Annotated[
    date,
    BeforeValidator(
        lambda v: f"{v}-01" if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}", v) else v
    ),
]


class RegistryError(ValueError):
    """The agency configuration is malformed; the message names the file and the problem."""


class _Config(BaseModel):
    # Unknown keys are errors (a typo such as `etnicity` must not be silently ignored).
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileSpec(_Config):
    pattern: re.Pattern[str]
    format: Literal["csv", "xlsx"]
    encodings: tuple[str, ...] = ("utf-8-sig",)
    sheet: str | None = None
    header_row: int = Field(1, ge=1)
    delimiter: str = ","


class FieldSpec(_Config):
    type: Literal["text", "date", "datetime", "integer"] = "text"
    required: bool = False
    formats: tuple[str, ...] = ()


class IdentifierSpec(_Config):
    of: Name
    kind: IdentifierKind
    formats: tuple[str, ...] = ()


def _column_shorthand(value: Any) -> Any:
    """`sex: victim_sex` is short for `sex: {column: victim_sex}`."""
    return {"column": value} if isinstance(value, str) else value


class CodedField(_Config):
    """A column holding codes or labels, and the code scheme (the crosswalk's `scheme`) they follow."""

    column: Name
    scheme: Name | None = None  # None: the field's default scheme (see PersonSpec)


Coded = Annotated[CodedField, BeforeValidator(_column_shorthand)]


class InferredSex(_Config):
    """No sex column, because the service itself says it (a women-only refuge)."""

    inferred: Literal["female", "male"]
    reason: str


class RoleRule(_Config):
    """A person's role read from a column: each listed value (compared ignoring case, spaces and
    punctuation) gives a role."""

    column: Name
    values: dict[str, Role]


class RoleFrom(_Config):
    """Rules tried in order, the first that matches giving the role; `otherwise` when none does."""

    rules: tuple[RoleRule, ...] = Field(min_length=1)
    otherwise: Role = "not_known"


class PersonSpec(_Config):
    """One person a record describes, and where each of their fields is."""

    role: Role | None = None
    role_from: RoleFrom | None = None
    # `when_identified`: a contact row only when the record identifies the person (a match key, a date
    # of birth, or any of their demographic fields): a suspect column left blank is not a person.
    contact: Literal["always", "when_identified"] = "always"
    # The person whose match keys ride along as this person's parent (children's records); a person
    # named as a parent is not a contact of their own.
    parent: Name | None = None
    sex: Annotated[CodedField | InferredSex, BeforeValidator(_column_shorthand)] | None = None
    ethnicity: tuple[Coded, ...] = ()  # in order of preference: the first column with a value wins
    disability: Coded | None = None
    mental_health: Coded | None = None
    lgbt: Coded | None = None
    age: Name | None = None  # the age as stated, used when there is no date of birth
    age_band: Coded | None = None
    geography: dict[GeographyKind, Name] = {}

    @field_validator("ethnicity", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str | dict) else value

    @model_validator(mode="after")
    def _one_role(self) -> PersonSpec:
        if (self.role is None) == (self.role_from is None):
            raise ValueError("give exactly one of `role` (a fixed role) or `role_from` (rules)")
        return self

    def coded_fields(self) -> dict[str, CodedField]:
        """Every coded demographic column (not the inferred sex), by field: sex, ethnicity_1, ..."""
        fields = {}
        if isinstance(self.sex, CodedField):
            fields["sex"] = self.sex
        fields |= {f"ethnicity_{i}": spec for i, spec in enumerate(self.ethnicity, start=1)}
        for name in ("disability", "mental_health", "lgbt", "age_band"):
            if getattr(self, name) is not None:
                fields[name] = getattr(self, name)
        return fields


class EventDateTolerance(_Config):
    """How many days outside the period its file's name declares an event may be dated (see
    `Agency.event_date_tolerance`)."""

    days_before: int = Field(31, ge=0)
    days_after: int = Field(7, ge=0)


class PlaceSpec(_Config):
    """A place a record describes (an incident's location): only its postcode is derived."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.start.replace(day=1) == self.end.replace(day=1):
            return self.start.strftime("%Y-%m")
        return f"{self.start:%Y-%m} to {self.end:%Y-%m}"


class Agency(_Config):
    agency: Name
    name: str  # the agency's display name, as in feedback packs and dashboards' agency lists
    label: str  # a short label for charts and tables
    service: Service
    extract: str = ""
    first_period: MonthStart  # the first period the partnership expects a file for
    cadence: Literal["monthly", "quarterly"]
    period: Literal["month", "financial_quarter", "calendar_quarter"]
    due_days_after_period_end: int = Field(ge=0)
    file: FileSpec
    entity: Name  # what one record is (incident, case, referral): names the staging models
    record_id: Name
    event_date: Name
    # The roles counted as the agency's clients in its reach (board metric #8).
    client_roles: tuple[Role, ...] = ("victim", "child")
    # The column holding the case's risk level (DASH), when the agency sends one: rated for completeness.
    risk_level: Name | None = None
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    fallback_date_formats: tuple[str, ...] = ()
    schema_versions: dict[str, dict[str, Name]] = Field(min_length=1)
    fields: dict[Name, FieldSpec] = {}
    people: dict[Name, PersonSpec] = {}
    places: dict[Name, PlaceSpec] = {}
    identifiers: dict[Name, IdentifierSpec] = {}
    source_file: Path = Field(exclude=True)
    # A row whose event date falls further outside its file's period than this is rejected with a
    # reason. An agency that repeats a record in a later return with its original date (an IDVA case
    # updated when it closes) needs a long `days_before`.
    event_date_tolerance: EventDateTolerance = EventDateTolerance()
    # A file for a period already loaded replaces it only when it holds at least this share of the
    # rows it would replace; a smaller one is held for review (see warehouse/ingest/resubmissions.py).
    resubmission_min_share: float = Field(0.5, gt=0, le=1)

    @field_validator("fields", "places", mode="before")
    @classmethod
    def _empty_entries(cls, value: Any) -> Any:
        """`location: {}` and `location:` (null) both mean "no settings"."""
        return {k: v or {} for k, v in (value or {}).items()}

    @model_validator(mode="after")
    def _consistent(self) -> Agency:
        canonical = set(self.canonical_fields)

        def retained(name: str, where: str) -> None:
            if name not in canonical:
                raise ValueError(f"{where}: {name!r} is not a column of any schema version")
            if name in self.identifiers:
                raise ValueError(
                    f"{where}: {name!r} is an identifier and never reaches the warehouse"
                )

        if self.agency != self.source_file.stem:
            raise ValueError(f"'agency' must match the file name ({self.source_file.stem!r})")
        for name in self.fields:
            if name not in canonical:
                raise ValueError(f"fields.{name}: not a column of any schema version")
        for name, spec in self.identifiers.items():
            where = f"identifiers.{name}"
            if name not in canonical:
                raise ValueError(f"{where}: not a column of any schema version")
            if spec.of not in self.people and spec.of not in self.places:
                raise ValueError(f"{where}.of: {spec.of!r} is not one of the people or places")
            if spec.of in self.places and spec.kind != "postcode":
                raise ValueError(f"{where}: a place can only have a postcode")
        retained(self.record_id, "record_id")
        retained(self.event_date, "event_date")
        if self.risk_level is not None:
            retained(self.risk_level, "risk_level")
        for person, spec in self.people.items():
            where = f"people.{person}"
            for field, coded in spec.coded_fields().items():
                retained(coded.column, f"{where}.{field}")
            for rule in spec.role_from.rules if spec.role_from else ():
                retained(rule.column, f"{where}.role_from")
            if spec.age is not None:
                retained(spec.age, f"{where}.age")
            if spec.parent is not None and spec.parent not in self.people:
                raise ValueError(f"{where}.parent: {spec.parent!r} is not one of the people")
            for kind, column in spec.geography.items():
                if kind == "postcode":
                    identifier = self.identifiers.get(column)
                    if identifier is None or identifier.kind != "postcode":
                        raise ValueError(
                            f"{where}.geography.postcode: {column!r} must be an identifier of kind postcode"
                        )
                else:
                    retained(column, f"{where}.geography.{kind}")
        clashes = (canonical - set(self.identifiers)) & set(self.derived_columns)
        if clashes:
            raise ValueError(
                f"fields {sorted(clashes)} clash with derived column names; rename them"
            )
        if set(self.people) & set(self.places):
            raise ValueError("a name cannot be both a person and a place")
        return self

    @property
    def canonical_fields(self) -> list[str]:
        """Every canonical field of every schema version, in first-seen order."""
        seen: dict[str, None] = {}
        for columns in self.schema_versions.values():
            seen.update(dict.fromkeys(columns.values()))
        return list(seen)

    @property
    def retained_fields(self) -> list[str]:
        """Canonical fields written to the raw table as they are (everything but identifiers)."""
        return [name for name in self.canonical_fields if name not in self.identifiers]

    @property
    def rows_model(self) -> str:
        """The staging model of every current row: stg_<agency>__<entity>_rows."""
        return f"stg_{self.agency}__{self.entity}_rows"

    @property
    def parents(self) -> set[str]:
        """People named as another person's parent (they ride along, with no contact of their own)."""
        return {spec.parent for spec in self.people.values() if spec.parent}

    def field_spec(self, name: str) -> FieldSpec:
        return self.fields.get(name, FieldSpec())

    def expected_date_formats_for(self, name: str) -> tuple[str, ...]:
        """The formats a date field or date of birth should be in: its own, else the agency's."""
        if name in self.identifiers:
            own = self.identifiers[name].formats
        else:
            own = self.field_spec(name).formats
        return own or self.date_formats

    def date_formats_for(self, name: str) -> tuple[str, ...]:
        """Every format to try: the expected ones, then fallbacks that are accepted but flagged."""
        return (*self.expected_date_formats_for(name), *self.fallback_date_formats)

    @staticmethod
    def derived_names(people, places) -> list[str]:
        columns = []
        for person in people:
            columns += [f"{person}_key_{kind}" for kind in PERSON_KEY_KINDS]
            columns += [f"{person}_{name}" for name in PERSON_STATUS_COLUMNS]
            columns += [f"{person}_{name}" for name in GEOGRAPHY_COLUMNS]
        for place in places:
            columns += [f"{place}_{name}" for name in GEOGRAPHY_COLUMNS]
        return columns

    @property
    def derived_columns(self) -> list[str]:
        return self.derived_names(self.people, self.places)

    @property
    def raw_columns(self) -> list[str]:
        return [*METADATA_COLUMNS, *self.retained_fields, *self.derived_columns]

    def identifiers_of(self, owner: str) -> dict[str, IdentifierSpec]:
        return {name: spec for name, spec in self.identifiers.items() if spec.of == owner}

    def matches_file_name(self, file_name: str) -> bool:
        return self.file.pattern.search(file_name) is not None

    def period_of(self, file_name: str) -> Period:
        """The period a file covers, read from its name with the registry's named groups."""
        match = self.file.pattern.search(file_name)
        if match is None:
            raise ValueError(f"{file_name!r} does not match the {self.agency} file pattern")
        return period_from_groups(self.period, match.groupdict())


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_from_groups(kind: str, groups: dict[str, str | None]) -> Period:
    if kind == "month":
        year = int(groups["year"])
        if groups.get("month_name"):
            month = MONTH_ABBREVIATIONS[groups["month_name"][:3].lower()]
        else:
            month = int(groups["month"])
        start = date(year, month, 1)
        if groups.get("year_to") and groups.get("month_to"):
            return Period(start, _month_end(int(groups["year_to"]), int(groups["month_to"])))
        return Period(start, _month_end(year, month))
    quarter = int(groups["quarter"])
    if kind == "calendar_quarter":
        year, first_month = int(groups["year"]), 3 * quarter - 2
    else:  # financial_quarter: Q1 is April to June of the financial year's first calendar year
        fy_start = int(groups.get("fy_start") or groups["fy"][:4])
        first_month = 3 * quarter + 1
        year = fy_start if first_month <= 12 else fy_start + 1
        first_month = first_month if first_month <= 12 else first_month - 12
    return Period(date(year, first_month, 1), _month_end(year, first_month + 2))


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key: check its spelling against agencies/README.md"
    return f"{where}: {message}" if where else message


def parse_agency(source: Path, doc: Any) -> Agency:
    """One agency from its YAML document; RegistryError names the file and every key that is wrong."""
    if not isinstance(doc, dict):
        raise RegistryError(f"{source.name}: expected a mapping of keys at the top level")
    try:
        return Agency.model_validate({**doc, "source_file": source})
    except ValidationError as exc:
        problems = "\n  ".join(_describe(error) for error in exc.errors())
        raise RegistryError(f"{source.name}:\n  {problems}") from None


def load_registry(directory: Path = AGENCIES_DIR) -> dict[str, Agency]:
    """Every agency configured in `directory`, keyed by agency name, in name order."""
    agencies = {}
    for source in sorted(directory.glob("*.yml")):
        try:
            doc = yaml.safe_load(source.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise RegistryError(f"{source.name}: not valid YAML: {exc}") from None
        agency = parse_agency(source, doc)
        agencies[agency.agency] = agency
    if not agencies:
        raise RegistryError(f"no agency configuration found in {directory}")
    return agencies
