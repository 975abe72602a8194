"""The Evidence site, as the test pipeline's `outputs/evidence_site` asset built it from that run's Parquet
exports (one build per test session): every page the issue lists exists, and in Debian's Chromium the
index, a measure, a ward and an agency page draw their charts and ward map with no console error and no
request leaving the machine, a suppressed cell reads as suppressed, and axe-core finds no serious or
critical violation. Screenshots are saved (the folder is printed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import duckdb
import pytest
from browser import Watched, free_port, launch_chromium, local_server, screenshot_folder

from dashboards.evidence_site import COMPILED_APP_FOLDER, build_evidence_site
from warehouse.settings import Settings

# One page of each kind the browser visits: the measure and ward pages have ward maps.
PAGES = {
    "index": "/",
    "metric": "/metrics/m02_incident_rate_per_1000/",
    "ward": "/wards/E05001222/",
    "agency": "/agencies/police/",
}
WARDS_ON_A_MAP = 18


@pytest.fixture(scope="module")
def settings(pipeline_data_dir) -> Settings:
    return Settings(pipeline_data_dir)


@pytest.fixture(scope="module")
def site(settings) -> Path:
    index = settings.evidence_site_dir / "index.html"
    assert index.exists(), "the pipeline's outputs/evidence_site asset did not build the site"
    return settings.evidence_site_dir


@pytest.fixture(scope="module")
def site_url(site, pipeline_data_dir) -> Iterator[str]:
    """The site served as `make evidence-serve` serves it."""
    port = free_port()
    environment = {**os.environ, "DATA_DIR": str(pipeline_data_dir)}
    command = [sys.executable, "-m", "dashboards.evidence_site", "serve", "--port", str(port)]
    with local_server(command, environment, f"http://127.0.0.1:{port}/") as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory) -> Path:
    return screenshot_folder(tmp_path_factory, "evidence_screenshots")


def _published(settings: Settings, sql: str) -> list[tuple]:
    """Query the Parquet exports the site was built from (`{parquet}` is their folder)."""
    with duckdb.connect() as connection:
        return connection.execute(sql.format(parquet=settings.parquet_dir)).fetchall()


def _open(watched: Watched, url: str) -> None:
    """Open a page and wait until its charts have drawn (every page the tests open has one)."""
    watched.page.goto(url)
    watched.page.wait_for_function(
        "() => { const charts = [...document.querySelectorAll('[_echarts_instance_]')];"
        " return charts.length > 0 && charts.every((chart) => chart.querySelector('canvas, svg')); }",
        timeout=60_000,
    )


def test_every_page_is_built(site, settings):
    measures = _published(
        settings, "select measure from '{parquet}/publish_metric_definitions.parquet'"
    )
    wards = _published(settings, "select ward_code from '{parquet}/publish_wards.parquet'")
    agencies = _published(settings, "select agency from '{parquet}/publish_dq_agencies.parquet'")
    pages = ["", "metrics", "wards", "agencies", "data-quality", "how-to-add-a-page"]
    pages += [f"metrics/{measure}" for (measure,) in measures]
    pages += [f"wards/{ward}" for (ward,) in wards]
    pages += [f"agencies/{agency}" for (agency,) in agencies]
    missing = [page for page in pages if not (site / page / "index.html").exists()]
    assert not missing, f"pages not built: {missing}"
    assert len(measures) >= 40 and len(wards) == WARDS_ON_A_MAP and len(agencies) == 8


def test_each_generated_page_is_titled_by_what_it_shows(site, settings):
    """A browser tab (and a screen reader) names the ward, measure or agency, not "Evidence"."""
    titled = {
        "wards": _published(
            settings, "select ward_code, ward_name from '{parquet}/publish_wards.parquet'"
        ),
        "metrics": _published(
            settings,
            "select measure, measure_name from '{parquet}/publish_metric_definitions.parquet'",
        ),
        "agencies": _published(
            settings, "select agency, agency_name from '{parquet}/publish_dq_agencies.parquet'"
        ),
    }
    for folder, pages in titled.items():
        for page, name in pages:
            html = (site / folder / page / "index.html").read_text(encoding="utf-8")
            titles = re.findall(r"<title>([^<]*)</title>", html)
            assert len(titles) == 1 and unescape(titles[0]).startswith(name), (folder, page, titles)


def test_the_site_holds_no_record_level_table(site):
    """Only aggregates reach the site: the tables meant for one agency's feedback pack never do."""
    data_files = {path.name for path in (site / "data").rglob("*.parquet")}
    assert data_files, "the site carries no data"
    assert not {
        name for name in data_files if "record_issues" in name or "submission_files" in name
    }


