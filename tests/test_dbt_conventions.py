"""The project's dbt conventions (DESIGN.md), enforced over dbt's manifest.json.

Each rule is a function from the manifest to a list of violations, so the tests below can show both that
the real project passes and that a broken project would fail.
"""

from __future__ import annotations

import copy
import re

import pytest

LAYER_PREFIXES = {
    "staging": re.compile(r"^stg_[a-z0-9]+(_[a-z0-9]+)*__[a-z0-9_]+$"),
    "intermediate": re.compile(r"^int_[a-z0-9_]+$"),
    "marts": re.compile(r"^(dim|fct)_[a-z0-9_]+$"),
    "publish": re.compile(r"^publish_[a-z0-9_]+$"),
}
CONTRACTED_LAYERS = {"marts", "publish"}
KEY_TESTS = {"unique", "unique_combination_of_columns"}


def _models(manifest: dict) -> list[dict]:
    return [node for node in manifest["nodes"].values() if node["resource_type"] == "model"]


def _layer(node: dict) -> str | None:
    fqn = node["fqn"]
    return fqn[1] if len(fqn) > 2 else None


def undescribed(manifest: dict) -> list[str]:
    problems = [
        f"model {n['name']} has no description"
        for n in _models(manifest)
        if not n["description"].strip()
    ]
    for node in _models(manifest):
        if _layer(node) in CONTRACTED_LAYERS:
            problems += [
                f"column {node['name']}.{name} has no description"
                for name, column in node["columns"].items()
                if not column.get("description", "").strip()
            ]
    return problems


def untested_primary_keys(manifest: dict) -> list[str]:
    keyed = {
        node["attached_node"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and (node.get("test_metadata") or {}).get("name") in KEY_TESTS
    }
    return [
        f"model {n['name']} has no unique (primary key) test"
        for n in _models(manifest)
        if n["unique_id"] not in keyed
    ]


def misnamed(manifest: dict) -> list[str]:
    problems = []
    for node in _models(manifest):
        layer = _layer(node)
        if layer not in LAYER_PREFIXES:
            problems.append(
                f"model {node['name']} is not under models/<{'|'.join(LAYER_PREFIXES)}>/"
            )
        elif not LAYER_PREFIXES[layer].match(node["name"]):
            problems.append(
                f"model {node['name']} in {layer} should match {LAYER_PREFIXES[layer].pattern}"
            )
    return problems


def sources_outside_staging(manifest: dict) -> list[str]:
    return [
        f"model {n['name']} selects from a source but is not a staging model"
        for n in _models(manifest)
        if _layer(n) != "staging"
        and any(dep.startswith("source.") for dep in n["depends_on"]["nodes"])
    ]


def uncontracted_marts(manifest: dict) -> list[str]:
    return [
        f"model {n['name']} in {_layer(n)} has no enforced contract"
        for n in _models(manifest)
        if _layer(n) in CONTRACTED_LAYERS and not n["config"].get("contract", {}).get("enforced")
    ]


def undocumented_seeds(manifest: dict) -> list[str]:
    problems = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "seed":
            continue
        if not node["description"].strip():
            problems.append(f"seed {node['name']} has no description")
        if not node["config"].get("column_types"):
            problems.append(f"seed {node['name']} declares no column_types")
    return problems


RULES = [
    undescribed,
    untested_primary_keys,
    misnamed,
    sources_outside_staging,
    uncontracted_marts,
    undocumented_seeds,
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_project_follows_convention(dbt_manifest, rule):
    assert rule(dbt_manifest) == []


def _with_extra_model(manifest: dict, **changes) -> dict:
    """The manifest plus one copy of an existing mart model, altered as given."""
    broken = copy.deepcopy(manifest)
    mart = next(n for n in _models(broken) if _layer(n) == "marts")
    extra = {**copy.deepcopy(mart), **changes}
    extra["unique_id"] = "model.da_partnership." + extra["name"]
    broken["nodes"][extra["unique_id"]] = extra
    return broken


def test_an_undescribed_model_is_caught(dbt_manifest):
    broken = _with_extra_model(dbt_manifest, name="fct_undocumented", description="")
    assert "model fct_undocumented has no description" in undescribed(broken)
    assert "model fct_undocumented has no unique (primary key) test" in untested_primary_keys(
        broken
    )


def test_a_misnamed_uncontracted_mart_reading_a_source_is_caught(dbt_manifest):
    mart = next(n for n in _models(dbt_manifest) if _layer(n) == "marts")
    broken = _with_extra_model(
        dbt_manifest,
        name="contacts_report",
        config={**mart["config"], "contract": {"enforced": False}},
        depends_on={"nodes": ["source.da_partnership.police.police"], "macros": []},
    )
    assert any("contacts_report in marts should match" in p for p in misnamed(broken))
    assert "model contacts_report in marts has no enforced contract" in uncontracted_marts(broken)
    assert (
        "model contacts_report selects from a source but is not a staging model"
        in sources_outside_staging(broken)
    )
