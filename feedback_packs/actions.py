"""'What to fix': a pack's specific actions, most severe first, each with its counts, the rule's guidance
(seed dq_rule_guidance) and the files and rows affected."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from feedback_packs import wording
from feedback_packs.published import Row

# Row numbers listed per file in an action; the pack's CSV lists every row.
ROWS_SHOWN = 40
# Scorecard fields that are not fields of the record: the rule is about the whole file or submission.
WHOLE_SUBMISSION_FIELDS = {"all", "file", "rows", "submission"}


@dataclass(frozen=True)
class Location:
    """Where to look: one file and field, the rows (first ROWS_SHOWN) and what is wrong with them."""

    file_name: str
    file_status: str
    field_name: str
    rows: list[int]
    more_rows: int
    whole_file: bool
    problems: list[str]


@dataclass(frozen=True)
class Action:
    severity: str
    title: str
    summary: str
    guidance: Row
    locations: list[Location]
    rows_affected: int

    @property
    def severity_words(self) -> str:
        return wording.SEVERITY_WORDS[self.severity]


def field_words(field_name: str) -> str:
    return field_name.replace("_", " ")


def _locations(issues: list[Row]) -> list[Location]:
    by_place = defaultdict(list)
    for issue in issues:
        by_place[(issue["file_name"], issue["field_name"])].append(issue)
    locations = []
    for (file_name, field_name), rows in sorted(by_place.items()):
        numbers = sorted(
            {r["source_row_number"] for r in rows if r["source_row_number"] is not None}
        )
        locations.append(
            Location(
                file_name=file_name,
                file_status=rows[0]["submission_status"],
                field_name=field_words(field_name),
                rows=numbers[:ROWS_SHOWN],
                more_rows=max(0, len(numbers) - ROWS_SHOWN),
                whole_file=any(r["source_row_number"] is None for r in rows),
                problems=list(dict.fromkeys(r["problem"] for r in rows if r["problem"])),
            )
        )
    return locations


def _covers(scored: Row, issue: Row) -> bool:
    """Whether a record issue counts towards a scorecard rule: same rule, and the issue's source field
    (victim_ethnicity) is the rule's conformed field (ethnicity) unless the rule is about all fields."""
    field = scored["field_name"]
    return issue["rule_name"] == scored["rule_name"] and (
        field in WHOLE_SUBMISSION_FIELDS or field in issue["field_name"]
    )


def _rows_affected(issues: list[Row]) -> int:
    return sum(issue["source_row_number"] is not None for issue in issues)


def _scorecard_summary(rule: Row) -> str:
    value, unit = rule["rule_value"], rule["unit"]
    threshold = wording.threshold_words(rule["green_below"], rule["amber_below"], unit)
    if rule["rule_name"].startswith("volume"):
        direction = "below" if rule["rule_name"] == "volume_shortfall" else "above"
        return (
            f"{wording.count(rule['numerator'])} rows against your usual {wording.count(rule['denominator'])}"
            f" ({wording.percent(value)} {direction} usual; {threshold})."
        )
    records = wording.plural(round(rule["denominator"] or 0), "record")
    if unit == "share" and rule["rule_name"].startswith("completeness"):
        return f"{wording.percent(value)} of {records} ({threshold})."
    if unit == "share":
        return f"{wording.count(rule['numerator'])} of {records}, {wording.percent(value)} ({threshold})."
    return f"{wording.rule_value(value, unit)} ({threshold})."


def _timeliness_summary(period: Row) -> str:
    if period["timeliness_status"] == "missing":
        return (
            f"No file has arrived for this period; it was due on {wording.day(period['due_date'])}."
        )
    return (
        f"The first file arrived on {wording.day(period['first_received_at'])},"
        f" {wording.plural(period['days_late'], 'day')} after the due date"
        f" ({wording.day(period['due_date'])})."
    )


def build_actions(
    period: Row, scorecard: list[Row], issues: list[Row], guidance: dict[str, Row]
) -> list[Action]:
    """The period's actions: every red or amber scorecard rule with the record-level issues behind it, then
    every other record-level issue (as advice), ordered by severity and then by the rows to fix."""

    def guide(rule_name: str) -> Row:
        return guidance.get(rule_name) or {"title": field_words(rule_name), "how_to_fix": ""}

    actions, claimed = [], set()
    for rule in scorecard:
        if rule["severity"] not in ("red", "amber"):
            continue
        behind = [issue for issue in issues if _covers(rule, issue)]
        claimed.update(issue["issue_id"] for issue in behind)
        rule_guidance = guide(rule["rule_name"])
        title = rule_guidance["title"]
        if rule["field_name"] not in WHOLE_SUBMISSION_FIELDS:
            title += f": {field_words(rule['field_name'])}"
        is_timeliness = rule["rule_name"] == "timeliness_days_late"
        actions.append(
            Action(
                severity=rule["severity"],
                title=title,
                summary=_timeliness_summary(period) if is_timeliness else _scorecard_summary(rule),
                guidance=rule_guidance,
                locations=_locations(behind),
                rows_affected=_rows_affected(behind),
            )
        )
    unclaimed = defaultdict(list)
    for issue in issues:
        if issue["issue_id"] not in claimed:
            unclaimed[(issue["rule_name"], issue["field_name"])].append(issue)
    for (rule_name, field_name), rows in sorted(unclaimed.items()):
        row_count = _rows_affected(rows)
        files = wording.plural(len({r["file_name"] for r in rows}), "file")
        actions.append(
            Action(
                severity="advice",
                title=f"{guide(rule_name)['title']}: {field_words(field_name)}",
                summary=f"{wording.plural(row_count, 'row')} in {files}."
                if row_count
                else f"An issue with the whole file ({files}).",
                guidance=guide(rule_name),
                locations=_locations(rows),
                rows_affected=row_count,
            )
        )
    return sorted(
        actions,
        key=lambda a: (wording.SEVERITY_ORDER.index(a.severity), -a.rows_affected, a.title),
    )
