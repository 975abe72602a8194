"""Ingest assets: one per agency, generated from the registry (adding an agency needs no Python).

Each asset loads the agency's new inbox files into `raw.<agency>` and records every file in the
submissions ledger, checking each against the agency's structural expectations before it can become
current. A bad file is quarantined, set aside or held with a reason and never stops the agency's other
files, nor the other agencies. Only a fault of the machine (disk, permissions, database) fails the
step, leaving the file in the inbox. The ledger asset then audits the accounting across all agencies.
"""

import duckdb
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
    multi_asset,
)

from dagster_project.resources import WarehouseResource
from warehouse.checks.structure import StructuralCheck
from warehouse.checks.suites import load_suite
from warehouse.ingest import IngestFault, PostcodeLookup, Pseudonymiser, ingest_agency
from warehouse.ingest.naming import describe_file_names
from warehouse.registry import Agency, load_registry
from warehouse.settings import POSTCODE_SEED

REGISTRY = load_registry()
LEDGER_KEYS = [
    AssetKey(["ledger", "submissions"]),
    AssetKey(["ledger", "rejected_rows"]),
    AssetKey(["ledger", "agencies"]),
]


def raw_asset_key(agency: str) -> AssetKey:
    return AssetKey(["raw", agency])


def inbox_spec(agency: Agency) -> AssetSpec:
    """The agency's inbox folder: an external asset (the agency, not the pipeline, puts files there)."""
    return AssetSpec(
        key=["inbox", agency.agency],
        group_name="inbox",
        kinds={agency.file.format},
        description=f"data/inbox/{agency.agency}/: {agency.name} extracts as received "
        f"({agency.cadence}; names like {describe_file_names(agency)}).",
    )


def build_ingest_asset(agency: Agency) -> AssetsDefinition:
    @asset(
        key=raw_asset_key(agency.agency),
        deps=[AssetKey(["inbox", agency.agency])],
        group_name="ingest",
        kinds={"python", "duckdb"},
        description=f"{agency.name}: {agency.extract}. New files in data/inbox/{agency.agency}/ "
        f"are pseudonymised and loaded into raw.{agency.agency}; each is recorded in the ledger.",
        metadata={
            "cadence": agency.cadence,
            "registry_file": f"agencies/{agency.source_file.name}",
        },
    )
    def _ingest(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
        settings = warehouse.settings
        try:
            with warehouse.connect() as connection:
                report = ingest_agency(
                    agency,
                    inbox_dir=settings.inbox_dir / agency.agency,
                    quarantine_dir=settings.quarantine_dir / agency.agency,
                    connection=connection,
                    pseudonymiser=Pseudonymiser.from_environment(settings.key_file),
                    postcodes=PostcodeLookup.from_seed(POSTCODE_SEED),
                    registry=REGISTRY,
                    structural_check=StructuralCheck(load_suite(agency.agency)).failures_of_each,
                )
                total_rows = connection.execute(
                    f"select count(*) from raw.{agency.agency}"
                ).fetchone()[0]
        except IngestFault as fault:
            raise Failure(str(fault)) from fault
        for outcome in report.outcomes:
            if outcome.status in ("quarantined", "set_aside", "held_for_review"):
                context.log.warning(
                    f"{agency.agency}: {outcome.status.replace('_', ' ')}: {outcome.file_name}: "
                    f"{outcome.message}"
                )
        for name, reason in report.refused:
            context.log.warning(f"{agency.agency}: refused {name}: {reason}")
        return MaterializeResult(
            metadata={
                **report.summary(),
                "dagster/row_count": total_rows,
                "files": MetadataValue.md(report.markdown()),
            }
        )

    return _ingest


inbox_assets = [inbox_spec(agency) for agency in REGISTRY.values()]
ingest_assets = [build_ingest_asset(agency) for agency in REGISTRY.values()]


@multi_asset(
    specs=[
        AssetSpec(
            LEDGER_KEYS[0],
            deps=[raw_asset_key(name) for name in REGISTRY],
            group_name="ingest",
            kinds={"duckdb"},
            description="Every file received: agency, hash, period, received date, rows in/loaded/rejected, status.",
        ),
        AssetSpec(
            LEDGER_KEYS[1],
            deps=[raw_asset_key(name) for name in REGISTRY],
            group_name="ingest",
            kinds={"duckdb"},
            description="Every row not loaded, with the file, its row number and the reason.",
        ),
        AssetSpec(
            LEDGER_KEYS[2],
            deps=[raw_asset_key(name) for name in REGISTRY],
            group_name="ingest",
            kinds={"duckdb"},
            description="The agency registry as configured: cadence, period and due days for each agency.",
        ),
    ],
)
def submissions_ledger(warehouse: WarehouseResource):
    """The ledger is written by the ingest assets; this step summarises it once all have run."""
    with warehouse.connect() as connection:
        by_status = connection.execute(
            "select agency, status, count(*) as files, sum(rows_in) as rows_in, sum(rows_loaded) as loaded,"
            " sum(rows_rejected) as rejected from ledger.submissions group by all order by all"
        ).fetchdf()
        files, rejected = connection.execute(
            "select (select count(*) from ledger.submissions), (select count(*) from ledger.rejected_rows)"
        ).fetchone()
    yield MaterializeResult(
        asset_key=LEDGER_KEYS[0],
        metadata={
            "dagster/row_count": files,
            "by_agency_and_status": MetadataValue.md(by_status.to_markdown(index=False)),
        },
    )
    yield MaterializeResult(asset_key=LEDGER_KEYS[1], metadata={"dagster/row_count": rejected})
    yield MaterializeResult(asset_key=LEDGER_KEYS[2], metadata={"dagster/row_count": len(REGISTRY)})


def ledger_accounting_errors(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every way the ledger could fail to account for a row, as readable messages (empty when it balances)."""
    checks = {
        "rows in != rows loaded + rows rejected": (
            "select agency, file_name from ledger.submissions where rows_in != rows_loaded + rows_rejected"
        ),
        "rejected rows recorded != rows_rejected": (
            "select s.agency, s.file_name from ledger.submissions as s"
            " left join (select submission_id, count(*) as n from ledger.rejected_rows group by all) as r"
            " using (submission_id) where coalesce(r.n, 0) != s.rows_rejected"
        ),
    }
    for agency in REGISTRY:
        checks[f"raw.{agency} rows != rows_loaded"] = (
            "select s.agency, s.file_name from ledger.submissions as s"
            f" left join (select _submission_id as submission_id, count(*) as n from raw.{agency} group by all) as r"
            f" using (submission_id) where s.agency = '{agency}' and coalesce(r.n, 0) != s.rows_loaded"
        )
    errors = []
    for rule, query in checks.items():
        errors += [
            f"{agency}/{file_name}: {rule}"
            for agency, file_name in connection.execute(query).fetchall()
        ]
    return errors


@asset_check(
    asset=LEDGER_KEYS[0],
    blocking=True,
    description="Every row of every file is either loaded or rejected with a reason.",
)
def ledger_accounts_for_every_row(warehouse: WarehouseResource) -> AssetCheckResult:
    with warehouse.connect() as connection:
        errors = ledger_accounting_errors(connection)
    return AssetCheckResult(
        passed=not errors,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "problems": len(errors),
            "details": MetadataValue.md("\n".join(f"- {e}" for e in errors[:50]) or "none"),
        },
    )
