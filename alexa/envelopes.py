"""Turning verified JSON into ask-sdk model objects and responses back into JSON, quickly.

ask-sdk-core's `DefaultSerializer` walks the model classes by introspection on every request:
it re-reads each class's type table, re-parses type strings such as "list[a.b.C]", imports
classes by name and parses timestamps with dateutil. That was most of a request's CPU time.

Here the same walk is planned once per type and kept: for each model class, the list of
(attribute, JSON key, converter) it needs, built from the very tables the SDK uses
(`deserialized_types`, `attribute_map`, `get_real_child_model`). The objects produced are
the SDK's own model objects, filled the same way, and a test compares the two serializers'
output on real envelopes. It starts from the dict the verifier already parsed, instead of
parsing the body a second time.

The way back is planned the same way: each response model class's (attribute, JSON key)
pairs are read once, and the walk keeps the SDK's rules (model attributes that are None are
left out, dict values are kept even when None, enums become their values).
"""

from __future__ import annotations

import decimal
import functools
import importlib
import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

log = logging.getLogger(__name__)

Converter = Callable[[Any], Any]

_LIST = re.compile(r"^list\[(.*)\]$")
_DICT = re.compile(r"^dict\(([^,]*), (.*)\)$")


def _timestamp(payload: Any) -> datetime:
    return datetime.fromisoformat(payload)


_NATIVE: dict[str, Converter] = {
    "int": int,
    "long": int,
    "float": float,
    "str": str,
    "bool": bool,
    "object": lambda value: value,
    "datetime": _timestamp,
    "date": lambda value: _timestamp(value).date(),
}


def _nullable(convert: Converter) -> Converter:
    return lambda value: None if value is None else convert(value)


@functools.cache
def converter(type_name: str) -> Converter:
    """How to turn JSON into a value of the SDK type named `type_name` (planned once)."""
    if m := _LIST.match(type_name):
        item = converter(m[1].strip())
        return _nullable(lambda values: [item(v) for v in values])
    if m := _DICT.match(type_name):
        value_of = converter(m[2].strip())
        return _nullable(lambda values: {k: value_of(v) for k, v in values.items()})
    if type_name in _NATIVE:
        return _nullable(_NATIVE[type_name])
    return _nullable(_model_converter(_load(type_name)))


@functools.cache
def _load(dotted: str) -> type:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


@functools.cache
def _plan(cls: type) -> tuple[tuple[tuple[str, str, Converter], ...], frozenset[str]]:
    """(attribute, JSON key, converter) for every field the SDK would fill on `cls`, and
    the set of JSON keys the model knows."""
    names = getattr(cls, "attribute_map", {}) or {}
    fields = tuple(
        (attr, names.get(attr, attr), converter(type_name))
        for attr, type_name in cls.deserialized_types.items()  # type: ignore[attr-defined]
    )
    return fields, frozenset(key for _, key, _ in fields)


def _model_converter(cls: type) -> Converter:
    if issubclass(cls, Enum):
        return cls
    if not hasattr(cls, "deserialized_types"):
        return lambda value: value

    def build(payload: dict[str, Any]) -> Any:
        target = cls
        if hasattr(target, "get_real_child_model"):
            child = target.get_real_child_model(payload)  # type: ignore[attr-defined]
            if not child:
                raise SerializationException(f"no subtype of {cls.__name__} for this payload")
            target = _load(child)
        fields, known = _plan(target)
        model = target()
        for attr, key, convert in fields:
            if key in payload:
                setattr(model, attr, convert(payload[key]))
        # Like the SDK, keep fields this model version does not know about.
        for key, value in payload.items():
            if key not in known:
                setattr(model, key, value)
        return model

    return build


_ENVELOPE = "ask_sdk_model.request_envelope.RequestEnvelope"
_MODEL_NAMES = re.compile(r"[A-Za-z_][\w.]*\.[A-Z]\w*")


