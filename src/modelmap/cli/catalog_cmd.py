"""`modelmap catalog [--surface S] [--as-of DATE] [--json]`: the surfaces, or one surface's
models with their status as of a date.

Both views count the same way: models (IDs and aliases) and dated snapshots apart, so the
overview's "11 models, 4 snapshots" for api.images is what `--surface api.images` lists."""

from __future__ import annotations

import argparse
from typing import Any

from modelmap.cli import _common as c


def register(sub: Any) -> None:
    p = sub.add_parser("catalog", help="the surfaces, or the models of one surface with status")
    p.add_argument("--surface", metavar="S",
                   help="list the models this surface serves (api.images, or images)")
    c.add_as_of(p)
    c.add_json(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.cli.facts import catalog_info, catalog_line
    from modelmap.errors import UsageError
    from modelmap.status import status

    catalog = c.load(args)
    day = c.as_of(args)
    info = {**catalog_info(catalog, day), "as_of": day}
    if args.surface is None:
        counts = {key: 0 for key in catalog.surfaces}
        snaps = {key: 0 for key in catalog.surfaces}
        for m in catalog.models.values():
            for key in m.surfaces:
                if key in counts:
                    (snaps if m.kind == "snapshot" else counts)[key] += 1
        surfaces: list[dict[str, Any]] = [{
            "key": s.key, "name": s.name, "group": s.group, "endpoint": s.endpoint,
            "models": counts[s.key], "snapshots": snaps[s.key], "shutdown_date": s.shutdown_date,
            "state": ("shut-down" if s.shutdown_date and s.shutdown_date <= day else
                      "deprecated" if s.shutdown_date else "current"),
            "note": s.note, "source": s.source.url, "verified_on": s.source.verified_on,
        } for s in catalog.surfaces.values()]
        if args.json:
            c.print_json({"as_of": day, "catalog": info, "surfaces": surfaces})
            return 0
        print(catalog_line(info))
        c.print_table(f"{len(surfaces)} surfaces as of {day}",
                      ["surface", "name", "endpoint", "models", "snapshots", "state"],
                      [[s["key"], s["name"], s["endpoint"] or "(product)", str(s["models"]),
                        str(s["snapshots"]),
                        s["state"] + (f" {s['shutdown_date']}" if s["shutdown_date"] else "")]
                       for s in surfaces])
        return 0
    surface = catalog.surfaces.get(args.surface) or catalog.surfaces.get(f"api.{args.surface}")
    if surface is None:  # `images` is api.images; anything else is refused with the list
        import difflib

        near = difflib.get_close_matches(f"api.{args.surface}", sorted(catalog.surfaces), n=2,
                                         cutoff=0.8)
        hint = f"did you mean {' or '.join(near)}? " if near else ""
        raise UsageError(f"unknown surface {args.surface!r}; {hint}known surfaces: "
                         f"{', '.join(sorted(catalog.surfaces))}")
    models: list[dict[str, Any]] = []
    for m in sorted(catalog.models.values(), key=lambda m: m.id):
        if surface.key not in m.surfaces:
            continue
        st = status(catalog, m.id, day)
        models.append({
            "id": m.id, "kind": m.kind, "base": m.base, "state": st.state,
            "shutdown_date": st.shutdown_date, "replacement": list(st.replacement),
            "replacement_as_of": st.replacement_as_of,
            "source": st.source.url if st.source else None,
        })
    if args.json:
        c.print_json({"as_of": day, "catalog": info,
                      "surface": {"key": surface.key, "name": surface.name,
                                  "endpoint": surface.endpoint,
                                  "shutdown_date": surface.shutdown_date},
                      "models": models})
        return 0
    print(catalog_line(info))
    n_snap = sum(1 for m in models if m["kind"] == "snapshot")
    n_models = len(models) - n_snap
    title = (f"{surface.key} ({surface.name}): {n_models} model{'' if n_models == 1 else 's'}, "
             f"{n_snap} snapshot{'' if n_snap == 1 else 's'} as of {day}")
    if surface.shutdown_date:
        title += f"; the surface shuts down on {surface.shutdown_date}"
    c.print_table(title, ["model", "kind", "state", "shutdown", "replacement"],
                  [[m["id"], m["kind"] + (f" of {m['base']}" if m["base"] else ""), m["state"],
                    str(m["shutdown_date"] or ""), ", ".join(m["replacement"])]
                   for m in models])
    return 0
