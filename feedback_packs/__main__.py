"""`python -m feedback_packs`: rebuild every agency's feedback packs from the published warehouse."""

from __future__ import annotations

import argparse

from feedback_packs.build import write_feedback_packs
from feedback_packs.listing import folder_listing
from warehouse.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    settings = Settings.from_environment()
    if not settings.published_warehouse.exists():
        raise SystemExit(
            f"No published warehouse at {settings.published_warehouse}: run the pipeline first."
        )
    run = write_feedback_packs(settings.published_warehouse, settings.feedback_packs_dir)
    print(
        f"Wrote {run.packs} feedback packs for {len(run.agencies)} agencies in {run.seconds:.1f} s"
        f" ({run.total_bytes / 1e6:.1f} MB)."
    )
    print("\n".join(folder_listing(run.folder)))


if __name__ == "__main__":
    main()
