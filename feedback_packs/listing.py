"""The few lines that tell a data lead where the packs are: the folder and each agency's latest pack
(not one line per pack: a run writes ~380). Read from the folder on disk, so the pipeline summary can
list the packs without rebuilding them."""

from __future__ import annotations

from pathlib import Path

PACK_SUFFIX = "_feedback.html"


def folder_listing(folder: Path) -> list[str]:
    if not (folder / "index.html").exists():
        return [f"  Feedback packs: none yet in {folder}"]
    lines = [
        f"  Feedback packs (one folder per agency; send each agency only its own): {folder / 'index.html'}"
    ]
    for agency_folder in sorted(path for path in folder.iterdir() if path.is_dir()):
        # period slugs (2026-03, 2026-01-to-2026-03) sort in time order
        packs = sorted(agency_folder.glob(f"*{PACK_SUFFIX}"))
        latest = packs[-1].relative_to(folder) if packs else "none"
        lines.append(f"    {agency_folder.name:<12} {len(packs):>3} packs; latest: {latest}")
    return lines
