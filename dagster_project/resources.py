"""The one Dagster resource the project needs: the working DuckDB warehouse, held for the whole run.

DuckDB allows one writer at a time, so the whole pipeline runs in one process, one asset after another
(see `definitions.py`), and each asset opens the file only while it works. dbt runs as a subprocess
while no other connection is open. Readers never touch this file: they use the published generation.

For the length of a run the resource holds the data folder's run lock (`warehouse/run_lock.py`), so a
second run, from the command line or the Dagster UI, stops at once with who holds it, rather than
failing half-way on DuckDB's own lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource, Failure, InitResourceContext

from warehouse.run_lock import RunLockHeld, run_lock
from warehouse.settings import DUCKDB_MEMORY_LIMIT, Settings


class WarehouseResource(ConfigurableResource):
    data_dir: str

    @property
    def settings(self) -> Settings:
        return Settings(Path(self.data_dir).resolve())

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[WarehouseResource]:
        run_id = context.run_id or "no run"
        try:
            with run_lock(self.settings.run_lock, f"Dagster run {run_id}") as cleared:
                if cleared:
                    context.log.warning(cleared)
                yield self
        except RunLockHeld as held:
            raise Failure(str(held)) from None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.settings.build_warehouse
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = duckdb.connect(str(path), config={"memory_limit": DUCKDB_MEMORY_LIMIT})
        try:
            yield connection
        finally:
            connection.close()
