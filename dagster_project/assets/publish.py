"""Publishing, as one generation (see `warehouse/generations.py`): the built warehouse is copied into
this run's generation folder with its Parquet exports, the board pack and feedback packs are written
beside it, and only then does `publish/current` point readers at the new generation."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.dbt import dbt_build
from dagster_project.resources import WarehouseResource
from warehouse.generations import generation_of_run, make_current, start_generation
from warehouse.publish import export_publish_schema, publish_warehouse


@asset(
    key=["publish", "warehouse"],
    deps=[dbt_build],
    group_name="publish",
    kinds={"duckdb"},
    description="The run's generation: a read-only copy of the build (warehouse.duckdb) and its "
    "publish schema as Parquet files, in data/published/generations/<run>/ (not yet current).",
)
def published_warehouse(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    generation = start_generation(warehouse.settings, context.run.run_id)
    row_counts = publish_warehouse(warehouse.settings.build_warehouse, generation.warehouse)
    exported = export_publish_schema(generation.warehouse, generation.parquet_dir)
    context.log.info(
        f"Published {len(row_counts)} tables and {len(exported)} Parquet exports to {generation.root}"
    )
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(generation.warehouse)),
            "tables": len(row_counts),
            "row_counts": MetadataValue.json(row_counts),
            "parquet_exports": len(exported),
        }
    )


@asset(
    key=["publish", "current"],
    deps=[["outputs", "board_pack"], ["outputs", "feedback_packs"]],
    group_name="publish",
    kinds={"duckdb"},
    description="data/published/current: points readers at this run's generation (warehouse, Parquet, "
    "board pack, feedback packs) in one step, once every part of it is written.",
)
def current_generation(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    generation = generation_of_run(warehouse.settings, context.run.run_id)
    make_current(warehouse.settings, generation)
    context.log.info(f"{warehouse.settings.published_dir} now points at {generation.root.name}")
    return MaterializeResult(metadata={"generation": generation.root.name})
