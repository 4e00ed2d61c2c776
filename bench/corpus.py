"""Fetch, unpack and measure the benchmark corpus: real OpenAI-related packages (not a test).

    python bench/corpus.py [--dir bench/.corpus] [--results bench/results/corpus.json]

Downloads pinned releases from PyPI (`pip download --no-deps --only-binary :all:`: the wheel,
which is the package's source as installed) and npm (`npm pack`), checks each archive's
sha256 against the pin, unpacks it under `<dir>/tree/{pypi,npm}/<name>-<version>/`, and
records versions, file counts and line counts per language in the results JSON. Archives are
cached in `<dir>/archives/`; a second run downloads nothing. `bench/.corpus/` is gitignored.

The pins are the corpus: change a version and its sha256 together (run with --update-pins to
print the new digests), and the benchmark numbers are no longer comparable with older runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Pin:
    """One pinned release in the corpus."""

    registry: str
    """`pypi` or `npm`."""
    name: str
    version: str
    sha256: str
    """Of the downloaded archive ("" = not pinned yet: recorded, not checked)."""

    @property
    def slug(self) -> str:
        return f"{self.name.replace('@', '').replace('/', '__')}-{self.version}"


PINS: tuple[Pin, ...] = (
    Pin("pypi", "openai", "3.54.0",
        "3cdb7d0d85bb765c7c92e7e2922c4a6cb9beb085b161b03da07f4dff61805916"),
    Pin("pypi", "litellm", "1.109.1",
        "1c8b4dd671fa0cd0850aa751678704ff77e595fb1e6085b2dc3be39ee19bdaaf"),
    Pin("pypi", "langchain-openai", "1.7.4",
        "aaee93369765bac7ebf640aab62f8ae16df403ed982737ae51f88f6a24a151ab"),
    Pin("pypi", "langchain-core", "1.8.2",
        "11f1047c4b243df746c01c10208082f580bb55f5fbf17bdb38355b6b63c4f63b"),
    Pin("pypi", "openai-agents", "0.24.0",
        "18d4ac34e84ed937333ec8ce46395ed3521ffcbb0a521780a4c2eaa451467f49"),
    Pin("pypi", "llama-index-llms-openai", "0.8.3",
        "b86deb1a9d296ca8a66cd2fa1e039e8752a529232cebaf0c7c1d0626c039a29a"),
    Pin("pypi", "llama-index-core", "0.14.25",
        "caa7d9c5ac9b13dc33400cf8d5e92e689b6d1e4497eb9bfa50d6f52ca2eb22a1"),
    Pin("npm", "openai", "7.57.0",
        "2e39589ca8d5a71aff84b921da8b7712d4ec7f0b1917b41fb0b7e69c34c609ce"),
    Pin("npm", "ai", "7.0.173",
        "9bb39977ac3471c0dfd2a541f3d03390eefd8a68140f07020d169d9d72667a2e"),
    Pin("npm", "@ai-sdk/openai", "4.0.118",
        "1d804bf18815642f247ce290a44f20d5138758c470e0d735d3f9f92672badc42"),
    Pin("npm", "@langchain/openai", "1.6.0",
        "b086af99656e597b74f5529d2059dbf067136590458d5508cc67c54b99db0262"),
    Pin("npm", "@openai/agents-openai", "0.20.0",
        "e137ef57ecd44915b508c2522d9d54ef8976807897f9e5471aecb7b6b8397488"),
    Pin("npm", "@openai/agents-core", "0.20.0",
        "c5c7473bb00b166e02717ae3521956543d6885914bae74263c734c53e1071049"),
)

LANGUAGES: dict[str, tuple[str, ...]] = {
    "python": (".py", ".pyi"),
    "javascript": (".js", ".mjs", ".cjs", ".jsx"),
    "typescript": (".ts", ".mts", ".cts", ".tsx"),
    "docs": (".md", ".mdx", ".rst", ".txt"),
    "config": (".json", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".env"),
}
"""Extension -> language, for the line counts (`.d.ts` counts as TypeScript)."""


def language(name: str) -> str:
    """The language bucket of a file name."""
    low = name.lower()
    for lang, exts in LANGUAGES.items():
        if low.endswith(exts):
            return lang
    return "other"


def count_lines(data: bytes) -> int:
    """Newlines, plus one for a last line without one."""
    n = data.count(b"\n")
    return n + 1 if data and not data.endswith(b"\n") else n


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download(pin: Pin, archives: Path,
             pip_form: tuple[str, ...] = ("--only-binary", ":all:")) -> Path:
    """The pinned archive, from the cache or the registry (`pin`: anything with registry,
    name, version and slug, as bench/ecosystem's sources are; `pip_form`: which kind of PyPI
    archive, a wheel by default)."""
    target = archives / pin.registry / pin.slug
    found = [p for p in target.glob("*") if p.is_file()] if target.is_dir() else []
    if len(found) == 1:
        return found[0]
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if pin.registry == "pypi":
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", *pip_form,
               "--quiet", "--dest", str(target), f"{pin.name}=={pin.version}"]
    else:
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm not found: install Node.js and npm (e.g. apt-get install npm)")
        cmd = [npm, "pack", "--silent", "--pack-destination", str(target),
               f"{pin.name}@{pin.version}"]
    print(f"  downloading {pin.registry}:{pin.name}=={pin.version}", file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    found = [p for p in target.glob("*") if p.is_file()]
    if len(found) != 1:
        raise SystemExit(f"{pin.registry}:{pin.name}: expected one archive, got {found}")
    return found[0]


def unpack(archive: Path, dest: Path) -> None:
    """Unpack a wheel/zip or tarball into `dest` (fresh), refusing paths that escape it."""
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if info.is_dir() or ".." in Path(info.filename).parts:
                    continue
                out = tmp / info.filename
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(zf.read(info))
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(tmp, filter="data")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)


def measure(tree: Path) -> dict[str, dict[str, int]]:
    """Files, lines and bytes per language under `tree`."""
    out: dict[str, dict[str, int]] = {}
    for dirpath, _dirs, files in os.walk(tree):
        for name in files:
            path = Path(dirpath, name)
            if path.is_symlink():
                continue
            data = path.read_bytes()
            bucket = out.setdefault(language(name), {"files": 0, "lines": 0, "bytes": 0})
            bucket["files"] += 1
            bucket["lines"] += count_lines(data)
            bucket["bytes"] += len(data)
    return dict(sorted(out.items()))


def build(corpus: Path, update_pins: bool) -> dict[str, object]:
    """Download, verify, unpack and measure every pin; return the results record."""
    archives, tree = corpus / "archives", corpus / "tree"
    packages: list[dict[str, object]] = []
    totals: dict[str, dict[str, int]] = {}
    for pin in PINS:
        archive = download(pin, archives)
        digest = sha256(archive)
        if pin.sha256 and digest != pin.sha256 and not update_pins:
            raise SystemExit(f"{archive}: sha256 {digest} does not match the pin {pin.sha256}")
        if update_pins:
            print(f'    Pin("{pin.registry}", "{pin.name}", "{pin.version}", "{digest}"),')
        dest = tree / pin.registry / pin.slug
        stamp = archive.parent.with_name(archive.parent.name + ".unpacked")
        if not (stamp.is_file() and stamp.read_text() == digest):
            unpack(archive, dest)
            stamp.write_text(digest)
        by_lang = measure(dest)
        for lang, nums in by_lang.items():
            tot = totals.setdefault(lang, {"files": 0, "lines": 0, "bytes": 0})
            for key, val in nums.items():
                tot[key] += val
        packages.append({
            "registry": pin.registry, "name": pin.name, "version": pin.version,
            "archive": archive.name, "sha256": digest, "path": f"tree/{pin.registry}/{pin.slug}",
            "languages": by_lang,
            "lines": sum(v["lines"] for v in by_lang.values()),
            "files": sum(v["files"] for v in by_lang.values()),
        })
    return {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "root": str(tree),
        "packages": packages,
        "languages": dict(sorted(totals.items())),
        "lines": sum(v["lines"] for v in totals.values()),
        "code_lines": sum(v["lines"] for k, v in totals.items()
                          if k in ("python", "javascript", "typescript")),
        "files": sum(v["files"] for v in totals.values()),
        "bytes": sum(v["bytes"] for v in totals.values()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=HERE / ".corpus")
    ap.add_argument("--results", type=Path, default=HERE / "results" / "corpus.json")
    ap.add_argument("--update-pins", action="store_true",
                    help="print Pin lines with the downloaded digests instead of checking them")
    args = ap.parse_args()
    record = build(args.dir.resolve(), args.update_pins)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(record, indent=2) + "\n")
    print(f"{'package':38} {'version':>9} {'files':>7} {'lines':>10}")
    for pkg in record["packages"]:  # type: ignore[union-attr]
        assert isinstance(pkg, dict)
        print(f"{pkg['registry'] + ':' + str(pkg['name']):38} {pkg['version']:>9} "
              f"{pkg['files']:>7} {pkg['lines']:>10}")
    for lang, nums in record["languages"].items():  # type: ignore[union-attr]
        print(f"  {lang:12} {nums['files']:>7} files {nums['lines']:>10} lines")
    print(f"total: {record['files']} files, {record['lines']} lines "
          f"({record['code_lines']} Python/JS/TS), {record['bytes'] / 1e6:.1f} MB "
          f"-> {args.results}")


if __name__ == "__main__":
    main()
