"""Postcodes to geography: ward and LSOA from the Code-Point lookup, postcode district for the rest.

The full postcode is an identifier (with a date of birth it can single out a person), so it is
turned into these coarser fields in memory and never written.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

# The UK format: outward code (area letters, district digit, optional letter or digit), a space, and
# an inward code of a digit and two letters. GIR 0AA is the one historic exception still in use.
_UK_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)$")


@dataclass(frozen=True)
class Geography:
    status: str  # coventry | not_found | out_of_area | invalid | missing | not_collected
    district: str | None = None
    ward_code: str | None = None
    lsoa_code: str | None = None


NOT_COLLECTED = Geography("not_collected")
MISSING = Geography("missing")
INVALID = Geography("invalid")


def normalise_postcode(value: str) -> str:
    """Upper case, no inner spaces, then one space before the inward code: ' cv1 1ah' -> 'CV1 1AH'."""
    compact = "".join(value.split()).upper()
    if len(compact) < 4:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(normalised: str) -> bool:
    return _UK_POSTCODE.match(normalised) is not None


# Every real postcode district of the partnership's postcode areas (CV1..CV47), published beside the
# Code-Point seed: a well-formed postcode in a district that does not exist (CV65 1XY) is invalid,
# not out of area. A postcode missing from Code-Point in a district mostly inside the area (CV1 1ZZ) is
# most likely a typing error or a retired postcode: it is "not found", never silently out of area. In a
# district mostly outside (CV7), a postcode Code-Point does not list for the area is out of area.
IN_AREA_DISTRICT_SHARE = 0.5
DISTRICTS_SEED = "cv_postcode_districts.csv"
_AREA = re.compile(r"^[A-Z]+")


class PostcodeLookup:
    """Postcode -> (ward code, LSOA code) for the partnership's area."""

    def __init__(
        self,
        areas: dict[str, tuple[str | None, str | None]],
        known_districts: frozenset[str] = frozenset(),
        in_area_districts: frozenset[str] = frozenset(),
    ) -> None:
        self._areas = areas
        self._known_districts = known_districts
        self._in_area_districts = in_area_districts
        self._known_areas = {_AREA.match(district).group() for district in known_districts}

    def __len__(self) -> int:
        return len(self._areas)

    @classmethod
    def from_seed(cls, path: Path) -> PostcodeLookup:
        """Read the Code-Point seed (columns postcode, ward_code, lsoa21_pip_derived_approx)."""
        areas = {}
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                postcode = (row.get("postcode") or "").strip()
                if postcode:
                    areas[normalise_postcode(postcode)] = (
                        (row.get("ward_code") or "").strip() or None,
                        (row.get("lsoa21_pip_derived_approx") or "").strip() or None,
                    )
        districts_path = Path(path).with_name(DISTRICTS_SEED)
        districts: dict[str, float] = {}
        if districts_path.exists():
            with districts_path.open(encoding="utf-8-sig", newline="") as handle:
                districts = {
                    row["postcode_district"].strip(): float(row["pct_in_coventry"]) / 100
                    for row in csv.DictReader(handle)
                }
        in_area = frozenset(d for d, share in districts.items() if share >= IN_AREA_DISTRICT_SHARE)
        return cls(areas, frozenset(districts), in_area)

    def geography(self, value: str | None) -> Geography:
        """Status and area codes for a received postcode (None or blank means missing)."""
        if value is None or not value.strip():
            return MISSING
        postcode = normalise_postcode(value)
        if not is_valid_postcode(postcode):
            return INVALID
        district = postcode.split(" ", 1)[0]
        if postcode in self._areas:
            ward_code, lsoa_code = self._areas[postcode]
            return Geography("coventry", district, ward_code, lsoa_code)
        if (
            _AREA.match(district).group() in self._known_areas
            and district not in self._known_districts
        ):
            return INVALID  # a district that does not exist in a postcode area we know in full
        if district in self._in_area_districts:
            return Geography("not_found", district)
        return Geography("out_of_area", district)
