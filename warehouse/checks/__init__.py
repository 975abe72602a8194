"""Great Expectations validation of each agency's staged rows (the Dagster asset checks that run it are
in `dagster_project/assets/checks.py`).

- `suites`: loads the suite files in `expectations/<agency>.json` (one per agency; the configuration).
- `validate`: pulls an agency's staged rows from DuckDB into pandas and validates them with GX 1.x.
- `data_docs`: the file-based GX context under data/gx/ and the static Data Docs in data/data_docs/.
- `offline_docs`: copies the CSS and JavaScript the Data Docs load (from node_modules/) beside them
  and points the pages at those copies, so they render offline.
- `paths`: where those land; `paths.data_docs_index(settings)` is the link for the pipeline summary.

Nothing is imported here, so `paths` can be used without loading GX.
"""
