"""modelmap's exception tree.

    ModelmapError                 any error a user can cause; the CLI prints it on one line, exit 2
    ├── CatalogError              a data file is malformed (names file, entry and field)
    ├── UsageError                bad arguments: empty name, unknown job, bad date, bad option
    └── RemoteError               GET /v1/models failed (auth, network, malformed payload)
"""

from __future__ import annotations


class ModelmapError(Exception):
    """Base class: a user-facing error with a one-line message."""


class CatalogError(ModelmapError):
    """A catalog or overlay file is malformed."""

    def __init__(self, file: str, entry: str, field: str, message: str) -> None:
        self.file = file
        self.entry = entry
        self.field = field
        if entry == WHOLE_FILE:  # no entry or field to name: say what is wrong with the file
            lead = _WHOLE.get(field, "")
            super().__init__(f"{file}: {lead}{message}")
        else:
            super().__init__(f"{file}: {entry}: field '{field}' {message}")


WHOLE_FILE = "(file)"
"""CatalogError's entry for a problem with a whole file: then `field` says which kind."""
_WHOLE = {"(read)": "cannot read: ", "(syntax)": "not valid TOML: "}


class UsageError(ModelmapError):
    """The caller asked for something that cannot be answered as asked."""


class RemoteError(ModelmapError):
    """A remote call failed in a way the user must act on."""
