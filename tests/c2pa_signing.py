"""Real C2PA-signed images for tests: a throwaway CA and signer made with `cryptography`, and
the c2pa library's own Builder signing (no mocks, nothing fetched).

The certificate chain is generated per test session (valid for a few days), so the signature is
cryptographically valid but untrusted, which is what c2pa reports for it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "modelmap tests")])


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=sign, content_commitment=False,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False)


@dataclass(frozen=True)
class SigningKit:
    chain_pem: bytes
    key_pem: bytes

    def signer(self) -> Any:
        info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, self.chain_pem, self.key_pem, None)
        return c2pa.Signer.from_info(info)


def make_signer() -> SigningKit:
    """An ES256 signing certificate issued by a fresh test CA."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("modelmap test CA"))
          .issuer_name(_name("modelmap test CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=7))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(_usage(sign=False, ca=True), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(_name("modelmap test signer"))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=7))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(sign=True, ca=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    chain = leaf.public_bytes(serialization.Encoding.PEM) + \
        ca.public_bytes(serialization.Encoding.PEM)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return SigningKit(chain, pem)


def sign(signer: SigningKit, data: bytes, fmt: str, *, title: str = "generated.png",
         action: str = "c2pa.created", ingredient: tuple[str, bytes] | None = None) -> bytes:
    """`data` (an image in Pillow format `fmt`) with a signed C2PA manifest embedded."""
    mime = _MIME[fmt]
    act: dict[str, Any] = {"action": action}
    if action == "c2pa.created":
        act["digitalSourceType"] = \
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    actions = [act] if action == "c2pa.created" else [
        {"action": "c2pa.opened", "parameters": {"ingredientIds": ["source"]}}, act]
    manifest = {"claim_generator_info": [{"name": "modelmap-tests", "version": "1"}],
                "title": title,
                "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}]}
    out = io.BytesIO()
    with c2pa.Builder(manifest) as builder:
        if ingredient is not None:
            name, raw = ingredient
            meta = {"title": name, "relationship": "parentOf", "label": "source"}
            builder.add_ingredient(meta, "image/png", io.BytesIO(raw))
        with signer.signer() as s:
            builder.sign(s, mime, io.BytesIO(data), out)
    return out.getvalue()
