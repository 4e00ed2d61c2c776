"""`modelmap check`: discover files, scan them, validate the calls, report and fix.

discover (gitignore-aware walk) · config (`[tool.modelmap]` / modelmap.toml) · prefilter (bytes
test before parsing) · imports (cross-file constants) · worker (per-file work, fork pool) ·
cache (incremental results) · runner (the passes) · select (suppressions, --select/--ignore) ·
policy (MM7xx) · fix (atomic edits) · result (the report's shape).
"""
