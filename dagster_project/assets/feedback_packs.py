"""After publishing: every agency's data-quality feedback packs, from the freshly published warehouse."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.publish import published_warehouse
from dagster_project.resources import WarehouseResource
from feedback_packs.build import write_feedback_packs


@asset(
    key=["outputs", "feedback_packs"],
    deps=[published_warehouse],
    group_name="outputs",
    kinds={"html"},
    description="data/outputs/feedback_packs/<agency>/: each agency's feedback pack (HTML) and record-level "
    "issues (CSV) for every period and a workbook across periods, from the publish schema only; an agency's "
    "folder holds only its own data.",
)
def feedback_packs(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    settings = warehouse.settings
    run = write_feedback_packs(settings.published_warehouse, settings.feedback_packs_dir)
    context.log.info(f"Wrote {run.packs} feedback packs to {run.folder} in {run.seconds:.1f} s")
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(run.folder / "index.html")),
            "packs": run.packs,
            "packs_by_agency": MetadataValue.json({a.agency: a.packs for a in run.agencies}),
            "megabytes": round(run.total_bytes / 1e6, 1),
            "seconds": round(run.seconds, 1),
        }
    )
