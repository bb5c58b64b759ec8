"""The JSON Canonicalization Scheme (RFC 8785) for the JSON our credentials hold: objects, arrays, strings,
integers, booleans and null. Keys are sorted by their UTF-16 code units, nothing is indented, strings are escaped
as ECMAScript's ``JSON.stringify`` does (which is what ``json.dumps(..., ensure_ascii=False)`` produces)."""

from __future__ import annotations

import json
from typing import Any


def canonical(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise ValueError("integers beyond 2**53 - 1 cannot be canonicalised exactly")
        return str(value)
    if isinstance(value, float):
        if not value.is_integer() or abs(value) > 2**53 - 1:
            raise ValueError("only integral numbers are canonicalised here")
        return str(int(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: key.encode("utf-16-be"))
        return "{" + ",".join(f"{canonical(key)}:{canonical(value[key])}" for key in keys) + "}"
    raise TypeError(f"cannot canonicalise {type(value).__name__}")


def canonical_bytes(value: Any) -> bytes:
    return canonical(value).encode("utf-8")