@pytest.mark.parametrize("kind", PAGES)
def test_page_draws_its_charts_offline(browser, site_url, screenshot_dir, kind):
    watched = Watched(browser, allowed_hosts={"127.0.0.1"})
    page = watched.page
    _open(watched, site_url + PAGES[kind])
    if kind in ("index", "metric"):
        page.wait_for_function(
            f"document.querySelectorAll('path.leaflet-interactive').length >= {WARDS_ON_A_MAP}",
            timeout=60_000,
        )
        assert page.locator(".leaflet-tile-container img[src^='data:']").count() >= 1
    page.screenshot(path=str(screenshot_dir / f"evidence_{kind}.png"), full_page=True)
    watched.assert_clean()
    watched.context.close()


def test_a_suppressed_cell_reads_as_suppressed(browser, site_url, settings, screenshot_dir):
    """On a ward page a suppressed figure says so: it is never shown as zero or left blank."""
    (ward_code, measure_name), *_ = _published(
        settings,
        """
        select breakdown_value, measure_name
        from '{parquet}/publish_board_metrics.parquet'
        where breakdown = 'ward' and period_type = 'financial_year' and period_is_complete
        qualify period_start = max(period_start) over (partition by measure)
            and is_suppressed
        order by breakdown_value, measure_name
        """,
    )
    watched = Watched(browser, allowed_hosts={"127.0.0.1"})
    _open(watched, f"{site_url}/wards/{ward_code}/")
    row = watched.page.locator("tr:visible", has_text=measure_name).first
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    assert cells[2].startswith("suppressed"), f"{measure_name} in {ward_code}: {cells}"
    row.screenshot(path=str(screenshot_dir / "evidence_suppressed_cell.png"))
    watched.assert_clean()
    watched.context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_page_has_no_serious_accessibility_violations(browser, site_url, kind):
    watched = Watched(browser, allowed_hosts={"127.0.0.1"})
    _open(watched, site_url + PAGES[kind])
    assert watched.axe_violations() == []
    watched.context.close()


def test_a_build_with_unchanged_inputs_is_skipped_and_sent_no_telemetry(settings):
    site = build_evidence_site(
        settings.parquet_dir, settings.evidence_site_dir, settings.evidence_build_dir
    )
    assert not site.rebuilt
    # Evidence writes an anonymous profile id beside the project whenever it sends usage statistics.
    assert not list(settings.evidence_build_dir.rglob(".profile.json"))


def _page_text(page: Path) -> str:
    """A page's markup without its scripts, the ids its menus draw at random and the compiled app's
    file names (which differ from one compile to the next)."""
    markup = re.sub(r"<script.*?</script>", "", page.read_text(), flags=re.S)
    markup = re.sub(r'(id|aria-controls|aria-labelledby|for|data-[a-z-]+)="[^"]*"', "", markup)
    return re.sub(r"_app/immutable/[^\"]*", "", markup)


def test_new_data_is_rendered_with_the_kept_app(settings, tmp_path):
    """A build whose data alone changed renders the pages with the app the pipeline's build compiled:
    the one measure whose definition changed shows it, and every other page is as the full build made it."""
    parquet = tmp_path / "parquet"
    shutil.copytree(settings.parquet_dir, parquet)
    definitions = parquet / "publish_metric_definitions.parquet"
    changed = "A definition changed after the app was compiled."
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select * replace (if(measure = 'm02_incident_rate_per_1000', ?, definition) as definition) "
            f"from read_parquet('{definitions}')) to '{definitions}.new' (format parquet)",
            [changed],
        )
    (parquet / f"{definitions.name}.new").replace(definitions)
    work = tmp_path / "work"
    kept = settings.evidence_build_dir / COMPILED_APP_FOLDER
    assert (kept / "key").exists(), "the pipeline's build kept no compiled app"
    shutil.copytree(kept, work / COMPILED_APP_FOLDER, symlinks=True)

    rendered = build_evidence_site(parquet, tmp_path / "site", work)

    assert rendered.rebuilt and not rendered.recompiled
    full_build = {
        page.relative_to(settings.evidence_site_dir): page
        for page in settings.evidence_site_dir.rglob("index.html")
    }
    re_rendered = {
        page.relative_to(rendered.path): page for page in rendered.path.rglob("index.html")
    }
    assert re_rendered.keys() == full_build.keys()
    differing = {
        name for name in full_build if _page_text(full_build[name]) != _page_text(re_rendered[name])
    }
    metric_page = Path(PAGES["metric"].strip("/")) / "index.html"
    assert differing == {metric_page}
    assert changed in unescape(re_rendered[metric_page].read_text())
    # The data the browser queries is the new data too.
    (served,) = rendered.path.rglob("metric_definitions.parquet")
    with duckdb.connect() as connection:
        shown = connection.execute(
            f"select definition from read_parquet('{served}') "
            "where measure = 'm02_incident_rate_per_1000'"
        ).fetchall()
    assert shown == [(changed,)]


def test_a_missing_parquet_folder_asks_for_make_pipeline(tmp_path):
    command = [sys.executable, "-m", "dashboards.evidence_site", "build"]
    environment = {**os.environ, "DATA_DIR": str(tmp_path)}
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert result.returncode != 0
    assert "run `make pipeline` first" in result.stderr
