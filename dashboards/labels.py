"""Plain-English names for the codes the publish layer uses (agencies are named by the registry, through
`BoardData.agency_label`)."""

from __future__ import annotations

COHORT_NAMES = {
    "minoritised": "Minoritised",
    "disabled": "Disabled",
    "mental_health_need": "Mental health need",
    "male": "Male",
    "lgbt": "LGBT+",
    "aged_16_17": "Aged 16-17",
    "aged_55_plus": "Aged 55+",
}

DQ_DIMENSION_NAMES = {
    "timeliness": "On time",
    "volume": "Volume",
    "completeness": "Completeness",
    "validity": "Validity",
    "duplicates": "Duplicates",
    "structure": "File structure",
}


def cohort_name(code: str) -> str:
    return COHORT_NAMES.get(code, code.replace("_", " ").capitalize())


def words(code: str) -> str:
    """A code such as 'not_recorded' or 'private_rented' as words."""
    return str(code).replace("_", " ").replace("|", " ").capitalize()
