"""Onboarding an agency the project has never seen, as docs/ADDING_AN_AGENCY.md tells a data lead to:
`make agency` writes the registry file from a sample, the data lead edits the mappings (here: the test,
editing text as a person would), `make agency` writes the staging folder and suite, files go in the
inbox and `make pipeline` runs. No Python is written for the agency.

The invented agency is a hospital Emergency Department's monthly assault extract: attendance id, arrival
date-time, age, sex, NHS ethnic category letter, postcode sector, relationship to assailant, whether
domestic abuse was disclosed and onward referral. It runs in a copy of the repository, on a copy of the
session pipeline's data folder, so the rest of the partnership can be compared before and after.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from conftest import published_path

from warehouse.registry import load_registry
from warehouse.settings import REPO_ROOT, Settings

BIN = Path(sys.executable).parent
AGENCY = "ed_assaults"
HEADER = (
    "Attendance ID,Arrival Date/Time,Age,Sex,Ethnic Category,Postcode Sector,"
    "Relationship to Assailant,DA Disclosed,Onward Referral"
)
# Two months; the sectors cover each geography outcome (placed in a ward, spanning wards, out of area)
# and one ethnicity code no crosswalk knows, so data quality has something to say.
FILES = {
    "UHCW_ED_Assaults_202404.csv": [
        "ED0001,2024-04-02 10:15:00,34,F,A,CV2 4,Partner,Y,IDVA",
        "ED0002,2024-04-03 22:40:00,27,M,J,CV6 1,Stranger,N,None",
        "ED0003,2024-04-05 01:05:00,45,F,Z,CV3 5,Ex-partner,Y,MARAC",
        "ED0004,2024-04-07 14:30:00,19,F,N,CV1 2,Family member,N,IDVA",
        "ED0005,2024-04-09 09:00:00,52,M,99,B23 6,Acquaintance,N,None",
    ],
    "UHCW_ED_Assaults_202405.csv": [
        "ED0006,2024-05-02 10:15:00,31,F,H,CV2 4,Partner,Y,IDVA",
        "ED0007,2024-05-03 22:40:00,29,F,XX,CV5 9,Ex-partner,N,None",
        "ED0008,2024-05-11 03:05:00,61,F,,CV4 7,Partner,Y,MARAC",
    ],
}
RECEIVED = {
    "UHCW_ED_Assaults_202404.csv": "2024-05-08",
    "UHCW_ED_Assaults_202405.csv": "2024-06-07",
}
# The data lead's edits to the skeleton `make agency` wrote (every other guess was right).
EDITS = {
    "name: Ed Assaults  # check: the agency's display name": (
        "name: University Hospital Coventry Emergency Department"
    ),
    "label: Ed Assaults  # check: a short label for charts": "label: A&E assaults",
    "service: other_service  # check: police_force, idva_service, health_service, ...": (
        "service: health_service"
    ),
    "extract: One row per record  # check: what one row is": (
        "extract: Assault attendances (one row per attendance)"
    ),
    "entity: record  # check: incident, case, referral, attendance, ...": "entity: attendance",
    "    role: victim  # check: or role_from rules": """    role_from:
      rules:
        - column: da_disclosed
          values: {Y: victim}
        - column: relationship_to_assailant
          values: {Partner: victim, Ex-partner: victim, Family member: victim}
      otherwise: not_known""",
}


def _run(command: list[str], repo: Path, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def onboarded(tmp_path_factory, pipeline_data_dir, run_pipeline) -> dict:
    root = tmp_path_factory.mktemp("onboarding")
    repo, data = root / "repo", root / "data"
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (REPO_ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, repo / name)
    for node_modules in (
        "node_modules",
        "dashboards/evidence/node_modules",
    ):  # installed, not copied
        (repo / node_modules).symlink_to(REPO_ROOT / node_modules)
    # The copy's own packages, not the installed project's, so its registry and models are the ones used.
    env = {**os.environ, "PYTHONPATH": str(repo)}

    sample = root / "UHCW_ED_Assaults_202404.csv"
    sample.write_text(HEADER + "\n" + "\n".join(FILES[sample.name]) + "\n")
    scaffold = [str(BIN / "python"), "-m", "warehouse.scaffold", AGENCY]
    first = _run([*scaffold, "--from", str(sample)], repo, env).stdout
    registry_file = repo / "agencies" / f"{AGENCY}.yml"
    skeleton = registry_file.read_text()
    edited = skeleton
    for before, after in EDITS.items():
        assert before in edited, f"the skeleton no longer says {before!r}:\n{skeleton}"
        edited = edited.replace(before, after)
    registry_file.write_text(edited)
    second = _run(scaffold, repo, env).stdout

    shutil.copytree(pipeline_data_dir, data, symlinks=True)  # current is a link to a generation
    inbox = data / "inbox" / AGENCY
    inbox.mkdir()
    for name, rows in FILES.items():
        (inbox / name).write_text(HEADER + "\n" + "\n".join(rows) + "\n")
        received = datetime.fromisoformat(RECEIVED[name]).timestamp()
        os.utime(inbox / name, (received, received))
    result = run_pipeline(data, repo=repo, extra_env={"PYTHONPATH": str(repo)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    published = duckdb.connect(str(published_path(data)), read_only=True)
    yield {
        "repo": repo,
        "data": data,
        "skeleton": skeleton,
        "scaffold_output": first + second,
        "warehouse": published,
    }
    published.close()


def test_the_scaffold_writes_the_registry_file_staging_folder_and_suite(onboarded):
    repo = onboarded["repo"]
    assert "role: victim  # check" in onboarded["skeleton"]
    registry = load_registry(repo / "agencies")
    agency = registry[AGENCY]
    assert agency.file.pattern.match("UHCW_ED_Assaults_202406.csv")
    assert agency.fields["arrival_date_time"].type == "datetime"
    assert agency.fields["age"].type == "integer"
    assert agency.people["victim"].geography == {"postcode_sector": "postcode_sector"}
    assert agency.people["victim"].ethnicity[0].scheme == "nhs_ethnic_category"
    staging = sorted(p.name for p in (repo / "models" / "staging" / AGENCY).iterdir())
    assert staging == [
        ".make_agency.json",
        f"_{AGENCY}__models.yml",
        f"_{AGENCY}__sources.yml",
        f"stg_{AGENCY}__attendance_rows.sql",
        f"stg_{AGENCY}__attendances.sql",
    ]
    suite = json.loads((repo / "expectations" / f"{AGENCY}.json").read_text())
    assert suite["meta"]["staging_model"] == f"stg_{AGENCY}__attendances"
    # renaming the entity replaced the models the first run wrote, since nobody had edited them
    assert (
        f"Removed models/staging/{AGENCY}/stg_{AGENCY}__record_rows.sql"
        in onboarded["scaffold_output"]
    )


def test_its_rows_reach_the_contacts_fact_standardised(onboarded):
    rows = (
        onboarded["warehouse"]
        .execute(
            "select record_id, role, sex, ethnicity_key, ethnicity_match_method, age_band"
            " from marts.fct_agency_contacts where agency = ? order by record_id",
            [AGENCY],
        )
        .fetchall()
    )
    assert [r[0] for r in rows] == [f"ED000{n}" for n in range(1, 9)]
    roles = {r[0]: r[1] for r in rows}
    # disclosure first, then the relationship; otherwise not known
    assert roles == {
        "ED0001": "victim",
        "ED0002": "not_known",
        "ED0003": "victim",
        "ED0004": "victim",
        "ED0005": "not_known",
        "ED0006": "victim",
        "ED0007": "victim",
        "ED0008": "victim",
    }
    by_id = {r[0]: r for r in rows}
    assert by_id["ED0001"][2:4] == ("female", "ons19_13")  # NHS A: White British
    assert by_id["ED0003"][3] == "not_stated"
    assert by_id["ED0007"][3:5] == ("not_known", "unmapped")
    assert by_id["ED0002"][5] == "25-34"


def test_sector_geography_is_honoured_and_never_counts_as_complete(onboarded):
    warehouse = onboarded["warehouse"]
    contacts = warehouse.execute(
        f"""
        select contacts.record_id, contacts.ward_code, contacts.ward_derived_from,
            contacts.ward_is_approximate, contacts.ward_not_known_reason, contacts.geography_precision,
            areas.ward_code as placed_ward
        from marts.fct_agency_contacts as contacts
        inner join raw.{AGENCY} as sent
            on contacts.submission_id = sent._submission_id
            and contacts.source_row_number = sent._source_row_number
        left join intermediate.int_postcode_area_wards as areas
            on areas.geography_kind = 'postcode_sector' and areas.area = sent.postcode_sector
        where contacts.agency = ?
        """,
        [AGENCY],
    ).fetchall()
    outcomes = set()
    for record_id, ward, derived, approximate, reason, precision, placed in contacts:
        assert precision == "area"
        if record_id == "ED0005":  # B23 6: a district outside the partnership's postcode area
            assert (ward, derived, approximate) == ("out_of_area", "postcode_sector", False)
            outcomes.add("out_of_area")
        elif placed is not None:
            assert (ward, derived, approximate) == (placed, "postcode_sector", True)
            outcomes.add("placed")
        else:
            assert (ward, reason) == ("not_known", "sector_spans_wards")
            outcomes.add("spans_wards")
    assert outcomes == {"out_of_area", "placed", "spans_wards"}
    complete = warehouse.execute(
        "select sum(numerator) from marts.fct_dq_scorecard where agency = ?"
        " and rule_name = 'completeness_approximate' and field_name = 'ward'",
        [AGENCY],
    ).fetchone()[0]
    assert complete > 0


def test_it_gets_data_quality_flags_and_feedback_packs(onboarded):
    warehouse = onboarded["warehouse"]
    issues = warehouse.execute(
        "select rule_name, detail from marts.fct_dq_record_issues where agency = ?", [AGENCY]
    ).fetchall()
    assert ("unmapped_code", "ethnicity value not in the crosswalk: XX") in issues
    packs = published_path(onboarded["data"]).parent / "feedback_packs" / AGENCY
    assert (packs / f"{AGENCY}_2024-05_feedback.html").exists()
    assert (
        "University Hospital Coventry Emergency Department"
        in (packs / f"{AGENCY}_2024-04_feedback.html").read_text()
    )


def test_its_expected_periods_start_at_its_first_period(onboarded):
    first, periods, missing = (
        onboarded["warehouse"]
        .execute(
            "select min(period_start), count(*), count(*) filter (where timeliness_status = 'missing')"
            " from marts.fct_dq_submission_periods where agency = ?",
            [AGENCY],
        )
        .fetchone()
    )
    assert str(first) == "2024-04-01"
    assert missing == periods - 2  # every period after the two sent is missing, none before


def test_the_dashboards_label_it_by_its_registry_label(onboarded):
    board_pack = published_path(onboarded["data"]).parent / "board_pack" / "index.html"
    assert "A&amp;E assaults" in board_pack.read_text() or "A&E assaults" in board_pack.read_text()


def test_the_evidence_site_gives_it_a_page(onboarded):
    page = Settings(onboarded["data"]).evidence_site_dir / "agencies" / AGENCY / "index.html"
    assert page.exists(), "the Evidence site has no data-quality page for the new agency"
    assert "University Hospital Coventry Emergency Department" in html.unescape(page.read_text())


def test_no_other_agencys_figures_change(onboarded, published_warehouse):
    after = onboarded["warehouse"]
    before_path = published_warehouse.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    after.execute(f"attach '{before_path}' as before (read_only)")
    comparisons = {
        "fct_agency_contacts": f"agency <> '{AGENCY}'",
        "fct_dq_scorecard": f"agency <> '{AGENCY}'",
        "fct_dq_submission_periods": f"agency <> '{AGENCY}'",
        "fct_board_metrics": f"breakdown_value not like '{AGENCY}|%'",
        "fct_person_journeys": f"agency <> '{AGENCY}'",
    }
    for table, where in comparisons.items():
        for one, other in (("marts", "before.marts"), ("before.marts", "marts")):
            changed = after.execute(
                f"select count(*) from (select * from {one}.{table} where {where}"
                f" except all select * from {other}.{table} where {where})"
            ).fetchone()[0]
            assert changed == 0, f"{table}: {changed} rows of other agencies changed"
