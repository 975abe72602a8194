"""The day a run stands at: AS_AT_DATE, else the generated sample's own day while the inbox is just the
sample, else today (warehouse/as_at.py)."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest

from warehouse.as_at import resolve, write_sample_record
from warehouse.settings import Settings

SAMPLE_DAY = date(2026, 3, 31)


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.delenv("AS_AT_DATE", raising=False)
    return Settings(tmp_path)


def _receive(settings: Settings, name: str, on: date) -> None:
    path = settings.inbox_dir / "police" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x\n")
    stamp = datetime(on.year, on.month, on.day, 9).timestamp()
    os.utime(path, (stamp, stamp))


def _sample(settings: Settings) -> None:
    settings.ground_truth_dir.mkdir(parents=True)
    write_sample_record(settings.ground_truth_dir, SAMPLE_DAY, seed=1, scale=1.0)
    _receive(settings, "WMP_DA_Coventry_202602.csv", date(2026, 3, 10))
    _receive(settings, "WMP_DA_Coventry_202603.csv", SAMPLE_DAY)


def test_a_real_inbox_stands_at_today(settings):
    _receive(settings, "WMP_DA_Coventry_202610.csv", date(2026, 11, 8))
    assert resolve(settings).day == date.today()
    assert resolve(settings).why == "today"


def test_the_generated_sample_stands_at_its_last_receipt(settings):
    _sample(settings)
    as_at = resolve(settings)
    assert as_at.day == SAMPLE_DAY
    assert "generated sample" in str(as_at)


def test_a_file_received_after_the_sample_means_today(settings):
    _sample(settings)
    _receive(settings, "WMP_DA_Coventry_202604.csv", date(2026, 5, 6))
    assert resolve(settings).day == date.today()


def test_as_at_date_overrides_the_sample(settings, monkeypatch):
    _sample(settings)
    monkeypatch.setenv("AS_AT_DATE", "2025-12-01")
    assert resolve(settings).day == date(2025, 12, 1)


def test_a_malformed_as_at_date_is_refused_with_the_form_it_needs(settings, monkeypatch):
    monkeypatch.setenv("AS_AT_DATE", "31/03/2026")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        resolve(settings)
