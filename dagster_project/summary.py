"""What the last pipeline run did and where its outputs are: printed at the end of `make pipeline`.

Reads only the current published generation (read-only), so it shows what analysts and dashboards
now see: files by agency and status, the files a data lead must act on (held for review, set aside,
quarantined, with why), every supersession with its row counts, and where the outputs are.
"""

from __future__ import annotations

import sys

import duckdb

from feedback_packs.listing import folder_listing
from warehouse.checks.paths import data_docs_index
from warehouse.settings import Settings

NEEDS_ACTION = {
    "held_for_review": "Held for review (not used until accepted; make accept / make drop FILE=...)",
    "set_aside": "Set aside by the agency's structural checks (its earlier data stays current)",
    "quarantined": "Quarantined (data/quarantine/<agency>/, each with a .reason.txt)",
}


def site_line(settings: Settings) -> str:
    if (settings.evidence_site_dir / "index.html").exists():
        return str(settings.evidence_site_dir)
    return "not built by this run (WITHOUT_SITE=1): make evidence builds it from this generation"


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
                   count(*) filter (where status = 'held_for_review') as held,
                   count(*) filter (where status = 'set_aside') as set_aside,
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
        needs_action = connection.execute(
            "select status, agency, file_name, message from ledger.submissions"
            " where status in ('held_for_review', 'set_aside', 'quarantined')"
            " order by status, agency, file_name"
        ).fetchall()
        supersessions = connection.execute(
            """
            select s.agency, old.file_name, new.file_name, s.rows_before, s.rows_after, s.reason
            from ledger.supersessions as s
            join ledger.submissions as old on old.submission_id = s.superseded_id
            join ledger.submissions as new on new.submission_id = s.superseded_by
            order by s.agency, s.recorded_at, s.superseded_id
            """
        ).fetchall()
    lines = [
        "",
        "Pipeline complete.",
        "",
        "Files received, by agency (every row is either loaded or rejected with a reason; only",
        "current files' rows reach the warehouse's figures):",
        files.to_string(index=False),
        "",
        "Warehouse layers (schemas and their tables or views):",
        layers.to_string(index=False),
    ]
    for status, heading in NEEDS_ACTION.items():
        rows = [row for row in needs_action if row[0] == status]
        if rows:
            lines += ["", f"{heading}:"]
            lines += [f"  {agency}/{name}: {message}" for _, agency, name, message in rows]
    if supersessions:
        lines += ["", "Supersessions (rows before -> after):"]
        lines += [
            f"  {agency}: {old} -> {new} ({before} -> {after} rows, {reason})"
            for agency, old, new, before, after, reason in supersessions
        ]
    lines += [
        "",
        "Outputs (the current published generation; readers always go through this folder):",
        f"  Published warehouse (read-only, for analysts and dashboards): {published}",
        f"  Parquet exports of the publish schema:                        {settings.parquet_dir}",
        f"  Board pack (one HTML file, opens offline):                    {settings.board_pack_dir / 'index.html'}",
        f"  Evidence site (the reports as pages; make evidence-serve):    {site_line(settings)}",
        f"  Working warehouse (the pipeline's own copy):                  {settings.build_warehouse}",
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
