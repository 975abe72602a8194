"""The warehouse's domain core, with no orchestrator in it: the agency registry (`registry`), where
things live (`settings`), loading agency extracts into raw tables (`ingest`), the Great Expectations
suites (`checks`) and publishing the built warehouse (`publish`, `output_folders`).

`dagster_project/` wires these into Dagster assets; the sample generator, dashboards and feedback packs
import them too. Nothing here imports Dagster or those packages.
"""
