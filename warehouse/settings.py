"""Where the pipeline reads and writes. Everything generated lives under one data folder (git-ignored).

`DATA_DIR` moves the whole lot (tests point it at a temporary folder); `PARTNERSHIP_KEY` or the key
file holds the partnership's pseudonymisation secret, which never enters the repository.

What readers open (analysts, dashboards, agencies' feedback) is one published generation, always
reached through `data/published/current/` (see `warehouse/generations.py`): the warehouse, its
Parquet exports, the board pack and the feedback packs of the same run, swapped in together.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
POSTCODE_SEED = SEEDS_DIR / "reference" / "coventry_postcodes_codepoint_2025.csv"
# The partnership's data window opens here: an event dated earlier is a typing error, not history
# (the Great Expectations suites hold event years to 2015 and later for the same reason).
DATA_WINDOW_START = date(2015, 1, 1)
# How much memory DuckDB may hold before it writes to disk (`<warehouse>.tmp/`), in every process that
# opens the warehouse: left alone it caches up to 80% of the machine, so at national volume the ingest
# and dbt processes each grew past 9 GB and together ran a 24 GB machine out. dbt's profile reads the
# same variable, with the same default.
DUCKDB_MEMORY_LIMIT = os.environ.get("DUCKDB_MEMORY_LIMIT", "4GB")


@dataclass(frozen=True)
class Settings:
    data_dir: Path

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(Path(os.environ.get("DATA_DIR", REPO_ROOT / "data")).resolve())

    @property
    def inbox_dir(self) -> Path:
        """Agency extracts as received: data/inbox/<agency>/<file>."""
        return self.data_dir / "inbox"

    @property
    def quarantine_dir(self) -> Path:
        """Files that could not be loaded, each with a .reason.txt beside it."""
        return self.data_dir / "quarantine"

    @property
    def ground_truth_dir(self) -> Path:
        """The sample generator's answers (who is behind each record, which faults it injected)."""
        return self.data_dir / "ground_truth"

    @property
    def build_warehouse(self) -> Path:
        """The working DuckDB file: the run writes here and nobody else reads it."""
        return self.data_dir / "warehouse" / "build.duckdb"

    @property
    def published_dir(self) -> Path:
        """The current published generation: a link to `generations/<run>/`, swapped in one step."""
        return self.data_dir / "published" / "current"

    @property
    def published_warehouse(self) -> Path:
        """The copy analysts and dashboards open read-only."""
        return self.published_dir / "warehouse.duckdb"

    @property
    def parquet_dir(self) -> Path:
        """Parquet exports of the publish schema (the suppressed aggregates)."""
        return self.published_dir / "publish_parquet"

    @property
    def board_pack_dir(self) -> Path:
        """The static, self-contained HTML board pack (opens from disk with no network)."""
        return self.published_dir / "board_pack"

    @property
    def feedback_packs_dir(self) -> Path:
        """One folder per agency: its data-quality feedback pack for each period, and nothing of any other agency."""
        return self.published_dir / "feedback_packs"

    @property
    def logs_dir(self) -> Path:
        """One full log per pipeline run: data/logs/<run>.log (the terminal shows a summary)."""
        return self.data_dir / "logs"

    @property
    def run_lock(self) -> Path:
        """Held by the run that is writing the build warehouse (see warehouse/run_lock.py)."""
        return self.data_dir / "run.lock"

    @property
    def evidence_site_dir(self) -> Path:
        """The Evidence site (the reports as static pages), built from the current generation's Parquet
        exports after it is switched in (so it is not part of a generation: it is rebuilt only on change)."""
        return self.data_dir / "outputs" / "evidence_site"

    @property
    def evidence_build_dir(self) -> Path:
        """Where the Evidence site is built: a copy of the project, its caches and its HOME."""
        return self.data_dir / "evidence_build"

    @property
    def key_file(self) -> Path:
        return Path(
            os.environ.get("PARTNERSHIP_KEY_FILE", self.data_dir / "secrets" / "partnership.key")
        )
