"""TensorFlow's protos for values: ``TensorProto``, ``TensorShapeProto``, ``DataType`` and
``AttrValue``, to and from the engine's arrays, shapes, dtypes and attributes.

The protos are the compiled copies the ``tensorboard`` wheel ships (``tensorboard.compat.
proto``): the same messages as TensorFlow's own, without depending on TensorFlow at run time.
A ``TensorProto`` is read every way TF writes one (``tensor_content`` bytes, or the typed
``*_val`` fields with TF's rule that the last value repeats to fill the shape, or no values
at all for zeros) and written as TF's ``make_tensor_proto`` writes it (one value in its typed
field for a scalar, the little-endian bytes otherwise, ``string_val`` for strings).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from tensorboard.compat.proto import attr_value_pb2, tensor_pb2, tensor_shape_pb2, types_pb2

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.registry import AttrDef
from ..framework.shapes import TensorShape


class ProtoValueError(ValueError):
    """A value in a GraphDef the engine cannot read; the message says what (the caller adds
    the node and attribute)."""


#: the most elements a tensor read from a GraphDef may have (as in graph files)
MAX_ELEMENTS = 2**28

# the typed field a dtype's values are in, when ``tensor_content`` is empty
_VAL_FIELD = {
    "float32": "float_val", "float64": "double_val", "int32": "int_val", "int16": "int_val",
    "int8": "int_val", "uint8": "int_val", "uint16": "int_val", "int64": "int64_val",
    "uint32": "uint32_val", "uint64": "uint64_val", "bool": "bool_val",
    "float16": "half_val", "bfloat16": "half_val", "complex64": "scomplex_val",
    "complex128": "dcomplex_val", "string": "string_val",
}


def dtype_from_enum(value: int) -> DType:
    try:
        name = types_pb2.DataType.Name(value)
    except ValueError:
        raise ProtoValueError(f"unknown DataType {value}") from None
    if name.endswith("_REF"):
        name = name[:-4]
    try:
        return dt.as_dtype(name)
    except TypeError:
        raise ProtoValueError(f"dtype {name} is not one TensorCanvas has") from None


def dtype_to_enum(dtype: DType) -> int:
    return int(types_pb2.DataType.Value(dtype.enum_name))


def shape_from_proto(proto: tensor_shape_pb2.TensorShapeProto) -> TensorShape:
    if proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if d.size < 0 else int(d.size) for d in proto.dim])


def shape_to_proto(shape: TensorShape) -> tensor_shape_pb2.TensorShapeProto:
    proto = tensor_shape_pb2.TensorShapeProto()
    if shape.sizes is None:
        proto.unknown_rank = True
        return proto
    for d in shape.sizes:
        proto.dim.add(size=-1 if d is None else int(d))
    return proto


def tensor_from_proto(proto: tensor_pb2.TensorProto) -> np.ndarray:
    """The array a TensorProto holds, of the engine's numpy dtype for its DataType."""
    dtype = dtype_from_enum(proto.dtype)
    shape = shape_from_proto(proto.tensor_shape)
    if shape.sizes is None or any(d is None for d in shape.sizes):
        raise ProtoValueError(f"a tensor's shape must be fully defined, got {shape}")
    dims = tuple(int(d) for d in shape.sizes)  # type: ignore[arg-type]
    n = int(np.prod(dims, dtype=np.int64)) if dims else 1
    if n > MAX_ELEMENTS:
        raise ProtoValueError(f"a tensor of shape {dims} has {n} elements; at most "
                              f"{MAX_ELEMENTS} (2**28) are read")
    np_dtype = dtype.np_dtype
    if dtype.is_string:
        items = list(proto.string_val)
        return _filled(np.array(items, dtype=object) if items else np.array([b""], object),
                       n, dims, "string_val")
    if proto.tensor_content:
        raw = proto.tensor_content
        want = n * np.dtype(np_dtype).itemsize
        if len(raw) != want:
            raise ProtoValueError(f"tensor_content has {len(raw)} bytes; shape {dims} of "
                                  f"{dtype.name} needs {want}")
        return np.frombuffer(raw, dtype=np.dtype(np_dtype).newbyteorder("<")).astype(
            np_dtype).reshape(dims)
    field = _VAL_FIELD[dtype.name]
    values = list(getattr(proto, field))
    if dtype.name in ("float16", "bfloat16"):
        arr = np.array(values, dtype=np.uint16).view(np_dtype)
    elif dtype.is_complex:
        pairs = np.array(values, dtype=np.float64).reshape(-1, 2)
        arr = (pairs[:, 0] + 1j * pairs[:, 1]).astype(np_dtype)
    else:
        arr = np.array(values).astype(np_dtype) if values else np.zeros(0, np_dtype)
    if arr.size == 0:
        return np.zeros(dims, np_dtype)
    return _filled(arr, n, dims, field)


