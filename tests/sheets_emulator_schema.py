"""Sheets API v4 discovery-document checks for the local emulator (test equipment).

Every request body and query string the emulator receives is checked against the discovery
document shipped with google-api-python-client, so the emulator rejects what Google rejects
(unknown field names, wrong JSON types, enum values that do not exist) instead of drifting
into accepting payloads the real API would refuse. Responses can be checked the same way.
"""

from __future__ import annotations

import functools
import json
import math
import re
from importlib import resources
from typing import Any

# A violation: (field path, description).
Violation = tuple[str, str]

_INT32 = (-(2**31), 2**31 - 1)


@functools.cache
def discovery() -> dict[str, Any]:
    """The Sheets v4 discovery document (loaded once)."""
    ref = resources.files("googleapiclient") / "discovery_cache" / "documents" / "sheets.v4.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def schemas() -> dict[str, Any]:
    return discovery()["schemas"]


@functools.cache
def methods() -> dict[str, dict[str, Any]]:
    """Discovery methods by id without the "sheets." prefix, e.g. "spreadsheets.values.get"."""
    found: dict[str, dict[str, Any]] = {}

    def walk(resource: dict[str, Any]) -> None:
        for method in resource.get("methods", {}).values():
            found[method["id"].removeprefix("sheets.")] = method
        for sub in resource.get("resources", {}).values():
            walk(sub)

    walk(discovery())
    return found


def _resolve(schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    name = schema.get("$ref")
    if name is None:
        return None, schema
    return name, schemas()[name]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _type_error(path: str, kind: str, value: Any) -> Violation:
    shown = json.dumps(value) if not isinstance(value, str) else f'"{value}"'
    return path, f"Invalid value at '{path}' ({kind}), {shown}"


def _check_scalar(value: Any, schema: dict[str, Any], path: str, schema_name: str | None) -> list:
    kind = schema.get("type")
    fmt = schema.get("format", "")
    if kind == "string":
        if not isinstance(value, str):
            return [_type_error(path, "TYPE_STRING", value)]
        enum = schema.get("enum")
        if enum is not None and value not in enum:
            label = f"type.googleapis.com/google.apps.sheets.v4.{schema_name}" if schema_name else (
                "TYPE_ENUM"
            )
            return [_type_error(path, label, value)]
        return []
    if kind == "integer":
        number = _as_number(value)
        if number is None or number != int(number) or isinstance(value, bool):
            return [_type_error(path, f"TYPE_{fmt.upper() or 'INT32'}", value)]
        if fmt == "int32" and not _INT32[0] <= int(number) <= _INT32[1]:
            return [_type_error(path, "TYPE_INT32", value)]
        return []
    if kind == "number":
        if isinstance(value, bool) or _as_number(value) is None:
            return [_type_error(path, f"TYPE_{(fmt or 'double').upper()}", value)]
        return []
    if kind == "boolean":
        if not isinstance(value, bool):
            return [_type_error(path, "TYPE_BOOL", value)]
        return []
    return []


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):  # proto3 JSON accepts numbers quoted as strings
        if value in ("NaN", "Infinity", "-Infinity"):
            return None
        try:
            return float(value)
        except ValueError:
            return None
    return None


def validate_value(value: Any, schema: dict[str, Any], path: str = "") -> list[Violation]:
    """Check a JSON value against a discovery schema; returns every violation found."""
    if value is None:  # JSON null means "not set" in proto3 JSON
        return []
    name, schema = _resolve(schema)
    kind = schema.get("type")
    if kind == "any":
        return []
    if kind == "array":
        if not isinstance(value, list):
            return [_type_error(path, "TYPE_LIST", value)]
        out: list[Violation] = []
        for i, item in enumerate(value):
            out += validate_value(item, schema.get("items", {}), f"{path}[{i}]")
        return out
    if kind == "object" or "properties" in schema or "additionalProperties" in schema:
        if not isinstance(value, dict):
            where = f" at '{path}'" if path else ""
            return [(path, f"Invalid JSON payload received. Expected an object{where}.")]
        out = []
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if props is not None and key in props:
                out += validate_value(item, props[key], _join(path, key))
            elif extra is not None:
                out += validate_value(item, extra, f"{path}[{key!r}]")
            else:
                where = f" at '{path}'" if path else ""
                out.append(
                    (
                        _join(path, key),
                        f'Invalid JSON payload received. Unknown name "{key}"{where}: '
                        "Cannot find field.",
                    )
                )
        return out
    return _check_scalar(value, schema, path, name)


def validate_body(method_id: str, body: Any) -> list[Violation]:
    """Validate a request body for a discovery method id like "spreadsheets.batchUpdate"."""
    method = methods()[method_id]
    request = method.get("request")
    if request is None:
        if body not in (None, {}, b"", ""):
            return [("", f"Method {method_id} does not take a request body.")]
        return []
    if body is None:
        return []
    return validate_value(body, request)


