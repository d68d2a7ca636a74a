"""The digest of a module's source, kept in the manifest for each double (to refuse stale ones).

The same text is hashed when ``planner doubles`` reads the module and when the pytest
plugin checks it: decoded as Python decodes it, without a byte-order mark, with
``\\n`` line ends, so that a checkout with other line ends is not taken for a change.
"""

from __future__ import annotations

import hashlib
import io
import tokenize

__all__ = ["MANIFEST_SCHEMA", "OLD_MANIFEST_SCHEMAS", "digest_file", "digest_text"]

MANIFEST_SCHEMA = "planner-doubles/2"
"""The manifest's format. ``/2`` records the digest of each stubbed unit's source and of each
caller a driver read (``sha256``); a ``/1`` manifest has none, so its doubles cannot be checked
for staleness and are refused (:data:`OLD_MANIFEST_SCHEMAS`)."""
OLD_MANIFEST_SCHEMAS = ("planner-doubles/1",)


def digest_text(text: str) -> str:
    """``sha256:<hex>`` of the module source ``text`` (as :func:`planner.doubles.sources.read_tree` gives it)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_file(path: str) -> str | None:
    """The digest of the module at ``path``, or ``None`` if it cannot be read or decoded."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
        return None
    return digest_text(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
