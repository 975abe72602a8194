"""The dbt project as Dagster assets, built in steps so that one agency's bad submission stops only
what depends on it:

1. `reference_and_ledger`: the seeds (reference data, crosswalks) and ledger staging
   (`models/staging/ledger/`), which every later step may read.
2. `staging_<agency>`, one per agency in the registry: whatever models are in
   `models/staging/<agency>/`, with their dbt tests. The agency's Great Expectations checks
   (`warehouse/checks/`) run on them; a failed structural check stops every asset downstream,
   while the other agencies' staging steps and checks still run.
3. `warehouse_models`: the rest of the project (intermediate, marts, publish models). It reads every
   agency's staging models, so Dagster starts it only when no agency's blocking check has failed.

Each raw table is a dbt source; the translator gives sources the same asset keys as the ingest assets
(`raw/<agency>`, `ledger/<table>`), so the graph runs from each agency's inbox to the marts.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.resources import WarehouseResource
from warehouse.dbt_registry import write_dbt_registry
from warehouse.registry import load_registry
from warehouse.settings import REPO_ROOT

write_dbt_registry()  # dbt generates SQL from the registry, so it must see the current agencies/*.yml
dbt_project = DbtProject(project_dir=REPO_ROOT, profiles_dir=REPO_ROOT / "dbt", target="build")
dbt_project.prepare_if_dev()  # `dagster dev` re-parses the project; `make pipeline` runs `dbt parse` first

LEDGER_STAGING_DIR = "models/staging/ledger/"
REFERENCE_AND_LEDGER = f"resource_type:seed path:{LEDGER_STAGING_DIR}"


def agency_staging_dir(agency: str) -> str:
    return f"models/staging/{agency}/"


def is_reference_or_ledger(props: Mapping[str, Any]) -> bool:
    """Whether dbt builds this node in the first step (what REFERENCE_AND_LEDGER selects)."""
    return props["resource_type"] == "seed" or props["original_file_path"].startswith(
        LEDGER_STAGING_DIR
    )


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

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        read_by_tests = reference_nodes_read_by_tests_of(manifest, unique_id)
        if not read_by_tests:
            return spec
        # An agency's staging tests compare it with ledger staging (relationships tests) in the
        # agency's step, which must therefore run after the first step; Dagster orders steps only by
        # asset dependencies, so the nodes a model's tests read become dependencies of the model.
        keys = [self.get_asset_key(manifest["nodes"][node]) for node in read_by_tests]
        return spec.merge_attributes(deps=keys)


def reference_nodes_read_by_tests_of(manifest: Mapping[str, Any], unique_id: str) -> list[str]:
    """The first step's nodes that the tests of a model outside it also read, if any."""
    nodes = manifest["nodes"]
    model = nodes.get(unique_id)
    if model is None or model["resource_type"] != "model" or is_reference_or_ledger(model):
        return []
    read = {
        parent
        for child in manifest["child_map"].get(unique_id, [])
        if nodes.get(child, {}).get("attached_node") == unique_id
        for parent in nodes[child]["depends_on"]["nodes"]
        if parent in nodes and is_reference_or_ledger(nodes[parent])
    }
    return sorted(read - set(model["depends_on"]["nodes"]))


def run_target_path(warehouse: WarehouseResource) -> Path:
    """dbt's working folder for pipeline runs, under the data folder rather than one new folder per
    step in target/: every step of a run, and the next run, reuse its partial parse (a full parse takes
    about 20 s), and each data folder has its own, so separate pipelines never share one."""
    return warehouse.settings.data_dir / "dbt_target"


def dbt_build_step(name: str, select: str, exclude: str = "", build_args: tuple[str, ...] = ()):
    """One Dagster step that runs `dbt build` (models, seeds and their tests) on a selection."""

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        name=name,
        select=select,
        exclude=exclude,
        dagster_dbt_translator=WarehouseTranslator(),
    )
    def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        # dbt's profile reads the build file's path from the environment of its subprocess.
        os.environ["WAREHOUSE_BUILD_PATH"] = str(warehouse.settings.build_warehouse)
        invocation = dbt.cli(
            ["build", *build_args], context=context, target_path=run_target_path(warehouse)
        )
        yield from invocation.stream()

    return _build


# Tests that also read a later step's models (a relationships test from a mart to a seed, say) run
# with those models; dbt's default ("eager") would run them here, before those models exist.
reference_and_ledger = dbt_build_step(
    "reference_and_ledger", REFERENCE_AND_LEDGER, build_args=("--indirect-selection", "cautious")
)
agency_staging = {
    agency: dbt_build_step(f"staging_{agency}", f"path:{agency_staging_dir(agency)}")
    for agency in load_registry()
}
warehouse_models = dbt_build_step(
    "warehouse_models",
    select="fqn:*",
    exclude=" ".join(
        [REFERENCE_AND_LEDGER, *(f"path:{agency_staging_dir(a)}" for a in agency_staging)]
    ),
)
dbt_steps = [reference_and_ledger, *agency_staging.values(), warehouse_models]
