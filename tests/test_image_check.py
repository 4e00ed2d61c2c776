"""`modelmap image check`: real PNG/JPEG/WebP files made with Pillow, responses built with the
openai package's own types, and real C2PA manifests signed in set-up (tests/c2pa_signing.py)."""

from __future__ import annotations

import base64
import io
import json
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openai.types import ImagesResponse
from openai.types.responses import Response
from PIL import Image

from modelmap.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from c2pa_signing import SigningKit, make_signer, sign

GEN = ["image", "check", "images.generate"]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")


@pytest.fixture(scope="module")
def signer() -> SigningKit:
    return make_signer()


def picture(size: tuple[int, int], fmt: str = "PNG", *, alpha: bool = False,
            quality: int = 95, lossless: bool = False) -> bytes:
    """A real image with smooth detail (three gradients): cheap to encode and sign."""
    w, h = size
    base = Image.merge("RGB", (Image.linear_gradient("L").resize((w, h)),
                               Image.radial_gradient("L").resize((w, h)),
                               Image.linear_gradient("L").rotate(90).resize((w, h))))
    im: Image.Image = base
    if alpha:
        mask = Image.new("L", (w, h), 0)
        mask.paste(255, (w // 4, h // 4, 3 * w // 4, 3 * h // 4))
        im = base.convert("RGBA")
        im.putalpha(mask)
    out = io.BytesIO()
    if fmt == "JPEG":
        im.save(out, fmt, quality=quality)
    elif fmt == "WEBP":
        im.save(out, fmt, quality=quality, lossless=lossless)
    else:
        im.save(out, fmt)
    return out.getvalue()


Run = Callable[..., dict[str, Any]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*argv: str, code: int | None = None) -> dict[str, Any]:
        rc = main([*GEN, *argv, "--json"]) if argv[0] != "image" else main([*argv, "--json"])
        out = json.loads(capsys.readouterr().out)
        if code is not None:
            assert rc == code
        out["rc"] = rc
        return out
    return go


def codes(report: dict[str, Any]) -> list[str]:
    found = [f["rule"] for f in report["set_findings"]]
    for img in report["images"]:
        found += [f["rule"] for f in img["findings"]]
    return sorted(found)


def write(tmp: Path, name: str, data: bytes) -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


def test_clean_signed_png_passes(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    f = write(tmp_path, "ok.png", sign(signer, picture((1024, 1536)), "PNG"))
    report = run("model=gpt-image-2", "size=1024x1536", f, code=0)
    assert codes(report) == [] and report["outcome"] == "accepted"
    img = report["images"][0]
    assert (img["format"], img["size"], img["provenance"]["state"]) == \
        ("png", "1024x1536", "present")
    assert "Valid" in img["provenance"]["detail"]
    assert any("Text in the image" in s for s in report["not_checked"])


def test_format_mismatch_mm801(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    f = write(tmp_path, "out.png", sign(signer, picture((1024, 1024), "JPEG"), "JPEG"))
    report = run("model=gpt-image-2", "size=1024x1024", f, code=1)
    assert codes(report) == ["MM801", "MM809"]  # q95 is within 10 of the default 100
    assert report["images"][0]["format"] == "jpeg"  # the extension says png; the bytes do not
    msg = report["images"][0]["findings"][1]["message"]
    assert "format jpeg instead of png" in msg


def test_size_mismatch_and_resize_mm802_mm809(tmp_path: Path, run: Run) -> None:
    f = write(tmp_path, "thumb.png", picture((768, 512)))
    report = run("model=gpt-image-2", "size=1536x1024", f, code=1)
    assert codes(report) == ["MM802", "MM806", "MM809"]
    msgs = {x["rule"]: x["message"] for x in report["images"][0]["findings"]}
    assert "same aspect ratio" in msgs["MM802"] and "resized from 1536x1024" in msgs["MM809"]
    other = write(tmp_path, "crop.png", picture((1024, 1024)))
    report = run("model=gpt-image-2", "size=1536x1024", other, code=1)
    assert "MM809" not in codes(report) and "MM802" in codes(report)


@pytest.mark.parametrize(("model", "size", "bad"), [
    ("gpt-image-1.5", (1024, 1024), None), ("gpt-image-1.5", (1024, 1536), None),
    ("gpt-image-1.5", (1000, 1000), "error"), ("gpt-image-2", (1536, 864), None),
    ("gpt-image-2", (1000, 1000), "warning"), ("gpt-image-2", (4096, 1024), "warning"),
])
def test_auto_size_must_be_allowed(tmp_path: Path, run: Run, signer: SigningKit, model: str,
                                   size: tuple[int, int], bad: str | None) -> None:
    """Fixed-size models must return one of their sizes; flexible-size models' auto outputs
    may break the explicit-size limits (a warning)."""
    f = write(tmp_path, "auto.png", sign(signer, picture(size), "PNG"))
    report = run(f"model={model}", "size=auto", f, "--as-of", "2026-11-21")
    found = [(x["rule"], x["severity"]) for x in report["images"][0]["findings"]]
    assert found == ([("MM802", bad)] if bad else [])
    every = [*report["request_findings"], *report["set_findings"],
             *report["images"][0]["findings"]]
    # like check and validate: a warning anywhere (MM802 here, or MM402 for a deprecated
    # model) fails at the default --fail-on warning
    assert report["rc"] == (1 if any(x["severity"] != "info" for x in every) else 0)


def test_transparency(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    model = "model=gpt-image-2.5-flare-2026-09-08"
    cut = write(tmp_path, "cut.png", sign(signer, picture((1024, 1024), alpha=True), "PNG"))
    flat = write(tmp_path, "flat.png", sign(signer, picture((1024, 1024)), "PNG"))
    opaque_rgba = Image.open(io.BytesIO(picture((1024, 1024)))).convert("RGBA")
    buf = io.BytesIO()
    opaque_rgba.save(buf, "PNG")
    full = write(tmp_path, "full.png", sign(signer, buf.getvalue(), "PNG"))
    assert codes(run(model, "background=transparent", cut, code=0)) == []
    report = run(model, "background=transparent", flat, code=1)
    assert codes(report) == ["MM803"] and report["transparency"] == "supported"
    report = run(model, "background=transparent", full, code=1)
    assert codes(report) == ["MM803"]  # alpha channel, no transparent pixel: a warning
    assert report["outcome"] == "accepted"  # a warning fails the run, it does not block
    assert run(model, "background=transparent", full, "--fail-on", "error")["rc"] == 0
    assert report["images"][0]["findings"][0]["severity"] == "warning"
    jpg = write(tmp_path, "t.jpg", sign(signer, picture((1024, 1024), "JPEG", quality=100),
                                        "JPEG"))
    report = run(model, "background=transparent", "output_format=jpeg", jpg)
    assert codes(report) == ["MM804"]


def test_transparency_support_follows_the_date(tmp_path: Path, run: Run,
                                               signer: SigningKit) -> None:
    flat = write(tmp_path, "flat.png", sign(signer, picture((1024, 1024)), "PNG"))
    before = run("model=gpt-image-2", "background=transparent", flat, "--as-of", "2026-06-01")
    assert before["transparency"] == "unsupported" and codes(before) == ["MM804"]
    preview = run("model=gpt-image-2", "background=transparent", flat, "--as-of", "2026-09-01")
    assert preview["transparency"] == "preview" and codes(preview) == ["MM803"]
    assert preview["images"][0]["findings"][0]["severity"] == "warning"


def test_jpeg_compression_mm805(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    good = write(tmp_path, "q90.jpg", sign(signer, picture((1024, 1024), "JPEG", quality=90),
                                           "JPEG"))
    bad = write(tmp_path, "q60.jpg", sign(signer, picture((1024, 1024), "JPEG", quality=60),
                                          "JPEG"))
    args = ("model=gpt-image-2", "output_format=jpeg", "output_compression=90")
    ok = run(*args, good, code=0)
    assert codes(ok) == [] and ok["images"][0]["jpeg_quality"] == 90
    report = run(*args, bad, code=1)
    assert codes(report) == ["MM805", "MM809"] and report["images"][0]["jpeg_quality"] == 60


def test_webp_encoding_reported_not_judged(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    lossy = write(tmp_path, "a.webp", sign(signer, picture((1024, 1024), "WEBP"), "WEBP"))
    lossless = write(tmp_path, "b.webp", picture((1024, 1024), "WEBP", lossless=True))
    report = run("model=gpt-image-2", "output_format=webp", "n=2", lossy, lossless, code=1)
    assert [i["webp_encoding"] for i in report["images"]] == ["lossy", "lossless"]
    assert codes(report) == ["MM806"]  # only the unsigned one
    assert any("WebP quality" in s for s in report["not_checked"])


def test_provenance_removed_by_edit_mm807(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    src_bytes = sign(signer, picture((1024, 1024)), "PNG")
    src = write(tmp_path, "src.png", src_bytes)
    stripped = write(tmp_path, "edited.png", picture((1024, 1024)))
    kept = write(tmp_path, "kept.png", sign(signer, picture((1024, 1024)), "PNG",
                                            action="c2pa.edited",
                                            ingredient=("src.png", src_bytes)))
    orphan = write(tmp_path, "orphan.png", sign(signer, picture((1024, 1024)), "PNG"))
    edit = ["image", "check", "images.edit", "model=gpt-image-2", "--source", src]
    assert codes(run(*edit, stripped, code=1)) == ["MM806", "MM807"]
    report = run(*edit, kept, code=0)
    assert codes(report) == [] and report["images"][0]["provenance"]["ingredients"] == \
        ["src.png"]
    report = run(*edit, orphan, code=0)
    assert [(f["rule"], f["severity"]) for f in report["images"][0]["findings"]] == \
        [("MM807", "info")]


def _images_response(images: list[bytes], **fields: Any) -> str:
    body = ImagesResponse.model_validate({
        "created": 1763683200, "data": [{"b64_json": base64.b64encode(b).decode()}
                                        for b in images], **fields})
    return body.model_dump_json(exclude_none=True)


USAGE = {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210,
         "input_tokens_details": {"text_tokens": 40, "image_tokens": 10},
         "output_tokens_details": {"image_tokens": 4160, "text_tokens": 0}}


def test_images_api_response_and_count_mm808(tmp_path: Path, run: Run,
                                             signer: SigningKit) -> None:
    one = sign(signer, picture((1024, 1024)), "PNG")
    path = tmp_path / "resp.json"
    path.write_text(_images_response([one, one], size="1024x1024", quality="high",
                                     output_format="png", usage=USAGE))
    report = run("model=gpt-image-2", "n=2", "size=1024x1024", str(path), code=0)
    assert codes(report) == [] and report["received"] == 2
    assert report["usage"]["output_tokens_details"]["image_tokens"] == 4160
    assert [i["origin"] for i in report["images"]] == ["response", "response"]
    report = run("model=gpt-image-2", "n=3", "size=1024x1024", str(path), code=1)
    assert codes(report) == ["MM808"]


def test_responses_api_image_generation_call(tmp_path: Path, run: Run,
                                             signer: SigningKit) -> None:
    img = sign(signer, picture((1536, 1024)), "PNG")
    body = Response.model_validate({
        "id": "resp_1", "object": "response", "created_at": 1763683200, "model": "gpt-5.5",
        "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
        "output": [{"type": "image_generation_call", "id": "ig_1", "status": "completed",
                    "result": base64.b64encode(img).decode(), "size": "1536x1024",
                    "output_format": "png"}]})
    path = tmp_path / "responses.json"
    path.write_text(body.model_dump_json())
    req = tmp_path / "req.json"
    req.write_text(json.dumps({"model": "gpt-5.5", "input": "a lighthouse", "tools": [
        {"type": "image_generation", "model": "gpt-image-2", "size": "1536x1024"}]}))
    report = run("image", "check", "--request", str(req), "--path", "/v1/responses",
                 str(path), code=0)
    assert codes(report) == [] and report["images"][0]["size"] == "1536x1024"
    assert report["call"]["model"] == "gpt-5.5"
    req.write_text(json.dumps({"model": "gpt-5.5", "input": "x", "tools": [
        {"type": "image_generation", "model": "gpt-image-2", "size": "1024x1024"}]}))
    report = run("image", "check", "--request", str(req), "--path", "/v1/responses",
                 str(path), code=1)
    assert codes(report) == ["MM802"]


def test_urls_are_out_of_scope(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "urls.json"
    path.write_text(ImagesResponse.model_validate(
        {"created": 1, "data": [{"url": "https://example.invalid/a.png"}]}).model_dump_json())
    report = run("model=gpt-image-2", str(path))
    assert report["received"] == 1 and report["images"] == []
    assert any("URLs: out of scope" in s for s in report["not_checked"])


def test_folder_of_outputs(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    (tmp_path / "a.png").write_bytes(sign(signer, picture((1024, 1024)), "PNG"))
    (tmp_path / "b.png").write_bytes(sign(signer, picture((1024, 1024)), "PNG"))
    (tmp_path / "notes.txt").write_text("ignored")
    report = run("model=gpt-image-2", "n=2", "size=1024x1024", str(tmp_path), code=0)
    assert [Path(i["name"]).name for i in report["images"]] == ["a.png", "b.png"]


def test_request_file(tmp_path: Path, run: Run, signer: SigningKit) -> None:
    req = tmp_path / "req.json"
    req.write_text(json.dumps({"model": "gpt-image-2", "size": "1024x1536", "prompt": "x"}))
    f = write(tmp_path, "o.png", sign(signer, picture((1024, 1024)), "PNG"))
    report = run("image", "check", "--request", str(req), f, code=1)
    assert report["call"]["endpoint"] == "images.generate" and codes(report) == ["MM802"]


@pytest.mark.parametrize(("argv", "needle"), [
    (["model=gpt-image-2", "missing.png"], "missing.png: no such file or folder"),
    (["model=gpt-image-2"], "give at least one OUTPUT"),
    (["model=gpt-image-2", "{bad}"], "bad.png: not an image: the content is not PNG"),
    (["model=gpt-image-2", "{json}"], "not valid JSON"),
    (["model=gpt-image-2", "{shape}"], "expected an Images API response"),
    (["model=gpt-image-2", "{b64}"], "field 'b64_json' is not valid base64"),
    (["model=gpt-image-2", "{bad}", "--retries", "-1"], "--retries must be 0 or more"),
    (["model=gpt-image-2", "nope.create"], "nope.create: no such file or folder"),
])
def test_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      argv: list[str], needle: str) -> None:
    (tmp_path / "bad.png").write_bytes(b"not an image")
    (tmp_path / "j.json").write_text("{nope")
    (tmp_path / "s.json").write_text('{"id": 1}')
    (tmp_path / "b.json").write_text('{"data": [{"b64_json": "!!!"}]}')
    names = {"{bad}": "bad.png", "{json}": "j.json", "{shape}": "s.json", "{b64}": "b.json"}
    argv = [str(tmp_path / names[a]) if a in names else a for a in argv]
    argv = [a if a != "missing.png" else str(tmp_path / a) for a in argv]
    assert main([*GEN, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelmap: error: ") and err.count("\n") == 1 and needle in err


def test_image_without_subcommand_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["image"]) == 2
    assert "check" in capsys.readouterr().out


def test_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path, "thumb.png", picture((512, 768)))
    assert main([*GEN, "model=gpt-image-2", "size=1024x1536", f]) == 1
    out = capsys.readouterr().out
    assert "blocked (1 image received, n=1 requested)" in out
    assert "error: MM802 [image-size-mismatch]" in out and "not checked (manual steps):" in out


def test_text_report_counts_and_a_missing_model(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh-eyes trial read "blocked (2 of 1 image(s))" and "model=None"."""
    a = write(tmp_path, "a.png", picture((1024, 1024)))
    b = write(tmp_path, "b.png", picture((1024, 1024)))
    main([*GEN, "model=gpt-image-2", "size=1024x1024", a, b])
    assert "(2 images received, n=1 requested)" in capsys.readouterr().out
    main([*GEN, a])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("images.generate no model given as of ") and "None" not in first



def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, whole chunk) pairs of a PNG: the test's own splice tool, not a C2PA parser."""
    out, i = [], 8
    while i < len(data):
        (length,) = struct.unpack(">I", data[i:i + 4])
        out.append((data[i + 4:i + 8], data[i:i + 12 + length]))
        i += 12 + length
    return out


def test_pixels_changed_after_signing_mm806(tmp_path: Path, run: Run,
                                            signer: SigningKit) -> None:
    """The signed file's pixel data (IDAT) swapped for another image's: the manifest stays,
    its data hash no longer matches."""
    signed = _png_chunks(sign(signer, picture((1024, 1024)), "PNG"))
    flat = io.BytesIO()
    Image.new("RGB", (1024, 1024), (250, 10, 10)).save(flat, "PNG")
    pixels = b"".join(c for t, c in _png_chunks(flat.getvalue()) if t == b"IDAT")
    first = next(i for i, (t, _) in enumerate(signed) if t == b"IDAT")
    spliced = b"\x89PNG\r\n\x1a\n" + b"".join(c for _, c in signed[:first]) + pixels + \
        b"".join(c for t, c in signed[first:] if t != b"IDAT")
    f = write(tmp_path, "touched.png", spliced)
    report = run("model=gpt-image-2", "size=1024x1024", f, code=1)
    img = report["images"][0]
    assert img["provenance"]["state"] == "present"
    assert codes(report) == ["MM806", "MM809"]
    assert "assertion.dataHash.mismatch" in img["findings"][0]["message"]
