"""The agency registry is the one place agencies are listed and described: it validates with errors that
name the file and key, dbt reads it (so no model lists agencies), and a lint keeps agency names out of
everything generic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sample_agencies import REGISTRY

from warehouse.dbt_registry import for_dbt, render, write_dbt_registry
from warehouse.registry import AGENCIES_DIR, RegistryError, parse_agency
from warehouse.settings import REPO_ROOT


def _doc(agency: str) -> dict:
    return yaml.safe_load((AGENCIES_DIR / f"{agency}.yml").read_text())


def _error(agency: str, change) -> str:
    doc = _doc(agency)
    change(doc)
    with pytest.raises(RegistryError) as raised:
        parse_agency(AGENCIES_DIR / f"{agency}.yml", doc)
    return str(raised.value)


# -- validation ------------------------------------------------------------------------------------


def test_every_registry_file_is_valid():
    assert REGISTRY, "no agencies configured"
    for agency in REGISTRY.values():
        assert agency.label and agency.service and agency.first_period.day == 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["people"]["victim"].update(etnicity="x"),
            "people.victim.etnicity: unknown key",
        ),
        (lambda d: d.update(cadence="weekly"), "cadence: Input should be 'monthly' or 'quarterly'"),
        (lambda d: d.update(service="ambulance"), "service: Input should be"),
        (lambda d: d.update(first_period="April"), "first_period:"),
        (
            lambda d: d["people"]["victim"].update(sex="victim_gender"),
            "people.victim.sex: 'victim_gender' is not a column of any schema version",
        ),
        (
            lambda d: d["people"]["victim"].update(geography={"postcode": "ward_name"}),
            "people.victim.geography.postcode: 'ward_name' must be an identifier of kind postcode",
        ),
        (
            lambda d: d["people"]["victim"].update(age="victim_surname"),
            "people.victim.age: 'victim_surname' is an identifier and never reaches the warehouse",
        ),
        (
            lambda d: d["people"]["victim"].update(
                role_from={"rules": [{"column": "victim_sex", "values": {"F": "victim"}}]}
            ),
            "people.victim: give exactly one of `role`",
        ),
        (lambda d: d.pop("label"), "label: Field required"),
    ],
)
def test_a_mistake_is_reported_by_file_and_key(change, expected):
    message = _error("police", change)
    assert message.startswith("police.yml:"), message
    assert expected in message, message


def test_an_unparseable_file_names_itself(tmp_path):
    (tmp_path / "broken.yml").write_text("agency: broken\nname: [unclosed\n")
    from warehouse.registry import load_registry

    with pytest.raises(RegistryError, match=r"^broken\.yml: not valid YAML"):
        load_registry(tmp_path)


# -- dbt reads the registry ------------------------------------------------------------------------


def test_dbt_sees_every_agency_and_person():
    agencies = {a["agency"]: a for a in for_dbt(REGISTRY)}
    assert set(agencies) == set(REGISTRY)
    for name, agency in REGISTRY.items():
        assert agencies[name]["rows_model"] == agency.rows_model
        assert [p["person"] for p in agencies[name]["people"]] == list(agency.people)


def test_the_generated_macro_is_current_and_rewritten_only_on_change(tmp_path):
    target = tmp_path / "agency_registry.sql"
    assert write_dbt_registry(REGISTRY, target) is True
    assert write_dbt_registry(REGISTRY, target) is False  # unchanged: dbt's partial parse is kept
    assert "{% macro agency_registry_generated() -%}" in target.read_text()
    # the project's own copy matches the registry (the pipeline and `make manifest` write it)
    write_dbt_registry()
    assert (REPO_ROOT / "dbt" / "generated" / "agency_registry.sql").read_text() == render(REGISTRY)


# -- nothing generic names an agency ---------------------------------------------------------------

# Where an agency's name may appear as a literal: its registry file, its own staging folder, its suite,
# the facts built from its staging models (agency-specific business logic), the sample generator, the
# tests and dbt unit tests (which are tests).
LINTED = ("models", "dbt/macros", "dashboards", "feedback_packs", "warehouse", "dagster_project")


def agency_literals(root: Path, agencies: list[str]) -> list[str]:
    """`file:line: 'agency'` for every quoted agency name in generic code (.sql, .py, .yml, .md)."""
    literal = re.compile(r"(['\"])(" + "|".join(map(re.escape, agencies)) + r")\1")
    problems = []
    for folder in LINTED:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in {".sql", ".py", ".yml", ".md"} or path.name.endswith(
                "_unit_tests.yml"
            ):
                continue
            relative = path.relative_to(root)
            allowed = _allowed_agencies(relative, path)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in literal.finditer(line):
                    if match.group(2) not in allowed:
                        problems.append(f"{relative}:{number}: {match.group(0)}")
    return problems


def _allowed_agencies(relative: Path, path: Path) -> set[str]:
    parts = relative.parts
    if parts[:2] == ("models", "staging") and len(parts) > 3:
        # an agency's own staging folder, which also names the agency's people and places
        agency = REGISTRY.get(parts[2])
        return {parts[2], *(agency.people if agency else ()), *(agency.places if agency else ())}
    if parts[:3] == ("models", "marts", "facts"):
        # an agency's own fact: the agencies whose staging models it reads
        return set(re.findall(r"ref\('stg_([a-z0-9_]+?)__", path.read_text(encoding="utf-8")))
    return set()


def test_no_agency_is_named_outside_the_registry_and_its_own_files():
    problems = agency_literals(REPO_ROOT, sorted(REGISTRY))
    assert not problems, "agency names in generic code:\n" + "\n".join(problems)


def test_the_agency_lint_catches_a_hand_written_agency_list(tmp_path):
    (tmp_path / "models" / "marts").mkdir(parents=True)
    (tmp_path / "models" / "marts" / "dim_example.sql").write_text(
        "select count(*) filter (where agency = 'police') as police_contacts from x\n"
    )
    (tmp_path / "dashboards").mkdir()
    (tmp_path / "dashboards" / "labels.py").write_text('NAMES = {"marac": "MARAC"}\n')
    assert agency_literals(tmp_path, ["police", "marac"]) == [
        "models/marts/dim_example.sql:1: 'police'",
        'dashboards/labels.py:1: "marac"',
    ]


# -- the docs the code points to exist -------------------------------------------------------------


def test_every_docs_reference_points_to_a_file_that_exists():
    reference = re.compile(r"\bdocs/([A-Z][A-Z_]+\.md)")
    missing = set()
    for path in REPO_ROOT.rglob("*"):
        if (
            path.suffix in {".py", ".sql", ".yml", ".md", ".csv", ".json", ".toml"}
            and not {".venv", "node_modules", "data", "target", ".git"} & set(path.parts)
            and path.is_file()
        ):
            for name in reference.findall(path.read_text(encoding="utf-8", errors="ignore")):
                if not (REPO_ROOT / "docs" / name).is_file():
                    missing.add(f"{path.relative_to(REPO_ROOT)} -> docs/{name}")
    assert not missing, "\n".join(sorted(missing))
