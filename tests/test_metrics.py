"""Board metrics (fct_board_metrics) recomputed independently from the sample generator's ground truth.

The `published_warehouse` fixture runs the real monthly pipeline on a generated 0.1-scale sample; its ground truth
(ground_truth/records.csv: one row per delivered data row with the true record, person, event date and ward) is
in `pipeline_data_dir`. Denominators are read from the seed CSVs in the repository, not from warehouse models.

Tolerance: none, after one documented adjustment. The ground truth lists every delivered row, including the
generator's injected fault rows; ingest legitimately rejects some of them (exact duplicates, unreadable rows) and
lists each in the ledger (ledger.rejected_rows: agency, file, row number). Those rows are removed from the truth
(the test first checks that every rejected row is a fault row in the truth); the figures must then agree exactly.
Without the adjustment, each figure lies between the count of clean (non-fault) records and of all records, and
most agree exactly anyway (on the scale-1 sample, 105 of 108 police ward-years; every MARAC year).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "seeds"

# The MARAC denominator the metric definition names: ONS mid-2022 females aged 16+.
ADULT_FEMALES_YEAR = 2022


def _records(pipeline_data_dir: Path, agency: str) -> pd.DataFrame:
    records = pd.read_csv(
        pipeline_data_dir / "ground_truth" / "records.csv", dtype=str, keep_default_na=False
    )
    records = records[records["agency"] == agency].copy()
    records["event_date"] = pd.to_datetime(records["event_date"])
    records["is_fault_row"] = records["is_fault_row"] == "True"
    records["source_row_number"] = records["source_row_number"].astype(int)
    return records


def _kept_records(pipeline_data_dir: Path, published_warehouse, agency: str) -> pd.DataFrame:
    """The agency's true records minus the delivered rows ingest rejected (as the ledger lists them)."""
    records = _records(pipeline_data_dir, agency)
    rejected = published_warehouse.execute(
        "select file_name, source_row_number from ledger.rejected_rows where agency = ?", [agency]
    ).df()
    rejected["source_row_number"] = rejected["source_row_number"].astype(int)
    flagged = records.merge(
        rejected, on=["file_name", "source_row_number"], how="left", indicator=True
    )
    dropped = flagged[flagged["_merge"] == "both"]
    assert dropped["is_fault_row"].all(), "ingest rejected a row the generator did not fault"
    print(f"\n{agency}: {len(dropped)} delivered rows rejected at ingest, removed from the truth")
    return flagged[flagged["_merge"] == "left_only"].drop(columns="_merge")


def _exact(comparison: pd.DataFrame, truth: str, column: str = "numerator") -> None:
    differ = comparison[comparison[truth] != comparison[column]]
    assert differ.empty, differ.to_string()


def _year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _marac_year(dates: pd.Series) -> pd.Series:
    return (dates.dt.year - (dates.dt.month < 7).astype(int)).map(_year_label)


def _financial_year(dates: pd.Series) -> pd.Series:
    return (dates.dt.year - (dates.dt.month < 4).astype(int)).map(_year_label)


def _bounded_counts(frame: pd.DataFrame, keys: list[str], flag: str | None = None) -> pd.DataFrame:
    """Per key: distinct true records (all rows, and clean rows only) satisfying an optional flag."""
    if flag is not None:
        frame = frame[frame[flag]]
    everything = frame.groupby(keys)["true_record_id"].nunique().rename("upper")
    clean = frame[~frame["is_fault_row"]].groupby(keys)["true_record_id"].nunique().rename("lower")
    return pd.concat([everything, clean], axis=1).fillna(0).reset_index()


def _warehouse(published_warehouse, measure: str, period_type: str, breakdown: str = "all"):
    return published_warehouse.execute(
        """
        select period_label, breakdown_value, numerator, denominator, value
        from marts.fct_board_metrics
        where measure = ? and period_type = ? and breakdown = ?
        """,
        [measure, period_type, breakdown],
    ).df()


def _assert_within(comparison: pd.DataFrame, column: str = "numerator") -> None:
    outside = comparison[
        ~comparison[column].between(comparison["lower"], comparison["upper"])
        | comparison[column].isna()
    ]
    assert outside.empty, outside.to_string()


def test_marac_cases_per_10000_adult_females_by_marac_year(pipeline_data_dir, published_warehouse):
    denominators = pd.read_csv(SEEDS / "reference" / "coventry_female_16plus_denominators.csv")
    females_16_plus = float(
        denominators.loc[denominators["year"] == ADULT_FEMALES_YEAR, "females_16_plus"].iloc[0]
    )
    marac = _records(pipeline_data_dir, "marac")
    marac["period_label"] = _marac_year(marac["event_date"])
    truth = _bounded_counts(marac, ["period_label"])
    kept = _kept_records(pipeline_data_dir, published_warehouse, "marac")
    kept["period_label"] = _marac_year(kept["event_date"])
    exact = kept.groupby("period_label")["true_record_id"].nunique().rename("truth").reset_index()
    truth = truth.merge(exact, on="period_label", how="outer")

    warehouse = _warehouse(
        published_warehouse, "m04_marac_cases_per_10000_adult_females", "marac_year"
    )
    comparison = truth.merge(warehouse, on="period_label", how="outer")
    print("\nMARAC cases per 10,000 adult females, by MARAC year (truth bounds vs warehouse):")
    print(comparison.to_string(index=False))
    assert (comparison["denominator"] == females_16_plus).all()
    _assert_within(comparison)
    _exact(comparison, "truth")
    expected = 10000 * comparison["truth"] / females_16_plus
    assert comparison["value"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-12)


