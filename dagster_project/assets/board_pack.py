"""The static board pack, built from this run's generation's publish layer (see `publish.py`)."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.publish import published_warehouse
from dagster_project.resources import WarehouseResource
from dashboards.board_pack import build_board_pack
from warehouse.generations import generation_of_run


@asset(
    key=["outputs", "board_pack"],
    deps=[published_warehouse],
    group_name="outputs",
    kinds={"html", "plotly"},
    description=(
        "board_pack/index.html in the run's generation: the board's dashboards as one "
        "self-contained HTML file that opens from disk with no network (suppressed publish layer only)."
    ),
)
def board_pack(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    generation = generation_of_run(warehouse.settings, context.run.run_id)
    built = build_board_pack(generation.warehouse, generation.board_pack_dir)
    context.log.info(
        f"Board pack: {built.path} ({built.chart_count} charts on {built.page_count} pages)"
    )
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(built.path)),
            "pages": built.page_count,
            "charts": built.chart_count,
            "bytes": built.path.stat().st_size,
        }
    )
