"""How old the catalog is, and which layers it was built from: for every report.

Like browserslist's "caniuse-lite is outdated": when the newest verification in the curated data
is older than `stale_after_days` (default 30; `max-age-days` in a catalog overlay, 0 turns it
off) at run time, each command says so once on stderr with the command that updates it.
`MODELMAP_IGNORE_OLD_DATA=1` or `--no-stale-notice` silences it.
"""

from __future__ import annotations

import datetime as dt
import os

from modelmap.catalog.model import Meta

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any

UPDATE_COMMAND = "pip install --upgrade modelmap"
QUIET_ENV = "MODELMAP_IGNORE_OLD_DATA"


def provenance(meta: Meta, as_of: dt.date) -> dict[str, Any]:
    """The catalog block of a JSON/SARIF report: dates (ISO strings), age, SDK layer,
    overlays. `stale` compares the age with the threshold as of `as_of`."""
    age = (as_of - meta.curated_verified_on).days
    generated = meta.sdk_generated_on
    return {
        "curated_verified_on": meta.curated_verified_on.isoformat(),
        "age_days": age,
        "stale_after_days": meta.stale_after_days,
        "stale": is_stale(meta, as_of),
        "sdk": f"openai {meta.sdk_version}" if meta.sdk_version else None,
        "sdk_origin": meta.sdk_origin,
        "sdk_generated_on": generated.isoformat() if generated else None,
        "overlays": list(meta.overlays),
    }


def is_stale(meta: Meta, today: dt.date) -> bool:
    limit = meta.stale_after_days
    return limit > 0 and (today - meta.curated_verified_on).days > limit


def stale_notice(meta: Meta, today: dt.date) -> str | None:
    """The one-line notice, or None when the data is fresh enough or the notice is off."""
    if os.environ.get(QUIET_ENV, "").strip().lower() in ("1", "true", "yes"):
        return None
    if not is_stale(meta, today):
        return None
    age = (today - meta.curated_verified_on).days
    return (f"the catalog's curated data was last verified {meta.curated_verified_on} "
            f"({age} days ago, more than {meta.stale_after_days}): model IDs, routes and "
            f"shutdown dates may have changed since. Update: `{UPDATE_COMMAND}`; silence: "
            f"{QUIET_ENV}=1 or --no-stale-notice")


def layer_line(meta: Meta) -> str:
    """Which SDK layer (and overlays) the catalog uses, in words."""
    sdk = (f"SDK layer from openai {meta.sdk_version} ({meta.sdk_origin}, generated "
           f"{meta.sdk_generated_on})" if meta.sdk_version else "no SDK layer")
    if meta.overlays:
        sdk += "; overlay " + ", ".join(meta.overlays)
    return sdk
