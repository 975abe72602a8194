"""The one exception that means "quarantine this file"."""


class FileProblem(Exception):
    """A file cannot be loaded as it stands. The message is shown to the data lead and written to the
    ledger and the quarantine reason file, so it must be specific and must never quote a data value
    (a value might be a name or a date of birth): name files, sheets, columns and rows instead.
    """
