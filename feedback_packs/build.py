"""Write every agency's feedback packs: feedback_packs/<agency>/ (in a published generation) holds, for each period, the HTML
pack and the CSV of its record-level issues, an index page, and one workbook across periods; the top-level
index only links to the agencies' folders.

The whole folder is written beside the old one and swapped in at the end, so a reader never sees a mix of two
runs and a pack for a period or agency that no longer exists does not linger."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from feedback_packs import wording
from feedback_packs.content import AgencyPacks, Pack
from feedback_packs.published import AgencyData, load_published
from feedback_packs.spreadsheets import write_issues_csv, write_workbook
from warehouse.output_folders import fresh_folder_beside, swap_in

TEMPLATES = Environment(
    loader=PackageLoader("feedback_packs", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class AgencyOutput:
    agency: str
    agency_name: str
    packs: int


@dataclass(frozen=True)
class FeedbackPackRun:
    folder: Path
    agencies: list[AgencyOutput]
    seconds: float
    total_bytes: int

    @property
    def packs(self) -> int:
        return sum(agency.packs for agency in self.agencies)


def _render(template: str, **context) -> str:
    return TEMPLATES.get_template(template).render(**context)


def _write_agency(data: AgencyData, builder: AgencyPacks, folder: Path, page: dict) -> AgencyOutput:
    folder.mkdir(parents=True)
    packs: list[Pack] = builder.packs()
    for pack in packs:
        (folder / pack.html_name).write_text(
            _render("pack.html.j2", **page, **pack.context), encoding="utf-8"
        )
        write_issues_csv(pack.issues, folder / pack.csv_name)
    xlsx_name = f"{data.agency}_feedback_all_periods.xlsx"
    write_workbook(data, folder / xlsx_name)
    listing = [
        {
            "html_name": pack.html_name,
            "csv_name": pack.csv_name,
            "period_label": pack.context["period_label"],
            "timeliness": pack.context["header"]["timeliness"],
            "worst_severity": pack.context["header"]["worst_severity"],
            "worst_words": pack.context["header"]["worst_words"],
            "actions": len(pack.context["actions"]),
            "issue_rows": pack.context["issue_rows"],
        }
        for pack in reversed(packs)
    ]
    (folder / "index.html").write_text(
        _render(
            "agency_index.html.j2",
            **page,
            agency_name=data.agency_name,
            packs=listing,
            xlsx_name=xlsx_name,
        ),
        encoding="utf-8",
    )
    return AgencyOutput(
        agency=data.agency,
        agency_name=data.agency_name,
        packs=len(packs),
    )


def write_feedback_packs(
    warehouse: Path, output_dir: Path, built_on: date | None = None
) -> FeedbackPackRun:
    """Build every pack from the published warehouse at `warehouse` into `output_dir` (replaced whole)."""
    started = time.perf_counter()
    published = load_published(warehouse)
    page = {
        "css": (Path(__file__).parent / "templates" / "pack.css").read_text(encoding="utf-8"),
        "built_on": wording.day(built_on or date.today()),
    }
    building = fresh_folder_beside(output_dir)
    agencies = [
        _write_agency(
            data,
            AgencyPacks(data, published.partnership_average, published.guidance),
            building / data.agency,
            page,
        )
        for data in published.agencies
    ]
    (building / "index.html").write_text(
        _render("index.html.j2", **page, agencies=published.agencies), encoding="utf-8"
    )
    swap_in(building, output_dir)
    total_bytes = sum(path.stat().st_size for path in output_dir.rglob("*") if path.is_file())
    return FeedbackPackRun(output_dir, agencies, time.perf_counter() - started, total_bytes)