def validate_response(method_id: str, body: Any) -> list[Violation]:
    response = methods()[method_id].get("response")
    return validate_value(body, response) if response else []


_BOOL_WORDS = {"true", "false", "1", "0"}


def validate_query(method_id: str, query: dict[str, list[str]]) -> list[Violation]:
    """Check query parameters against the method's declared parameters and the global ones."""
    declared = dict(discovery()["parameters"])
    declared.update(
        {
            name: spec
            for name, spec in methods()[method_id].get("parameters", {}).items()
            if spec.get("location") == "query"
        }
    )
    out: list[Violation] = []
    for name, values in query.items():
        spec = declared.get(name)
        if spec is None:
            out.append(
                (
                    name,
                    f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query '
                    f"parameter. Field '{name}' could not be found in request message.",
                )
            )
            continue
        if len(values) > 1 and not spec.get("repeated"):
            out.append((name, f"Query parameter '{name}' is not repeated but was given "
                        f"{len(values)} times."))
        for raw in values:
            kind = spec.get("type")
            if kind == "boolean" and raw.lower() not in _BOOL_WORDS:
                out.append(_type_error(name, "TYPE_BOOL", raw))
            elif kind == "integer" and not re.fullmatch(r"-?\d+", raw):
                out.append(_type_error(name, "TYPE_INT32", raw))
            elif spec.get("enum") is not None and raw not in spec["enum"]:
                out.append(_type_error(name, "TYPE_ENUM", raw))
    return out


# ---------------------------------------------------------------- field masks (partial responses)


_FIELD_NAME = re.compile(r"\s*([A-Za-z_*][A-Za-z0-9_]*(?:/[A-Za-z_*][A-Za-z0-9_]*)*)\s*")


def parse_fields(text: str) -> dict[str, Any]:
    """Parse a partial-response selector ("a,b/c,d(e,f)") into a nested dict; {} = everything."""
    pos = 0

    def parse_list(closing: str | None) -> dict[str, Any]:
        nonlocal pos
        tree: dict[str, Any] = {}
        while pos < len(text):
            match = _FIELD_NAME.match(text, pos)
            if not match:
                raise ValueError(f"Invalid field selection {text!r} at {pos}")
            pos = match.end()
            parts = match.group(1).split("/")
            node = tree
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            leaf = node.setdefault(parts[-1], {})
            if pos < len(text) and text[pos] == "(":
                pos += 1
                _merge(leaf, parse_list(")"))
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            if closing and pos < len(text) and text[pos] == closing:
                pos += 1
                return tree
            if pos < len(text):
                raise ValueError(f"Invalid field selection {text!r} at {pos}")
        if closing:
            raise ValueError(f"Invalid field selection {text!r}: missing ')'")
        return tree

    # a.b.c is the mask syntax, a/b/c the partial-response syntax: accept both.
    text = text.replace(".", "/")
    return parse_list(None)


def _merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    for key, sub in other.items():
        _merge(into.setdefault(key, {}), sub)


def check_fields(tree: dict[str, Any], schema: dict[str, Any], path: str = "") -> list[str]:
    """Field-selector names that do not exist in the schema."""
    bad: list[str] = []
    _, schema = _resolve(schema)
    while schema.get("type") == "array":
        _, schema = _resolve(schema.get("items", {}))
    props = schema.get("properties")
    for name, sub in tree.items():
        if name == "*" or props is None:
            continue
        if name not in props:
            bad.append(_join(path, name))
        elif sub:
            bad += check_fields(sub, props[name], _join(path, name))
    return bad


def apply_fields(value: Any, tree: dict[str, Any]) -> Any:
    """Keep only the selected fields of a JSON value (lists are filtered element-wise)."""
    if not tree or "*" in tree and len(tree) == 1:
        return value
    if isinstance(value, list):
        return [apply_fields(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, sub in tree.items():
        if key == "*":
            for k, v in value.items():
                out.setdefault(k, v)
        elif key in value:
            out[key] = apply_fields(value[key], sub)
    return out


def mask_paths(fields: str) -> list[list[str]]:
    """A FieldMask string ("a.b,c") as lists of names; "*" is returned as [["*"]]."""
    out = []
    for part in fields.split(","):
        part = part.strip()
        if part:
            out.append(part.split("."))
    return out


def check_mask(paths: list[list[str]], schema_name: str) -> list[str]:
    """Mask paths that do not name a field of the schema (each path as dotted text)."""
    bad = []
    for path in paths:
        if path == ["*"]:
            continue
        schema: dict[str, Any] = schemas()[schema_name]
        for i, name in enumerate(path):
            props = schema.get("properties", {})
            if name not in props:
                bad.append(".".join(path[: i + 1]))
                break
            _, schema = _resolve(props[name])
    return bad
