"""The bad-file corpus (tests/bad_file_corpus.py): every case gets its expected ledger status and a
message a data lead can act on, every row is accounted for, and no message quotes a regular expression."""

from __future__ import annotations

import re

import pytest
from bad_file_corpus import CASES, REFUSED, REGISTRY, run_case

# What is left of a regular expression if one leaks into a message.
REGEX_TRACES = re.compile(r"\(\?P<|\\d|\(\?!|\[0-9\]|\.\*")


def test_the_corpus_is_broad():
    assert len(CASES) >= 40
    assert len({case.agency for case in CASES}) >= 4
    assert {case.format for case in CASES} == {"csv", "xlsx"}
    for case in CASES:
        if case.content is not None:
            assert (
                REGISTRY[case.agency].matches_file_name(case.file_name)
                or "pattern" in case.name
                or "another agency" in case.name
            ), case.name


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_file(case, tmp_path):
    outcome = run_case(case, tmp_path)
    assert outcome.status == case.status, outcome.text
    assert case.expect in outcome.text, outcome.text
    assert not REGEX_TRACES.search(outcome.text), outcome.text
    if case.status == REFUSED:
        assert (tmp_path / "inbox" / case.agency / case.file_name).is_symlink() or (
            tmp_path / "inbox" / case.agency / case.file_name
        ).exists()  # left where it was
        return
    entry = outcome.ledger
    assert entry["rows_in"] == entry["rows_loaded"] + entry["rows_rejected"]
    if case.status == "quarantined":
        assert not (tmp_path / "inbox" / case.agency / case.file_name).exists()
        assert (tmp_path / "quarantine" / case.agency / f"{case.file_name}.reason.txt").exists()
    else:  # read files are never moved: the inbox keeps what the agency sent
        assert (tmp_path / "inbox" / case.agency / case.file_name).exists()
