"""The fault plan (faults.yml) and how each kind of fault is put into the submissions.

Faults are applied after every agency has rendered clean submissions, in a fixed order: first what
changes which files exist (combined, missing, partial, resubmitted), then row-level damage, then
whole-file formatting, then copies, misplacement and broken files. Every fault injected is logged
with the rows it touched; ground_truth.py turns the log into faults.csv once the files exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sample_generator.periods import month_label
from sample_generator.submissions import Submission
from warehouse.registry import Agency, Period

PLAN_FILE = Path(__file__).with_name("faults.yml")

# The fixed vocabulary of fault types (faults.csv `fault_type`), with what each means.
FAULT_TYPES = {
    "schema_change": "the agency's columns and codes change from this period (a new records system)",
    "combined_periods": "several periods arrive in one file",
    "late_submission": "a file received well after its due date",
    "missing_period": "a period's file never arrives",
    "partial_period": "a file with only part of its period's records",
    "resubmission": "a second, complete file for a period already sent; it supersedes the first",
    "duplicate_file": "the same file sent twice under different names (identical bytes)",
    "duplicate_rows": "a row repeated exactly within a file",
    "mixed_date_formats": "some rows' dates in a different format from the rest of the file",
    "us_date_format": "a file's dates written mm/dd/yyyy where the agency writes dd/mm/yyyy",
    "text_dates": "dates typed as text in a workbook instead of Excel dates",
    "excel_serial_dates": "dates stored as plain Excel serial numbers in a workbook",
    "invalid_code": "a misspelt or unknown code",
    "ward_name_variant": "a ward written in a non-standard but recognisable way",
    "ward_name_misspelt": "a ward name misspelt",
    "invalid_postcode": "a postcode that is malformed or does not exist",
    "out_of_area_postcode": "a real postcode outside the area",
    "postcode_not_found": "a well-formed postcode in the area that does not exist (a typing error)",
    "blank_mandatory_field": "a required field left blank",
    "future_date": "a date after the file was received",
    "impossible_age": "an age or date of birth that cannot be right",
    "invalid_nhs_number": "an NHS number failing the modulus-11 check",
    "misplaced_file": "a file saved into another agency's folder",
    "truncated_file": "a file cut off part-way through a row",
    "empty_file": "a 0-byte file",
    "recording_rule_change": "a change in how the agency classifies events, shifting counts from a date",
    "out_of_scope_records": "records in the extract that the board's measure excludes",
    "recording_drift": "the share of a recorded value drifting over time (completeness trends)",
}
REQUIRED_KEYS = {
    "combined_periods": ("periods", "file_name"),
    "partial_period": ("period", "share"),
    "resubmission": ("period", "file_name", "original_share", "days_after"),
    "duplicate_file": ("period", "file_name"),
    "duplicate_rows": ("period", "count"),
    "mixed_date_formats": ("period", "fields", "format", "share"),
    "us_date_format": ("period", "format"),
    "text_dates": ("period", "format"),
    "excel_serial_dates": ("period", "field"),
    "invalid_code": ("period", "field", "values", "count"),
    "ward_name_variant": ("periods", "field", "variants"),
    "ward_name_misspelt": ("period", "field", "spellings", "count"),
    "invalid_postcode": ("period", "field", "values", "count"),
    "out_of_area_postcode": ("period", "field", "values", "count"),
    "postcode_not_found": ("period", "field", "values", "count"),
    "blank_mandatory_field": ("period", "field", "count"),
    "future_date": ("period", "field", "count"),
    "impossible_age": ("period", "field", "values"),
    "invalid_nhs_number": ("period", "field", "count"),
    "misplaced_file": ("period", "folder"),
    "truncated_file": ("period", "share"),
    "empty_file": ("period",),
    "missing_period": ("period",),
    "late_submission": ("period",),
    "schema_change": ("period",),
    "recording_rule_change": ("period", "field"),
    "out_of_scope_records": ("field", "values"),
    "recording_drift": ("field", "value", "start", "end"),
}
# Faults whose file is not free for row-level faults (they remove, copy or rewrite all its rows).
WHOLE_FILE_TYPES = {
    "missing_period",
    "resubmission",
    "duplicate_file",
    "misplaced_file",
    "truncated_file",
    "empty_file",
    "us_date_format",
    "text_dates",
    "excel_serial_dates",
}
# File-level faults that leave every row's content as it should be (the rows are not fault rows).
# (A resubmission's own rows are the good ones: the superseded first file's rows are the fault rows.)
ROWS_UNTOUCHED_TYPES = {
    "combined_periods",
    "late_submission",
    "schema_change",
    "partial_period",
    "resubmission",
    "empty_file",
    "truncated_file",
}
EXCEL_EPOCH = date(1899, 12, 30)


class FaultPlanError(ValueError):
    """faults.yml is malformed; the message names the entry."""


class FaultPlan:
    """The configured faults, in file order."""

    def __init__(self, entries: list[dict]):
        for number, entry in enumerate(entries, 1):
            kind = entry.get("type")
            if kind not in FAULT_TYPES:
                raise FaultPlanError(f"fault {number}: unknown type {kind!r}")
            missing = [k for k in ("agency", *REQUIRED_KEYS[kind]) if k not in entry]
            if missing:
                raise FaultPlanError(f"fault {number} ({kind}): missing {', '.join(missing)}")
        self.entries = entries

    @classmethod
    def load(cls, path: Path = PLAN_FILE) -> FaultPlan:
        with path.open(encoding="utf-8") as handle:
            return cls(yaml.safe_load(handle)["faults"])

    def of_type(self, kind: str, agency: str | None = None) -> list[dict]:
        return [e for e in self.entries if e["type"] == kind and agency in (None, e["agency"])]

    def first(self, kind: str, agency: str, **match) -> dict | None:
        for entry in self.of_type(kind, agency):
            if all(entry.get(k) == v for k, v in match.items()):
                return entry
        return None

    def schema_change_month(self, agency: str) -> str | None:
        entry = self.first("schema_change", agency)
        return str(entry["period"]) if entry else None

    def offence_multipliers(self, agency: str, month: str) -> dict[str, float]:
        """Weights on offence labels in `month` (YYYY-MM) from recording rule changes."""
        factors: dict[str, float] = {}
        for entry in self.of_type("recording_rule_change", agency):
            side = (
                entry.get("before", {}) if month < str(entry["period"]) else entry.get("after", {})
            )
            for label, factor in side.items():
                factors[label] = factors.get(label, 1.0) * factor
        return factors


@dataclass
class InjectedFault:
    fault_id: str
    fault_type: str
    agency: str
    period_label: str
    submission: Submission | None  # the file the fault is in; None for plan-wide faults
    row_uid: int | None
    field: str
    injected_value: str
    description: str
    file_name: str = ""  # for a file that is not in the inbox (a missing period)


@dataclass
class FaultContext:
    submissions: dict[str, list[Submission]]
    registry: dict[str, Agency]
    people: pd.DataFrame
    rng: np.random.Generator
    next_uid: Callable[[int], np.ndarray]
    reserved: set[tuple[str, str]]
    injected: list[InjectedFault] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)

    def log(
        self,
        entry: dict,
        submission,
        row_uids=None,
        value="",
        description="",
        period_label=None,
        file_name="",
    ) -> None:
        kind = entry["type"]
        text = description or entry.get("description", "") or FAULT_TYPES[kind]
        label = period_label or (submission.period.label if submission is not None else "")
        uids = [None] if row_uids is None else list(row_uids)
        for uid in uids:
            fault_id = f"F{len(self.injected) + 1:04d}"
            field_name = entry.get("field", ",".join(entry.get("fields", [])))
            self.injected.append(
                InjectedFault(
                    fault_id,
                    kind,
                    entry["agency"],
                    label,
                    submission,
                    uid,
                    field_name,
                    str(value),
                    text,
                    file_name,
                )
            )
            if submission is None:
                continue
            rows = submission.rows
            if uid is None:
                submission.file_fault_ids.append(fault_id)
                rows["_fault_ids"] = [_append(f, fault_id) for f in rows["_fault_ids"]]
                if kind not in ROWS_UNTOUCHED_TYPES:
                    rows["_is_fault_row"] = True
            else:
                at = rows.index[rows["_row_uid"] == uid]
                rows.loc[at, "_fault_ids"] = [
                    _append(f, fault_id) for f in rows.loc[at, "_fault_ids"]
                ]
                rows.loc[at, "_is_fault_row"] = True
                self.touched.add(int(uid))

    def submission_at(self, agency: str, period: str):
        """The agency's submission whose period contains the month `period` (YYYY-MM)."""
        for submission in self.submissions[agency]:
            if (
                month_label(submission.period.start)
                <= str(period)
                <= month_label(submission.period.end)
                and submission.copy_of is None
            ):
                return submission
        raise LookupError(f"{agency} has no submission for {period}")

    def rows_for(self, entry: dict, count: int, suitable=None, any_row_fallback: bool = True):
        """`count` untouched rows in the entry's period, or the next free file with enough of them.

        If no row of the intended kind exists, any row is used (when `any_row_fallback`); if no file
        has `count` rows (tiny scales), the file with the most gets fewer. Returns (submission, row
        positions, note); the note says which fallback was used.
        """
        passes = [(suitable, "")]
        if suitable is not None and any_row_fallback:
            passes.append((None, " (no row of the intended kind in the sample: any row used)"))
        best = None
        for need, note in passes:
            for submission in self.submissions[entry["agency"]]:
                if (
                    month_label(submission.period.end) < str(entry["period"])
                    or not submission.expected
                ):
                    continue
                if (entry["agency"], month_label(submission.period.start)) in self.reserved:
                    continue
                rows = submission.rows
                ok = ~rows["_row_uid"].isin(self.touched).to_numpy() & ~rows[
                    "_is_fault_row"
                ].to_numpy(dtype=bool)
                if need is not None:
                    ok &= need(rows)
                candidates = np.flatnonzero(ok)
                if len(candidates) >= count:
                    return (
                        submission,
                        np.sort(self.rng.choice(candidates, count, replace=False)),
                        note,
                    )
                if len(candidates) and (best is None or len(candidates) > len(best[1])):
                    best = (submission, candidates, note)
            if best is not None:
                submission, candidates, note = best
                return (
                    submission,
                    candidates,
                    f"{note} (only {len(candidates)} suitable rows at this scale)",
                )
        raise LookupError(
            f"no {entry['agency']} file from {entry['period']} has a row for {entry['type']}: scale too small for the fault plan"
        )


