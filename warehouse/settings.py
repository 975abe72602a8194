"""Where the pipeline reads and writes. Everything generated lives under one data folder (git-ignored).

`DATA_DIR` moves the whole lot (tests point it at a temporary folder); `PARTNERSHIP_KEY` or the key
file holds the partnership's pseudonymisation secret, which never enters the repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
POSTCODE_SEED = SEEDS_DIR / "reference" / "coventry_postcodes_codepoint_2025.csv"


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
    def published_warehouse(self) -> Path:
        """The copy analysts and dashboards open read-only, replaced atomically after a good run."""
        return self.data_dir / "warehouse" / "warehouse.duckdb"

    @property
    def parquet_dir(self) -> Path:
        """Parquet exports of the publish schema (the suppressed aggregates), replaced with the warehouse."""
        return self.data_dir / "warehouse" / "publish_parquet"

    @property
    def outputs_dir(self) -> Path:
        """What leaves the building after a good run: the board pack and the agencies' feedback packs."""
        return self.data_dir / "outputs"

    @property
    def board_pack_dir(self) -> Path:
        """The static, self-contained HTML board pack (opens from disk with no network)."""
        return self.outputs_dir / "board_pack"

    @property
    def feedback_packs_dir(self) -> Path:
        """One folder per agency: its data-quality feedback pack for each period, and nothing of any other agency."""
        return self.outputs_dir / "feedback_packs"

    @property
    def evidence_site_dir(self) -> Path:
        """The Evidence site (the reports as static pages), built from the Parquet exports."""
        return self.outputs_dir / "evidence_site"

    @property
    def evidence_build_dir(self) -> Path:
        """Where the Evidence site is built: a copy of the project, its caches and its HOME."""
        return self.data_dir / "evidence_build"

    @property
    def key_file(self) -> Path:
        return Path(
            os.environ.get("PARTNERSHIP_KEY_FILE", self.data_dir / "secrets" / "partnership.key")
        )
