"""What one image file is, measured: format, size, alpha, JPEG quality, metadata, C2PA.

Pillow reads pixels and formats; the c2pa library (c2pa-python) reads provenance manifests.
Both are imported lazily, on the first image inspected.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

# libjpeg's standard luminance quantization table (quality 50), in natural (row) order.
_STD_LUMA = (
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
)
_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
FORMAT_NAMES = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp", "GIF": "gif"}
"""Pillow format -> the API's output_format value."""


@dataclass(frozen=True)
class Provenance:
    """The C2PA reading of one file."""

    state: str
    """present | absent | unreadable | not-checked."""
    detail: str = ""
    """Signer / generator, validation state, or why it could not be read."""
    ingredients: tuple[str, ...] = ()
    """Titles of the ingredients the active manifest lists (sources of an edit)."""
    actions: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    """Validation failure codes when the manifest does not validate (e.g.
    assertion.dataHash.mismatch: the content changed after signing). An untrusted signer is
    not a failure here: trust lists are the reader's choice."""


@dataclass(frozen=True)
class ImageFacts:
    """Measured facts about one image."""

    name: str
    format: str
    """png | jpeg | webp | gif, or the Pillow format name lower-cased."""
    width: int
    height: int
    mode: str
    has_alpha: bool
    """The image has an alpha channel (RGBA, LA, PA, or a transparency entry)."""
    uses_alpha: bool
    """Some pixel is not fully opaque."""
    jpeg_quality: int | None
    """Estimated from the luminance quantization table (JPEG only)."""
    webp_encoding: str | None
    """lossy | lossless | None (WebP only)."""
    metadata: tuple[str, ...]
    """Metadata kinds found: exif, xmp, icc, text chunks, c2pa."""
    provenance: Provenance = field(default_factory=lambda: Provenance("not-checked"))

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}"


class NotAnImage(ValueError):
    """The bytes are not an image Pillow can read."""


def _plain(exc: Exception) -> str:
    """Pillow's reason without the in-memory object it names (`<_io.BytesIO object at 0x…>`)."""
    text = re.sub(r"\s*<[^<>]* object at 0x[0-9a-fA-F]+>", "", str(exc)).strip(" :")
    return text or type(exc).__name__


def inspect_bytes(name: str, data: bytes, *, provenance: bool = True) -> ImageFacts:
    """Measure one image; NotAnImage when Pillow cannot identify it."""
    from PIL import Image, UnidentifiedImageError

    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except UnidentifiedImageError:
        raise NotAnImage(f"{name}: not an image: the content is not PNG, JPEG, WebP or another "
                         "format Pillow reads") from None
    except Image.DecompressionBombError:
        raise NotAnImage(f"{name}: not readable: too many pixels to open safely") from None
    except (OSError, ValueError) as exc:
        raise NotAnImage(f"{name}: not a readable image: damaged or truncated data "
                         f"({_plain(exc)})") from None
    fmt = im.format or "?"
    has_alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    uses_alpha = False
    if has_alpha:
        alpha = im.convert("RGBA").getchannel("A")
        extrema: Any = alpha.getextrema()
        uses_alpha = int(extrema[0]) < 255
    meta = _metadata(im)
    prov = read_provenance(data, _MIME.get(fmt)) if provenance else Provenance("not-checked")
    if prov.state == "present":
        meta = (*meta, "c2pa")
    return ImageFacts(
        name=name, format=FORMAT_NAMES.get(fmt, fmt.lower()), width=im.width, height=im.height,
        mode=im.mode, has_alpha=has_alpha, uses_alpha=uses_alpha,
        jpeg_quality=jpeg_quality(im) if fmt == "JPEG" else None,
        webp_encoding=_webp_encoding(data) if fmt == "WEBP" else None,
        metadata=meta, provenance=prov,
    )


def _metadata(im: Any) -> tuple[str, ...]:
    found = []
    info = im.info
    if info.get("exif") or (hasattr(im, "getexif") and len(im.getexif())):
        found.append("exif")
    if info.get("xmp") or info.get("XML:com.adobe.xmp"):
        found.append("xmp")
    if info.get("icc_profile"):
        found.append("icc")
    text = getattr(im, "text", None)
    if isinstance(text, dict) and any(k != "XML:com.adobe.xmp" for k in text):
        found.append("text")
    return tuple(found)


def jpeg_quality(im: Any) -> int | None:
    """The libjpeg quality (1-100) whose scaled standard table best fits the file's luminance
    table: the scaling libjpeg uses, searched over every quality (exact for files it wrote,
    close for other encoders)."""
    tables = getattr(im, "quantization", None)
    if not tables or 0 not in tables:
        return None
    table = list(tables[0])
    if len(table) != 64:
        return None
    # Pillow gives the table in natural (row) order, like _STD_LUMA.
    best_q, best_err = None, None
    for q in range(1, 101):
        scale = 5000 // q if q < 50 else 200 - 2 * q
        want = [min(max((v * scale + 50) // 100, 1), 255) for v in _STD_LUMA]
        err = sum(abs(a - b) for a, b in zip(table, want, strict=True))
        if best_err is None or err < best_err:
            best_q, best_err = q, err
    return best_q


def _webp_encoding(data: bytes) -> str | None:
    chunk = data[12:16]
    if chunk == b"VP8L":
        return "lossless"
    if chunk == b"VP8 ":
        return "lossy"
    if chunk == b"VP8X":  # extended: look for the image chunk
        return "lossless" if b"VP8L" in data[:4096] else "lossy"
    return None


def read_provenance(data: bytes, mime: str | None) -> Provenance:
    """Read the C2PA manifest store with c2pa-python; absent when there is none."""
    if mime is None:
        return Provenance("not-checked", "format not supported by the C2PA reader")
    try:
        import c2pa
    except ImportError as exc:  # pragma: no cover - c2pa-python is a dependency
        return Provenance("not-checked", f"c2pa-python is not installed ({exc})")
    try:
        with c2pa.Reader(mime, io.BytesIO(data)) as reader:
            store = json.loads(reader.json())
    except Exception as exc:  # the library raises its own C2paError subclasses
        text = str(exc)
        if "ManifestNotFound" in type(exc).__name__ or "no JUMBF" in text:
            return Provenance("absent")
        return Provenance("unreadable", text.splitlines()[0][:200] if text else type(exc).__name__)
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    generator = ", ".join(g.get("name", "?") for g in active.get("claim_generator_info", []))
    signer = (active.get("signature_info") or {}).get("issuer", "")
    state = store.get("validation_state", "")
    failures: tuple[str, ...] = ()
    if state == "Invalid":
        failures = tuple(str(x.get("code", "")) for x in store.get("validation_status", [])
                         if isinstance(x, dict) and x.get("code") != "signingCredential.untrusted")
    ingredients = tuple(str(i.get("title", "")) for i in active.get("ingredients", []))
    actions = tuple(str(a.get("action", "")) for ass in active.get("assertions", [])
                    if str(ass.get("label", "")).startswith("c2pa.actions")
                    for a in (ass.get("data") or {}).get("actions", []))
    detail = "; ".join(x for x in (f"generator {generator}" if generator else "",
                                   f"signed by {signer}" if signer else "",
                                   f"validation {state}" if state else "") if x)
    return Provenance("present", detail, ingredients, actions, failures)
