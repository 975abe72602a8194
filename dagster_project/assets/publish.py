"""The last step of a good run: publish the built warehouse for analysts and dashboards."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.dbt import warehouse_models
from dagster_project.publish import publish_warehouse
from dagster_project.resources import WarehouseResource


@asset(
    key=["publish", "warehouse"],
    deps=[warehouse_models],
    group_name="publish",
    kinds={"duckdb"},
    description="data/warehouse/warehouse.duckdb: a read-only copy of the build, swapped in atomically.",
)
def published_warehouse(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    settings = warehouse.settings
    row_counts = publish_warehouse(settings.build_warehouse, settings.published_warehouse)
    context.log.info(f"Published {len(row_counts)} tables to {settings.published_warehouse}")
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(settings.published_warehouse)),
            "tables": len(row_counts),
            "row_counts": MetadataValue.json(row_counts),
        }
    )
