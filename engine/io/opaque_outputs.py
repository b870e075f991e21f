"""The output dtypes of an opaque node: what a GraphDef node of an op TensorCanvas has not
produces, so that the ops reading it still infer.

A NodeDef does not say its outputs' dtypes; TF's OpDef does. For the ops real graphs hold
that the registry lacks, ``OUTPUT_TYPES`` copies TF's rule (each output an attribute's dtype
or a fixed one: a predicate's ``bool``, TopKV2's indices' ``int32``). For any other op the
dtype attribute it has (``dtype``, ``out_type``, ``T``) is taken for every output — TF's
usual shape for an op of one type — and an op with none has outputs of unknown dtype. A
wrong dtype would be worse than an unknown one: it makes what reads the node infer wrongly.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.registry import TensorSpec
from ..framework.shapes import TensorShape
from .graphdef_values import ProtoValueError, dtype_from_enum

#: output i's dtype: an attribute's name (a ``type`` or, for IdentityN, a ``list(type)``)
#: or a fixed dtype; the last entry repeats for further outputs (Split's ``num_split``)
Rule = tuple[str | dt.DType, ...]

_BOOL: Rule = (dt.bool_,)
OUTPUT_TYPES: dict[str, Rule] = {
    **{name: _BOOL for name in (
        "IsFinite", "IsNan", "IsInf", "ApproximateEqual", "InTopK", "InTopKV2",
        "IsVariableInitialized", "VarIsInitializedOp", "LoopCond")},
    "TopKV2": ("T", "index_type"), "TopK": ("T", dt.int32),
    "Merge": ("T", dt.int32), "RefMerge": ("T", dt.int32),
    "UniqueWithCounts": ("T", "out_idx", "out_idx"), "UniqueV2": ("T", "out_idx"),
    "IdentityN": ("T",), "ResizeBilinear": (dt.float32,), "ResizeBicubic": (dt.float32,),
    "ResizeArea": (dt.float32,), "Bucketize": (dt.int32,),
    "NonMaxSuppressionV3": (dt.int32,), "NonMaxSuppressionV4": (dt.int32, dt.int32),
    "ArgMax": ("output_type",), "ArgMin": ("output_type",),
    "FusedBatchNorm": ("T",), "FusedBatchNormV3": ("T", "U"),
    "StringJoin": (dt.string,), "StringFormat": (dt.string,), "AsString": (dt.string,),
    "DecodeRaw": ("out_type",), "StatelessRandomUniformV2": ("dtype",),
}
#: attribute defaults the rules read, where TF's OpDef has one and a NodeDef may omit it
_DEFAULTS: dict[tuple[str, str], dt.DType] = {
    ("TopKV2", "index_type"): dt.int32, ("UniqueWithCounts", "out_idx"): dt.int32,
    ("UniqueV2", "out_idx"): dt.int32, ("ArgMax", "output_type"): dt.int64,
    ("ArgMin", "output_type"): dt.int64, ("FusedBatchNormV3", "U"): dt.float32,
}
_GUESSED = ("dtype", "out_type", "T")


def _attr_types(node: Any, name: str) -> list[dt.DType] | None:
    """The dtypes an attribute of ``node`` names (one for ``type``, each for a list)."""
    value = node.attr.get(name)
    if value is None:
        default = _DEFAULTS.get((node.op, name))
        return None if default is None else [default]
    kind = value.WhichOneof("value")
    if kind == "type":
        return [dtype_from_enum(value.type)]
    if kind == "list" and value.list.type:
        return [dtype_from_enum(t) for t in value.list.type]
    return None


def _output_types(node: Any, n_outputs: int) -> list[dt.DType] | None:
    rule = OUTPUT_TYPES.get(node.op)
    if rule is None:
        for key in _GUESSED:
            value = node.attr.get(key)
            if value is not None and value.WhichOneof("value") == "type":
                return [dtype_from_enum(value.type)] * n_outputs
        return None
    out: list[dt.DType] = []
    for entry in rule:
        if isinstance(entry, dt.DType):
            out.append(entry)
            continue
        types = _attr_types(node, entry)
        if types is None:
            return None
        out.extend(types)
    while len(out) < n_outputs:
        out.append(out[-1])
    return out[:n_outputs]


def opaque_outputs(node: Any, n_outputs: int, recorded: list[TensorShape]
                   ) -> list[TensorSpec] | None:
    """An opaque node's output specs, where its op's rule or attributes tell the dtypes, with
    TF's recorded ``_output_shapes``; None where they do not."""
    try:
        types = _output_types(node, n_outputs)
    except ProtoValueError:
        return None
    if types is None:
        return None
    return [TensorSpec(recorded[i] if i < len(recorded) else TensorShape(None), t)
            for i, t in enumerate(types)]
