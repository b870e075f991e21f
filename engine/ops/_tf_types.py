"""TF's allowed-type lists for the machine-learning ops, in the order TF's messages print them
(taken from TF's own OpDefs). They name quantized and variant types the engine has not:
those only ever appear in messages."""

from __future__ import annotations

from ..framework import dtypes as dt
from ..framework.dtypes import DType


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(","))


INDEX = _names("int32, int64")
INDEX16 = _names("int16, int32, int64")
NUMBER = _names("float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, "
                "qint32, bfloat16, qint16, quint16, uint16, complex128, float16, uint32, uint64")
REAL = _names("float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, "
              "uint32, uint64, qint8, quint8, qint32, qint16, quint16")
ARG = REAL + ("bool",)
ADD_N = NUMBER + ("variant",)
WHERE = NUMBER + ("bool",)
ONES_LIKE = _names("bfloat16, float16, float32, float64, int8, uint8, int16, uint16, int32, "
                   "uint32, int64, uint64, complex64, complex128, bool")
ONE_HOT_INDEX = _names("uint8, int8, int32, int64")
RANGE = _names("bfloat16, float16, float32, float64, int8, int16, int32, int64, uint16, uint32, "
               "uint64")
FLOAT_COMPLEX = _names("bfloat16, float16, float32, float64, complex64, complex128")
SIGNED_COMPLEX = _names("bfloat16, float16, float32, float64, int8, int16, int32, int64, "
                        "complex64, complex128")
FLOAT_ONLY = _names("bfloat16, float16, float32, float64")
SQUARED_DIFFERENCE = _names("bfloat16, float16, float32, float64, int32, int64, complex64, "
                            "complex128")
RELU = _names("float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, "
              "uint32, uint64, qint8")
RELU6 = RELU[:-1]
FLOATS = _names("float16, bfloat16, float32, float64")
CONV = FLOATS + ("int32",)
MAX_POOL = _names("float16, bfloat16, float32, float64, int32, int64, uint8, int16, int8, "
                  "uint16, qint8")
ARGMAX_OUT = _names("int16, uint16, int32, int64")


def dtypes_of(names: tuple[str, ...]) -> tuple[DType, ...]:
    """The engine's dtypes among ``names``."""
    known = {d.name for d in dt.ALL_DTYPES}
    return tuple(dt.as_dtype(n) for n in names if n in known)
