"""`modelmap sync [--from PATH] [--output PATH] [--dry-run] [--json]`

The SDK layer follows the environment (modelmap.catalog.envlayer): the openai package this
interpreter would import is read on demand and cached per environment. `sync` re-reads it now,
rewrites this environment's cache entry and prints what changed against the entry (or the
shipped layer) it replaces. With --output it exports a layer to a file instead (from the
installed package, or a wheel / folder given with --from), which a run uses only when named
with MODELMAP_SDK_LAYER=PATH. Nothing is written where another environment would read it, and
the snapshot shipped inside an installed modelmap is never overwritten.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from modelmap.cli import _common as c
from modelmap.errors import CatalogError, UsageError


def register(sub: Any) -> None:
    p = sub.add_parser("sync", help="re-read this environment's openai package into its SDK "
                                    "layer (or export a layer to a file)")
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="PATH",
                   help="read this openai wheel (.whl) or folder instead of the installed "
                        "package (needs --output or --dry-run)")
    p.add_argument("--output", type=Path, default=None, metavar="PATH",
                   help="export the layer to this file (use it with MODELMAP_SDK_LAYER=PATH); "
                        "default: refresh this environment's cached layer")
    p.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    c.add_json(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.catalog import envlayer
    from modelmap.catalog.load import DATA_DIR
    from modelmap.catalog.sdk_layer import SHIPPED_NAME, SdkLayer, choose_layer
    from modelmap.sdk import layer_warning
    from modelmap.sdk.diff import diff_layers, format_diff
    from modelmap.sdk.extract import extract
    from modelmap.sdk.source import open_source

    if args.source and args.output is None and not args.dry_run:
        raise UsageError(f"{args.source}: a layer read from another package is not this "
                         "environment's: give --output PATH (then MODELMAP_SDK_LAYER=PATH), "
                         "or --dry-run")
    inst = None
    if args.source:
        src = open_source(args.source)
        label = args.source.name if args.source.is_file() else str(args.source)
        try:
            layer = extract(src, c.today(), source_label=label)
        finally:
            src.close()
    else:
        inst = envlayer.installed_openai()
        if inst is None:
            raise UsageError("the openai package is not installed in this environment "
                             f"({sys.prefix}): install it, or give --from PATH to a wheel or "
                             "folder with --output")
        layer = envlayer.extract_installed(inst, c.today())
    SdkLayer.parse(layer, "(generated layer)", origin="installed")  # what the loader accepts

    shipped = DATA_DIR / SHIPPED_NAME
    output: Path | None = args.output or (envlayer.cache_path(inst) if inst else None)
    if args.output and _same_file(args.output, shipped) and _in_site_packages(shipped):
        raise UsageError(f"{output}: this is the snapshot shipped with modelmap; sync writes "
                         "this environment's cache, or exports with --output, never here")
    catalog_dir = Path(os.environ.get("MODELMAP_CATALOG_DIR") or DATA_DIR)  # as load_catalog
    baseline, base_label = _baseline(args.output, inst, catalog_dir)
    diff = diff_layers(baseline, layer)
    written = False
    if not args.dry_run:
        if output is not None and args.output:
            _write_atomic(output, layer)
        elif inst is not None and envlayer.write_cached(inst, layer) is None:
            raise UsageError(f"{output}: cannot write this environment's cached layer")
        written = True
    chosen = choose_layer(catalog_dir)
    in_use = (chosen.origin, chosen.openai_version) if chosen else None
    warning = layer_warning(chosen.openai_version if chosen else None,
                            chosen.origin if chosen else "none")
    target = "export" if args.output or args.source else "environment"

    if args.json:
        c.print_json({
            "openai_version": layer["openai_version"], "source": layer["source"],
            "generated_on": layer["generated_on"], "compared_with": base_label,
            "output": str(output) if output else None, "target": target, "written": written,
            "environment": {"prefix": sys.prefix, "openai": str(inst.package_dir)}
            if inst else None,
            "diff": diff.to_json(),
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
    what = "this environment's layer" if target == "environment" else "export"
    print(f"{'wrote' if written else 'would write (dry run)'} {what}: "
          f"{output or 'nothing (give --output PATH to export)'}")
    if in_use and (output is not None) and (
            in_use[0] != "installed" or in_use[1] != layer["openai_version"]):
        print(f"note: the catalog here uses the {in_use[0]} layer (openai {in_use[1]})"
              + ("; an installed openai is used only when newer than the shipped layer"
                 if target == "environment" else
                 f"; to use the export: MODELMAP_SDK_LAYER={output}"))
    if warning:
        print(f"warning: {warning}")
    return 0


def _baseline(output: Path | None, inst: Any, data_dir: Path
              ) -> tuple[dict[str, Any] | None, str]:
    """The layer being replaced: the export file, else this environment's cached entry, else
    the shipped one."""
    from modelmap.catalog import envlayer
    from modelmap.catalog.sdk_layer import SHIPPED_NAME, SdkLayer

    if output is not None and output.exists():
        try:
            prev = SdkLayer.read(output, origin="file")
            return prev.raw, f"previous file {output} (openai {prev.openai_version})"
        except CatalogError as exc:
            return None, f"nothing usable ({exc})"
    if output is None and inst is not None:
        cached = envlayer.read_cached(inst)
        if cached is not None:
            return cached, f"this environment's cached layer (openai {cached['openai_version']})"
    shipped = data_dir / SHIPPED_NAME
    try:
        current = SdkLayer.read(shipped, origin="shipped") if shipped.exists() else None
    except CatalogError as exc:
        return None, f"nothing usable ({exc})"
    if current is None:
        return None, "no SDK layer"
    return current.raw, f"the shipped layer (openai {current.openai_version})"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.expanduser().resolve() == b.expanduser().resolve()
    except OSError:
        return False


def _in_site_packages(path: Path) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in path.resolve().parts)


def _write_atomic(path: Path, layer: dict[str, Any]) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    from modelmap.fswrite import usual_mode, write_atomic

    try:
        write_atomic(path, render(layer).encode("utf-8"), mode=usual_mode(),
                     prefix=".sdk_layer.", mkdir=True)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def render(layer: dict[str, Any]) -> str:
    """The layer as written to disk: stable key order, one ID per line, trailing newline."""
    return json.dumps(layer, indent=1, ensure_ascii=False) + "\n"
