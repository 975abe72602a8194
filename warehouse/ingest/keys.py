"""Keyed pseudonyms: HMAC-SHA256 with the partnership's secret key.

A plain hash of a name and date of birth can be reversed by hashing every plausible name and date;
a keyed hash cannot without the key, which lives outside the repository and outside the warehouse.
The same key must be used for every load, or the same person gets different keys in different
months: that is why a missing key file is created once and then reused, never silently replaced.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_ENV_VAR = "PARTNERSHIP_KEY"


class PartnershipKeyError(RuntimeError):
    """The partnership key cannot be read (the message says where we looked)."""


class Pseudonymiser:
    """Turns identifier text into keyed pseudonyms (lower-case hex HMAC-SHA256)."""

    def __init__(self, key: bytes) -> None:
        if not key:
            raise PartnershipKeyError("the partnership key is empty")
        self._base = hmac.new(key, digestmod=hashlib.sha256)

    def __repr__(self) -> str:  # never show the key
        return "Pseudonymiser(<partnership key>)"

    @classmethod
    def from_environment(cls, key_file: Path) -> Pseudonymiser:
        """The key from `PARTNERSHIP_KEY`, else from `key_file` (created with a new random key if missing)."""
        from_env = os.environ.get(KEY_ENV_VAR, "").strip()
        if from_env:
            return cls(from_env.encode("utf-8"))
        key_file = Path(key_file)
        if not key_file.exists():
            _create_key_file(key_file)
        key = key_file.read_text(encoding="utf-8").strip()
        if not key:
            # Regenerating here would silently break linkage with everything already loaded.
            raise PartnershipKeyError(
                f"the partnership key file {key_file} is empty; restore it from backup"
            )
        return cls(key.encode("utf-8"))

    def key(self, message: str) -> str:
        """The keyed pseudonym of `message` (already normalised and prefixed by the caller). Not
        cached here: ingest works out each distinct person's keys once (`persons.DerivedMemo`)."""
        mac = self._base.copy()
        mac.update(message.encode("utf-8"))
        return mac.hexdigest()


def _create_key_file(key_file: Path) -> None:
    key_file.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: if two processes race, one creates the key and the other fails here and reads it.
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32) + "\n")
