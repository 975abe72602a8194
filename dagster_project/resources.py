"""The one Dagster resource the project needs: the working DuckDB warehouse.

DuckDB allows one writer at a time, so the whole pipeline runs in one process, one asset after another
(see `definitions.py`), and each asset opens the file only while it works. dbt runs as a subprocess
while no other connection is open. Readers never touch this file: they use the published copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource

from warehouse.settings import Settings


class WarehouseResource(ConfigurableResource):
    data_dir: str

    @property
    def settings(self) -> Settings:
        return Settings(Path(self.data_dir).resolve())

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.settings.build_warehouse
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = duckdb.connect(str(path))
        try:
            yield connection
        finally:
            connection.close()
