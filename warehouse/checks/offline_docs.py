"""Data Docs that work offline and send nothing anywhere.

GX's page templates load Bootstrap, jQuery, Popper, bootstrap-table, bootstrap-datepicker, Font
Awesome, a dark theme and Vega from public CDNs, and its logo from GX's own servers (with this
context's id in the query string). GX offers no setting for this (custom views cannot replace its
templates), so after each build the files are copied from node_modules/ (pinned in package.json,
installed by `make install`) into data/data_docs/static/vendor/ and every page is pointed at them.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from warehouse.settings import REPO_ROOT

NODE_MODULES = REPO_ROOT / "node_modules"
VENDOR_DIR = "static/vendor"  # inside the Data Docs folder, beside GX's own static/

# Every CDN URL in GX's templates -> the same file from the npm package package.json pins (GX's
# versions, except where noted), as a path under node_modules/.
CDN_FILES = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap/dist/css/bootstrap.min.css"
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap/dist/js/bootstrap.min.js"
    ),
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    # GX names Popper 1.12.9; npm refuses it beside Bootstrap 4.3.1, whose peer range starts at 1.14.7
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": (
        "popper.js/dist/umd/popper.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table/dist/bootstrap-table.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": (
        "bootstrap-table/dist/bootstrap-table.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.js": (
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js"
    ),
    # GX's pages name 1.19.0 for this one stylesheet only; one bootstrap-table (1.19.1) serves both
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.css": (
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.css": (
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/"
    "bootstrap-datepicker.min.css": "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/"
    "bootstrap-datepicker.min.js": "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/"
    "bootstrap-prefers-dark.css": "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "@fortawesome/fontawesome-free/css/all.min.css"
    ),
    # GX names the latest 5.x / 6.x; package.json pins the latest of each
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
}
# Files a vendored file loads relative to itself (Font Awesome's CSS: ../webfonts/).
COMPANION_DIRS = ("@fortawesome/fontawesome-free/webfonts",)

# The logo (and its dark-mode variant in GX's inline styles), from GX's servers: GX ships the light
# one in static/images/, which stands in for both.
REMOTE_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3[^\"')]*?/(?:logo-long|full_logo_dark)\.png[^\"')]*"
)
LOCAL_LOGO = "static/images/logo-long.png"
# Subresource-integrity attributes: the CDN's hashes, and a crossorigin request a file:// page
# cannot make; the files are now local copies from the registry.
INTEGRITY_ATTRIBUTES = re.compile(r'\s+(?:integrity|crossorigin)="[^"]*"')


VENDORED = (*sorted(set(CDN_FILES.values())), *COMPANION_DIRS)


def missing_from(node_modules: Path) -> list[Path]:
    """The vendored files node_modules/ lacks (`make install` has not run since package.json changed)."""
    return [
        node_modules / relative for relative in VENDORED if not (node_modules / relative).exists()
    ]


def vendor_static_files(docs_dir: Path, node_modules: Path) -> None:
    """Copy the pinned npm files (and their companions) into the Data Docs' static/vendor/."""
    for relative in VENDORED:
        source, target = node_modules / relative, docs_dir / VENDOR_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, target)


def localise_page(html: str, page_dir: Path, docs_dir: Path, vendored: bool = True) -> str:
    """The page with GX's logo, and (when vendored) every CDN URL, pointing at local copies."""

    def relative(path_in_docs: str) -> str:
        return Path(os.path.relpath(docs_dir / path_in_docs, page_dir)).as_posix()

    html = REMOTE_LOGO.sub(relative(LOCAL_LOGO), html)
    if not vendored:
        return html
    for url, relative_file in CDN_FILES.items():
        html = html.replace(url, relative(f"{VENDOR_DIR}/{relative_file}"))
    return INTEGRITY_ATTRIBUTES.sub("", html)


def make_offline(docs_dir: Path, node_modules: Path = NODE_MODULES) -> list[Path]:
    """Vendor the static files and point every page of the built Data Docs at them. Returns the
    npm files that are missing, if any: then the pages keep their CDN links (they still work online)."""
    missing = missing_from(node_modules)
    if not missing:
        vendor_static_files(docs_dir, node_modules)
    for page in docs_dir.rglob("*.html"):
        html = page.read_text()
        localised = localise_page(html, page.parent, docs_dir, vendored=not missing)
        if localised != html:
            page.write_text(localised)
    return missing
