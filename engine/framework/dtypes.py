"""The dtype set, and TensorFlow's rules for turning Python and numpy values into tensors.

A ``DType`` knows its TF name (``float32``), its GraphDef enum name (``DT_FLOAT``), the name TF's
C++ runtime prints (``float``) and the numpy dtype that holds its values. ``bfloat16`` is stored
with ``ml_dtypes``; ``string`` as numpy ``object`` arrays of ``bytes``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:  # ml_dtypes is a dependency, but bfloat16 is the only thing that needs it
    import ml_dtypes

    _BFLOAT16: Any = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover - exercised only on a broken install
    _BFLOAT16 = None


class DType:
    """One element type. Instances are singletons: compare with ``is`` or ``==``."""

    __slots__ = ("name", "enum_name", "runtime_name", "np_dtype", "kind", "bits", "_base",
                 "_ref")

    def __init__(
        self, name: str, enum_name: str, runtime_name: str, np_dtype: Any, kind: str, bits: int,
        base: DType | None = None,
    ) -> None:
        self.name = name
        self.enum_name = enum_name
        self.runtime_name = runtime_name
        self.np_dtype = np_dtype
        self.kind = kind  # "bool", "int", "uint", "float", "complex", "string"
        self.bits = bits
        #: a reference dtype's value type (``float32_ref`` → ``float32``); None for a value type
        self._base = base
        self._ref: DType | None = None

    @property
    def as_numpy_dtype(self) -> Any:
        """The numpy scalar type (TF's: Python's ``object`` for strings)."""
        if self.kind == "string":
            return object
        return self.np_dtype.type if self.np_dtype is not None else None

    @property
    def is_bool(self) -> bool:
        return self.kind == "bool"

    @property
    def is_integer(self) -> bool:
        return self.kind in ("int", "uint")

    @property
    def is_unsigned(self) -> bool:
        return self.kind == "uint"

    @property
    def is_floating(self) -> bool:
        return self.kind == "float"

    @property
    def is_complex(self) -> bool:
        return self.kind == "complex"

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("int", "uint", "float", "complex")

    @property
    def is_string(self) -> bool:
        return self.kind == "string"

    @property
    def base_dtype(self) -> DType:
        """The value type: a reference dtype's (``float32_ref`` → ``float32``), else itself."""
        return self if self._base is None else self._base

    @property
    def is_ref_dtype(self) -> bool:
        """Whether this is TF1's reference type of a variable's output (``float32_ref``)."""
        return self._base is not None

    @property
    def as_ref(self) -> DType:
        """The reference type of this value type (what ``VariableV2`` outputs), one
        singleton per dtype as TF has: ``float32_ref``, enum ``DT_FLOAT_REF``."""
        if self._base is not None:
            return self
        if self._ref is None:
            self._ref = DType(self.name + "_ref", self.enum_name + "_REF",
                              self.runtime_name + "_ref", self.np_dtype, self.kind, self.bits,
                              base=self)
        return self._ref

    @property
    def min(self) -> Any:
        if self.is_integer:
            return np.iinfo(self.np_dtype).min
        if self.is_floating:
            return self.np_dtype.type(-np.inf)
        raise TypeError(f"Cannot find minimum value of {self.name}.")

    @property
    def max(self) -> Any:
        if self.is_integer:
            return np.iinfo(self.np_dtype).max
        if self.is_floating:
            return self.np_dtype.type(np.inf)
        raise TypeError(f"Cannot find maximum value of {self.name}.")

    @property
    def itemsize(self) -> int:
        return self.bits // 8

    @property
    def is_numpy_compatible(self) -> bool:
        return self.np_dtype is not None

    @property
    def real_dtype(self) -> DType:
        """The dtype of a complex number's parts (complex64 → float32); others are their own."""
        if self is complex64:
            return float32
        if self is complex128:
            return float64
        return self

    @property
    def tf_repr(self) -> str:
        """How TF's messages print it (``tf.int32``): the engine's repr says ``engine.int32``."""
        return f"tf.{self.name}"

    def __repr__(self) -> str:
        return f"engine.{self.name}"

    def __str__(self) -> str:
        return f"<dtype: '{self.name}'>"

    def __reduce__(self) -> Any:
        return (as_dtype, (self.name,))


