"""The Evidence site: the partnership's reports as Markdown and SQL pages (the project in `evidence/`),
built into a static site from the publish layer's Parquet exports and nothing else.

    python -m dashboards.evidence_site build   # data/outputs/evidence_site/ (skipped when no input changed)
    python -m dashboards.evidence_site serve   # serve it on http://127.0.0.1:3001

How a build runs, and why:
- The Evidence CLI writes where it runs (`.evidence/`, `build/`), so it runs in a copy of the project in
  the working folder (data/evidence_build/project/), never in the repository; node_modules is linked in.
- Only the Parquet files the source queries name (`sources/publish/*.sql`) are copied into that copy, so
  a publish table meant for one agency's feedback pack never reaches the site.
- HOME, npm's cache and the XDG folders point inside the working folder and npm runs offline: the build
  writes nothing outside it and fetches nothing. Telemetry is off in `evidence/evidence.settings.json`
  (Evidence reads that file, not the environment).
- The site is swapped in whole, and a hash of its inputs (the Parquet tables' content, the project's own
  files and the ward boundaries) is stored beside it: a build whose inputs have not changed is skipped.
- Compiling the app (Vite, about a minute) depends on the pages and the installed packages, never on the
  data, which the pages read when they are rendered. So the compiled app is kept (the working folder's
  `compiled_app/`, keyed by the project's files and the installed package tree), and a build whose data
  alone changed renders the pages again with it (`evidence_rerender.mjs`: 20 to 30 s on the sample,
  where a build that compiles takes 70 to 90). `build --force` compiles afresh.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

from warehouse.output_folders import fresh_folder_beside, swap_in, take_away

PROJECT_DIR = Path(__file__).parent / "evidence"
SOURCE_QUERIES_DIR = PROJECT_DIR / "sources" / "publish"
WARD_BOUNDARIES = Path(__file__).parent / "geo" / "coventry_wards_2025_bgc.geojson"
EVIDENCE_CLI = PROJECT_DIR / "node_modules" / "@evidence-dev" / "evidence" / "cli.js"
SVELTEKIT = PROJECT_DIR / "node_modules" / "@sveltejs" / "kit"
# npm's record of the installed package tree: a reinstall that changed any package recompiles the app.
INSTALLED_PACKAGES = PROJECT_DIR / "node_modules" / ".package-lock.json"
RERENDER_SCRIPT = Path(__file__).with_name("evidence_rerender.mjs")
# Where in the working folder the compiled app of the last full build is kept, and what a build leaves
# in Evidence's template that is not the app: the data `evidence sources` writes, the assembled site and
# the prerendered pages (a re-render writes them afresh).
COMPILED_APP_FOLDER = "compiled_app"
NOT_COMPILED_APP = frozenset({"data", "build", "prerendered"})
# What the build itself writes into the project, and what `make install` puts there: never inputs.
NOT_PROJECT_FILES = {"node_modules", ".evidence", "build"}
# Where the source queries look for the Parquet files, relative to the project copy.
PARQUET_FOLDER = "publish_parquet"
PARQUET_REFERENCE = re.compile(rf"read_parquet\('{PARQUET_FOLDER}/(\w+)\.parquet'\)")
SERVE_PORT = 3001


class EvidenceSiteError(RuntimeError):
    """The site cannot be built: missing inputs, no installed Evidence, or a failed build."""


@dataclass(frozen=True)
class EvidenceSite:
    path: Path
    rebuilt: bool
    recompiled: bool
    page_count: int
    total_bytes: int
    seconds: float


def published_tables() -> list[str]:
    """The publish tables the site reads: each source query names its Parquet file."""
    tables = {
        match
        for query in SOURCE_QUERIES_DIR.glob("*.sql")
        for match in PARQUET_REFERENCE.findall(query.read_text())
    }
    return sorted(tables)


def build_evidence_site(
    parquet_dir: Path, site_dir: Path, work_dir: Path, *, force: bool = False
) -> EvidenceSite:
    """Build the site from `parquet_dir` into `site_dir` (swapped in whole), working in `work_dir`."""
    started = time.monotonic()
    parquet_files = _parquet_inputs(parquet_dir)
    if not EVIDENCE_CLI.exists():
        raise EvidenceSiteError(
            f"Evidence is not installed in {PROJECT_DIR}: run `make install` (npm install of its package.json)."
        )
    project_digest = _project_digest()
    inputs = _inputs_hash(parquet_files, project_digest)
    hash_file = _inputs_hash_file(site_dir)
    unchanged = hash_file.exists() and hash_file.read_text().strip() == inputs
    if unchanged and (site_dir / "index.html").exists() and not force:
        return _describe(site_dir, rebuilt=False, started=started)

    project = _prepare_project_copy(work_dir, parquet_files)
    environment = _build_environment(work_dir)
    log = work_dir / "build.log"
    template = project / ".evidence" / "template"
    compiled = CompiledApp(work_dir / COMPILED_APP_FOLDER, _compiled_app_key(project_digest))
    built = project / "build"
    recompiled = force or not compiled.restore_into(template)
    if recompiled:
        for command in ("sources", "build:strict"):
            _run(["node", str(EVIDENCE_CLI), command], project, environment, log)
        compiled.keep_from(template)
    else:
        _run(["node", str(EVIDENCE_CLI), "sources"], project, environment, log)
        _run(["node", str(RERENDER_SCRIPT), str(SVELTEKIT), str(built)], template, environment, log)
    if not (built / "index.html").exists():
        raise EvidenceSiteError(f"Evidence wrote no index.html; see {log}")

    fresh = fresh_folder_beside(site_dir)
    shutil.copytree(built, fresh, dirs_exist_ok=True)
    swap_in(fresh, site_dir)
    hash_file.write_text(inputs + "\n")
    # Evidence's own copies of the site (.evidence/template/build, build/) are not kept: the working
    # folder keeps the project copy, its Parquet files and the build log.
    for leftover in (".evidence", "build"):
        shutil.rmtree(project / leftover, ignore_errors=True)
    return _describe(site_dir, rebuilt=True, recompiled=recompiled, started=started)


def withdraw_site(site_dir: Path) -> None:
    """Take the site away (and the hash of what it was built from): after a run that left it out, it
    would show an older generation's figures beside a warehouse that no longer has them."""
    _inputs_hash_file(site_dir).unlink(missing_ok=True)
    take_away(site_dir)


