"""The MM8xx checks: what came back from an image call against what the request asked for.

`check_outputs(catalog, call, as_of, outputs, sources)` is pure apart from decoding the bytes it
is given. Date-dependent facts (which sizes a model allows for `size=auto`, whether it supports
transparent backgrounds) are asked of `modelmap.validate` with the catalog and `as_of`, so the
answers are the same the request checks give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from modelmap.catalog.model import Catalog
from modelmap.findings import Finding, Severity
from modelmap.image.inputs import Collected
from modelmap.image.inspect import ImageFacts
from modelmap.rules import finding
from modelmap.validate import Call, validate

COMPRESSION_TOLERANCE = 10
"""Allowed gap between the estimated JPEG quality and output_compression."""
NO_ALPHA_FORMATS = frozenset({"jpeg"})

MANUAL_STEPS = (
    "Text in the image (spelling, numbers, dates, names, units, small print): not checked; "
    "it needs a person (a native reader for localized text).",
    "Content policy and brand fit: not checked; review before publishing.",
)


@dataclass(frozen=True)
class ImageResult:
    facts: ImageFacts
    origin: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Report:
    """Everything `modelmap image check` says about one generation."""

    call: Call
    as_of: dt.date
    request_findings: tuple[Finding, ...]
    images: tuple[ImageResult, ...]
    set_findings: tuple[Finding, ...]
    not_checked: tuple[str, ...]
    received: int
    requested: int
    transparency: str
    """supported | preview | unsupported | not requested."""
    usage: dict[str, Any] | None = field(default=None)
    reported: dict[str, Any] = field(default_factory=dict)
    """size, quality, output_format, background as the (first) response reports them."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (*self.set_findings, *(f for r in self.images for f in r.findings))

    @property
    def outcome(self) -> str:
        """accepted (no error about the outputs) | blocked."""
        bad = any(f.severity is Severity.ERROR for f in self.findings)
        return "blocked" if bad or self.received == 0 else "accepted"


def _size(text: object) -> tuple[int, int] | None:
    if not isinstance(text, str) or "x" not in text:
        return None
    w, _, h = text.partition("x")
    return (int(w), int(h)) if w.isdigit() and h.isdigit() else None


def size_allowed(catalog: Catalog, call: Call, size: str, as_of: dt.date) -> bool:
    """Whether the model accepts `size` on `as_of` (no MM301 finding for it)."""
    probe = Call(endpoint=call.endpoint, model=call.model, params={"size": size},
                 base_url=call.base_url, via="cli")
    return not any(f.rule == "MM301" for f in validate(catalog, probe, as_of))


def flexible_sizes(catalog: Catalog, model_id: str | None) -> bool:
    """Whether the model's size rule in params.toml is `size_flex` (any WIDTHxHEIGHT within
    limits) rather than a fixed list. `size=auto` outputs of such models may fall outside the
    limits that explicit sizes must meet, so a miss there is a warning."""
    from modelmap.validate.data import rule_data

    if model_id is None:
        return False
    data = rule_data(catalog)
    key, seen = None, set()
    model = catalog.models.get(model_id)
    while model is not None and key is None and model.id not in seen:
        key = data.family_of.get(model.id)
        seen.add(model.id)
        model = catalog.models.get(model.base) if model.base else None
    fam = data.families.get(key or data.family_of.get(model_id, ""))
    if fam is None:
        return False
    for rule in data.rules:
        if rule.check in ("size_flex", "size_fixed") and any(
                m == fam.key or (m.startswith("trait:") and m[6:] in fam.traits)
                for m in rule.match):
            return rule.check == "size_flex"
    return False


def transparency_support(catalog: Catalog, call: Call, as_of: dt.date) -> str:
    """supported | preview | unsupported, from the MM307 verdict on a transparent PNG."""
    probe = Call(endpoint=call.endpoint, model=call.model,
                 params={"background": "transparent", "output_format": "png"},
                 base_url=call.base_url, via="cli")
    found = [f for f in validate(catalog, probe, as_of) if f.rule == "MM307"]
    if any(f.severity is Severity.ERROR for f in found):
        return "unsupported"
    return "preview" if found else "supported"


def check_outputs(catalog: Catalog, call: Call, as_of: dt.date, collected: Collected,
                  facts: Sequence[ImageFacts], sources: Sequence[ImageFacts] = ()) -> Report:
    """Check each decoded output (facts[i] measures collected.outputs[i])."""
    p = call.params
    want_format = str(p.get("output_format") or "png")
    want_size = p.get("size") or "auto"
    background = p.get("background")
    compression = p.get("output_compression")
    # API defaults (openai types/image_generate_params.py): png, n=1, output_compression 100.
    want_quality = 100 if compression is None else compression
    transparency = "not requested"
    if background == "transparent":
        transparency = transparency_support(catalog, call, as_of)
    results = []
    for out, f in zip(collected.outputs, facts, strict=True):
        found = _per_image(catalog, call, as_of, f, out.origin, want_format, want_size,
                           background, transparency, want_quality, sources)
        results.append(ImageResult(f, out.origin, tuple(found)))
    requested = p.get("n", 1)
    requested = requested if isinstance(requested, int) and not isinstance(requested, bool) else 1
    set_findings = []
    if collected.responses:
        for r in collected.responses:
            got = r.images + r.urls
            if got != requested:
                set_findings.append(finding("MM808", f"{r.name}: {got} image(s) received, "
                                                     f"n={requested} requested"))
    elif len(facts) != requested:
        set_findings.append(finding("MM808", f"{len(facts)} image file(s) given, "
                                             f"n={requested} requested"))
    not_checked = list(MANUAL_STEPS)
    urls = sum(r.urls for r in collected.responses)
    if urls:
        not_checked.append(f"{urls} image(s) given as URLs: out of scope (not fetched); save "
                           f"the b64_json bytes to check them.")
    if any(f.format == "webp" for f in facts):
        not_checked.append("WebP quality: not recoverable from the file (encoding reported).")
    usage = _sum_usage([r.usage for r in collected.responses if r.usage])
    req = tuple(validate(catalog, call, as_of))
    reported = dict(collected.responses[0].fields) if collected.responses else {}
    return Report(call, as_of, req, tuple(results), tuple(set_findings), tuple(not_checked),
                  received=len(facts) + urls, requested=requested, transparency=transparency,
                  usage=usage, reported=reported)


