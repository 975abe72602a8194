"""What one agency's packs say: for each of its periods, the header, actions, submission history, completeness
trends against the partnership average and the targets, the scorecard and every unmapped value.

Built from one agency's published rows (published.AgencyData) and the partnership-wide aggregates only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from feedback_packs import charts, wording
from feedback_packs.actions import Action, build_actions
from feedback_packs.published import AgencyData, Row

# The fields the board's equality monitoring depends on, in the order a pack shows them (scorecard field names).
KEY_FIELDS = {
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "sex": "Sex",
    "age": "Age (or date of birth)",
    "ward": "Ward (or postcode)",
    "risk_level": "Risk level",
}
# Kept apart, as the board reads them: declined to say, and blank or not known. Not collected (the field is
# not on the agency's form) is informational and shown in words.
COMPARED_STATES = {"completeness_not_stated": "Not stated", "completeness_not_known": "Not known"}
NOT_COLLECTED = "completeness_not_collected"
HISTORY_PERIODS = 24


@dataclass(frozen=True)
class Pack:
    """One agency and period: its file names, what the template shows, and its record-level issues."""

    html_name: str
    csv_name: str
    context: dict
    issues: list[Row]


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _covers(row: Row, period: Row) -> bool:
    """Whether a file (or its issue) covers the period: a combined two-month file covers both months."""
    return (
        row["period_start"] <= period["period_start"] and row["period_end"] >= period["period_end"]
    )


class AgencyPacks:
    """Builds every pack of one agency, indexing its rows once so each pack is a handful of look-ups."""

    def __init__(self, data: AgencyData, partnership_average: list[Row], guidance: dict[str, Row]):
        self.data = data
        self.guidance = guidance
        self.periods = [
            {**period, "slug": wording.period_slug(period["period_start"], period["period_end"])}
            for period in data.periods
        ]
        self.scorecard = defaultdict(list)
        self.completeness = defaultdict(dict)  # (rule, field) -> period_start -> scorecard row
        for row in data.scorecard:
            self.scorecard[row["period_start"]].append(row)
            if row["rule_name"].startswith("completeness"):
                self.completeness[(row["rule_name"], row["field_name"])][row["period_start"]] = row
        self.partnership = {
            (row["rule_name"], row["field_name"], row["period_start"]): row["partnership_share"]
            for row in partnership_average
            if row["period_type"] == "quarter"
        }

    def file_stem(self, period: Row) -> str:
        return f"{self.data.agency}_{period['slug']}"

    def packs(self) -> list[Pack]:
        return [self._pack(index) for index in range(len(self.periods))]

    def _pack(self, index: int) -> Pack:
        period = self.periods[index]
        issues = [issue for issue in self.data.issues if _covers(issue, period)]
        scorecard = self.scorecard.get(period["period_start"], [])
        actions = build_actions(period, scorecard, issues, self.guidance)
        window = self.periods[max(0, index - HISTORY_PERIODS + 1) : index + 1]
        stem = self.file_stem(period)
        context = {
            "agency": self.data.agency,
            "agency_name": self.data.agency_name,
            "period_label": wording.period_label(period["period_start"], period["period_end"]),
            "header": self._header(period),
            "actions": actions,
            "action_counts": self._action_counts(actions),
            "history": self._history(window, period),
            "completeness": self._completeness(window, period),
            "scorecard": self._scorecard(scorecard),
            "unmapped": self._unmapped(),
            "unmapped_shown_open": wording.UNMAPPED_SHOWN_OPEN,
            "csv_name": f"{stem}_issues.csv",
            "issue_rows": len(issues),
        }
        return Pack(f"{stem}_feedback.html", f"{stem}_issues.csv", context, issues)

    def _files(self, period: Row) -> list[dict]:
        return [
            {
                "file_name": row["file_name"],
                "received": wording.day(row["received_at"]),
                "status": row["status"].replace("_", " "),
                "rows_in": wording.count(row["rows_in"]),
                "rows_loaded": wording.count(row["rows_loaded"]),
                "rows_rejected": wording.count(row["rows_rejected"]),
            }
            for row in self.data.files
            if _covers(row, period)
        ]

    @staticmethod
    def _timeliness(period: Row) -> str:
        words = wording.TIMELINESS_WORDS.get(
            period["timeliness_status"], period["timeliness_status"]
        )
        if period["timeliness_status"] == "late":
            words += f" ({wording.plural(period['days_late'], 'day')} after the due date)"
        return words

    @staticmethod
    def _volume(period: Row) -> str:
        if period["volume_status"]:
            return wording.VOLUME_WORDS[period["volume_status"]]
        return "no baseline yet" if period["rows_loaded"] else "nothing loaded"

    def _header(self, period: Row) -> dict:
        received = wording.as_date(period["first_received_at"])
        current = wording.as_date(period["current_received_at"])
        return {
            "due": wording.day(period["due_date"]),
            "received": wording.day(received) or "not received",
            "resubmitted": wording.day(current) if current and current != received else "",
            "timeliness": self._timeliness(period),
            "files": self._files(period),
            "rows_loaded": wording.count(period["rows_loaded"]),
            "baseline_rows": wording.count(period["baseline_rows"]),
            "volume": self._volume(period),
            "worst_severity": period["worst_severity"],
            "worst_words": wording.SEVERITY_WORDS[period["worst_severity"]],
        }

    @staticmethod
    def _action_counts(actions: list[Action]) -> dict[str, int]:
        return {
            severity: sum(action.severity == severity for action in actions)
            for severity in wording.SEVERITY_ORDER
        }

    def _history(self, window: list[Row], current: Row) -> dict:
        rows = [
            {
                "label": wording.period_label(row["period_start"], row["period_end"]),
                "href": f"{self.file_stem(row)}_feedback.html",
                "is_current": row["period_start"] == current["period_start"],
                "timeliness": self._timeliness(row),
                "received": wording.day(row["first_received_at"]),
                "rows_loaded": wording.count(row["rows_loaded"]),
                "baseline_rows": wording.count(row["baseline_rows"]),
                "volume": self._volume(row),
                "worst_severity": row["worst_severity"],
                "worst_words": wording.SEVERITY_WORDS[row["worst_severity"]],
            }
            for row in reversed(window)
        ]
        statuses = [row["timeliness_status"] for row in window]
        description = (
            f"Rows loaded in each of the last {len(window)} periods against your usual volume;"
            f" {statuses.count('late')} late and {statuses.count('missing')} missing."
        )
        labels = [wording.short_period(row["period_start"], row["period_end"]) for row in window]
        return {
            "rows": rows,
            "chart": charts.volume_chart(
                "volume",
                "Rows loaded per period and your usual volume",
                description,
                [
                    charts.Point(label, row["rows_loaded"])
                    for label, row in zip(labels, window, strict=True)
                ],
                [
                    charts.Point(label, row["baseline_rows"])
                    for label, row in zip(labels, window, strict=True)
                ],
            ),
        }

    def _completeness(self, window: list[Row], current: Row) -> list[dict]:
        fields = []
        for field, field_label in KEY_FIELDS.items():
            not_collected = self.completeness.get((NOT_COLLECTED, field))
            if not_collected is None:
                continue  # the agency has no record of this field at all (risk level outside two services)
            now = not_collected.get(current["period_start"], {}).get("rule_value")
            fields.append(
                {
                    "label": field_label,
                    "not_collected": now is not None and now >= 1,
                    "not_collected_share": wording.percent(now),
                    "states": [
                        self._state_trend(window, field, field_label, rule_name, state_label)
                        for rule_name, state_label in COMPARED_STATES.items()
                        if (rule_name, field) in self.completeness
                    ],
                }
            )
        return fields

    def _state_trend(
        self, window: list[Row], field: str, field_label: str, rule_name: str, state_label: str
    ) -> dict:
        by_period = self.completeness[(rule_name, field)]
        yours, average, table = [], [], []
        for period in window:
            label = wording.short_period(period["period_start"], period["period_end"])
            scored = by_period.get(period["period_start"], {})
            value = scored.get("rule_value")
            share = self.partnership.get((rule_name, field, _quarter_start(period["period_start"])))
            yours.append(charts.Point(label, value))
            average.append(charts.Point(label, share))
            table.append(
                {
                    "label": label,
                    "yours": wording.percent(value),
                    "partnership": wording.percent(share),
                    "rating": wording.SEVERITY_WORDS.get(scored.get("severity"), "No file"),
                }
            )
        latest = by_period[max(by_period)]
        threshold = wording.threshold_words(latest["green_below"], latest["amber_below"], "share")
        description = (
            f"{state_label} share of {field_label.lower()} in each of the last {len(window)} periods:"
            f" {wording.percent(yours[-1].value)} in {yours[-1].label} against a partnership average of"
            f" {wording.percent(average[-1].value)}; {threshold}."
        )
        return {
            "label": state_label,
            "now": wording.percent(yours[-1].value),
            "partnership_now": wording.percent(average[-1].value),
            "threshold": threshold,
            "chart": charts.completeness_chart(
                f"{rule_name}-{field}",
                f"{field_label}: {state_label.lower()}, your share and the partnership average",
                description,
                yours,
                average,
                latest["green_below"],
                latest["amber_below"],
            ),
            "table": list(reversed(table)),
        }

    def _scorecard(self, scorecard: list[Row]) -> list[dict]:
        rated = sorted(
            scorecard,
            key=lambda row: (
                wording.SEVERITY_ORDER.index(row["severity"]),
                row["dimension"],
                row["rule_name"],
                row["field_name"],
            ),
        )
        return [
            {
                "dimension": row["dimension"],
                "title": self.guidance.get(row["rule_name"], {}).get("title", row["rule_name"]),
                "field": row["field_name"].replace("_", " "),
                "value": wording.rule_value(row["rule_value"], row["unit"]),
                "threshold": wording.threshold_words(
                    row["green_below"], row["amber_below"], row["unit"]
                ),
                "severity": row["severity"],
                "severity_words": wording.SEVERITY_WORDS[row["severity"]],
            }
            for row in rated
        ]

    def _unmapped(self) -> list[dict]:
        """Every value that did not match (all of them: each is one a data lead may add to a crosswalk)."""
        return [
            {
                "field": row["field_name"].replace("_", " "),
                "raw_value": row["raw_value"],
                "match": wording.UNMAPPED_WORDS[row["match_method"]][0],
                "what_to_check": wording.UNMAPPED_WORDS[row["match_method"]][1],
                "rows": wording.SUPPRESSED_COUNT
                if row["rows_suppressed"]
                else f"about {wording.count(row['rows_published'])}",
                "first_seen": wording.day(row["first_received_date"]),
                "last_seen": wording.day(row["last_received_date"]),
            }
            for row in self.data.unmapped
        ]
