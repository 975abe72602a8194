"""dbt's unit tests, without a pipeline run: the project is built over empty raw and ledger tables (made
with ingest's own DDL, so they are exactly what dbt reads), every model `--empty`, and every unit test runs
on the rows it brings. Part of `make test-fast`; the full pipeline runs them again on real data."""

from __future__ import annotations

import duckdb
from dbt_runner import dbt_build

from warehouse.dbt_registry import write_dbt_registry
from warehouse.ingest import ledger
from warehouse.registry import load_registry


def test_every_dbt_unit_test_passes_over_an_empty_warehouse(tmp_path):
    warehouse = tmp_path / "build.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        ledger.ensure_ledger(connection)
        for agency in load_registry().values():
            ledger.record_agency(connection, agency)
            ledger.ensure_raw_table(connection, agency)
    write_dbt_registry()
    # seeds, models (over no rows) and unit tests; the data tests need real data
    kinds = [
        option for kind in ("seed", "model", "unit_test") for option in ("--resource-type", kind)
    ]
    result = dbt_build(["--empty", *kinds], warehouse, tmp_path)
    assert result.returncode == 0, result.stdout[-5000:]
    assert "unit_test" in result.stdout or "PASS=" in result.stdout
