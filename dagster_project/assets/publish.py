"""The last step of a good run: publish the built warehouse for analysts and dashboards."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.dbt import warehouse_models
from dagster_project.resources import WarehouseResource
from warehouse.publish import export_publish_schema, publish_warehouse


@asset(
    key=["publish", "warehouse"],
    deps=[warehouse_models],
    group_name="publish",
    kinds={"duckdb"},
    description="data/warehouse/warehouse.duckdb: a read-only copy of the build, swapped in atomically; "
    "its publish schema also as Parquet files in data/warehouse/publish_parquet/.",
)
def published_warehouse(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    settings = warehouse.settings
    row_counts = publish_warehouse(settings.build_warehouse, settings.published_warehouse)
    context.log.info(f"Published {len(row_counts)} tables to {settings.published_warehouse}")
    exported = export_publish_schema(settings.published_warehouse, settings.parquet_dir)
    context.log.info(f"Exported {len(exported)} publish tables to {settings.parquet_dir}")
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(settings.published_warehouse)),
            "tables": len(row_counts),
            "row_counts": MetadataValue.json(row_counts),
            "parquet_exports": MetadataValue.path(str(settings.parquet_dir)),
        }
    )