bool_ = DType("bool", "DT_BOOL", "bool", np.dtype(np.bool_), "bool", 8)
int8 = DType("int8", "DT_INT8", "int8", np.dtype(np.int8), "int", 8)
int16 = DType("int16", "DT_INT16", "int16", np.dtype(np.int16), "int", 16)
int32 = DType("int32", "DT_INT32", "int32", np.dtype(np.int32), "int", 32)
int64 = DType("int64", "DT_INT64", "int64", np.dtype(np.int64), "int", 64)
uint8 = DType("uint8", "DT_UINT8", "uint8", np.dtype(np.uint8), "uint", 8)
uint16 = DType("uint16", "DT_UINT16", "uint16", np.dtype(np.uint16), "uint", 16)
uint32 = DType("uint32", "DT_UINT32", "uint32", np.dtype(np.uint32), "uint", 32)
uint64 = DType("uint64", "DT_UINT64", "uint64", np.dtype(np.uint64), "uint", 64)
float16 = DType("float16", "DT_HALF", "half", np.dtype(np.float16), "float", 16)
bfloat16 = DType("bfloat16", "DT_BFLOAT16", "bfloat16", _BFLOAT16, "float", 16)
float32 = DType("float32", "DT_FLOAT", "float", np.dtype(np.float32), "float", 32)
float64 = DType("float64", "DT_DOUBLE", "double", np.dtype(np.float64), "float", 64)
complex64 = DType("complex64", "DT_COMPLEX64", "complex64", np.dtype(np.complex64), "complex", 64)
complex128 = DType(
    "complex128", "DT_COMPLEX128", "complex128", np.dtype(np.complex128), "complex", 128
)
string = DType("string", "DT_STRING", "string", np.dtype(object), "string", 0)

#: every dtype, in the order the editor's combo boxes list them
ALL_DTYPES: tuple[DType, ...] = (
    float32, float64, float16, bfloat16, int32, int64, int8, int16,
    uint8, uint16, uint32, uint64, bool_, complex64, complex128, string,
)
_BY_NAME: dict[str, DType] = {d.name: d for d in ALL_DTYPES}
_BY_NAME.update({"half": float16, "float": float32, "double": float64})
_BY_ENUM: dict[str, DType] = {d.enum_name: d for d in ALL_DTYPES}
_BY_NP: dict[Any, DType] = {d.np_dtype: d for d in ALL_DTYPES if d is not string}

# aliases TF spells differently
half = float16
double = float64


def as_dtype(value: Any) -> DType:
    """Accept a DType, its name (``"float32"``), its enum name, or a numpy dtype/type."""
    if isinstance(value, DType):
        return value
    if isinstance(value, np.dtype):
        found = _BY_NP.get(value)
        if found is not None:
            return found
    if isinstance(value, str):
        if value in _BY_NAME:
            return _BY_NAME[value]
        if value in _BY_ENUM:
            return _BY_ENUM[value]
        if value.endswith(("_ref", "_REF")) and value[:-4] in _BY_NAME.keys() | _BY_ENUM.keys():
            return as_dtype(value[:-4]).as_ref
        raise TypeError(_not_a_dtype(value))
    if value is bool:
        return bool_
    if value is int:
        return int32
    if value is float:
        return float32
    if value is str or value is bytes:
        return string
    if value is None or isinstance(value, (int, float, complex)):
        raise TypeError(_not_a_dtype(value))
    try:
        npd = np.dtype(value)
    except TypeError:
        raise TypeError(_not_a_dtype(value)) from None
    if npd.kind in ("U", "S", "O"):
        return string
    found = _BY_NP.get(npd)
    if found is None:
        raise TypeError(_not_a_dtype(value))
    return found


def _not_a_dtype(value: Any) -> str:
    return f"Cannot convert the argument `type_value`: {value!r} to a TensorFlow DType."


def from_numpy(npd: Any) -> DType:
    """The DType of a numpy dtype (string kinds map to ``string``)."""
    found = _BY_NP.get(npd) if isinstance(npd, np.dtype) else None  # an array's, mostly
    return found if found is not None else as_dtype(np.dtype(npd))
