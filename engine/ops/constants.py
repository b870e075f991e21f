"""Sources of values: Const, Placeholder, PlaceholderWithDefault; and Identity.

A Const's ``value`` (and a Placeholder's ``default_value``) set through the editing API — what
a person typed, pasted or loaded — must fit its dtype exactly (``value_fit.py``): the builder's
``constant()`` wraps as ``tf.constant`` does, and arrives here already converted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError
from ..framework.input_values import MAX_VALUE_ELEMENTS, ShapeOf, plain_partial
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, as_shape, check_mergeable
from ..framework.value_fit import fitted_array
from ._common import ALL, check_allowed, derive_t


def _dtype_attr(attrs: Mapping[str, Any], key: str = "dtype") -> dt.DType:
    try:
        return dt.as_dtype(attrs[key])
    except (TypeError, KeyError) as e:
        raise AttrError(f"{key}: {e}") from None


def _value_as(value: Any, dtype: dt.DType | None, what: str) -> np.ndarray:
    return fitted_array(value, dtype, what)


def _const_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    value = attrs.get("value")
    if value is None:
        raise AttrError("value: a Const needs a value")
    dtype = attrs.get("dtype")
    if dtype is not None:
        dtype = _dtype_attr(attrs)  # an unknown dtype is an AttrError, not a TypeError
    if (
        isinstance(value, np.ndarray)
        and not value.flags.writeable
        and (dtype is None or dtype is dt.from_numpy(value.dtype))
    ):  # already converted and frozen by the builder: no second copy
        return {"value": value, "dtype": dt.from_numpy(value.dtype)}
    arr = _value_as(value, dtype, "value")
    arr.setflags(write=False)  # shared by every run: nobody may write into it
    return {"value": arr, "dtype": dt.from_numpy(arr.dtype)}


def _const_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    value = attrs["value"]
    dtype = attrs["dtype"]
    # a small value rides along, for the shape inference of what reads it (see input_values)
    known = value if value.size <= MAX_VALUE_ELEMENTS and not dtype.is_string else None
    return [TensorSpec(TensorShape._trusted(value.shape), dtype, known)]


def _const_kernel(xp: Any, **attrs: Any) -> Any:
    value = attrs["value"]
    if attrs["dtype"] is dt.string:
        return value
    return xp.asarray(value)


register(
    OpDef(
        type="Const",
        inputs=(),
        attrs=(
            AttrDef("value", "tensor", default=np.zeros((), np.float32),
                    doc="the constant's value: a number or a nested list"),
            AttrDef("dtype", "type", default=None,
                    doc="the element type (by default, the value's: TF's rules)"),
        ),
        infer=_const_infer,
        kernel=_const_kernel,
        normalize=_const_normalize,
        category="Inputs",
        doc="A constant tensor, stored in the graph.",
        default_name="Const",
    )
)


def _placeholder_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    dtype = _dtype_attr(attrs) if attrs.get("dtype") is not None else dt.float32
    try:
        shape = as_shape(attrs.get("shape"))
    except (TypeError, ValueError) as e:
        raise AttrError(f"shape: {e}") from None
    default = attrs.get("default_value")
    if default is not None:
        default = _value_as(default, dtype, "default_value")
        if not shape.is_compatible_with(default.shape):
            raise AttrError(
                f"default_value: a value of shape {tuple(default.shape)} does not fit the "
                f"placeholder's shape {shape}"
            )
        default.setflags(write=False)
    return {"dtype": dtype, "shape": shape, "default_value": default}


def _placeholder_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    return [TensorSpec(attrs["shape"], attrs["dtype"])]


def _placeholder_kernel(xp: Any, **attrs: Any) -> Any:
    default = attrs.get("default_value")
    if default is None:  # the session refuses such a run before it starts
        raise RuntimeError("placeholder has no value")
    return default if attrs["dtype"] is dt.string else xp.asarray(default)


register(
    OpDef(
        type="Placeholder",
        inputs=(),
        attrs=(
            AttrDef("dtype", "type", default=dt.float32, doc="the element type"),
            AttrDef("shape", "shape", default=TensorShape(None),
                    doc="the static shape; None for an unknown dimension"),
            AttrDef("default_value", "tensor", default=None, optional=True,
                    doc="used when a run does not feed this placeholder"),
        ),
        infer=_placeholder_infer,
        kernel=_placeholder_kernel,
        normalize=_placeholder_normalize,
        category="Inputs",
        doc="A value fed when the graph runs (feed_dict).",
        default_name="Placeholder",
    )
)


def _pwd_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"shape": as_shape(attrs.get("shape"))}
    except (TypeError, ValueError) as e:
        raise AttrError(f"shape: {e}") from None


def _pwd_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    shape = attrs["shape"]
    check_mergeable(specs[0].shape, shape)
    return [TensorSpec(shape, specs[0].dtype)]


register(
    OpDef(
        type="PlaceholderWithDefault",
        inputs=("input",),
        attrs=(
            AttrDef("dtype", "type", derived=True),
            AttrDef("shape", "shape", default=TensorShape(None),
                    doc="the static shape a fed value must fit"),
        ),
        infer=_pwd_infer,
        kernel=lambda xp, x, **a: x,
        derive=lambda specs: {"dtype": specs[0].dtype},
        normalize=_pwd_normalize,
        const_eval=False,  # a run may feed another value
        category="Inputs",
        doc="Passes its input through unless a run feeds another value.",
        default_name="PlaceholderWithDefault",
    )
)


def _identity_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    check_allowed(specs[0].dtype, ALL, "input")
    s = specs[0]
    if s.value is None and type(s.partial) is not ShapeOf:
        return [s]
    # no Const and no Shape op to TF's constant evaluator, which reads ``tf.shape(x)[i]``
    # only at a Const index and of the Shape op itself: its value is computed (lazy)
    return [TensorSpec(s.shape, s.dtype, None, plain_partial(s.partial))]


for _type, _doc in (
    ("Identity", "Returns its input unchanged."),
    ("StopGradient", "Returns its input unchanged; no gradient flows back through it."),
):
    register(
        OpDef(
            type=_type,
            inputs=("input",),
            attrs=(AttrDef("T", "type", derived=True),),
            infer=_identity_infer,
            kernel=lambda xp, x, **a: x,
            derive=derive_t,
            category="Array",
            doc=_doc,
            default_name=_type,
        )
    )
