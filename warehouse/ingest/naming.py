"""File names and paths as a data lead reads them: an agency's file-name pattern in words, never as
a regular expression, and paths relative to where the command was typed.

'^WMP_DA_Coventry_(?P<year>\\d{4})(?P<month>\\d{2})(?:_...)?(?![0-9]).*\\.csv$' reads as
"WMP_DA_Coventry_YYYYMM.csv (for example WMP_DA_Coventry_202404.csv)".
"""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.registry import Agency

# The registry's named groups, as a person writes them and with an example value.
PLACEHOLDERS = {
    "year": ("YYYY", "2024"),
    "month": ("MM", "04"),
    "month_name": ("Mon", "Apr"),
    "quarter": ("n", "1"),
    "fy": ("YYYY-YY", "2024-25"),
    "fy_start": ("YYYY", "2024"),
}
_OPTIONAL_PART = re.compile(r"\(\?:(?:[^()]|\([^()]*\))*\)\?")  # a second month, for example
_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*\)")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^()]*\)")
_REGEX_LEFT = re.compile(r"[\\()\[\]{}*+?|^$]")


def _rewrite(pattern: str, value_of) -> str | None:
    text = pattern.removeprefix("^").removesuffix("$")
    text = _OPTIONAL_PART.sub("", text)
    text = _LOOKAROUND.sub("", text)
    text = _NAMED_GROUP.sub(lambda m: value_of(m[1]), text)
    text = text.replace(".*", "").replace("\\b", "").replace("\\.", ".").replace("\\ ", " ")
    return None if _REGEX_LEFT.search(text) else text


def describe_file_names(agency: Agency) -> str:
    """'WMP_DA_Coventry_YYYYMM.csv (for example WMP_DA_Coventry_202404.csv)'."""
    pattern = agency.file.pattern.pattern
    template = _rewrite(pattern, lambda name: PLACEHOLDERS.get(name, (name.upper(), ""))[0])
    example = _rewrite(pattern, lambda name: PLACEHOLDERS.get(name, ("", ""))[1])
    where = f"file.pattern in agencies/{agency.source_file.name}"
    if template is None:
        return f"the naming pattern set by {where}"
    if example and agency.file.pattern.search(example):
        return f"{template} (for example {example})"
    return template


def display_path(path: Path) -> str:
    """A path as the data lead would type it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
