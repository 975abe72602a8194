"""What the last pipeline run did and where its outputs are: printed at the end of `make pipeline`.

Reads only the published warehouse (read-only), so it shows what analysts and dashboards now see.
"""

from __future__ import annotations

import sys

import duckdb

from feedback_packs.listing import folder_listing
from warehouse.checks.paths import data_docs_index
from warehouse.settings import Settings


def summarise(settings: Settings) -> str:
    published = settings.published_warehouse
    if not published.exists():
        return f"No published warehouse at {published}: the pipeline has not completed successfully yet."
    with duckdb.connect(str(published), read_only=True) as connection:
        files = connection.execute(
            """
            select agency,
                   count(*) as files,
                   count(*) filter (where status in ('loaded', 'loaded_with_rejections')) as current,
                   count(*) filter (where status = 'superseded') as superseded,
                   count(*) filter (where status = 'duplicate_file') as duplicates,
                   count(*) filter (where status = 'quarantined') as quarantined,
                   sum(rows_in)::bigint as rows_in, sum(rows_loaded)::bigint as loaded,
                   sum(rows_rejected)::bigint as rejected
            from ledger.submissions group by agency order by agency
            """
        ).fetchdf()
        layers = connection.execute(
            """
            select table_schema as layer, count(*) as relations
            from information_schema.tables
            where table_schema not in ('information_schema', 'pg_catalog')
            group by table_schema order by table_schema
            """
        ).fetchdf()
        quarantined = connection.execute(
            "select agency, file_name, message from ledger.submissions where status = 'quarantined' order by agency, file_name"
        ).fetchall()
    lines = [
        "",
        "Pipeline complete.",
        "",
        "Files received, by agency (every row is either loaded or rejected with a reason):",
        files.to_string(index=False),
        "",
        "Warehouse layers (schemas and their tables or views):",
        layers.to_string(index=False),
    ]
    if quarantined:
        lines += [
            "",
            f"Quarantined files ({settings.quarantine_dir}/<agency>/, each with a .reason.txt):",
        ]
        lines += [f"  {agency}/{name}: {message}" for agency, name, message in quarantined]
    lines += [
        "",
        "Outputs:",
        f"  Published warehouse (read-only, for analysts and dashboards): {published}",
        f"  Working warehouse (the pipeline's own copy):                  {settings.build_warehouse}",
        f"  Board pack (one HTML file, opens offline):                    {settings.board_pack_dir / 'index.html'}",
        f"  Evidence site (the reports as pages; make evidence-serve):    {settings.evidence_site_dir}",
        "  Rejected rows: table ledger.rejected_rows; submissions ledger: ledger.submissions",
        f"  Data quality: marts.fct_dq_scorecard; Great Expectations Data Docs: {data_docs_index(settings)}",
        *folder_listing(settings.feedback_packs_dir),
        "  Query it:  .venv/bin/python -c \"import duckdb; print(duckdb.connect('"
        + str(published)
        + "', read_only=True).sql('select * from marts.fct_agency_contacts limit 5'))\"",
        "  Watch it:  make dev  (Dagster UI on http://127.0.0.1:3000)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(Settings.from_environment()))
    sys.exit(0)
