"""Publish the built warehouse into a new generation (see `generations.py` for how it is swapped in).

The run builds into `build.duckdb`. Only when every ingest, model and test has succeeded is it copied
into the run's generation folder, checked to open and made read-only; the `publish` schema (the
suppressed aggregates, the only tables meant to leave the partnership) is exported beside it as one
Parquet file per table, for tools that do not read DuckDB.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import duckdb

PUBLISH_SCHEMA = "publish"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


def publish_warehouse(build: Path, published: Path) -> dict[str, int]:
    """Copy `build` to `published` (in a generation not yet current), read-only; returns the row
    count of every table published."""
    with duckdb.connect(str(build)) as connection:
        connection.execute("checkpoint")  # fold the write-ahead log into the file before copying
    shutil.copyfile(build, published)
    with duckdb.connect(str(published), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_type = 'BASE TABLE' order by 1"
        ).fetchall()
        row_counts = {
            name: connection.execute(f"select count(*) from {name}").fetchone()[0]
            for (name,) in tables
        }
    published.chmod(READ_ONLY)
    return row_counts


def export_publish_schema(published: Path, parquet_dir: Path) -> list[str]:
    """Write every table of the published file's publish schema to `parquet_dir/<table>.parquet`."""
    parquet_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(published), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1",
                [PUBLISH_SCHEMA],
            ).fetchall()
        ]
        for table in tables:
            target = parquet_dir / f"{table}.parquet"
            connection.execute(f"copy {PUBLISH_SCHEMA}.{table} to '{target}' (format parquet)")
    return tables
