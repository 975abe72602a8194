"""The Dagster code location: inbox -> raw (ingest, with each agency's structural checks on every new
file) -> one dbt build (seeds, staging, intermediate, marts, publish models) -> warning checks and Data
Docs -> publish (the run's generation: warehouse, Parquet, board pack, feedback packs) -> current.

Everything runs in one process, one step at a time, because a DuckDB file has a single writer.
`make pipeline` runs the `monthly_pipeline` job (`dagster_project/run.py`); `make dev` opens the same
graph in the Dagster UI.
"""

import sys
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
    in_process_executor,
)
from dagster_dbt import DbtCliResource

from dagster_project.assets.board_pack import board_pack
from dagster_project.assets.checks import agency_expectation_checks
from dagster_project.assets.dbt import dbt_build, dbt_project
from dagster_project.assets.evidence_site import evidence_site
from dagster_project.assets.feedback_packs import feedback_packs
from dagster_project.assets.ingest import (
    inbox_assets,
    ingest_assets,
    ledger_accounts_for_every_row,
    submissions_ledger,
)
from dagster_project.assets.publish import current_generation, published_warehouse
from dagster_project.resources import WarehouseResource
from warehouse.settings import Settings

monthly_pipeline = define_asset_job(
    "monthly_pipeline",
    selection=AssetSelection.all(),
    description="Load new agency extracts, rebuild the warehouse with dbt, and publish it.",
)

defs = Definitions(
    assets=[
        *inbox_assets,
        *ingest_assets,
        submissions_ledger,
        dbt_build,
        published_warehouse,
        board_pack,
        feedback_packs,
        evidence_site,
        current_generation,
    ],
    asset_checks=[ledger_accounts_for_every_row, *agency_expectation_checks],
    jobs=[monthly_pipeline],
    schedules=[
        # Agencies' extracts are due by mid-month; the data lead can switch this on in the UI.
        ScheduleDefinition(
            job=monthly_pipeline,
            cron_schedule="0 7 20 * *",
            default_status=DefaultScheduleStatus.STOPPED,
        )
    ],
    resources={
        "warehouse": WarehouseResource(data_dir=str(Settings.from_environment().data_dir)),
        # dbt from the same environment as Dagster, whether or not the virtualenv is activated
        "dbt": DbtCliResource(
            project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
        ),
    },
    executor=in_process_executor,
)
