"""The structural half of an agency's suite, run by ingest on each new submission before it can become
current: a file that fails is set aside (ledger status `set_aside`, the failures in words in its
message) and the agency's earlier data stays current, so one bad file neither reaches the board nor
stops anyone else's figures. The verdict is the file's own, recorded once, whichever run looks at it.

The submission is checked in the shape its staged rows would have if it were the agency's only file:
the staging models' column names (ingest's `_submission_id` is `submission_id`, and so on), the event
date typed, and `current_rows_for_record` counted within the file.
"""

from __future__ import annotations

from datetime import datetime

import great_expectations as gx
import pandas as pd

from warehouse.checks.suites import AgencySuite
from warehouse.checks.validate import FailedExpectation, prepare, quiet, register, summarise


def staged_shape(records: pd.DataFrame, suite: AgencySuite, received_at: datetime) -> pd.DataFrame:
    """Raw-table records of one submission, named and typed as the suite's staging model has them."""
    frame = records.rename(columns=lambda name: name.removeprefix("_"))
    frame[suite.event_date] = pd.to_datetime(
        frame[suite.event_date], errors="coerce", format="ISO8601"
    )
    frame["current_rows_for_record"] = frame.groupby(suite.record_id, dropna=False)[
        suite.record_id
    ].transform("size")
    frame["_received_at"] = pd.Timestamp(received_at)
    return frame


class StructuralCheck:
    """An agency's structural expectations, ready to run on one submission after another."""

    def __init__(self, suite: AgencySuite) -> None:
        self.suite = suite.only("structural")
        context = gx.get_context(
            mode="ephemeral"
        )  # nothing written: the verdict goes to the ledger
        quiet(context)
        self._definition = register(context, self.suite)

    def failures(self, records: pd.DataFrame, received_at: datetime) -> list[str]:
        """What the submission breaks, in words (empty when it passes). Never quotes a value."""
        frame = prepare(staged_shape(records, self.suite, received_at), self.suite)
        # Nearly every file passes: a yes/no first is quicker, the counts only when it is no.
        passed = self._definition.run(
            batch_parameters={"dataframe": frame}, result_format="BOOLEAN_ONLY"
        ).success
        if passed:
            return []
        result = self._definition.run(
            batch_parameters={"dataframe": frame}, result_format="SUMMARY"
        )
        outcome = summarise(result, self.suite, len(frame))
        return [in_words(failure) for failure in outcome.structural.failed]


def in_words(failure: FailedExpectation) -> str:
    """'one current row per record id: 3 rows break it (incident_ref)'."""
    what = failure.notes or failure.expectation
    if failure.error:
        return f"{what}: could not be checked ({failure.error})"
    if failure.unexpected_count:
        rows = "row breaks" if failure.unexpected_count == 1 else "rows break"
        column = f" ({failure.column})" if failure.column else ""
        return f"{what}: {failure.unexpected_count} {rows} it{column}"
    return f"{what}: not met"