def _per_image(catalog: Catalog, call: Call, as_of: dt.date, f: ImageFacts, origin: str,
               want_format: str, want_size: object, background: object, transparency: str,
               want_quality: object, sources: Sequence[ImageFacts]) -> list[Finding]:
    out: list[Finding] = []
    n = f.name
    evidence: list[str] = []
    if f.format != want_format:
        out.append(finding("MM801", f"{n}: the file is {f.format}, the request asked for "
                                    f"{want_format}"))
        evidence.append(f"format {f.format} instead of {want_format}")
    wanted = _size(want_size)
    if wanted is not None and (f.width, f.height) != wanted:
        ratio = wanted[0] / wanted[1]
        same_ratio = abs(f.width / f.height - ratio) <= 0.01 * ratio
        hint = " (same aspect ratio: resized)" if same_ratio else ""
        out.append(finding("MM802", f"{n}: {f.size}, the request asked for {want_size}{hint}"))
        if same_ratio:
            evidence.append(f"resized from {want_size} to {f.size}")
    elif wanted is None and call.model and not size_allowed(catalog, call, f.size, as_of):
        flex = flexible_sizes(catalog, call.model)
        note = "; auto outputs may fall outside the explicit-size limits" if flex else ""
        out.append(finding("MM802", f"{n}: {f.size} is not a size {call.model} allows as of "
                                    f"{as_of} (size={want_size}){note}",
                           severity=Severity.WARNING if flex else None))
    if background == "transparent":
        if want_format in NO_ALPHA_FORMATS or f.format in NO_ALPHA_FORMATS:
            fmt = f.format if f.format in NO_ALPHA_FORMATS else want_format
            out.append(finding("MM804", f"{n}: transparent background asked, but {fmt} has no "
                                        f"alpha channel: use png/webp, or composite"))
        elif transparency == "unsupported":
            out.append(finding("MM804", f"{n}: {call.model} does not support transparent "
                                        f"backgrounds as of {as_of}: plan a compositing step"))
        elif not f.has_alpha or not f.uses_alpha:
            sev = Severity.WARNING if transparency == "preview" or f.has_alpha else None
            what = "no alpha channel" if not f.has_alpha else \
                "an alpha channel but no transparent pixel"
            out.append(finding("MM803", f"{n}: transparent background asked, the image has "
                                        f"{what}", severity=sev))
    if f.jpeg_quality is not None and isinstance(want_quality, int) and \
            abs(f.jpeg_quality - want_quality) > COMPRESSION_TOLERANCE:
        out.append(finding("MM805", f"{n}: estimated JPEG quality {f.jpeg_quality}, "
                                    f"output_compression {want_quality} requested"))
        evidence.append(f"JPEG quality {f.jpeg_quality} instead of {want_quality}")
    if f.provenance.state == "absent":
        out.append(finding("MM806", f"{n}: no C2PA manifest"))
    elif f.provenance.failures:
        out.append(finding("MM806", f"{n}: the C2PA manifest does not validate "
                                    f"({', '.join(f.provenance.failures)}): the file changed "
                                    f"after it was signed"))
        evidence.append("content changed after signing")
    prov_sources = [s for s in sources if s.provenance.state == "present"]
    if prov_sources and f.provenance.state == "absent":
        out.append(finding("MM807", f"{n}: the source {prov_sources[0].name} has a C2PA "
                                    f"manifest, the edited image has none"))
    elif prov_sources and f.provenance.state == "present" and not f.provenance.ingredients:
        out.append(finding("MM807", f"{n}: has a manifest, but it lists no ingredient: the "
                                    f"link to {prov_sources[0].name} is lost",
                           severity=Severity.INFO))
    if origin == "file" and evidence:
        if not f.metadata:
            evidence.append("no metadata or provenance left")
        out.append(finding("MM809", f"{n}: " + "; ".join(evidence)))
    return out


def _sum_usage(usages: Sequence[object]) -> dict[str, Any] | None:
    """The token counts of all responses added up, nested like the API's usage object."""
    dicts = [u for u in usages if isinstance(u, dict)]
    return _add(dicts) if dicts else None


def _add(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for u in items:
        for k, v in u.items():
            if isinstance(v, dict):
                total[k] = _add([total.get(k) or {}, v])
            elif isinstance(v, int) and not isinstance(v, bool):
                total[k] = total.get(k, 0) + v
    return total
