"""The issuer's Ed25519 key that signs credentials, and how it is published (did:web document, JWKS).

``CREDENTIAL_SIGNING_KEY`` holds the private key: a PEM (PKCS#8) or the base64 of its 32-byte seed. Outside
development it is required (``load_config`` refuses to start without it); in development and testing a key is
generated once into the instance folder (``credential-signing-key.pem``, readable by its owner only).
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_FILE = "credential-signing-key.pem"
ED25519_MULTICODEC = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class SigningKeyError(ValueError):
    """The configured key cannot be read; the message is one line an operator can act on."""


def parse_signing_key(text: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM or from the base64 (standard or URL-safe) of its 32-byte seed."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode(), password=None)
        except ValueError as error:
            raise SigningKeyError(f"CREDENTIAL_SIGNING_KEY is not a readable PEM private key: {error}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError("CREDENTIAL_SIGNING_KEY must be an Ed25519 key")
        return key
    try:
        seed = base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise SigningKeyError("CREDENTIAL_SIGNING_KEY must be a PEM Ed25519 private key or the base64 of 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(seed)


def new_key_pem() -> str:
    """A new private key, as PEM (what ``flask certificates new-key`` prints)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def _instance_key(instance: Path) -> Ed25519PrivateKey:
    """The development key in the instance folder, created once (the web app and the worker may race: O_EXCL)."""
    path = instance / KEY_FILE
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(new_key_pem())
    return parse_signing_key(path.read_text())


def base58btc(raw: bytes) -> str:
    number = int.from_bytes(raw, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    zeros = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * zeros + encoded


def from_base58btc(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + BASE58_ALPHABET.index(char)
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The Multikey form: ``z`` (base58btc) of the Ed25519 multicodec prefix and the 32 raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc(ED25519_MULTICODEC + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    if not text.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    raw = from_base58btc(text[1:])
    if not raw.startswith(ED25519_MULTICODEC) or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def did_web(base_url: str) -> str:
    """``did:web`` of the host in ``base_url`` (a port is percent-encoded), resolved at /.well-known/did.json."""
    parts = urlsplit(base_url)
    host = parts.hostname or "localhost"
    return f"did:web:{host}%3A{parts.port}" if parts.port else f"did:web:{host}"


@dataclass(frozen=True)
class Issuer:
    """The signing key and the names under which its public half is published."""

    private_key: Ed25519PrivateKey
    did: str

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def multibase(self) -> str:
        return public_key_multibase(self.public_key)

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.multibase}"

    def did_document(self) -> dict:
        method = {
            "id": self.verification_method,
            "type": "Multikey",
            "controller": self.did,
            "publicKeyMultibase": self.multibase,
        }
        return {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": self.did,
            "verificationMethod": [method],
            "assertionMethod": [self.verification_method],
            "authentication": [self.verification_method],
        }

    def jwks(self) -> dict:
        raw = self.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        x = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.multibase, "alg": "EdDSA", "use": "sig"}]}


def current_issuer() -> Issuer:
    """The issuer of this application (the key is read once per process)."""
    from flask import current_app

    issuer = current_app.extensions.get("credential_issuer")
    if issuer is None:
        configured = current_app.config.get("CREDENTIAL_SIGNING_KEY") or ""
        key = parse_signing_key(configured) if configured else _instance_key(Path(current_app.instance_path))
        issuer = Issuer(key, did_web(current_app.config["BASE_URL"]))
        current_app.extensions["credential_issuer"] = issuer
    return issuer
