"""More file kinds: Dockerfile ENV/ARG, shell exports, Compose list-form environments, and
Python files in a PEP 263 encoding (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelmap.check.worker import read_text
from modelmap.scan import registry
from modelmap.scan.base import ScanContext
from modelmap.scan.config.scanner import scan_yaml
from modelmap.scan.config.shell_env import (
    dockerfile_pairs,
    scan_dockerfile,
    scan_shell,
    shell_pairs,
)

CTX = ScanContext(root="", strict=True)


@pytest.mark.parametrize(("name", "scanner"), [
    ("Dockerfile", "scan_dockerfile"), ("docker/Dockerfile.prod", "scan_dockerfile"),
    ("api.dockerfile", "scan_dockerfile"), ("Containerfile", "scan_dockerfile"),
    ("bin/run.sh", "scan_shell"), ("x.bash", "scan_shell"), ("x.zsh", "scan_shell"),
    (".envrc", "scan_env"), ("nb.ipynb", "scan_notebook"),
])
def test_registry_picks_the_new_kinds(name: str, scanner: str) -> None:
    assert registry.reads(name)
    found = registry.scanner_for(name)
    assert found is not None and found.__name__ == scanner


def test_dockerfile_pairs_cover_both_forms_and_continuations() -> None:
    text = ('FROM x\nARG OPENAI_MODEL=gpt-4o\nARG NO_DEFAULT\n'
            'ENV A="1 2" \\\n    OPENAI_MODEL_2=\'o3\' C=${D}\n'
            'env LEGACY_MODEL gpt-4.1\nRUN export X_MODEL=ignored-here\n'
            'ENV MODEL=${OPENAI_MODEL:-gpt-5.5}\n')
    got = [(k, v, text[o:o + len(v)]) for k, v, o in dockerfile_pairs(text)]
    assert got == [("OPENAI_MODEL", "gpt-4o", "gpt-4o"), ("A", "1 2", "1 2"),
                   ("OPENAI_MODEL_2", "o3", "o3"), ("LEGACY_MODEL", "gpt-4.1", "gpt-4.1"),
                   ("OPENAI_MODEL", "gpt-5.5", "gpt-5.5")]


def test_shell_pairs() -> None:
    text = ('export OPENAI_MODEL=gpt-4o\ndeclare -x B_MODEL="o3"\nC_MODEL=gpt-4.1 python a.py\n'
            'cd x && D_MODEL=o1 ./run\nlocal E=${OPENAI_MODEL:=gpt-5.5}\n'
            'curl -d model=gpt-4 https://x\nF=$G\necho "H_MODEL=not-an-assignment"\n')
    got = [(k, v) for k, v, _ in shell_pairs(text)]
    assert got == [("OPENAI_MODEL", "gpt-4o"), ("B_MODEL", "o3"), ("C_MODEL", "gpt-4.1"),
                   ("D_MODEL", "o1"), ("OPENAI_MODEL", "gpt-5.5")]


def test_dockerfile_and_shell_need_an_openai_context_and_skip_other_vendors() -> None:
    assert scan_dockerfile("Dockerfile", "ENV MODEL=gpt-4-32k\n", CTX).calls == ()
    calls = scan_dockerfile("Dockerfile", "ENV OPENAI_MODEL=gpt-4-32k\n"
                            "ENV ANTHROPIC_MODEL=claude\n", CTX).calls
    assert [(c.model, c.location.line, c.location.column) for c in calls if c.location] == [
        ("gpt-4-32k", 1, 18)]
    calls = scan_shell("a.sh", "export OPENAI_BASE_URL=https://openrouter.ai/api/v1\n"
                       "export OPENAI_MODEL=gpt-4-32k\n", CTX).calls
    assert [c.provider for c in calls] == ["openrouter"]


def test_compose_list_environment_reads_like_the_mapping_form() -> None:
    text = ("services:\n  a:\n    environment:\n      - OPENAI_MODEL=gpt-4o\n"
            "      - 'OPENAI_EMBEDDING_MODEL=text-embedding-3-small'\n"
            '  b:\n    environment: ["OPENAI_MODEL=o3", "PLAIN"]\n'
            "  c:\n    environment:\n      OPENAI_MODEL: gpt-4.1\n")
    got = [(c.model, c.origin, c.model_span) for c in scan_yaml("compose.yaml", text, CTX).calls]
    assert [(m, o) for m, o, _ in got] == [
        ("gpt-4o", "services.a.environment.OPENAI_MODEL"),
        ("text-embedding-3-small", "services.a.environment.OPENAI_EMBEDDING_MODEL"),
        ("o3", "services.b.environment.OPENAI_MODEL"),
        ("gpt-4.1", "services.c.environment.OPENAI_MODEL")]
    lines = text.split("\n")
    for model, _, span in got:
        assert span is not None
        assert lines[span.line - 1][span.column - 1:span.end_column - 1] == model


@pytest.mark.parametrize(("data", "text", "note"), [
    (b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n", "# -*- coding: latin-1 -*-\nx = 'café'\n",
     None),
    (b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n",
     "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '€'\n", None),
    (b"x = 'caf\xe9'\n", None, "not UTF-8 text (byte 8)"),
    (b"\n\n# coding: latin-1\nx = 'caf\xe9'\n", None, "not UTF-8 text (byte 28)"),
    (b"# coding: no-such-codec\nx = '\xe9'\n", None, "not UTF-8 text (byte 29)"),
])
def test_python_files_decode_per_pep_263(tmp_path: Path, data: bytes, text: str | None,
                                         note: str | None) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(data)
    assert read_text(path)[1:] == (text, note)
    other = tmp_path / "m.txt.yaml"
    other.write_bytes(data)
    assert read_text(other)[1] is None  # only Python files have coding lines


def test_fix_keeps_a_pep_263_file_in_its_encoding(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from modelmap.cli import main

    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    before = ("# -*- coding: latin-1 -*-\n# Résumé café\nfrom openai import OpenAI\n"
              "client = OpenAI()\n"
              'r = client.images.generate(model="GPT Image 2", prompt="crème")\n')
    path = tmp_path / "r" / "app.py"
    path.parent.mkdir()
    path.write_bytes(before.encode("latin-1"))
    assert main(["check", str(path.parent), "--as-of", "2026-11-21", "--fix"]) == 0
    assert path.read_bytes() == before.replace("GPT Image 2", "gpt-image-2").encode("latin-1")


def test_diff_of_a_pep_263_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    from modelmap.cli import main

    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "r" / "app.py"
    path.parent.mkdir()
    data = ("# -*- coding: latin-1 -*-\n# café\nfrom openai import OpenAI\nclient = OpenAI()\n"
            'r = client.images.generate(model="GPT Image 2", prompt="x")\n').encode("latin-1")
    path.write_bytes(data)
    main(["check", str(path.parent), "--as-of", "2026-11-21", "--diff"])
    out = capsys.readouterr().out
    assert '-r = client.images.generate(model="GPT Image 2", prompt="x")' in out
    assert '+r = client.images.generate(model="gpt-image-2", prompt="x")' in out
    assert path.read_bytes() == data  # --diff writes nothing
