"""sha256 and blake2b without importing `hashlib`, whose OpenSSL binding (`_hashlib`) costs
~3 ms of every start-up: the interpreter's own built-in implementations, which give the same
digests (tests/test_record.py compares them); `hashlib` where they are missing."""

from __future__ import annotations

import importlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    import hashlib


def sha256(data: bytes = b"") -> hashlib._Hash:
    for name in ("_sha256", "_sha2", "hashlib"):  # Python 3.11, 3.12+, anything else
        try:
            made: hashlib._Hash = importlib.import_module(name).sha256(data)
            return made
        except ImportError:
            continue
    raise ImportError("no sha256")  # pragma: no cover - hashlib always has it


def blake2b(data: bytes, digest_size: int) -> hashlib.blake2b:
    for name in ("_blake2", "hashlib"):
        try:
            made: hashlib.blake2b = importlib.import_module(name).blake2b(
                data, digest_size=digest_size)
            return made
        except ImportError:
            continue
    raise ImportError("no blake2b")  # pragma: no cover
