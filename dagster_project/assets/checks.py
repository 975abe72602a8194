"""The Great Expectations asset checks after dbt: for each agency, its whole suite runs on every
current staged row (`staging.stg_<agency>__*`), refreshes the Data Docs in data/data_docs/, and reports
`warning_expectations` (non-blocking, WARN): code values, ranges and completeness.

The structural expectations are not a check here: ingest runs them on each submission before it can
become current (`warehouse/checks/structure.py`) and records a failure in the ledger (`set_aside`), so
their verdict belongs to the file and never to the run that happens to look at it. They still appear
in the Data Docs, where every current row passes them.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from dagster_project.resources import WarehouseResource
from warehouse.checks.data_docs import validate_with_docs
from warehouse.checks.paths import data_docs_index
from warehouse.checks.suites import AgencySuite, load_suites
from warehouse.checks.validate import staged_rows

SAMPLE_FAILURES = 10


def staging_asset_key(suite: AgencySuite) -> AssetKey:
    return AssetKey(["staging", suite.staging_model])


def build_agency_check(suite: AgencySuite):
    @asset_check(
        asset=staging_asset_key(suite),
        name="warning_expectations",
        description=f"Great Expectations, expectations/{suite.path.name} (warning): known code "
        "values, plausible ranges and completeness of key fields, on every current staged row.",
    )
    def _check(
        context: AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> AssetCheckResult:
        settings = warehouse.settings
        with warehouse.connect() as connection:
            rows = staged_rows(connection, suite)
        outcome = validate_with_docs(rows.frame, suite, settings)
        failures = "\n".join(f"- {f.describe()}" for f in outcome.warning.failed[:SAMPLE_FAILURES])
        return AssetCheckResult(
            passed=outcome.warning.success,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "suite": f"expectations/{suite.path.name}",
                "rows_validated": outcome.rows,
                "submissions_validated": rows.submissions,
                "expectations_evaluated": outcome.warning.evaluated,
                "expectations_failed": len(outcome.warning.failed),
                "failed_expectations": MetadataValue.md(failures or "none"),
                "data_docs": MetadataValue.path(str(data_docs_index(settings))),
            },
        )

    return _check


agency_expectation_checks = [build_agency_check(suite) for suite in load_suites().values()]
