"""The registry's agencies as the tests see them. The synthetic sample generates some of them (all of the
default partnership's); a partnership's own agency is in the registry but not in the sample, so tests that
need sample data skip it (and say so) rather than fail."""

from __future__ import annotations

import pytest

from sample_generator.agencies import VIEWS
from warehouse.registry import load_registry

REGISTRY = load_registry()
SAMPLE_AGENCIES = sorted(agency for agency in REGISTRY if agency in VIEWS)


def registry_agencies() -> list:
    """Every registry agency as a pytest parameter, skipped where the sample generates no files for it."""
    return [
        agency
        if agency in VIEWS
        else pytest.param(
            agency, marks=pytest.mark.skip(reason=f"the synthetic sample has no {agency} files")
        )
        for agency in sorted(REGISTRY)
    ]
