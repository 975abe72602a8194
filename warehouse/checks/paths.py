"""Where the checks write (no GX import, so the pipeline summary can link the Data Docs cheaply)."""

from pathlib import Path

from warehouse.settings import Settings


def gx_root(settings: Settings) -> Path:
    """GX's file context: suites, validation definitions, checkpoints and stored results."""
    return settings.data_dir / "gx"


def data_docs_dir(settings: Settings) -> Path:
    return settings.data_dir / "data_docs"


def data_docs_index(settings: Settings) -> Path:
    """The Data Docs home page (for the pipeline summary); it exists once a check has run."""
    return data_docs_dir(settings) / "index.html"