def _append(ids: str, fault_id: str) -> str:
    return f"{ids};{fault_id}" if ids else fault_id


def _parse(agency: Agency, field_name: str, value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    for pattern in agency.date_formats_for(field_name):
        try:
            return datetime.strptime(str(value), pattern)
        except ValueError:
            continue
    return None


def _reformat(agency: Agency, field_name: str, value, pattern: str):
    parsed = _parse(agency, field_name, value) if value not in ("", None) else None
    return value if parsed is None else parsed.strftime(pattern)


def _date_fields(agency: Agency, columns: list[str]) -> list[str]:
    """The agency's date and date-of-birth fields present in a table."""
    typed = {name for name, spec in agency.fields.items() if spec.type in ("date", "datetime")}
    births = {name for name, spec in agency.identifiers.items() if spec.kind == "date_of_birth"}
    return [c for c in columns if c in typed | births]


def _person_filter(ctx: FaultContext, entry: dict) -> Callable[[pd.DataFrame], np.ndarray] | None:
    where = entry.get("where")
    if not where:
        return None
    groups = set(where["ons19"])
    ons19 = ctx.people["ons19"].to_numpy()
    return lambda rows: (
        np.isin(ons19[np.maximum(rows["_person_id"].to_numpy(dtype=int), 0)], list(groups))
        & (rows["_person_id"].to_numpy(dtype=int) >= 0)
    )


def _has_value(field_name: str) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda rows: (
        rows[field_name].map(lambda v: v not in ("", None) and v == v).to_numpy(dtype=bool)
    )


# --- changes to which files exist ---


def combined_periods(ctx: FaultContext, entry: dict) -> None:
    subs = ctx.submissions[entry["agency"]]
    parts = [ctx.submission_at(entry["agency"], p) for p in entry["periods"]]
    rows = pd.concat([p.rows for p in parts], ignore_index=True)
    combined = Submission(
        agency=entry["agency"],
        period=Period(parts[0].period.start, parts[-1].period.end),
        file_name=entry["file_name"],
        folder=parts[0].folder,
        schema_version=parts[-1].schema_version,
        rows=rows,
        received_at=max(p.received_at for p in parts),
        due=parts[-1].due,
        note=f"covers {', '.join(str(p) for p in entry['periods'])} in one file",
    )
    subs[subs.index(parts[0])] = combined
    for part in parts[1:]:
        subs.remove(part)
    ctx.log(entry, combined)


def missing_period(ctx: FaultContext, entry: dict) -> None:
    submission = ctx.submission_at(entry["agency"], entry["period"])
    ctx.submissions[entry["agency"]].remove(submission)
    ctx.log(entry, None, period_label=submission.period.label, file_name=submission.file_name)


def partial_period(ctx: FaultContext, entry: dict) -> None:
    submission = ctx.submission_at(entry["agency"], entry["period"])
    total = len(submission.rows)
    keep = np.sort(ctx.rng.choice(total, round(total * entry["share"]), replace=False))
    submission.rows = submission.rows.iloc[keep].reset_index(drop=True)
    ctx.log(
        entry,
        submission,
        description=f"{entry.get('description', '')} ({len(keep)} of {total} rows)".strip(),
    )


def resubmission(ctx: FaultContext, entry: dict) -> None:
    original = ctx.submission_at(entry["agency"], entry["period"])
    complete = original.rows.copy()
    complete["_row_uid"] = ctx.next_uid(len(complete))
    keep = np.sort(
        ctx.rng.choice(
            len(original.rows), round(len(original.rows) * entry["original_share"]), replace=False
        )
    )
    original.rows = original.rows.iloc[keep].reset_index(drop=True)
    original.rows["_is_fault_row"] = True  # superseded
    resent = Submission(
        agency=original.agency,
        period=original.period,
        file_name=entry["file_name"],
        folder=original.folder,
        schema_version=original.schema_version,
        rows=complete,
        received_at=original.received_at + timedelta(days=entry["days_after"]),
        due=original.due,
        note=f"supersedes {original.file_name}",
    )
    original.note = f"superseded by {resent.file_name}"
    subs = ctx.submissions[entry["agency"]]
    subs.insert(subs.index(original) + 1, resent)
    ctx.log(
        entry,
        resent,
        description=f"{entry.get('description', '')}: {len(original.rows)} rows of {original.file_name} repeated, {len(complete) - len(original.rows)} added",
    )
    original.rows["_fault_ids"] = [
        _append(f, ctx.injected[-1].fault_id) for f in original.rows["_fault_ids"]
    ]


# --- row-level damage ---


def duplicate_rows(ctx: FaultContext, entry: dict) -> None:
    submission, positions, note = ctx.rows_for(entry, entry["count"])
    rows = submission.rows
    copies = rows.iloc[positions].copy()
    copies["_row_uid"] = ctx.next_uid(len(copies))
    order = np.concatenate([np.arange(len(rows)), positions + 0.5])
    submission.rows = (
        pd.concat([rows, copies], ignore_index=True)
        .iloc[np.argsort(order, kind="stable")]
        .reset_index(drop=True)
    )
    ctx.log(entry, submission, copies["_row_uid"], description=f"exact copy of the row above{note}")


def set_values(ctx: FaultContext, entry: dict, suitable=None, values=None, describe=None) -> None:
    """Put `values` (cycled) into `entry.field` of `count` suitable rows."""
    values = values or entry["values"]
    submission, positions, note = ctx.rows_for(entry, entry["count"], suitable)
    for i, position in enumerate(positions):
        value = values[i % len(values)]
        submission.rows.at[position, entry["field"]] = value
        shown = "" if entry["type"] in ("invalid_nhs_number",) else value
        ctx.log(
            entry,
            submission,
            [submission.rows.at[position, "_row_uid"]],
            shown,
            (describe or "") + note,
        )


def invalid_code(ctx: FaultContext, entry: dict) -> None:
    set_values(ctx, entry, _person_filter(ctx, entry))


def invalid_postcode(ctx: FaultContext, entry: dict) -> None:
    set_values(ctx, entry, _has_value(entry["field"]))


def out_of_area_postcode(ctx: FaultContext, entry: dict) -> None:
    submission, positions, note = ctx.rows_for(entry, entry["count"], _has_value(entry["field"]))
    for i, position in enumerate(positions):
        value = entry["values"][i % len(entry["values"])]
        submission.rows.at[position, entry["field"]] = value
        submission.rows.at[position, "_ward_code"] = ""  # it really happened outside the city
        ctx.log(
            entry,
            submission,
            [submission.rows.at[position, "_row_uid"]],
            value,
            entry.get("description", "") + note,
        )


def blank_mandatory_field(ctx: FaultContext, entry: dict) -> None:
    set_values(
        ctx,
        entry,
        _has_value(entry["field"]),
        values=[""],
        describe=f"required field {entry['field']} left blank",
    )


def ward_name_misspelt(ctx: FaultContext, entry: dict) -> None:
    spellings = entry["spellings"]
    submission, positions, note = ctx.rows_for(
        entry, entry["count"], lambda rows: rows[entry["field"]].isin(list(spellings)).to_numpy()
    )
    for position in positions:
        value = spellings[submission.rows.at[position, entry["field"]]]
        submission.rows.at[position, entry["field"]] = value
        ctx.log(
            entry,
            submission,
            [submission.rows.at[position, "_row_uid"]],
            value,
            f"misspelt ward name{note}",
        )


def ward_name_variant(ctx: FaultContext, entry: dict) -> None:
    first, last = (str(p) for p in entry["periods"])
    variants = entry["variants"]
    ctx.log(entry, None, period_label=f"{first} to {last}")
    fault_id = ctx.injected[-1].fault_id
    for submission in ctx.submissions[entry["agency"]]:
        if not (first <= month_label(submission.period.start) <= last):
            continue
        rows = submission.rows
        hit = np.flatnonzero(rows[entry["field"]].isin(list(variants)).to_numpy())
        for position in hit:
            options = variants[rows.at[position, entry["field"]]]
            rows.at[position, entry["field"]] = options[int(ctx.rng.integers(0, len(options)))]
            rows.at[position, "_fault_ids"] = _append(rows.at[position, "_fault_ids"], fault_id)
            rows.at[position, "_is_fault_row"] = True


def future_date(ctx: FaultContext, entry: dict) -> None:
    agency = ctx.registry[entry["agency"]]
    submission, positions, note = ctx.rows_for(entry, entry["count"], _has_value(entry["field"]))
    for position in positions:
        when = _parse(agency, entry["field"], submission.rows.at[position, entry["field"]])
        year = when.year // 100 * 100 + int(str(when.year)[-1] + str(when.year)[-2])  # 2024 -> 2042
        year = year if year > when.year + 1 else when.year + 20
        value = when.replace(year=year).strftime(
            _pattern_of(agency, entry["field"], submission.rows.at[position, entry["field"]])
        )
        submission.rows.at[position, entry["field"]] = value
        ctx.log(
            entry,
            submission,
            [submission.rows.at[position, "_row_uid"]],
            value,
            entry.get("description", "") + note,
        )


def _pattern_of(agency: Agency, field_name: str, value) -> str:
    for pattern in agency.date_formats_for(field_name):
        try:
            datetime.strptime(str(value), pattern)
            return pattern
        except ValueError:
            continue
    return "%Y-%m-%d"


def impossible_age(ctx: FaultContext, entry: dict) -> None:
    agency = ctx.registry[entry["agency"]]
    field_name = entry["field"]
    submission, positions, note = ctx.rows_for(entry, len(entry["values"]), _has_value(field_name))
    for value, position in zip(entry["values"], positions, strict=False):
        rows = submission.rows
        if value == "dob_after_event":
            event = _parse(agency, agency.event_date, rows.at[position, agency.event_date])
            pattern = _pattern_of(agency, field_name, rows.at[position, field_name])
            rows.at[position, field_name] = event.replace(year=event.year + 1).strftime(pattern)
            ctx.log(
                entry,
                submission,
                [rows.at[position, "_row_uid"]],
                "",
                f"date of birth a year after the event{note}",
            )
        else:
            rows.at[position, field_name] = value if agency.file.format == "xlsx" else str(value)
            ctx.log(entry, submission, [rows.at[position, "_row_uid"]], value, f"age {value}{note}")


def invalid_nhs_number(ctx: FaultContext, entry: dict) -> None:
    submission, positions, note = ctx.rows_for(entry, entry["count"], _has_value(entry["field"]))
    for i, position in enumerate(positions):
        number = str(submission.rows.at[position, entry["field"]])
        # Alternately a wrong check digit and a digit dropped in typing.
        broken = (
            number[:9] + str((int(number[9]) + 1 + int(ctx.rng.integers(0, 8))) % 10)
            if i % 2 == 0
            else number[:4] + number[5:]
        )
        submission.rows.at[position, entry["field"]] = broken
        kind = "check digit wrong" if i % 2 == 0 else "nine digits"
        ctx.log(
            entry,
            submission,
            [submission.rows.at[position, "_row_uid"]],
            "",
            f"NHS number fails the modulus-11 check ({kind}){note}",
        )


def mixed_date_formats(ctx: FaultContext, entry: dict) -> None:
    agency = ctx.registry[entry["agency"]]
    submission = ctx.submission_at(entry["agency"], entry["period"])
    rows = submission.rows
    chosen = np.flatnonzero(ctx.rng.random(len(rows)) < entry["share"])
    if not len(chosen) and len(rows):  # a small file still gets one odd row ...
        chosen = ctx.rng.integers(0, len(rows), 1)
    if len(chosen) == len(rows) > 1:  # ... and keeps at least one in the usual format
        chosen = chosen[1:]
    for position in chosen:
        for name in entry["fields"]:
            rows.at[position, name] = _reformat(
                agency, name, rows.at[position, name], entry["format"]
            )
    ctx.log(
        entry,
        submission,
        rows["_row_uid"].to_numpy()[chosen],
        entry["format"],
        entry.get("description", ""),
    )


# --- whole-file formatting ---


def _rewrite_dates(ctx: FaultContext, entry: dict, convert: Callable[[datetime], object]) -> None:
    agency = ctx.registry[entry["agency"]]
    submission = ctx.submission_at(entry["agency"], entry["period"])
    rows = submission.rows
    names = (
        [entry["field"]] if "field" in entry else _date_fields(agency, submission.canonical_columns)
    )
    for name in names:
        parsed = [_parse(agency, name, v) if v not in ("", None) else None for v in rows[name]]
        rows[name] = [
            v if p is None else convert(p) for v, p in zip(rows[name], parsed, strict=True)
        ]
    ctx.log(entry, submission)


def us_date_format(ctx: FaultContext, entry: dict) -> None:
    _rewrite_dates(ctx, entry, lambda d: d.strftime(entry["format"]))


def text_dates(ctx: FaultContext, entry: dict) -> None:
    _rewrite_dates(ctx, entry, lambda d: d.strftime(entry["format"]))


def excel_serial_dates(ctx: FaultContext, entry: dict) -> None:
    _rewrite_dates(ctx, entry, lambda d: (d.date() - EXCEL_EPOCH).days)


# --- timing, copies, placement and broken files ---


def late_submission(ctx: FaultContext, entry: dict) -> None:
    submission = ctx.submission_at(entry["agency"], entry["period"])
    if "received" in entry:
        day = date.fromisoformat(str(entry["received"]))
        submission.received_at = datetime(day.year, day.month, day.day, 10, 42)
    else:
        due = submission.due + timedelta(days=entry["days_late"])
        submission.received_at = datetime(due.year, due.month, due.day, 14, 5)
    late_by = (submission.received_at.date() - submission.due).days
    ctx.log(
        entry,
        submission,
        description=f"{entry.get('description', '')} ({late_by} days after the due date)".strip(),
    )


def duplicate_file(ctx: FaultContext, entry: dict) -> None:
    original = ctx.submission_at(entry["agency"], entry["period"])
    rows = original.rows.copy()
    rows["_row_uid"] = ctx.next_uid(len(rows))
    copy = Submission(
        agency=original.agency,
        period=original.period,
        file_name=entry["file_name"],
        folder=original.folder,
        schema_version=original.schema_version,
        rows=rows,
        received_at=original.received_at + timedelta(hours=2),
        due=original.due,
        note=f"same bytes as {original.file_name}",
        copy_of=original,
    )
    subs = ctx.submissions[entry["agency"]]
    subs.insert(subs.index(original) + 1, copy)
    ctx.log(entry, copy)


def misplaced_file(ctx: FaultContext, entry: dict) -> None:
    submission = ctx.submission_at(entry["agency"], entry["period"])
    submission.folder = entry["folder"]
    submission.expected = False
    submission.note = f"{entry['agency']} file saved in the {entry['folder']} folder"
    ctx.log(entry, submission)


def truncated_file(ctx: FaultContext, entry: dict) -> None:
    submission = ctx.submission_at(entry["agency"], entry["period"])
    submission.damage = "truncated"
    submission.truncate_share = entry["share"]
    ctx.log(entry, submission)


def empty_file(ctx: FaultContext, entry: dict) -> None:
    submission = ctx.submission_at(entry["agency"], entry["period"])
    submission.damage = "empty"
    ctx.log(entry, submission)


# --- faults the generator applied while drawing the sample: logged here ---


def schema_change(ctx: FaultContext, entry: dict) -> None:
    submission = ctx.submission_at(entry["agency"], entry["period"])
    ctx.log(
        entry,
        submission,
        description=f"{entry.get('description', '')} (schema {submission.schema_version} from this file)",
    )


def recording_rule_change(ctx: FaultContext, entry: dict) -> None:
    ctx.log(entry, None, period_label=f"{entry['period']} onwards")


def recording_drift(ctx: FaultContext, entry: dict) -> None:
    ctx.log(entry, None, value=entry["value"], period_label="whole sample")


def out_of_scope_records(ctx: FaultContext, entry: dict) -> None:
    rows = pd.concat([s.rows[[entry["field"]]] for s in ctx.submissions[entry["agency"]]])
    count = int(rows[entry["field"]].str.upper().isin([v.upper() for v in entry["values"]]).sum())
    ctx.log(
        entry,
        None,
        period_label="whole sample",
        description=f"{entry['description']} ({count} rows)",
    )


# Application order: which files exist, then rows, then whole-file formats, then timing and copies.
APPLIERS: dict[str, Callable[[FaultContext, dict], None]] = {
    "combined_periods": combined_periods,
    "missing_period": missing_period,
    "partial_period": partial_period,
    "resubmission": resubmission,
    "duplicate_rows": duplicate_rows,
    "invalid_code": invalid_code,
    "invalid_postcode": invalid_postcode,
    "out_of_area_postcode": out_of_area_postcode,
    "postcode_not_found": invalid_postcode,
    "blank_mandatory_field": blank_mandatory_field,
    "ward_name_misspelt": ward_name_misspelt,
    "ward_name_variant": ward_name_variant,
    "future_date": future_date,
    "impossible_age": impossible_age,
    "invalid_nhs_number": invalid_nhs_number,
    "mixed_date_formats": mixed_date_formats,
    "us_date_format": us_date_format,
    "text_dates": text_dates,
    "excel_serial_dates": excel_serial_dates,
    "schema_change": schema_change,
    "late_submission": late_submission,
    "recording_rule_change": recording_rule_change,
    "recording_drift": recording_drift,
    "out_of_scope_records": out_of_scope_records,
    "duplicate_file": duplicate_file,
    "misplaced_file": misplaced_file,
    "truncated_file": truncated_file,
    "empty_file": empty_file,
}
assert set(APPLIERS) == set(FAULT_TYPES), "every fault type needs an applier"


def apply_plan(plan: FaultPlan, ctx: FaultContext) -> None:
    order = list(APPLIERS)
    for entry in sorted(plan.entries, key=lambda e: order.index(e["type"])):
        APPLIERS[entry["type"]](ctx, entry)


def reserved_periods(plan: FaultPlan) -> set[tuple[str, str]]:
    """(agency, YYYY-MM) of files that whole-file faults take over: row-level faults avoid them."""
    return {(e["agency"], str(e["period"])) for e in plan.entries if e["type"] in WHOLE_FILE_TYPES}
