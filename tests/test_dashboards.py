"""The board dashboards in a real browser: Debian's Chromium driven by Playwright opens the static board
pack from disk and the Dash app on a local port, visits every page, checks each chart rendered with data,
that nothing is fetched from off the machine, that there are no console errors, that a filter changes a
chart, and that axe-core finds no serious or critical accessibility violations. Screenshots are saved
(the folder is printed)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Watched, free_port, launch_chromium, local_server, screenshot_folder
from conftest import published_path

from dashboards.data import load_board_data
from dashboards.filters import default_filters
from dashboards.pages import PAGES


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory) -> Path:
    return screenshot_folder(tmp_path_factory, "dashboard_screenshots")


def plot_trace_counts(page, scope: str) -> list[int]:
    """Number of traces in each rendered Plotly chart within `scope`."""
    return page.eval_on_selector_all(
        f"{scope} .js-plotly-plot", "plots => plots.map(p => (p.data || []).length)"
    )


def expected_chart_counts(data_dir: Path) -> dict[str, int]:
    board = load_board_data(published_path(data_dir))
    filters = default_filters(board)
    return {page.slug: len(page.charts(board, filters)) for page in PAGES}


# ---------------------------------------------------------------------------------------------- board pack


@pytest.fixture(scope="module")
def board_pack(pipeline_data_dir) -> Path:
    path = published_path(pipeline_data_dir).parent / "board_pack" / "index.html"
    assert path.exists(), "the pipeline's outputs/board_pack asset did not write the board pack"
    return path


def test_board_pack_renders_every_page_offline(
    browser, board_pack, pipeline_data_dir, screenshot_dir
):
    watched = Watched(browser, allowed_hosts=set())
    page = watched.page
    page.goto(board_pack.as_uri())
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    expected = expected_chart_counts(pipeline_data_dir)
    for slug, count in expected.items():
        section = page.locator(f"section#{slug}")
        section.scroll_into_view_if_needed()
        traces = plot_trace_counts(page, f"section#{slug}")
        assert len(traces) == count, f"{slug}: {len(traces)} charts rendered, {count} expected"
        assert all(n > 0 for n in traces), f"{slug}: a chart has no data: {traces}"
        assert section.locator("figure.chart h3").count() == count
        section.screenshot(path=str(screenshot_dir / f"board_pack_{slug}.png"))
    assert sum(expected.values()) >= 25
    watched.assert_clean()
    watched.context.close()


def test_board_pack_charts_carry_definitions_dates_and_csv(browser, board_pack):
    watched = Watched(browser, allowed_hosts=set())
    page = watched.page
    page.goto(board_pack.as_uri())
    figures = page.locator("figure.chart")
    assert figures.count() > 0
    for index in range(figures.count()):
        figure = figures.nth(index)
        assert figure.locator(".takeaway").inner_text().strip()
        assert "Data as at:" in figure.locator("figcaption").inner_text()
        assert figure.locator(".plot[role=img]").get_attribute("aria-label")
        link = figure.locator("a.download")
        assert link.get_attribute("href").startswith("data:text/csv")
    # A download from a file opened offline: the CSV arrives with its header row.
    with page.expect_download() as download_info:
        figures.first.locator("a.download").click()
    content = Path(download_info.value.path()).read_text()
    assert content.splitlines()[0].count(",") >= 2
    watched.assert_clean()
    watched.context.close()


def test_board_pack_keyboard_navigation(browser, board_pack):
    watched = Watched(browser, allowed_hosts=set())
    page = watched.page
    page.goto(board_pack.as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the second page in the contents
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{PAGES[1].slug}"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{PAGES[1].slug}"
    watched.context.close()


def test_board_pack_has_no_serious_accessibility_violations(browser, board_pack):
    watched = Watched(browser, allowed_hosts=set())
    watched.page.goto(board_pack.as_uri())
    watched.page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"
    )
    assert watched.axe_violations() == []
    watched.context.close()


# -------------------------------------------------------------------------------------------------- Dash app


@pytest.fixture(scope="module")
def dash_url(pipeline_data_dir) -> Iterator[str]:
    port = free_port()
    environment = {**os.environ, "DATA_DIR": str(pipeline_data_dir)}
    command = [sys.executable, "-m", "dashboards.app", "--host", "127.0.0.1", "--port", str(port)]
    with local_server(command, environment, f"http://127.0.0.1:{port}") as url:
        yield url


def _open(watched: Watched, url: str, expected_charts: int) -> None:
    watched.page.goto(url)
    watched.page.wait_for_function(
        f"document.querySelectorAll('#main .js-plotly-plot .main-svg').length >= {expected_charts}",
        timeout=60_000,
    )


def test_dash_app_renders_every_page(browser, dash_url, pipeline_data_dir, screenshot_dir):
    watched = Watched(browser, allowed_hosts={"127.0.0.1"})
    for slug, count in expected_chart_counts(pipeline_data_dir).items():
        _open(watched, f"{dash_url}/{slug}", count)
        traces = plot_trace_counts(watched.page, "#main")
        assert len(traces) == count, f"{slug}: {len(traces)} charts rendered, {count} expected"
        assert all(n > 0 for n in traces), f"{slug}: a chart has no data: {traces}"
        watched.page.screenshot(path=str(screenshot_dir / f"dash_{slug}.png"), full_page=True)
    watched.assert_clean()
    watched.context.close()


def test_dash_filters_change_the_charts(browser, dash_url, pipeline_data_dir, screenshot_dir):
    counts = expected_chart_counts(pipeline_data_dir)
    watched = Watched(browser, allowed_hosts={"127.0.0.1"})
    page = watched.page
    _open(watched, f"{dash_url}/incidents", counts["incidents"])
    map_values = (
        "document.getElementById('police-ward-rates-plot').querySelector('.js-plotly-plot')"
    )
    read_map = f"() => JSON.stringify({map_values}.data.map(t => t.fillcolor || t.text))"
    before_map = page.evaluate(read_map)
    assert "Coventry" in page.locator("#police-incidents-by-year-title").inner_text()

    # Period: an earlier financial year redraws the ward map with that year's rates.
    earlier = page.locator("#filter-period li:not([aria-current]) a").first
    earlier_year = earlier.inner_text()
    earlier.click()
    page.wait_for_function(
        f"() => JSON.stringify({map_values}.data.map(t => t.fillcolor || t.text)) !== {before_map!r}",
        timeout=30_000,
    )
    assert earlier_year in page.locator("#police-ward-rates-title").inner_text()

    # Ward: the incident trend becomes the ward's own.
    page.locator("#filter-ward-E05001222").click()
    page.wait_for_function(
        "() => document.getElementById('police-incidents-by-year-title').innerText.includes('Foleshill')",
        timeout=30_000,
    )
    page.screenshot(path=str(screenshot_dir / "dash_police_filtered.png"), full_page=True)

    # Agency: the data-quality scorecard narrows to that agency.
    page.locator("#nav-data-quality").click()
    page.wait_for_selector("#dq-scorecard-plot .main-svg")
    page.locator("#filter-agency-police").click()
    page.wait_for_function(
        "() => { const p = document.querySelector('#dq-scorecard-plot .js-plotly-plot');"
        " return p && p.data[0].y.length === 1; }",
        timeout=30_000,
    )
    watched.assert_clean()
    watched.context.close()


@pytest.mark.parametrize("slug", ["overview", "incidents", "equality", "data-quality"])
def test_dash_app_has_no_serious_accessibility_violations(
    browser, dash_url, pipeline_data_dir, slug
):
    watched = Watched(browser, allowed_hosts={"127.0.0.1"})
    _open(watched, f"{dash_url}/{slug}", expected_chart_counts(pipeline_data_dir)[slug])
    assert watched.axe_violations() == []
    watched.context.close()