def prepare() -> int:
    """Plan every model class a request envelope can hold, and return how many there are.

    A server calls this once before it forks its workers, so they share the imports and the
    plans instead of each paying for them during its first requests."""
    seen: set[type] = set()
    waiting = [_load(_ENVELOPE)]
    while waiting:
        cls = waiting.pop()
        if cls in seen or not hasattr(cls, "deserialized_types"):
            continue
        seen.add(cls)
        if issubclass(cls, Enum):
            continue
        names = [*getattr(cls, "discriminator_value_class_map", {}).values()]
        for type_name in cls.deserialized_types.values():  # type: ignore[attr-defined]
            names += _MODEL_NAMES.findall(type_name)
        try:
            _plan(cls)
            waiting += [_load(name) for name in names]
        except (ImportError, AttributeError):
            # The SDK names a type it does not ship: only a request that holds one fails.
            log.warning("ask-sdk model %s names a type that cannot be loaded", cls.__name__)
    return len(seen)


@functools.cache
def _fields_out(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON key) for every field the SDK would write for `cls`."""
    names = getattr(cls, "attribute_map", {}) or {}
    return tuple((attr, names.get(attr, attr)) for attr in cls.deserialized_types)  # type: ignore[attr-defined]


def plain(obj: Any) -> Any:
    """`obj` (a response model, or anything inside one) as JSON-ready values, by the rules of
    `DefaultSerializer.serialize`. Type tables are read from the class, where every ask-sdk
    model keeps them."""
    kind = _KINDS.get(type(obj)) or _kind(type(obj))
    if kind == _TO_SELF:
        return obj
    if kind == _TO_FIELDS:
        out = {}
        for attr, key in _fields_out(type(obj)):
            value = getattr(obj, attr)
            if value is not None:
                out[key] = plain(value)
        return out
    if kind == _TO_DICT:
        return {key: plain(value) for key, value in obj.items()}
    if kind == _TO_LIST:
        return [plain(item) for item in obj]
    if kind == _TO_TUPLE:
        return tuple(plain(item) for item in obj)
    if kind == _TO_ISO:
        return obj.isoformat()
    if kind == _TO_VALUE:
        return obj.value
    return int(obj) if obj % 1 == 0 else float(obj)


# How `plain` writes a value depends only on its type: the isinstance checks, in the SDK's
# order, are made once per type instead of up to eight times per value.
_TO_SELF, _TO_LIST, _TO_TUPLE, _TO_ISO, _TO_VALUE, _TO_NUMBER, _TO_DICT, _TO_FIELDS = (
    "as-is", "list", "tuple", "iso", "enum", "decimal", "dict", "model"
)  # fmt: skip
_KINDS: dict[type, str] = {}


def _kind(cls: type) -> str:
    checks = (
        ((type(None), *DefaultSerializer.PRIMITIVE_TYPES), _TO_SELF),
        (list, _TO_LIST),
        (tuple, _TO_TUPLE),
        ((datetime, date), _TO_ISO),
        (Enum, _TO_VALUE),
        (decimal.Decimal, _TO_NUMBER),
        (dict, _TO_DICT),
    )
    kind = next((kind for types, kind in checks if issubclass(cls, types)), _TO_FIELDS)
    _KINDS[cls] = kind
    return kind


class EnvelopeSerializer(DefaultSerializer):
    """`DefaultSerializer`, with request envelopes read and responses written by plans."""

    def serialize(self, obj: Any) -> Any:
        return plain(obj)

    def envelope(self, document: dict[str, Any]) -> RequestEnvelope:
        """The model for an already parsed request document."""
        try:
            return converter("ask_sdk_model.request_envelope.RequestEnvelope")(document)
        except SerializationException:
            raise
        except Exception as exc:  # any shape the models can't take is the caller's error
            raise SerializationException(f"unreadable envelope: {type(exc).__name__}") from exc