def test_marac_repeat_rate_by_marac_year(pipeline_data_dir, published_warehouse):
    marac = _records(pipeline_data_dir, "marac")
    marac["period_label"] = _marac_year(marac["event_date"])
    marac["repeat"] = marac["is_repeat"] == "True"
    repeats = _bounded_counts(marac, ["period_label"], flag="repeat")
    kept = _kept_records(pipeline_data_dir, published_warehouse, "marac")
    kept["period_label"] = _marac_year(kept["event_date"])
    kept["repeat"] = kept["is_repeat"] == "True"
    truth = kept.groupby("period_label").agg(
        truth_cases=("true_record_id", "nunique"), truth_repeats=("repeat", "sum")
    )
    truth = repeats.merge(truth.reset_index(), on="period_label", how="outer")

    warehouse = _warehouse(published_warehouse, "m03_marac_repeat_rate", "marac_year")
    comparison = truth.merge(warehouse, on="period_label", how="outer")
    print("\nMARAC repeat cases / cases discussed, by MARAC year (truth vs warehouse):")
    print(comparison.to_string(index=False))
    _assert_within(comparison, "numerator")
    _exact(comparison, "truth_repeats", "numerator")
    _exact(comparison, "truth_cases", "denominator")
    expected = 100 * comparison["truth_repeats"] / comparison["truth_cases"]
    assert comparison["value"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-12)


def test_police_incident_rate_per_1000_by_ward_and_financial_year(
    pipeline_data_dir, published_warehouse
):
    population = pd.read_csv(SEEDS / "reference" / "coventry_census2021_ethnic_group_5cat_ward.csv")
    population = population[population["ward_code"].str.startswith("E05")]
    residents = population.set_index("ward_code")["all_usual_residents"].astype(float)

    def counted(police: pd.DataFrame) -> pd.DataFrame:
        police = police[
            (police["counts_as_incident"] == "True") & police["ward_code"].str.startswith("E05")
        ].copy()
        police["period_label"] = _financial_year(police["event_date"])
        return police.rename(columns={"ward_code": "breakdown_value"})

    keys = ["period_label", "breakdown_value"]
    truth = _bounded_counts(counted(_records(pipeline_data_dir, "police")), keys)
    kept = counted(_kept_records(pipeline_data_dir, published_warehouse, "police"))
    exact = kept.groupby(keys)["true_record_id"].nunique().rename("truth").reset_index()
    truth = truth.merge(exact, on=keys, how="outer")

    warehouse = _warehouse(
        published_warehouse, "m02_incident_rate_per_1000", "financial_year", "ward"
    )
    comparison = truth.merge(warehouse, on=keys, how="outer")
    comparison["residents"] = comparison["breakdown_value"].map(residents)
    print(
        f"\nPolice incidents per 1,000 residents by ward and FY: {len(comparison)} ward-years;"
        f" {(comparison['numerator'] == comparison['upper']).sum()} equal to all delivered records,"
        f" {(comparison['numerator'] == comparison['truth']).sum()} equal after ingest rejections."
        " Ward-years differing from all delivered records:"
    )
    print(comparison[comparison["numerator"] != comparison["upper"]].to_string(index=False))
    print(comparison.groupby("period_label")[["truth", "numerator"]].sum().to_string())
    _assert_within(comparison)
    _exact(comparison, "truth")
    assert (comparison["denominator"] == comparison["residents"]).all()
    expected = 1000 * comparison["truth"] / comparison["residents"]
    assert comparison["value"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-12)


def test_every_metric_has_a_value_for_every_year(pipeline_data_dir, published_warehouse):
    years = sorted(_financial_year(_records(pipeline_data_dir, "police")["event_date"]).unique())
    coverage = published_warehouse.execute(
        """
        select metric_id, period_type, period_label
        from marts.fct_board_metrics
        where value is not null and period_type in ('financial_year', 'marac_year')
        group by all
        """
    ).df()
    financial = coverage[coverage["period_type"] == "financial_year"]
    missing = []
    for metric_id in range(1, 15):
        for year in years:
            rows = financial[
                (financial["metric_id"] == metric_id) & (financial["period_label"] == year)
            ]
            if rows.empty:
                missing.append((metric_id, year))
    assert missing == [], f"metrics without a value: {missing}"

    marac_years = sorted(_marac_year(_records(pipeline_data_dir, "marac")["event_date"]).unique())
    marac_coverage = coverage[coverage["period_type"] == "marac_year"]
    missing_marac = [
        (metric_id, year)
        for metric_id in (3, 4, 5, 6, 7, 11)
        for year in marac_years
        if marac_coverage[
            (marac_coverage["metric_id"] == metric_id) & (marac_coverage["period_label"] == year)
        ].empty
    ]
    assert missing_marac == [], f"MARAC-year metrics without a value: {missing_marac}"
    defined = set(
        published_warehouse.execute("select distinct metric_id from marts.dim_metric").df()[
            "metric_id"
        ]
    )
    assert defined == set(range(1, 15))


def test_board_metrics_carry_their_definition(published_warehouse):
    orphans = published_warehouse.execute(
        """
        select distinct measure from marts.fct_board_metrics
        except
        select measure from marts.dim_metric
        """
    ).fetchall()
    assert orphans == []
