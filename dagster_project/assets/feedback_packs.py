"""Every agency's data-quality feedback packs, from this run's generation (see `publish.py`)."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.publish import published_warehouse
from dagster_project.resources import WarehouseResource
from feedback_packs.build import write_feedback_packs
from warehouse.generations import generation_of_run


@asset(
    key=["outputs", "feedback_packs"],
    deps=[published_warehouse],
    group_name="outputs",
    kinds={"html"},
    description="feedback_packs/<agency>/ in the run's generation: each agency's feedback pack (HTML) "
    "and record-level issues (CSV) for every period and a workbook across periods, from the publish "
    "schema only; an agency's folder holds only its own data.",
)
def feedback_packs(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    generation = generation_of_run(warehouse.settings, context.run.run_id)
    run = write_feedback_packs(generation.warehouse, generation.feedback_packs_dir)
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
