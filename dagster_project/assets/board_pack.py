"""After publishing: the static board pack, built from the freshly published warehouse's publish layer."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.publish import published_warehouse
from dagster_project.resources import WarehouseResource
from dashboards.board_pack import build_board_pack


@asset(
    key=["outputs", "board_pack"],
    deps=[published_warehouse],
    group_name="outputs",
    kinds={"html", "plotly"},
    description=(
        "data/outputs/board_pack/index.html: the board's dashboards as one self-contained HTML file "
        "that opens from disk with no network (suppressed publish layer only)."
    ),
)
def board_pack(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    settings = warehouse.settings
    built = build_board_pack(settings.published_warehouse, settings.board_pack_dir)
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
