"""`modelmap sync [--from PATH] [--output PATH] [--dry-run] [--json]`

Regenerate the SDK layer from the openai package installed here (or a wheel / folder given
with --from), print what changed against the layer it replaces, and write it where the catalog
loads it from (the user data dir unless --output says otherwise). The snapshot shipped inside
an installed modelmap is never overwritten.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from modelmap.cli import _common as c
from modelmap.errors import CatalogError, UsageError


def register(sub: Any) -> None:
    p = sub.add_parser("sync", help="regenerate the SDK layer from the installed openai package")
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="PATH",
                   help="read this openai wheel (.whl) or folder instead of the installed package")
    p.add_argument("--output", type=Path, default=None, metavar="PATH",
                   help="write the layer here (default: the user data dir, "
                        "or $MODELMAP_DATA_DIR)")
    p.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    c.add_json(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.catalog.load import DATA_DIR
    from modelmap.catalog.sdk_layer import SHIPPED_NAME, SdkLayer, choose_layer, user_layer_path
    from modelmap.sdk import layer_warning
    from modelmap.sdk.diff import diff_layers, format_diff
    from modelmap.sdk.extract import extract
    from modelmap.sdk.source import installed_source, open_source

    src = open_source(args.source) if args.source else installed_source()
    try:
        label = args.source.name if args.source and args.source.is_file() else (
            str(args.source) if args.source else "installed openai")
        layer = extract(src, c.today(), source_label=label)
    finally:
        src.close()
    SdkLayer.parse(layer, "(generated layer)", origin="user")  # what the loader will accept

    output: Path = args.output or user_layer_path()
    shipped = DATA_DIR / SHIPPED_NAME
    if _same_file(output, shipped) and _in_site_packages(shipped):
        raise UsageError(f"{output}: this is the snapshot shipped with modelmap; sync writes to "
                         "the user data dir (or --output / $MODELMAP_DATA_DIR), never here")
    catalog_dir = Path(os.environ.get("MODELMAP_CATALOG_DIR") or DATA_DIR)  # as load_catalog
    baseline, base_label = _baseline(output, catalog_dir)
    diff = diff_layers(baseline, layer)
    written = False
    if not args.dry_run:
        _write_atomic(output, layer)
        written = True
    in_use = None
    warning = None
    if written and _same_file(output, user_layer_path()):
        chosen = choose_layer(catalog_dir)
        in_use = (chosen.origin, chosen.openai_version) if chosen else None
        warning = layer_warning(chosen.openai_version if chosen else None,
                                chosen.origin if chosen else "none")

    if args.json:
        c.print_json({
            "openai_version": layer["openai_version"], "source": layer["source"],
            "generated_on": layer["generated_on"], "compared_with": base_label,
            "output": str(output), "written": written, "diff": diff.to_json(),
            "ids": {k: len(v["ids"]) for k, v in layer["literals"].items()},
            "notes": len(layer["notes"]), "skipped": len(layer["skipped"]),
            "in_use": {"origin": in_use[0], "openai_version": in_use[1]} if in_use else None,
            "warning": warning,
        })
        return 0
    total = sum(len(v["ids"]) for v in layer["literals"].values())
    print(f"read openai {layer['openai_version']} from {layer['source']}: "
          f"{len(layer['literals'])} Literals, {total} IDs, {len(layer['notes'])} notes")
    print(f"compared with: {base_label}")
    for line in format_diff(diff):
        print(line)
    if layer["skipped"]:
        print(f"{len(layer['skipped'])} unfamiliar shapes skipped "
              "(MODELMAP_STRICT=1 names them)")
    print(f"{'wrote' if written else 'would write (dry run)'}: {output}")
    if in_use and in_use[1] != layer["openai_version"]:
        print(f"note: the catalog keeps using the {in_use[0]} layer (openai {in_use[1]}), which "
              "is newer; the newer of shipped and synced layers wins")
    if warning:
        print(f"warning: {warning}")
    return 0


def _baseline(output: Path, data_dir: Path) -> tuple[dict[str, Any] | None, str]:
    """The layer being replaced: the file at `output`, else the one the catalog uses now."""
    from modelmap.catalog.sdk_layer import SdkLayer, choose_layer

    if output.exists():
        try:
            prev = SdkLayer.read(output, origin="user")
            return prev.raw, f"previous file {output} (openai {prev.openai_version})"
        except CatalogError as exc:
            return None, f"nothing usable ({exc})"
    try:
        current = choose_layer(data_dir)
    except CatalogError as exc:
        return None, f"nothing usable ({exc})"
    if current is None:
        return None, "no SDK layer"
    return current.raw, f"the {current.origin} layer (openai {current.openai_version})"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.expanduser().resolve() == b.expanduser().resolve()
    except OSError:
        return False


def _in_site_packages(path: Path) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in path.resolve().parts)


def _write_atomic(path: Path, layer: dict[str, Any]) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".sdk_layer.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(render(layer))
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def render(layer: dict[str, Any]) -> str:
    """The layer as written to disk: stable key order, one ID per line, trailing newline."""
    return json.dumps(layer, indent=1, ensure_ascii=False) + "\n"
