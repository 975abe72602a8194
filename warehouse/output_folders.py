"""Output folders replaced whole: written beside the old one, then swapped in by renames, so a reader
never sees a half-written folder and a failed build leaves the previous one in place."""

from __future__ import annotations

import shutil
from pathlib import Path


def fresh_folder_beside(target: Path) -> Path:
    """An empty folder next to `target` to build its replacement in."""
    fresh = target.with_name(target.name + ".building")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    return fresh


def swap_in(fresh: Path, target: Path) -> None:
    """Put `fresh` where `target` is: the old folder is renamed aside first, then removed."""
    retired = _set_aside(target)
    fresh.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def take_away(target: Path) -> None:
    """Remove `target`, renamed aside first, so a reader never sees it half removed."""
    shutil.rmtree(_set_aside(target), ignore_errors=True)


def _set_aside(target: Path) -> Path:
    retired = target.with_name(target.name + ".retired")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    return retired
