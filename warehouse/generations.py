"""Published generations: everything a run publishes, swapped in for readers as one.

A run publishes into a folder of its own, `data/published/generations/<run id>/`: the read-only
warehouse, the Parquet exports of its publish schema, the board pack and the feedback packs. Only
when all of them are written does one rename point `data/published/current` (a symbolic link) at it,
so readers, who always go through `current/`, see the previous generation whole or the new one whole,
never a mixture, and a run that fails or is killed part-way leaves `current` as it was.

Disk: the new generation's warehouse is the only extra copy while a run publishes. Once `current`
points at the new generation, the previous generation's warehouse file is deleted at once (a reader
that has it open keeps reading it: the system frees the space when the reader closes it), and its
small outputs (Parquet, board pack, feedback packs) are kept until the next run publishes, for anyone
part-way through reading them. Older generations, and folders of runs that never finished, go then.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from warehouse.settings import Settings

WAREHOUSE_FILE = "warehouse.duckdb"


@dataclass(frozen=True)
class Generation:
    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / WAREHOUSE_FILE

    @property
    def parquet_dir(self) -> Path:
        return self.root / "publish_parquet"

    @property
    def board_pack_dir(self) -> Path:
        return self.root / "board_pack"

    @property
    def feedback_packs_dir(self) -> Path:
        return self.root / "feedback_packs"


def generations_dir(settings: Settings) -> Path:
    return settings.published_dir.parent / "generations"


def generation_of_run(settings: Settings, run_id: str) -> Generation:
    """Where run `run_id` publishes (it exists once the run's publish step has started)."""
    return Generation(generations_dir(settings) / run_id)


def start_generation(settings: Settings, run_id: str) -> Generation:
    """An empty folder for this run's generation (emptied if an earlier attempt left one)."""
    generation = generation_of_run(settings, run_id)
    shutil.rmtree(generation.root, ignore_errors=True)
    generation.root.mkdir(parents=True)
    return generation


def current_generation(settings: Settings) -> Generation | None:
    link = settings.published_dir
    return Generation(link.resolve()) if link.is_symlink() else None


def make_current(settings: Settings, generation: Generation) -> None:
    """Point `current` at `generation` in one rename, then tidy away what readers no longer need."""
    link = settings.published_dir
    previous = current_generation(settings)
    staged = link.with_name(link.name + ".next")
    staged.unlink(missing_ok=True)
    staged.symlink_to(generation.root.relative_to(link.parent), target_is_directory=True)
    staged.replace(link)
    keep = {generation.root.name}
    if previous is not None and previous.root != generation.root:
        previous.warehouse.unlink(missing_ok=True)
        keep.add(previous.root.name)
    for folder in generations_dir(settings).iterdir():
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
