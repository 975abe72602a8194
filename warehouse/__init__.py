"""The warehouse's domain core, with no orchestrator in it: the agency registry (`registry`), where
things live (`settings`), loading agency extracts into raw tables (`ingest`), the Great Expectations
suites (`checks`), publishing the built warehouse as one generation (`publish`, `generations`,
`output_folders`), the run lock (`run_lock`), the data lead's decisions on held files (`review`) and
inert spreadsheet output (`spreadsheet_safety`).

`dagster_project/` wires these into Dagster assets; the sample generator, dashboards and feedback packs
import them too. Nothing here imports Dagster or those packages.
"""