def _inputs_hash_file(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + ".sha256")


def _parquet_inputs(parquet_dir: Path) -> list[Path]:
    if not parquet_dir.is_dir():
        raise EvidenceSiteError(
            f"No Parquet exports at {parquet_dir}: run `make pipeline` first (it publishes the "
            "warehouse and exports its publish schema as Parquet)."
        )
    files = [parquet_dir / f"{table}.parquet" for table in published_tables()]
    missing = [file.name for file in files if not file.exists()]
    if missing:
        raise EvidenceSiteError(
            f"{parquet_dir} lacks {', '.join(missing)}: run `make pipeline` to publish them."
        )
    return files


def _project_files() -> list[Path]:
    """The project's own files. The walk does not enter node_modules (some 60,000 files): it is pruned,
    not filtered."""
    files = []
    for folder, subfolders, names in os.walk(PROJECT_DIR):
        subfolders[:] = [name for name in subfolders if name not in NOT_PROJECT_FILES]
        files += [Path(folder, name) for name in names if name not in NOT_PROJECT_FILES]
    return sorted(files)


def _inputs_hash(parquet_files: list[Path], project_digest: bytes) -> str:
    """What the site is built from: each table's content, the project's files and the ward boundaries.

    A table's content, not its file's bytes: a rerun of the pipeline on the same data writes the same
    rows, but maybe in another order, and with doubles that differ in their last bits (DuckDB adds up in
    parallel). So the rows are hashed in any order, with doubles rounded to 6 decimal places (the
    pages show at most 2)."""
    digest = hashlib.sha256()
    with duckdb.connect() as connection:
        for path in parquet_files:
            columns = connection.execute(
                "select column_name, column_type from (describe select * from read_parquet(?))",
                [str(path)],
            ).fetchall()
            row = ", ".join(
                f'round("{name}", 6)' if kind in ("DOUBLE", "FLOAT") else f'"{name}"'
                for name, kind in columns
            )
            rows = connection.execute(
                f"select count(*), sum(hash(row({row})))::hugeint from read_parquet(?)", [str(path)]
            ).fetchone()
            digest.update(repr((path.name, columns, rows)).encode())
    digest.update(project_digest)
    return digest.hexdigest()


def _compiled_app_key(project_digest: bytes) -> str:
    """What the compiled app is made from: the project's files, the ward boundaries and the installed
    packages (SvelteKit's server code imports them when it renders)."""
    digest = hashlib.sha256(project_digest)
    if INSTALLED_PACKAGES.exists():
        digest.update(hashlib.sha256(INSTALLED_PACKAGES.read_bytes()).digest())
    return digest.hexdigest()


def _project_digest() -> bytes:
    """The project's files (by name and content) and the ward boundaries."""
    digest = hashlib.sha256()
    for path in [*_project_files(), WARD_BOUNDARIES]:
        name = path.relative_to(PROJECT_DIR.parent).as_posix()
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


