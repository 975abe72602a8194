"""The dbt project as Dagster assets, built by one `dbt build` (seeds, models and their tests) per run.

An agency's bad submission cannot reach dbt: its structural checks run at ingest, before the file can
become current (see `warehouse/checks/structure.py`), so staging only ever reads files that passed and
one build serves every agency.

Each raw table is a dbt source; the translator gives sources the same asset keys as the ingest assets
(`raw/<agency>`, `ledger/<table>`), so the graph runs from each agency's inbox to the marts.

dbt's tests run in the same `dbt build` (a failing error-severity test fails the step and nothing is
published), but they are not made Dagster asset checks: Dagster records every event in its SQLite
instance at about 17 ms each, and the project's ~700 tests as checks meant ~1,400 events (planned before
the first step, then evaluated): on the sample 11 s before the first step, now 2 s. Their results are
dbt's own: the run's summary names each test that warned, and the full log and
`data/dbt_target/run_results.json` hold every one.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetObservation
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from dagster_project.resources import WarehouseResource
from warehouse.dbt_registry import write_dbt_registry
from warehouse.settings import REPO_ROOT

write_dbt_registry()  # dbt generates SQL from the registry, so it must see the current agencies/*.yml
dbt_project = DbtProject(project_dir=REPO_ROOT, profiles_dir=REPO_ROOT / "dbt", target="build")
dbt_project.prepare_if_dev()  # `dagster dev` re-parses the project; `make pipeline` runs `dbt parse` first


class WarehouseTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            # raw/<agency> and ledger/<table>: the keys the ingest assets materialise
            return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else None  # staging, intermediate, marts, publish


def run_target_path(warehouse: WarehouseResource) -> Path:
    """dbt's working folder for pipeline runs, under the data folder rather than target/: each run
    reuses the last one's partial parse (a full parse takes about 20 s), and each data folder has its
    own, so separate pipelines never share one."""
    return warehouse.settings.data_dir / "dbt_target"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    name="dbt_build",
    dagster_dbt_translator=WarehouseTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=False)
    ),
)
def dbt_build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    # dbt's profile reads the build file's path from the environment of its subprocess.
    os.environ["WAREHOUSE_BUILD_PATH"] = str(warehouse.settings.build_warehouse)
    invocation = dbt.cli(["build"], context=context, target_path=run_target_path(warehouse))
    # Without asset checks dagster-dbt reports each test as an observation of the models it reads:
    # the same ~800 events the checks were, so they are left to dbt's own record (see above).
    for event in invocation.stream():
        if not isinstance(event, AssetObservation):
            yield event
