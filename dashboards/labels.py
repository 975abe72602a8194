"""Plain-English names for the codes the publish layer uses."""

from __future__ import annotations

AGENCY_NAMES = {
    "police": "Police",
    "marac": "MARAC",
    "idva": "IDVA service",
    "housing": "Housing",
    "refuge": "Refuge",
    "health": "GP referrals (IRIS)",
    "childrens": "Children's services",
    "perpetrator": "Programme for people who harm",
}

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


def agency_name(code: str) -> str:
    return AGENCY_NAMES.get(code, code.replace("_", " ").capitalize())


def cohort_name(code: str) -> str:
    return COHORT_NAMES.get(code, code.replace("_", " ").capitalize())


def words(code: str) -> str:
    """A code such as 'not_recorded' or 'private_rented' as words."""
    return str(code).replace("_", " ").replace("|", " ").capitalize()
