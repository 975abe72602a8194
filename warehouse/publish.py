"""Publish the warehouse atomically: readers see the last good build, never a half-built one.

The run builds into `build.duckdb`. Only when every ingest, model and test has succeeded is it copied
beside the published file, checked to open, made read-only and renamed over `warehouse.duckdb` in one
step (a rename within a folder is atomic). A failed run never reaches this step, so the previously
published warehouse stays in place; a reader holding the old file keeps its consistent view.

The `publish` schema (the suppressed aggregates, the only tables meant to leave the partnership) is also
exported as one Parquet file per table, for tools that do not read DuckDB (the folder is swapped in whole).
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import duckdb

from warehouse.output_folders import fresh_folder_beside, swap_in

PUBLISH_SCHEMA = "publish"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


def publish_warehouse(build: Path, published: Path) -> dict[str, int]:
    """Copy `build` to `published` atomically; returns the row count of every table published."""
    with duckdb.connect(str(build)) as connection:
        connection.execute("checkpoint")  # fold the write-ahead log into the file before copying
    staging_copy = published.with_name(published.name + ".publishing")
    staging_copy.unlink(missing_ok=True)
    shutil.copyfile(build, staging_copy)
    with duckdb.connect(str(staging_copy), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_type = 'BASE TABLE' order by 1"
        ).fetchall()
        row_counts = {
            name: connection.execute(f"select count(*) from {name}").fetchone()[0]
            for (name,) in tables
        }
    staging_copy.chmod(READ_ONLY)
    staging_copy.replace(published)
    return row_counts


def export_publish_schema(published: Path, parquet_dir: Path) -> list[str]:
    """Write every table of the published file's publish schema to `parquet_dir/<table>.parquet`."""
    fresh = fresh_folder_beside(parquet_dir)
    with duckdb.connect(str(published), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1",
                [PUBLISH_SCHEMA],
            ).fetchall()
        ]
        for table in tables:
            target = fresh / f"{table}.parquet"
            connection.execute(f"copy {PUBLISH_SCHEMA}.{table} to '{target}' (format parquet)")
    swap_in(fresh, parquet_dir)
    return tables
