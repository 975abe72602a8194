"""The asset checks: for each agency, its suite runs on the staged rows of the run's new submissions
(see `validate.staged_rows`) and reports two checks on the agency's staging asset
(`staging/stg_<agency>__*`, from dagster-dbt):

- `structural_expectations` (blocking, ERROR): columns present, record id not null and unique,
  lineage columns not null, event date present, typed and in range. A failure stops every asset
  downstream of that agency's staging: each agency's staging models are built in a dbt step of their
  own (`dagster_project/assets/dbt.py`), so the other agencies' staging steps and checks still run,
  but the dbt step that builds intermediate, marts and publish models from every agency's staging
  does not start, nor does publishing: the previously published warehouse stays in place.
- `warning_expectations` (non-blocking, WARN): code values, ranges and completeness.

Both come from one validation (one op per agency), which also updates the Data Docs in data/data_docs/.
"""

from datetime import datetime

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    multi_asset_check,
)

from dagster_project.resources import WarehouseResource
from warehouse.checks.data_docs import validate_with_docs
from warehouse.checks.paths import data_docs_index
from warehouse.checks.suites import AgencySuite, load_suites
from warehouse.checks.validate import SeverityResult, staged_rows

STRUCTURAL = "structural_expectations"
WARNING = "warning_expectations"
SAMPLE_FAILURES = 10


def staging_asset_key(suite: AgencySuite) -> AssetKey:
    return AssetKey(["staging", suite.staging_model])


def _run_started_at(context: AssetCheckExecutionContext) -> datetime | None:
    """When this run started, in the ledger's clock (local time, whole seconds)."""
    record = context.instance.get_run_record_by_id(context.run.run_id)
    if record is None or record.start_time is None:
        return None
    return datetime.fromtimestamp(record.start_time).replace(microsecond=0)


def _result(
    suite: AgencySuite, check: str, result: SeverityResult, severity: AssetCheckSeverity, common
) -> AssetCheckResult:
    failures = "\n".join(f"- {f.describe()}" for f in result.failed[:SAMPLE_FAILURES])
    return AssetCheckResult(
        asset_key=staging_asset_key(suite),
        check_name=check,
        passed=result.success,
        severity=severity,
        metadata={
            **common,
            "expectations_evaluated": result.evaluated,
            "expectations_failed": len(result.failed),
            "failed_expectations": MetadataValue.md(failures or "none"),
        },
    )


def build_agency_check(suite: AgencySuite):
    key = staging_asset_key(suite)

    @multi_asset_check(
        name=f"{suite.agency}_expectations",
        specs=[
            AssetCheckSpec(
                STRUCTURAL,
                asset=key,
                blocking=True,
                description=f"Great Expectations, expectations/{suite.path.name} (structural): "
                "the new submissions' staged rows have the expected columns, a unique record id, "
                "lineage and a typed, plausible event date. Blocks downstream assets on failure.",
            ),
            AssetCheckSpec(
                WARNING,
                asset=key,
                description=f"Great Expectations, expectations/{suite.path.name} (warning): "
                "known code values, plausible ranges and completeness of key fields.",
            ),
        ],
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
        settings = warehouse.settings
        with warehouse.connect() as connection:
            rows = staged_rows(connection, suite, since=_run_started_at(context))
        outcome = validate_with_docs(rows.frame, suite, settings)
        common = {
            "suite": f"expectations/{suite.path.name}",
            "rows_validated": outcome.rows,
            "scope": rows.scope,
            "submissions_validated": rows.submissions,
            "data_docs": MetadataValue.path(str(data_docs_index(settings))),
        }
        yield _result(suite, STRUCTURAL, outcome.structural, AssetCheckSeverity.ERROR, common)
        yield _result(suite, WARNING, outcome.warning, AssetCheckSeverity.WARN, common)

    return _check


agency_expectation_checks = [build_agency_check(suite) for suite in load_suites().values()]
