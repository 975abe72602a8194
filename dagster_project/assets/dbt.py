"""The dbt project as Dagster assets: seeds, staging, intermediate, marts and publish models.

Each raw table is a dbt source; the translator gives sources the same asset keys as the ingest assets
(`raw/<agency>`, `ledger/<table>`), so the graph runs from each agency's inbox to the marts.
"""

import os
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.resources import WarehouseResource
from dagster_project.settings import REPO_ROOT

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


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(),
)
def warehouse_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    # dbt's profile reads the build file's path from the environment of its subprocess.
    os.environ["WAREHOUSE_BUILD_PATH"] = str(warehouse.settings.build_warehouse)
    yield from dbt.cli(["build"], context=context).stream()
