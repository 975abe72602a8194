"""The publish layer: what leaves the warehouse has small numbers suppressed and cannot be un-suppressed.

Runs on the session pipeline (scale 0.1, where small numbers are common). The complementary-suppression logic
itself is also unit-tested in dbt (models/publish/board/_board__unit_tests.yml); these tests check its result
independently, from the published rows alone, as a reader would see them.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pandas as pd
from conftest import published_path

SMALL = range(1, 8)


def _published(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return connection.sql(
        """
        select metrics.*, definitions.numerator_kind, definitions.denominator_kind,
            definitions.disclosure_group
        from publish.publish_board_metrics as metrics
        inner join publish.publish_metric_definitions as definitions using (measure)
        """
    ).df()


def test_no_published_count_is_small_and_every_count_is_rounded(published_warehouse):
    metrics = _published(published_warehouse)
    counts = pd.concat(
        [
            metrics.loc[metrics["numerator_kind"] == "count", "numerator"],
            metrics.loc[metrics["denominator_kind"] == "count", "denominator"],
            metrics.loc[metrics["unit"] == "count", "value"],
        ]
    ).dropna()
    assert len(counts) > 1000
    assert not counts.isin(SMALL).any(), counts[counts.isin(SMALL)]
    assert (counts % 5 == 0).all(), counts[counts % 5 != 0]


def test_every_small_count_in_the_marts_is_suppressed(published_warehouse):
    leaked = published_warehouse.sql(
        """
        select marts.measure, marts.period_label, marts.breakdown_value, marts.numerator, marts.denominator
        from marts.fct_board_metrics as marts
        inner join marts.dim_metric as definitions using (measure)
        inner join publish.publish_board_metrics as published
            using (measure, period_type, period_label, breakdown, breakdown_value)
        where not published.is_suppressed and (
            (definitions.numerator_kind = 'count' and marts.numerator between 1 and 7)
            or (definitions.denominator_kind = 'count' and marts.denominator between 1 and 7)
        )
        """
    ).df()
    assert leaked.empty, leaked
    suppressed = published_warehouse.sql(
        """
        select count(*) from publish.publish_board_metrics
        where is_suppressed and (numerator is not null or value is not null)
        """
    ).fetchone()[0]
    assert suppressed == 0


def _relations(metrics: pd.DataFrame) -> dict[tuple, list[bool]]:
    """Sets of cells a reader can add up, per measure: the breakdown values of a period with its total (an
    agency cohort's yes/no/not recorded states add up to the agency's clients, which is published), and the
    months or quarters of a financial year with the year. Values: whether each cell is suppressed."""
    relations: dict[tuple, list[bool]] = defaultdict(list)
    for row in metrics.itertuples():
        if row.breakdown == "agency_cohort":
            cohort = row.breakdown_value.rsplit("|", 1)[0]
            relations[("cohort", row.measure, row.period_type, row.period_label, cohort)].append(
                row.is_suppressed
            )
        elif row.breakdown != "all":
            key = ("breakdown", row.measure, row.period_type, row.period_label, row.breakdown)
            relations[key].append(row.is_suppressed)
        if row.period_type in ("month", "quarter"):
            start = pd.Timestamp(row.period_start)
            year = start.year - (start.month < 4)
            key = ("time", row.measure, row.period_type, f"{year}-{str(year + 1)[2:]}")
            relations[(*key, row.breakdown, row.breakdown_value)].append(row.is_suppressed)
    cells = metrics.set_index(
        ["measure", "period_type", "period_label", "breakdown", "breakdown_value"]
    )["is_suppressed"]
    for key, members in relations.items():
        kind, measure, period_type, label, *rest = key
        if kind == "breakdown":  # the period's total
            total = cells.get((measure, period_type, label, "all", "all"))
        elif kind == "time":  # the year
            total = cells.get((measure, "financial_year", label, *rest))
        else:
            total = None
        if total is not None:
            members.append(bool(total))
    return relations


def test_no_suppressed_cell_can_be_recovered_by_subtraction(published_warehouse):
    metrics = _published(published_warehouse)
    relations = _relations(metrics)
    assert sum(any(cells) for cells in relations.values()) > 20  # the sample does exercise this
    lone = {key: cells for key, cells in relations.items() if sum(cells) == 1 and len(cells) > 1}
    assert not lone, list(lone)[:10]


def test_measures_sharing_counts_are_suppressed_together(published_warehouse):
    metrics = _published(published_warehouse)
    patterns = metrics.groupby(
        ["disclosure_group", "period_type", "period_label", "breakdown", "breakdown_value"]
    )["is_suppressed"].nunique()
    assert (patterns == 1).all(), patterns[patterns > 1]


def test_publish_schema_is_exported_as_parquet(published_warehouse, pipeline_data_dir):
    tables = [
        name
        for (name,) in published_warehouse.sql(
            "select table_name from information_schema.tables where table_schema = 'publish'"
        ).fetchall()
    ]
    assert "publish_board_metrics" in tables
    exports = published_path(pipeline_data_dir).parent / "publish_parquet"
    assert sorted(path.stem for path in exports.glob("*.parquet")) == sorted(tables)
    for table in tables:
        exported = duckdb.sql(
            f"select count(*) from read_parquet('{exports / table}.parquet')"
        ).fetchone()[0]
        published = published_warehouse.sql(f"select count(*) from publish.{table}").fetchone()[0]
        assert exported == published, table
