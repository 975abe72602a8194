"""SQL text the Python writes: identifiers quoted as DuckDB reads them, whatever characters they hold."""


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
