"""Static Data Docs, built locally and offline: a file-based GX context in data/gx/ keeps each
validation result, and its one site writes HTML to data/data_docs/ (open data/data_docs/index.html),
which `offline_docs` then points at local copies of the CSS, JavaScript and logo GX loads from the web.
"""

from __future__ import annotations

import logging

import great_expectations as gx
from great_expectations.checkpoint import UpdateDataDocsAction

from warehouse.checks.offline_docs import make_offline
from warehouse.checks.paths import data_docs_dir, gx_root
from warehouse.checks.suites import AgencySuite
from warehouse.checks.validate import SuiteOutcome, prepare, quiet, register, summarise
from warehouse.settings import Settings

log = logging.getLogger(__name__)

SITE_NAME = "partnership"


def file_context(settings: Settings):
    """The GX file context under data/gx/ (created on first use), with the local Data Docs site."""
    context = gx.get_context(mode="file", project_root_dir=str(gx_root(settings).parent))
    if context.config.analytics_enabled is not False:
        context.enable_analytics(False)  # also saved in data/gx/great_expectations.yml
    quiet(context)
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(data_docs_dir(settings)),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = context.list_data_docs_sites()
    for name in [n for n in sites if n != SITE_NAME]:
        context.delete_data_docs_site(name)  # GX's default site under uncommitted/
    if SITE_NAME in sites:
        context.update_data_docs_site(SITE_NAME, site)
    else:
        context.add_data_docs_site(SITE_NAME, site)
    return context


def validate_with_docs(frame, suite: AgencySuite, settings: Settings) -> SuiteOutcome:
    """Run the suite through a checkpoint that stores the result and rebuilds the Data Docs site."""
    context = file_context(settings)
    frame = prepare(frame, suite)
    definition = register(context, suite)
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"{suite.agency}_staged_rows",
            validation_definitions=[definition],
            actions=[UpdateDataDocsAction(name="update_data_docs", site_names=[SITE_NAME])],
            result_format="SUMMARY",
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    missing = make_offline(data_docs_dir(settings))
    if missing:
        log.warning(
            f"Data Docs load CSS and JavaScript from CDNs: {missing[0]} is missing (run `make install`)"
        )
    validation = next(iter(result.run_results.values()))
    return summarise(validation, suite, len(frame))
