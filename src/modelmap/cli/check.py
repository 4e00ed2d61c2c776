"""`modelmap check [PATH...]`: every model-route mistake with file, line and column.

Exit codes: 0 nothing at or above --fail-on (or --exit-zero), 1 findings (or fixes applied
with --exit-non-zero-on-fix, or diffs shown with --diff), 2 usage or input error, 130
interrupted (Ctrl-C). A progress line goes to stderr only when a person is watching
(modelmap.report.progress.wanted).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import sys
from pathlib import Path
from typing import Any

from modelmap.cli import _common as c

MAX_FIX_PASSES = 10


def _codes(text: str) -> list[str]:
    """argparse type for --select/--extend-select/--ignore: comma-separated tokens; an empty
    value (`--select ''`) is an error rather than "no selection" (which would mean every rule)."""
    tokens = [t for t in (p.strip() for p in text.split(",")) if t]
    if not tokens:
        raise argparse.ArgumentTypeError(
            "empty value: name rule codes, prefixes or families (ALL for every rule)")
    return tokens


def register(sub: Any) -> None:
    p = sub.add_parser("check", help="check a repository for model-route mistakes",
                       description="Report every model-route mistake with file, line and "
                                   "column; --fix repairs the safe ones.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or directories (default: .; stdin, '-', is not read)")
    p.add_argument("--format", choices=("text", "concise", "json", "sarif", "github"),
                   default=None, help="output format (default: text, with source lines; "
                                      "concise: one line per finding)")
    c.add_json(p)
    c.add_as_of(p)
    p.add_argument("--select", type=_codes, action="extend", default=None, metavar="CODES",
                   help="only these codes, prefixes or families (replaces the config's)")
    p.add_argument("--extend-select", type=_codes, action="extend", default=[],
                   metavar="CODES", help="add to the selection")
    p.add_argument("--ignore", type=_codes, action="extend", default=[], metavar="CODES",
                   help="skip these codes, prefixes or families (adds to the config's)")
    p.add_argument("--fail-on", choices=("info", "warning", "error"), default=None,
                   help="lowest severity that makes the exit code 1 (default: warning)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    p.add_argument("--exit-non-zero-on-fix", action="store_true",
                   help="exit 1 when --fix changed files, even if nothing is left")
    p.add_argument("--fix", action="store_true", help="apply safe fixes")
    p.add_argument("--unsafe-fixes", action="store_true",
                   help="with --fix or --diff: include unsafe fixes")
    p.add_argument("--diff", action="store_true",
                   help="print the fixes as a unified diff instead of writing them")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply excludes and .gitignore to paths named on the command line too")
    p.add_argument("--config", type=Path, default=None, metavar="FILE",
                   help="modelmap.toml or pyproject.toml to use instead of searching")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the cache (nor replay an unchanged run)")
    p.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                   help="cache directory (default: $MODELMAP_CACHE_DIR or the user cache dir)")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default and maximum: the cores available)")
    p.add_argument("-o", "--output-file", type=Path, default=None, metavar="FILE",
                   help="write the report to FILE instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="nothing but errors on stderr (no progress line, catalog line, "
                        "notices or warnings)")
    p.add_argument("--statistics", action="store_true",
                   help="print counts per rule instead of each finding (text formats)")
    p.add_argument("--show-set-aside", action="store_true",
                   help="also report findings set aside (test code, fixtures, history)")
    p.set_defaults(func=run)


def _settings(args: argparse.Namespace) -> Any:
    from modelmap.check.config import find_config, load_config
    from modelmap.check.runner import USE_DEFAULT_CACHE, Settings
    from modelmap.check.select import Selector, check_tokens
    from modelmap.errors import UsageError

    if any(not p for p in args.paths):
        raise UsageError("an empty PATH names nothing: give a file or directory ('.' for the "
                         "current one)")
    if "-" in args.paths:
        raise UsageError("-: reading from stdin is not supported: give files or directories "
                         "(./- for a file named '-')")
    cwd = Path.cwd()
    paths = tuple((cwd / p).absolute() for p in (args.paths or ["."]))
    paths = tuple(Path(os.path.normpath(p)) for p in paths)
    for given, path in zip(args.paths or ["."], paths, strict=True):
        if not path.exists():
            raise UsageError(f"{given}: no such file or directory")
    root = paths[0] if len(paths) == 1 and paths[0].is_dir() else cwd
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"{args.config}: config file not found")
    # An absolute path: the config's directory anchors its path patterns.
    cfg_path = args.config.resolve() if args.config is not None else find_config(paths[0])
    cfg = load_config(cfg_path, root)
    where = str(cfg.path) if cfg.path else "configuration"
    # Command-line tokens are checked here (the config's when it is read), so an error names
    # where the bad token was written.
    for flag in ("select", "extend_select", "ignore"):
        check_tokens(getattr(args, flag) or (), f"command line: --{flag.replace('_', '-')}")
    select = list(args.select if args.select is not None else cfg.select)
    if select or args.extend_select:
        select = (select or ["ALL"]) + list(args.extend_select)
    fail_on = args.fail_on or cfg.fail_on.value
    from modelmap.findings import Severity

    cfg = dataclasses.replace(cfg, fail_on=Severity(fail_on))
    selector = Selector.build(select, [*cfg.ignore, *args.ignore], cfg.per_file_ignores,
                              cfg.base, where=where)
    catalog = c.load(args, start=paths[0], config=cfg_path)
    if cfg.ttl_days:
        unknown = sorted(set(cfg.ttl_days) - set(catalog.meta.ttl_days))
        if unknown:
            raise UsageError(f"{where}: key 'ttl-days' names unknown fact kind {unknown[0]!r} "
                             f"(known: {', '.join(sorted(catalog.meta.ttl_days))})")
        meta = dataclasses.replace(catalog.meta,
                                   ttl_days={**catalog.meta.ttl_days, **cfg.ttl_days})
        catalog = dataclasses.replace(catalog, meta=meta)
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")
    cache_dir = None if args.no_cache else (args.cache_dir or USE_DEFAULT_CACHE)
    return Settings(paths=paths, root=root, catalog=catalog, as_of=c.as_of(args), config=cfg,
                    selector=selector, force_exclude=args.force_exclude, cache_dir=cache_dir,
                    jobs=args.jobs, strict=os.environ.get("MODELMAP_STRICT") == "1",
                    show_set_aside=args.show_set_aside or cfg.show_set_aside)


def run(args: argparse.Namespace) -> int:
    from modelmap.report.progress import Progress, wanted

    progress = Progress(sys.stderr) if wanted(sys.stderr, _fmt(args), args.quiet) else None
    try:
        return _run(args, progress)
    finally:
        if progress is not None:
            progress.clear()


def _run(args: argparse.Namespace, progress: Any) -> int:
    from modelmap.check.replay import current
    from modelmap.check.runner import run_check

    recorder = current()
    # Loading the config and the catalog builds many objects and no garbage cycle: the
    # cyclic collector waits (as it does in run_check's walk) rather than traverse them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        settings = dataclasses.replace(_settings(args), progress=progress,
                                       walked=recorder.walk if recorder else None)
    finally:
        if collecting:
            gc.enable()
    report = run_check(settings)
    if recorder is not None:  # worth recording only when nothing had to be read or scanned
        recorder.from_cache = not report.stats.get("probed") and not report.stats.get("scanned")
    unsafe = bool(args.unsafe_fixes)
    if args.diff or args.fix:
        from modelmap.check import fix as fixer
    if args.diff:  # what --fix would write, after all its passes
        plans = fixer.preview(report, unsafe, lambda overlay: run_check(dataclasses.replace(
            settings, overlay=overlay, progress=None)), MAX_FIX_PASSES)[0]
        from modelmap.report import shown_path

        here = Path.cwd()
        for plan in plans:  # paths as the other formats show them: `git apply` works from here
            _emit(fixer.unified_diff(plan, shown_path(report.root, plan.rel, here)), args)
        n = sum(p.fixed for p in plans)
        if not args.quiet:
            print(f"Would fix {n} finding{'' if n == 1 else 's'}." if n else
                  "No fixes available.", file=sys.stderr)
        return 1 if plans and not args.exit_zero else 0
    fixed = 0
    notes: dict[str, str] = {}
    if args.fix:
        for _ in range(MAX_FIX_PASSES):
            plans, skipped = fixer.plan_notes(report, unsafe)
            notes = {s.path: s.reason for s in skipped}
            for plan in plans:
                why = fixer.write(plan)
                if why is None:
                    fixed += plan.fixed
                else:
                    notes[plan.rel] = why
            wrote = sum(1 for p in plans if p.rel not in notes)
            if not wrote and fixer.CHANGED not in notes.values():
                break  # nothing written and nothing to re-read: another pass changes nothing
            report = run_check(settings)
        report = dataclasses.replace(report, fixed=fixed)
    if progress is not None:
        progress.clear()
    if not args.quiet:
        _warn_bad_ignores(report)
    _emit(_render(report, args), args)
    for rel, why in sorted(notes.items()):  # fixes that failed: shown even with --quiet
        print(f"modelmap: {rel}: {why}", file=sys.stderr)
    if notes:
        n = len(notes)
        print(f"{n} file{'' if n == 1 else 's'} not fixed.", file=sys.stderr)
    if not report.files and not args.quiet:  # like ruff's "No Python files found"; exit 0
        named = " ".join(args.paths) or "."
        print(f"modelmap: warning: no files checked: nothing under {named} is a file "
              "modelmap reads, or every file is excluded", file=sys.stderr)
    if args.exit_zero:
        return 0
    if fixed and args.exit_non_zero_on_fix:
        return 1
    floor = settings.config.fail_on.order
    return 1 if any(r.finding.severity.order >= floor for r in report.findings) else 0


def _fmt(args: argparse.Namespace) -> str:
    return "json" if args.json else (args.format or "text")


def _render(report: Any, args: argparse.Namespace) -> str:
    """The report in the chosen format; paths relative to the working directory."""
    fmt = _fmt(args)
    cwd = Path.cwd()
    if args.statistics and fmt in ("text", "concise"):
        from modelmap.report.text import format_statistics

        return format_statistics(report)
    if fmt == "json":
        from modelmap.report.json import format_json

        return format_json(report, cwd)
    if fmt == "sarif":
        from modelmap.report.sarif import format_sarif

        return format_sarif(report, cwd)
    if fmt == "github":
        from modelmap.report.github import format_github

        return format_github(report, Path(os.environ.get("GITHUB_WORKSPACE") or cwd))
    from modelmap.report.term import use_color
    from modelmap.report.text import format_text, text_width

    width = text_width(sys.stdout if args.output_file is None else None)
    color = args.output_file is None and use_color(sys.stdout)
    return format_text(report, color=color, base=cwd, concise=fmt == "concise", width=width)


def _safe(text: str, args: argparse.Namespace) -> str:
    """Output that is valid UTF-8 whatever the file names: the undecodable bytes of a
    non-UTF-8 name (held as surrogate escapes) are shown as `\\xNN` (inside JSON strings as an
    escaped backslash, so the document stays valid JSON)."""
    import re

    escaped = re.compile("[\udc80-\udcff]")
    if escaped.search(text) is None:
        return text
    slash = "\\\\" if _fmt(args) in ("json", "sarif") and not args.diff else "\\"
    return escaped.sub(lambda m: f"{slash}x{ord(m.group()) - 0xDC00:02x}", text)


def _emit(text: str, args: argparse.Namespace) -> None:
    text = _safe(text, args)
    if args.output_file is not None and not args.diff:
        from modelmap.errors import UsageError

        try:
            args.output_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.output_file}: cannot write ({exc.strerror})") from None
        return
    sys.stdout.write(text)


def _warn_bad_ignores(report: Any) -> None:
    """One stderr line per token of a suppression comment that names no rule."""
    from modelmap.report import shown_path
    from modelmap.report.term import printable

    cwd = Path.cwd()
    for rel, line, code in report.bad_ignores:
        where = shown_path(report.root, rel, cwd) + (f":{line}" if line else "")
        print(printable(f"modelmap: warning: {where}: {code!r} in a suppression comment "
                        f"names no rule or family (see `modelmap rules`)"), file=sys.stderr)
