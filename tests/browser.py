"""What the browser tests share: Debian's Chromium driven by Playwright (never a downloaded browser), a
page that records console errors and blocks every request that would leave the machine, axe-core (from
the root node_modules) for accessibility, and a local server started for the test on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def launch_chromium() -> Iterator:
    """Debian's Chromium under Playwright; fails with what to install when it or axe-core is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests need Debian's Chromium: "
            "`sudo apt-get install -y chromium` (.ci/run installs it), or set CHROMIUM_PATH."
        )
    if not AXE.exists():
        pytest.fail(
            f"axe-core not found at {AXE}: run `make install` (npm install of package.json)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def local_server(command: list[str], environment: dict, url: str) -> Iterator[str]:
    """Run `command` until `url` answers 200 (at most 90 s), yield the url, then stop the server."""
    server = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"{command} did not start:\n{server.stdout.read()[-3000:]}")
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def screenshot_folder(tmp_path_factory, name: str) -> Path:
    folder = tmp_path_factory.mktemp(name)
    print(f"\n{name.replace('_', ' ').capitalize()}: {folder}")
    return folder


class Watched:
    """A page whose console errors and requests are recorded; any request off the machine is blocked."""

    def __init__(self, browser, allowed_hosts: set[str]):
        self.errors: list[str] = []
        self.external_requests: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.allowed_hosts = allowed_hosts

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("file", "data", "blob") or url.hostname in self.allowed_hosts:
            route.continue_()
        else:
            self.external_requests.append(route.request.url)
            route.abort()

    def assert_clean(self):
        assert not self.external_requests, f"requests left the machine: {self.external_requests}"
        assert not self.errors, f"console errors: {self.errors}"

    def axe_violations(self) -> list:
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
        )
        return [v for v in violations if v["impact"] in ("serious", "critical")]
