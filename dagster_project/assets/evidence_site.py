"""After publishing: the Evidence site (the reports as Markdown and SQL pages), built from the current
generation's publish Parquet exports. Skipped, and said so, when neither the Parquet tables nor the pages changed."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from dagster_project.assets.publish import current_generation
from dagster_project.resources import WarehouseResource
from dashboards.evidence_site import build_evidence_site


@asset(
    key=["outputs", "evidence_site"],
    deps=[current_generation],
    group_name="outputs",
    kinds={"html", "evidence"},
    description=(
        "data/outputs/evidence_site/: the partnership's reports as a static Evidence site (index, a page "
        "per measure, ward and agency, data quality), built offline from the publish Parquet files only; "
        "`make evidence-serve` serves it on 127.0.0.1."
    ),
)
def evidence_site(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    settings = warehouse.settings
    site = build_evidence_site(
        settings.parquet_dir, settings.evidence_site_dir, settings.evidence_build_dir
    )
    if site.rebuilt:
        how = (
            "app compiled and pages rendered"
            if site.recompiled
            else "pages rendered with the kept app"
        )
        context.log.info(
            f"Evidence site: {site.path} ({site.page_count} pages; {how}) in {site.seconds:.0f} s"
        )
    else:
        context.log.info(
            f"Evidence site: the Parquet tables and pages are unchanged since the last build; kept {site.path}"
        )
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(site.path / "index.html")),
            "rebuilt": site.rebuilt,
            "recompiled": site.recompiled,
            "pages": site.page_count,
            "megabytes": round(site.total_bytes / 1e6, 1),
            "seconds": round(site.seconds, 1),
        }
    )
