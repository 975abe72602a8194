"""The agency registry: what each partner agency sends, read from `agencies/<agency>.yml`.

Adding an agency is a new YAML file here (plus a staging model and an expectation suite), not new
Python. This module only reads and validates the configuration and answers questions about it:
which columns a raw table has, which period a file name covers, which fields are identifiers.

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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

AGENCIES_DIR = Path(__file__).resolve().parents[1] / "agencies"

FIELD_TYPES = {"text", "date", "datetime", "integer"}
CADENCES = {"monthly", "quarterly"}
PERIODS = {"month", "financial_quarter", "calendar_quarter"}
FILE_FORMATS = {"csv", "xlsx"}
IDENTIFIER_KINDS = {
    "person_ref",
    "surname",
    "forename",
    "full_name_surname_first",
    "initials",
    "date_of_birth",
    "nhs_number",
    "postcode",
}
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


class RegistryError(ValueError):
    """The agency configuration is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class FileSpec:
    pattern: re.Pattern[str]
    format: str
    encodings: tuple[str, ...] = ("utf-8-sig",)
    sheet: str | None = None
    header_row: int = 1
    delimiter: str = ","


@dataclass(frozen=True)
class FieldSpec:
    type: str = "text"
    required: bool = False
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdentifierSpec:
    of: str
    kind: str
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonSpec:
    role: str
    role_field: str | None = None


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.start.replace(day=1) == self.end.replace(day=1):
            return self.start.strftime("%Y-%m")
        return f"{self.start:%Y-%m} to {self.end:%Y-%m}"


@dataclass(frozen=True)
class Agency:
    agency: str
    name: str
    extract: str
    cadence: str
    period: str
    due_days_after_period_end: int
    file: FileSpec
    record_id: str
    event_date: str
    date_formats: tuple[str, ...]
    fallback_date_formats: tuple[str, ...]
    schema_versions: dict[str, dict[str, str]]
    fields: dict[str, FieldSpec]
    people: dict[str, PersonSpec]
    places: tuple[str, ...]
    identifiers: dict[str, IdentifierSpec]
    source_file: Path = field(compare=False)

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
        return _period_from_groups(self.period, match.groupdict())


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _period_from_groups(kind: str, groups: dict[str, str | None]) -> Period:
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


def _require(condition: bool, source: Path, message: str) -> None:
    if not condition:
        raise RegistryError(f"{source.name}: {message}")


def _parse_agency(source: Path, doc: dict) -> Agency:
    required = ["agency", "name", "cadence", "period", "due_days_after_period_end", "file"]
    for key in [*required, "record_id", "event_date", "schema_versions"]:
        _require(key in doc, source, f"missing required key {key!r}")
    _require(doc["agency"] == source.stem, source, "the 'agency' key must match the file name")
    _require(doc["cadence"] in CADENCES, source, f"cadence must be one of {sorted(CADENCES)}")
    _require(doc["period"] in PERIODS, source, f"period must be one of {sorted(PERIODS)}")

    file_doc = doc["file"]
    _require(
        file_doc.get("format") in FILE_FORMATS,
        source,
        f"file.format must be one of {sorted(FILE_FORMATS)}",
    )
    try:
        pattern = re.compile(file_doc["pattern"])
    except (KeyError, re.error) as exc:
        raise RegistryError(f"{source.name}: file.pattern is missing or invalid: {exc}") from exc
    file_spec = FileSpec(
        pattern=pattern,
        format=file_doc["format"],
        encodings=tuple(file_doc.get("encodings", ["utf-8-sig"])),
        sheet=file_doc.get("sheet"),
        header_row=int(file_doc.get("header_row", 1)),
        delimiter=file_doc.get("delimiter", ","),
    )

    versions = {str(name): dict(columns) for name, columns in doc["schema_versions"].items()}
    _require(bool(versions), source, "schema_versions must list at least one version")
    canonical = {name for columns in versions.values() for name in columns.values()}

    fields = {}
    for name, spec in (doc.get("fields") or {}).items():
        _require(name in canonical, source, f"fields.{name} is not a column of any schema version")
        spec = spec or {}
        _require(
            spec.get("type", "text") in FIELD_TYPES,
            source,
            f"fields.{name}.type must be one of {sorted(FIELD_TYPES)}",
        )
        fields[name] = FieldSpec(
            spec.get("type", "text"),
            bool(spec.get("required", False)),
            tuple(spec.get("formats", [])),
        )

    people = {
        name: PersonSpec(
            role=(spec or {}).get("role", "victim"), role_field=(spec or {}).get("role_field")
        )
        for name, spec in (doc.get("people") or {}).items()
    }
    places = tuple(doc.get("places") or {})
    identifiers = {}
    for name, spec in (doc.get("identifiers") or {}).items():
        _require(
            name in canonical, source, f"identifiers.{name} is not a column of any schema version"
        )
        _require(
            spec.get("kind") in IDENTIFIER_KINDS,
            source,
            f"identifiers.{name}.kind must be one of {sorted(IDENTIFIER_KINDS)}",
        )
        _require(
            spec.get("of") in people or spec.get("of") in places,
            source,
            f"identifiers.{name}.of must name a person or place",
        )
        _require(
            spec["of"] in people or spec["kind"] == "postcode",
            source,
            f"identifiers.{name}: a place can only have a postcode",
        )
        identifiers[name] = IdentifierSpec(spec["of"], spec["kind"], tuple(spec.get("formats", [])))

    clashes = set(canonical) - set(identifiers)
    derived = set(Agency.derived_names(people, places))
    _require(
        not clashes & derived,
        source,
        f"fields {sorted(clashes & derived)} clash with derived column names; rename them",
    )
    for key in ("record_id", "event_date"):
        _require(
            doc[key] in canonical and doc[key] not in identifiers,
            source,
            f"{key} must be a retained canonical field",
        )
    return Agency(
        agency=doc["agency"],
        name=doc["name"],
        extract=doc.get("extract", ""),
        cadence=doc["cadence"],
        period=doc["period"],
        due_days_after_period_end=int(doc["due_days_after_period_end"]),
        file=file_spec,
        record_id=doc["record_id"],
        event_date=doc["event_date"],
        date_formats=tuple(doc.get("date_formats", ["%Y-%m-%d"])),
        fallback_date_formats=tuple(doc.get("fallback_date_formats", [])),
        schema_versions=versions,
        fields=fields,
        people=people,
        places=places,
        identifiers=identifiers,
        source_file=source,
    )


def load_registry(directory: Path = AGENCIES_DIR) -> dict[str, Agency]:
    """Every agency configured in `directory`, keyed by agency name, in name order."""
    agencies = {}
    for source in sorted(directory.glob("*.yml")):
        with source.open(encoding="utf-8") as handle:
            doc = yaml.safe_load(handle)
        _require(isinstance(doc, dict), source, "expected a mapping at the top level")
        agency = _parse_agency(source, doc)
        agencies[agency.agency] = agency
    if not agencies:
        raise RegistryError(f"no agency configuration found in {directory}")
    return agencies
