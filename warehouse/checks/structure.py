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
from warehouse.checks.validate import (
    FailedExpectation,
    name_only,
    prepare,
    quiet,
    register,
    summarise,
)


def staged_shape(records: pd.DataFrame, suite: AgencySuite, received_at: datetime) -> pd.DataFrame:
    """Raw-table records of one submission, named and typed as the suite's staging model has them.
    Columns no expectation reads keep their name only (`name_only`): most are pseudonymous keys, and
    GX fingerprints every cell of the frame it is given."""
    frame = records.rename(columns=lambda name: name.removeprefix("_"))
    read = suite.columns_read()
    if read is not None:
        needed = read | {suite.event_date, suite.record_id}
        frame = frame.assign(
            **{name: name_only(len(frame)) for name in frame.columns if name not in needed}
        )
    frame[suite.event_date] = pd.to_datetime(
        frame[suite.event_date], errors="coerce", format="ISO8601"
    )
    frame["current_rows_for_record"] = frame.groupby(suite.record_id, dropna=False)[
        suite.record_id
    ].transform("size")
    frame["_received_at"] = pd.Timestamp(received_at)
    return frame


# Expectations that hold of a set of files when and only when they hold of each file, given that the
# files' record ids are kept apart (see `_together`): every one judges rows, or a file-wide column set
# that all of an agency's files share. `mostly` is the exception the check handles itself: a share met
# by the files together can hide one file that misses it, so any unexpected row sends every file to be
# checked alone.
ROW_WISE = {
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_unique",
    "expect_column_values_to_be_in_type_list",
    "expect_column_values_to_be_of_type",
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_match_regex",
    "expect_table_columns_to_match_set",
}


class StructuralCheck:
    """An agency's structural expectations, ready to run on one submission after another.

    Great Expectations spends about a tenth of a second setting up each validation, whatever its size:
    more than reading a small monthly file. So submissions are checked together, in one validation,
    and one by one only when that finds anything (nearly never), to say which file breaks what.
    """

    def __init__(self, suite: AgencySuite) -> None:
        self.suite = suite.only("structural")
        context = gx.get_context(
            mode="ephemeral"
        )  # nothing written: the verdict goes to the ledger
        quiet(context)
        self._definition = register(context, self.suite)
        self._row_wise = all(
            expectation["type"] in ROW_WISE for expectation in self.suite.definition["expectations"]
        )

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

    def failures_of_each(self, submissions: list[tuple[pd.DataFrame, datetime]]) -> list[list[str]]:
        """`failures` of each (records, received_at), the same answers, in one validation when all pass."""
        if len(submissions) > 1 and self._row_wise and self._all_clean(submissions):
            return [[] for _ in submissions]
        return [self.failures(records, received_at) for records, received_at in submissions]

    def _all_clean(self, submissions: list[tuple[pd.DataFrame, datetime]]) -> bool:
        """Whether the submissions together have no unexpected row and meet every expectation."""
        frame = prepare(_together(submissions, self.suite), self.suite)
        result = self._definition.run(batch_parameters={"dataframe": frame}, result_format="BASIC")
        return result.success and not any(
            item.result.get("unexpected_count") for item in result.results
        )


def _together(submissions: list[tuple[pd.DataFrame, datetime]], suite: AgencySuite) -> pd.DataFrame:
    """The submissions' staged shapes as one frame. Each file's record ids are prefixed with its place
    in the list, so a record id sent again next month is not a repeat, as it is not when checked alone;
    `current_rows_for_record` is already counted within each file."""
    frames = []
    for place, (records, received_at) in enumerate(submissions):
        frame = staged_shape(records, suite, received_at)
        ids = frame[suite.record_id]
        frame[suite.record_id] = ids.where(ids.isna(), f"{place}:" + ids.astype("string"))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


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
