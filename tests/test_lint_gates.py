"""The lint gates `make test` runs first: they must reject badly written code, not just pass clean code.

The real gate lints dbt SQL with the dbt templater (see .sqlfluff); here the same rules run with the
plain Jinja templater so the test needs no dbt compile.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlfluff.core import FluffConfig, Linter

REPO_ROOT = Path(__file__).resolve().parents[1]
RUFF = str(Path(sys.executable).parent / "ruff")

BADLY_FORMATTED_SQL = (
    "SELECT A.Contact_ID,COUNT(*) FROM {{ ref('fct_agency_contacts') }} A   GROUP BY 1\n"
)
WELL_FORMATTED_SQL = """select
    contacts.contact_id,
    count(*) as contact_count
from {{ ref('fct_agency_contacts') }} as contacts
group by 1
"""
BADLY_FORMATTED_PYTHON = "import os,sys\ndef f( x ):\n  return x\n"


def _sql_violations(sql: str) -> set[str]:
    config = FluffConfig.from_path(
        str(REPO_ROOT), overrides={"templater": "jinja", "dialect": "duckdb"}
    )
    result = Linter(config=config).lint_string(sql)
    return {violation.rule_code() for violation in result.get_violations()}


def test_the_sql_rules_reject_badly_formatted_sql():
    assert {"CP01", "AL03", "LT01"} <= _sql_violations(BADLY_FORMATTED_SQL)


def test_the_sql_rules_accept_the_house_style():
    assert _sql_violations(WELL_FORMATTED_SQL) == set()


@pytest.mark.parametrize(
    "command", [["check"], ["format", "--check"]], ids=["ruff check", "ruff format"]
)
def test_ruff_rejects_badly_formatted_python(tmp_path, command):
    bad = tmp_path / "badly_formatted.py"
    bad.write_text(BADLY_FORMATTED_PYTHON)
    config = ["--config", str(REPO_ROOT / "pyproject.toml")]
    result = subprocess.run([RUFF, *command, *config, str(bad)], capture_output=True, text=True)
    assert result.returncode != 0, result.stdout
