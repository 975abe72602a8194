"""Turning a CSV file's bytes into text without silently changing a single name.

A file is decoded as one encoding only when every line of it fits that encoding. The registry lists
the encodings an agency uses (`file.encodings`, the usual one first):

- a byte-order mark names the encoding outright (UTF-8, UTF-16 or UTF-32), and a file with NUL bytes
  but no mark is read only if charset-normalizer recognises it as UTF-16 or UTF-32;
- otherwise the first listed encoding that fits every line is used, except that a later one is tried
  for the whole file only when nothing in the file is evidence for the earlier one (a cp1252 file has
  no valid UTF-8 accented letters);
- a UTF-8 file with a few lines that are not UTF-8 (one pasted from another system) keeps UTF-8 for
  every line that fits it, reads only the others with the next listed encoding, and says which lines
  in the ledger's warnings. Decoding the whole file as cp1252 instead would garble every accented
  name in it, and with them the name-and-date-of-birth linkage keys.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import charset_normalizer

from .errors import FileProblem

# Longest first: a UTF-32 little-endian mark begins with the UTF-16 little-endian one.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WIDE_ENCODINGS = ("utf_16", "utf_32")  # charset-normalizer's names, as prefixes
LINES_LISTED = 10  # line numbers quoted in a warning before "and N more"


@dataclass
class DecodedText:
    text: str
    encoding: str  # as recorded in the ledger
    warnings: list[str] = field(default_factory=list)


def decode(content: bytes, encodings: tuple[str, ...]) -> DecodedText:
    for mark, encoding in BYTE_ORDER_MARKS:
        if content.startswith(mark):
            return _decode_wide(content, encoding, "its byte-order mark")
    if b"\x00" in content:
        # Text in UTF-16 or UTF-32 is full of NUL bytes (every other byte, for English); a stray
        # one in a UTF-8 file must not turn the whole file into UTF-16 gibberish.
        guess = charset_normalizer.from_bytes(content).best()
        wide = content.count(0) * 4 >= len(content)
        if wide and guess is not None and guess.encoding.startswith(WIDE_ENCODINGS):
            return _decode_wide(content, guess.encoding, "charset detection")
        raise FileProblem(
            "file contains NUL bytes and is not UTF-16 or UTF-32 text, so it is not a CSV file "
            "(perhaps a binary file renamed .csv); export it again as CSV"
        )
    for encoding in encodings:
        _check_known(encoding)
    return _decode_lines(content, encodings)


def _check_known(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:  # a typo in the registry, not the file's fault, but say so
        raise FileProblem(f"the registry lists an unknown encoding {encoding!r}") from exc


def _decode_wide(content: bytes, encoding: str, evidence: str) -> DecodedText:
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"file is marked as {encoding.upper()} by {evidence} but is not valid {encoding.upper()} "
            f"from byte {exc.start}; export it again as UTF-8 CSV"
        ) from exc
    label = encoding.replace("_", "-")
    warnings = [] if label == "utf-8-sig" else [f"file is {label.upper()} text (read as such)"]
    return DecodedText(text, label, warnings)


def _fits(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _decode_lines(content: bytes, encodings: tuple[str, ...]) -> DecodedText:
    # bytes.splitlines breaks only at \r and \n, which every listed (ASCII-compatible) encoding
    # writes as the same bytes, so each line can be tried on its own.
    lines = content.splitlines(keepends=True)
    for position, encoding in enumerate(encodings):
        misfits = [
            number for number, line in enumerate(lines, start=1) if not _fits(line, encoding)
        ]
        if not misfits:
            return DecodedText(content.decode(encoding), encoding)
        fallbacks = encodings[position + 1 :]
        if fallbacks and _has_evidence_for(encoding, lines, misfits):
            return _decode_mixed(lines, encoding, fallbacks, misfits)
    raise FileProblem(_undecodable_message(content, encodings))


def _has_evidence_for(encoding: str, lines: list[bytes], misfits: list[int]) -> bool:
    """Whether some line outside `misfits` has non-ASCII bytes that `encoding` reads: then the file
    really is in `encoding`, with a few stray lines, rather than wholly in another one."""
    misfit = set(misfits)
    return any(
        not line.isascii() for number, line in enumerate(lines, start=1) if number not in misfit
    )


def _decode_mixed(
    lines: list[bytes], encoding: str, fallbacks: tuple[str, ...], misfits: list[int]
) -> DecodedText:
    parts = []
    used: dict[str, list[int]] = {}
    misfit = set(misfits)
    for number, line in enumerate(lines, start=1):
        if number not in misfit:
            parts.append(line.decode(encoding))
            continue
        fallback = next((other for other in fallbacks if _fits(line, other)), None)
        if fallback is None:
            raise FileProblem(
                f"line {number} is not text in any listed encoding ({', '.join((encoding, *fallbacks))}); "
                "check the line and export the file again as UTF-8"
            )
        parts.append(line.decode(fallback))
        used.setdefault(fallback, []).append(number)
    # A byte-order mark read by utf-8-sig is only ever at the start of the first line.
    text = "".join(parts).removeprefix("\ufeff")
    warnings = [
        f"{_describe_lines(numbers)} not valid {_name(encoding)}: read as {_name(fallback)}, the "
        f"rest of the file as {_name(encoding)} (check the names on "
        f"{'that line' if len(numbers) == 1 else 'those lines'})"
        for fallback, numbers in used.items()
    ]
    recorded = f"{encoding} with {', '.join(f'{f} on {len(n)} line(s)' for f, n in used.items())}"
    return DecodedText(text, recorded, warnings)


def _name(encoding: str) -> str:
    """An encoding as people call it: 'utf-8-sig' is UTF-8, 'cp1252' Windows-1252."""
    return {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(
        encoding, encoding
    )


def _describe_lines(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers[:LINES_LISTED])
    more = f" and {len(numbers) - LINES_LISTED} more" if len(numbers) > LINES_LISTED else ""
    return f"line {listed} is" if len(numbers) == 1 else f"lines {listed}{more} are"


def _undecodable_message(content: bytes, encodings: tuple[str, ...]) -> str:
    guess = charset_normalizer.from_bytes(content).best()
    detected = f"; it looks like {guess.encoding}" if guess is not None else ""
    return (
        f"file is not text in any listed encoding ({', '.join(encodings)}){detected}; "
        "export it again as UTF-8 CSV"
    )