def _filled(arr: np.ndarray, n: int, dims: tuple[int, ...], field: str) -> np.ndarray:
    """TF's rule: fewer values than elements repeat the last value."""
    if arr.size > n:
        raise ProtoValueError(f"{field} has {arr.size} values; shape {dims} holds {n}")
    if arr.size < n:
        arr = np.concatenate([arr, np.repeat(arr[-1:], n - arr.size)])
    return arr.reshape(dims)


def tensor_to_proto(value: Any, dtype: DType | None = None) -> tensor_pb2.TensorProto:
    arr = np.asarray(value)
    dtype = dtype or (dt.string if arr.dtype.kind in "OSU" else dt.from_numpy(arr.dtype))
    proto = tensor_pb2.TensorProto(dtype=dtype_to_enum(dtype))
    proto.tensor_shape.CopyFrom(shape_to_proto(TensorShape(list(arr.shape))))
    flat = arr.reshape(-1)
    if dtype.is_string:
        proto.string_val.extend(x if isinstance(x, bytes) else str(x).encode() for x in flat)
        return proto
    if flat.size != 1:
        proto.tensor_content = flat.astype(np.dtype(dtype.np_dtype).newbyteorder("<")).tobytes()
        return proto
    field = getattr(proto, _VAL_FIELD[dtype.name])
    x = flat.astype(dtype.np_dtype)
    if dtype.name in ("float16", "bfloat16"):
        field.extend(int(v) for v in x.view(np.uint16))
    elif dtype.is_complex:
        field.extend([float(x[0].real), float(x[0].imag)])
    else:
        field.extend(x.tolist())
    return proto


# --- attributes ----------------------------------------------------------------------------
def attr_from_proto(a: AttrDef, value: attr_value_pb2.AttrValue) -> Any:
    """An attribute's engine value (kind as the registry declares it) from its AttrValue."""
    which = value.WhichOneof("value")
    expected = {"type": "type", "shape": "shape", "tensor": "tensor", "bool": "b", "int": "i",
                "float": "f", "string": "s", "ints": "list"}[a.kind]
    if which is None and a.kind == "ints":
        return []
    if which != expected:
        raise ProtoValueError(f"expected a {expected} value for a {a.kind} attribute, got "
                              f"{which or 'nothing'}")
    if a.kind == "type":
        return dtype_from_enum(value.type)
    if a.kind == "shape":
        return shape_from_proto(value.shape)
    if a.kind == "tensor":
        return tensor_from_proto(value.tensor)
    if a.kind == "bool":
        return bool(value.b)
    if a.kind == "int":
        return int(value.i)
    if a.kind == "float":
        return float(value.f)
    if a.kind == "string":
        return value.s.decode("utf-8", "replace")
    return [int(i) for i in value.list.i]


def attr_to_proto(kind: str, value: Any, dtype: DType | None = None) -> attr_value_pb2.AttrValue:
    out = attr_value_pb2.AttrValue()
    if kind == "type":
        out.type = dtype_to_enum(dt.as_dtype(value))
    elif kind == "shape":
        out.shape.CopyFrom(shape_to_proto(TensorShape(value)))
    elif kind == "tensor":
        out.tensor.CopyFrom(tensor_to_proto(value, dtype))
    elif kind == "bool":
        out.b = bool(value)
    elif kind == "int":
        out.i = int(value)
    elif kind == "float":
        out.f = float(value)
    elif kind == "string":
        out.s = str(value).encode("utf-8")
    elif kind == "ints":
        out.list.SetInParent()
        out.list.i.extend(int(v) for v in value)
    elif kind == "types":
        out.list.SetInParent()
        out.list.type.extend(dtype_to_enum(dt.as_dtype(v)) for v in value)
    else:
        raise ProtoValueError(f"no AttrValue for an attribute of kind {kind!r}")
    return out


def output_shapes_attr(shapes: list[TensorShape]) -> attr_value_pb2.AttrValue:
    out = attr_value_pb2.AttrValue()
    out.list.SetInParent()
    for s in shapes:
        out.list.shape.add().CopyFrom(shape_to_proto(s))
    return out
