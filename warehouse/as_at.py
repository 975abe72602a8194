"""The day a run stands at: what counts as due, and so as missing, is judged as at this date.

A real partnership's run stands at today. The generated sample is a world that ends on its last file's
receipt (27 April 2026 for the default seed; its data ends on 31 March): judged as at today, every agency would look months late
on a fresh clone. So the sample generator records the day its world stands at beside its ground
truth, and a run whose inbox holds nothing received after that day stands there too. A file received
later (a partnership's real extract, copied in now) means the inbox is no longer just the sample, and
the run stands at today. `AS_AT_DATE` overrides both, to reproduce an earlier month's view.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from warehouse.run_inputs import inbox_listing
from warehouse.settings import Settings

SAMPLE_RECORD = "sample.json"


@dataclass(frozen=True)
class AsAt:
    day: date
    why: str  # said beside the date in the run's first line

    def __str__(self) -> str:
        return f"{self.day.isoformat()} ({self.why})"


def write_sample_record(ground_truth_dir: Path, stands_at: date, seed: int, scale: float) -> None:
    """Written by the sample generator: the day its world stands at, and how it was drawn."""
    record = {"stands_at": stands_at.isoformat(), "seed": seed, "scale": scale}
    (ground_truth_dir / SAMPLE_RECORD).write_text(json.dumps(record, indent=2) + "\n")


def sample_stands_at(settings: Settings) -> date | None:
    """The generated sample's day, when the inbox holds nothing received after it."""
    record = settings.ground_truth_dir / SAMPLE_RECORD
    if not record.is_file():
        return None
    try:
        stands_at = date.fromisoformat(json.loads(record.read_text())["stands_at"])
    except (ValueError, KeyError, TypeError):
        return None
    if not settings.inbox_dir.is_dir():
        return None
    received = (
        date.fromtimestamp(modified_ns / 1e9) for _, _, modified_ns in inbox_listing(settings)
    )
    return stands_at if all(day <= stands_at for day in received) else None


def resolve(settings: Settings) -> AsAt:
    """AS_AT_DATE, else the generated sample's day (see above), else today."""
    given = os.environ.get("AS_AT_DATE", "").strip()
    if given:
        try:
            return AsAt(date.fromisoformat(given), "AS_AT_DATE")
        except ValueError:
            raise ValueError(f"AS_AT_DATE={given!r} is not a date in the form YYYY-MM-DD") from None
    sample = sample_stands_at(settings)
    if sample:
        return AsAt(sample, "the generated sample's last file; AS_AT_DATE sets another day")
    return AsAt(date.today(), "today")
