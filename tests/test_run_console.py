"""The run's terminal: dbt's tests are not Dagster asset checks, so the lines dbt prints are what tells a
data lead that a warn-severity test found rows, and the summary names each such test."""

from __future__ import annotations

import io

from rich.console import Console

from dagster_project.run import RunConsole

# As dbt prints them into the run's log (colour codes included).
DBT_LINES = [
    "627 of 839 PASS accepted_range_fct_agency_contacts_age__0 ...... [\x1b[32mPASS\x1b[0m in 0.12s]",
    "628 of 839 WARN 2 accepted_range_fct_agency_contacts_age_at_event__120__0 ...... "
    "[\x1b[33mWARN 2\x1b[0m in 0.13s]",
    "03:03:50  629 of 839 WARN 17 not_null_fct_x_ward_code ...... [\x1b[33mWARN 17\x1b[0m in 0.1s]",
    "Done. PASS=836 WARN=2 ERROR=0 SKIP=0 NO-OP=1 TOTAL=839",
]


def test_warn_severity_tests_that_found_rows_are_named_with_their_counts():
    console = RunConsole(Console(file=io.StringIO()), io.StringIO())
    for line in DBT_LINES:
        console.on_dbt_line(line)
    assert console.dbt_warnings == [
        "accepted_range_fct_agency_contacts_age_at_event__120__0 (2 rows)",
        "not_null_fct_x_ward_code (17 rows)",
    ]
    assert console.dbt_problems == []
