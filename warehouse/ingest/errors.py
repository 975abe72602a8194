"""The two exceptions ingest raises: one means "quarantine this file", the other "stop the run"."""


class FileProblem(Exception):
    """A file cannot be loaded as it stands. The message is shown to the data lead and written to the
    ledger and the quarantine reason file, so it must be specific and must never quote a data value
    (a value might be a name or a date of birth): name files, sheets, columns and rows instead.
    """


class IngestFault(Exception):
    """The machine failed, not the file (a full disk, a read-only folder, the database): the file is
    left in the inbox, nothing of it is kept, and the run stops with this message, which names the
    file, the fault and the fix.
    """
