"""The ecosystem set: pinned real sources from PyPI (sdists) and npm (tarballs) (not a test).

    python bench/ecosystem/sources.py [--update-pins]

An sdist is the project's source as released: for most projects it carries the tests, examples,
docs and sometimes notebooks next to the package, which is where real code meets `check`. npm
tarballs carry the published JS/TS (and for some packages their sources and tests).

Archives are downloaded once with the registries' own clients (`pip download --no-binary`,
`npm pack`) into ~/.cache/modelmap-ecosystem/archives (or $MODELMAP_ECOSYSTEM_DIR), checked
against their sha256 pin, and unpacked under .../tree/<registry>/<name>-<version>/.
Change a version and its sha256 together (`--update-pins` prints the digests).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402  (bench/corpus.py: sha256, unpack)


@dataclass(frozen=True)
class Source:
    """One pinned release, and why it is in the set."""

    registry: str
    """`pypi` (sdist) or `npm` (tarball)."""
    name: str
    version: str
    sha256: str
    kind: str
    """What it stands for: sdk, agents, framework, app, notebooks, js."""
    wheel: bool = False
    """PyPI only: take the wheel (an sdist whose metadata needs a Rust toolchain to build)."""

    @property
    def slug(self) -> str:
        return f"{self.name.replace('@', '').replace('/', '__')}-{self.version}"


SOURCES: tuple[Source, ...] = (
    Source("pypi", "openai", "3.54.0",
           "2e393e63f8a38be6452806f9ef0b6534fecd6d41ab3b2165180dfce3599249cd", "sdk"),
    Source("pypi", "openai-agents", "0.24.0",
           "4b4b285f4fed81fdf1b4ac426a9101658d9cd29b4fb1aaeee18f639b77e704e3", "agents"),
    Source("pypi", "langchain-openai", "1.7.4",
           "8fd90e41588526d990f32262447adf8e130d7ce28ed66cefa315e64cc9dd12ce", "framework"),
    Source("pypi", "litellm", "1.109.1",
           "1c8b4dd671fa0cd0850aa751678704ff77e595fb1e6085b2dc3be39ee19bdaaf", "framework",
           wheel=True),
    Source("pypi", "instructor", "1.17.0",
           "aeab1e7f21f5214deedf60e8e264951408057ce21d9589743f533580dc0d6bfb", "framework"),
    Source("pypi", "pydantic-ai-slim", "2.68.0",
           "7e545ad147ee955d3ee83532ad793570a444a3e7c290328c4809b67a32c78a01", "framework"),
    Source("pypi", "llm", "0.36",
           "e59ad30875a99be2eea0c880543b1ebfe40eea24ae55d4008eb1e12c77964626", "app"),
    Source("pypi", "shell-gpt", "1.5.1",
           "1c528f960b1c515c882eec351ba3ac78ba6f306cece9cbe554d3ad350c8b5bfe", "app"),
    Source("pypi", "ragas", "0.4.3",
           "1eb1f61dbc8613ad014fdb8d630cbe9a1caec1ea01664a106993cb756128c001", "notebooks"),
    Source("npm", "openai", "7.57.0",
           "2e39589ca8d5a71aff84b921da8b7712d4ec7f0b1917b41fb0b7e69c34c609ce", "sdk"),
    Source("npm", "ai", "7.0.173",
           "9bb39977ac3471c0dfd2a541f3d03390eefd8a68140f07020d169d9d72667a2e", "js"),
    Source("npm", "@ai-sdk/openai", "4.0.118",
           "1d804bf18815642f247ce290a44f20d5138758c470e0d735d3f9f92672badc42", "js"),
    Source("npm", "@langchain/openai", "1.6.0",
           "b086af99656e597b74f5529d2059dbf067136590458d5508cc67c54b99db0262", "framework"),
    Source("npm", "@openai/agents-core", "0.20.0",
           "c5c7473bb00b166e02717ae3521956543d6885914bae74263c734c53e1071049", "agents"),
    Source("npm", "@openai/agents-openai", "0.20.0",
           "e137ef57ecd44915b508c2522d9d54ef8976807897f9e5471aecb7b6b8397488", "agents"),
    Source("npm", "@openai/agents-realtime", "0.20.0",
           "58aebc0d1621c0dd63ce13ccae97fcdf20aef38d3d1d63286974f044c118c447", "agents"),
)


def cache_dir() -> Path:
    env = os.environ.get("MODELMAP_ECOSYSTEM_DIR")
    return Path(env) if env else Path.home() / ".cache" / "modelmap-ecosystem"


def download(src: Source, archives: Path) -> Path:
    """The pinned archive, from the cache or the registry (bench/corpus.py's downloader;
    PyPI sources are sdists, for their tests and examples, unless `wheel`)."""
    form = ("--only-binary", ":all:") if src.wheel else ("--no-binary", src.name)
    return corpus.download(src, archives, pip_form=form)


def tree(src: Source, root: Path | None = None, *, check_pin: bool = True) -> Path:
    """Download (once), verify and unpack one source; return the directory to check."""
    root = root or cache_dir()
    archive = download(src, root / "archives")
    digest = corpus.sha256(archive)
    if check_pin and src.sha256 != digest:
        raise SystemExit(f"{archive}: sha256 {digest} does not match the pin {src.sha256!r}")
    dest = root / "tree" / src.registry / src.slug
    stamp = dest.with_name(dest.name + ".unpacked")
    if not (stamp.is_file() and stamp.read_text() == digest and dest.is_dir()):
        corpus.unpack(archive, dest)
        stamp.write_text(digest)
    inner = [p for p in dest.iterdir() if p.is_dir()]
    return inner[0] if len(inner) == 1 and len(list(dest.iterdir())) == 1 else dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update-pins", action="store_true",
                    help="download, print each archive's sha256, do not check the pins")
    args = ap.parse_args()
    for src in SOURCES:
        path = tree(src, check_pin=not args.update_pins)
        if args.update_pins:
            digest = corpus.sha256(download(src, cache_dir() / "archives"))
            print(f'    Source("{src.registry}", "{src.name}", "{src.version}", '
                  f'"{digest}", "{src.kind}"),')
        else:
            print(f"{src.registry}:{src.name}=={src.version} -> {path}")


if __name__ == "__main__":
    main()