class CompiledApp:
    """The compiled app of the last full build (Evidence's .evidence/template without its data or its
    built site), kept under `folder` with the key it was compiled from."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key

    def restore_into(self, template: Path) -> bool:
        """Copy the kept app into `template` if it was compiled from the same key; False if not."""
        key_file = self.folder / "key"
        if not key_file.exists() or key_file.read_text().strip() != self.key:
            return False
        shutil.copytree(self.folder / "template", template, symlinks=True)
        return True

    def keep_from(self, template: Path) -> None:
        """Keep a fresh build's app. Written beside and renamed into place: a run killed while
        copying leaves the previous app or none, never half of one."""
        fresh = fresh_folder_beside(self.folder)
        shutil.copytree(
            template,
            fresh / "template",
            symlinks=True,
            ignore=lambda _, names: [name for name in names if name in NOT_COMPILED_APP],
        )
        (fresh / "key").write_text(self.key + "\n")
        swap_in(fresh, self.folder)


def _prepare_project_copy(work_dir: Path, parquet_files: list[Path]) -> Path:
    """A fresh copy of the project with node_modules linked in, the Parquet files and the ward map
    (the working folder's compiled app and home are kept)."""
    project = work_dir / "project"
    shutil.rmtree(project, ignore_errors=True)
    (work_dir / "build.log").unlink(missing_ok=True)
    for path in _project_files():
        target = project / path.relative_to(PROJECT_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    (project / "node_modules").symlink_to(PROJECT_DIR / "node_modules", target_is_directory=True)
    (project / PARQUET_FOLDER).mkdir()
    for file in parquet_files:
        shutil.copy2(file, project / PARQUET_FOLDER / file.name)
    (project / "static").mkdir(exist_ok=True)
    shutil.copy2(WARD_BOUNDARIES, project / "static" / WARD_BOUNDARIES.name)
    return project


def _build_environment(work_dir: Path) -> dict[str, str]:
    """HOME and every cache inside the working folder; npm offline; no telemetry; a smaller heap."""
    home = work_dir / "home"
    home.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "npm_config_cache": str(home / ".npm"),
        "npm_config_offline": "true",
        "npm_config_update_notifier": "false",
        "DO_NOT_TRACK": "1",
        # Vite holds the whole module graph of Evidence's components (about 2,900 modules) in memory.
        # Under Evidence's own 4 GB heap cap the build peaks at about 3 GB; under 2 GB it peaks at about
        # 2.6 GB and still finishes (1.5 GB runs out of memory).
        "NODE_OPTIONS": "--max-old-space-size=2048",
    }


def _run(command: list[str], folder: Path, environment: dict, log: Path) -> None:
    """Run a node command in `folder`, its output appended to the log; its tail in the error if it fails."""
    shown = " ".join(Path(part).name if part.startswith("/") else part for part in command)
    with log.open("a", encoding="utf-8") as output:
        output.write(f"\n$ {shown}\n")
        output.flush()
        result = subprocess.run(
            command,
            cwd=folder,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8").splitlines()[-40:])
        raise EvidenceSiteError(f"`{shown}` failed (log: {log}):\n{tail}")


def _describe(
    site_dir: Path, *, rebuilt: bool, started: float, recompiled: bool = False
) -> EvidenceSite:
    files = [path for path in site_dir.rglob("*") if path.is_file()]
    return EvidenceSite(
        path=site_dir,
        rebuilt=rebuilt,
        recompiled=recompiled,
        page_count=sum(1 for path in files if path.name == "index.html"),
        total_bytes=sum(path.stat().st_size for path in files),
        seconds=time.monotonic() - started,
    )


def serve(site_dir: Path, port: int) -> None:
    """Serve the built site on 127.0.0.1 only (a page such as /wards/E05001222/ is a folder's index.html)."""
    if not (site_dir / "index.html").exists():
        raise EvidenceSiteError(f"No Evidence site at {site_dir}: run `make evidence` first.")
    handler = partial(SimpleHTTPRequestHandler, directory=str(site_dir))
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Evidence site: http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        server.serve_forever()


def main() -> None:
    from warehouse.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the site from the publish Parquet files")
    build.add_argument(
        "--force", action="store_true", help="rebuild, compiling the app, even if no input changed"
    )
    serve_command = commands.add_parser("serve", help="serve the built site on 127.0.0.1")
    serve_command.add_argument("--port", type=int, default=SERVE_PORT)
    arguments = parser.parse_args()

    settings = Settings.from_environment()
    try:
        if arguments.command == "serve":
            serve(settings.evidence_site_dir, arguments.port)
            return
        site = build_evidence_site(
            settings.parquet_dir,
            settings.evidence_site_dir,
            settings.evidence_build_dir,
            force=arguments.force,
        )
    except EvidenceSiteError as error:
        sys.exit(f"error: {error}")
    if not site.rebuilt:
        action = "Unchanged since the last build (inputs hash equal):"
    elif site.recompiled:
        action = "Built (app compiled)"
    else:
        action = "Built (pages rendered with the kept app)"
    print(
        f"{action} {site.path} ({site.page_count} pages, {site.total_bytes / 1e6:.0f} MB, "
        f"{site.seconds:.0f} s). Serve it with `make evidence-serve`."
    )


if __name__ == "__main__":
    main()
