"""Ingest: agency extract files into `raw.<agency>` tables, with a ledger of every file.

Public API (see `runner.ingest_agency` for the behaviour):
- `ingest_agency(agency, *, inbox_dir, quarantine_dir, connection, pseudonymiser, postcodes, registry,
  structural_check)` -> `IngestReport`, or `IngestFault` when the machine fails
- `Pseudonymiser.from_environment(key_file)`: the partnership key from `PARTNERSHIP_KEY` or a key file
- `PostcodeLookup.from_seed(path)`: postcode -> ward and LSOA for the partnership's area

Modules, in the order a file flows through them: `runner` (files, ledger rows, quarantine,
transactions) -> `readers` (CSV/XLSX to rows, with `encodings`) -> `headers` (header row and schema
version) -> `transform` (row checks, values) with `dates`, `persons` (`names`, `nhs`, `postcodes`,
`keys`) -> `resubmissions` (may it replace what is current?) -> `ledger` (DuckDB tables).
`quarantine` moves files out; `naming` words file-name patterns and paths; `report` summarises a run;
`errors` holds the two exceptions.
"""

from .errors import FileProblem, IngestFault
from .keys import Pseudonymiser
from .ledger import REJECTED_ROWS_DDL, SUBMISSIONS_DDL
from .postcodes import PostcodeLookup
from .report import FileOutcome, IngestReport
from .runner import ingest_agency

__all__ = [
    "REJECTED_ROWS_DDL",
    "SUBMISSIONS_DDL",
    "FileOutcome",
    "FileProblem",
    "IngestFault",
    "IngestReport",
    "PostcodeLookup",
    "Pseudonymiser",
    "ingest_agency",
]
