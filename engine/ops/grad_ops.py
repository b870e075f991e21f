"""The ops TF's gradient functions build that no forward model uses: the elementwise
backprops of the activations and unary functions (ReluGrad, TanhGrad, SigmoidGrad …),
BroadcastGradientArgs, BiasAddGrad and InvertPermutation.

They are ordinary ops of the registry (category "Gradient"), so a gradient
subgraph saves, loads and runs like any other graph. The elementwise ones fuse: each gives
its fused form (a C template for the GPU kernel, a numpy operator for the op-by-op path, a
function writing into a buffer for the chunked path), computing what its kernel computes.

They are built by ``gradients``, not placed by hand, so they stay out of the palette and
the search popup (``palette=False``); a graph that holds them shows them like any op.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import NODE_NAME, KernelError
from ..framework.input_values import value_of
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import host, shape_str
from ._shape_fns import type_attr
from .array import T_ANY
from .array_join import N_ATTR, _n_normalize

CATEGORY = "Gradient"


def _binary_grad(op_type: str, params: tuple[str, str], fn: Callable[..., Any],
                 c_body: str, doc: str, allowed: Sequence[str] = tt.FLOATS,
                 attrs: tuple[AttrDef, ...] = (), normalize: Any = None,
                 operator_for: Callable[[Mapping[str, Any]], Any] | None = None,
                 on_xp: Callable[..., Any] | None = None,
                 jit_for: Callable[[Any], Any] | None = None, unchanged: bool = False
                 ) -> None:
    """An elementwise backprop op of two same-shaped inputs. ``fn(a, b)`` computes it on
    numpy arrays or scalars (and, through ``xp``'s operators, on any array); ``on_xp(xp, a,
    b)`` where it needs a function of the namespace (``where``); ``jit_for(t)`` the same on
    one element of the scalar type ``t``, for the compiled loop (same operations, same
    order: the same rounding). ``unchanged``: TF's shape function gives ``y``'s shape and
    checks nothing (the unary gradients of math_ops), its kernel only that both inputs hold
    as many elements."""

    def infer(specs: Sequence[TensorSpec], attrs_: Mapping[str, Any]) -> list[TensorSpec]:
        t = sf.same_dtype(op_type, specs, params, allowed)
        if unchanged:
            return [TensorSpec(specs[0].shape, t)]
        return [TensorSpec(sf.merge(specs[0].shape, specs[1].shape), t)]

    def kernel(xp: Any, a: Any, b: Any, **attrs_: Any) -> Any:
        if unchanged and tuple(a.shape) != tuple(b.shape):
            if a.size != b.size:
                raise KernelError("The two arguments to a cwise op must have same number of "
                                  f"elements, got {a.size} and {b.size}")
            b = xp.reshape(b, a.shape)
        if tuple(a.shape) != tuple(b.shape):  # TF's ValidateInputsAreSameShape
            raise KernelError(f"Inputs to operation {NODE_NAME} of type {op_type} must have the "
                              f"same size and shape.  Input 0: {shape_str(a.shape)} != input "
                              f"1: {shape_str(b.shape)}")
        out = on_xp(xp, a, b) if on_xp is not None else fn(a, b, **_plain(attrs_))
        return xp.asarray(out, dtype=a.dtype)

    def into(a: Any, b: Any, out: np.ndarray) -> None:
        out[...] = fn(a, b)

    helper = f"tc_{op_type.lower()}"
    extra: dict[str, Any] = {
        "arg_types": {params[0]: "T", params[1]: "T"}, "numexpr": False,
        "c_helpers": f"template <typename T> __device__ T {helper}(T a, T b) {{ {c_body} }}",
    }
    if jit_for is not None:
        extra["jit_operator_for"] = jit_for
    else:
        extra["jit"] = False
    # fused paths take both inputs in one shape (they would broadcast others): fuse only
    # where a run gives them one, so that the kernel reports a mismatch as TF does
    extra["fusible_if"] = _same_rank_compatible
    if operator_for is not None:
        extra["operator_for"] = operator_for
    else:
        extra["operator"] = fn
        extra["ufunc"] = into
    register(OpDef(
        type=op_type, inputs=params, infer=infer, kernel=kernel,
        attrs=(*attrs, type_attr("T", tuple(allowed))), derive=lambda s: {"T": s[0].dtype},
        category=CATEGORY, palette=False,
        doc=doc, fusion=f"{helper}({{0}}, {{1}})", default_name=op_type,
        normalize=normalize, extra=extra,
    ))


def _same_rank_compatible(op: Any) -> bool:
    """Both inputs of one known rank and compatible dims (a run then gives them one shape)."""
    a, b = (t.shape for t in op._inputs)
    return a.rank is not None and a.rank == b.rank and a.is_compatible_with(b)


def _plain(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k not in ("T",)}


def _relu_grad(g: Any, x: Any) -> Any:
    return g * (x > 0)


def _relu6_grad(g: Any, x: Any) -> Any:
    return g * ((x > 0) & (x < 6))


def _elu_grad(g: Any, y: Any) -> Any:
    return np.where(y < 0, g * (y + 1), g)


def _tanh_grad(y: Any, dy: Any) -> Any:
    return dy * (1 - y * y)


def _sigmoid_grad(y: Any, dy: Any) -> Any:
    return dy * y * (1 - y)


def _no_nan(xp: Any, value: Any, b: Any) -> Any:
    """TF's ``mul_no_nan(a, b)`` after the product: 0 (+0.0) where ``b`` is 0. SqrtGrad,
    RsqrtGrad and ReciprocalGrad are built of it (their vectorised kernels), so a zero
    upstream gradient gives 0, never NaN, at ``y = 0`` or ``inf``; they use ``conj(y)``."""
    return xp.where(b == 0, xp.zeros_like(value), value)


def _conj(xp: Any, y: Any) -> Any:
    complex_ = "complex" in str(getattr(y, "dtype", type(y)))  # numpy's, cupy's, the API's
    return xp.conj(y) if complex_ else y


def _sqrt_grad(y: Any, dy: Any, xp: Any = np) -> Any:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _no_nan(xp, (0.5 / _conj(xp, y)) * dy, dy)  # mul_no_nan(0.5 / y, dy)


def _rsqrt_grad(y: Any, dy: Any, xp: Any = np) -> Any:
    y = _conj(xp, y)
    with np.errstate(invalid="ignore", over="ignore"):
        inner = _no_nan(xp, y * dy, dy)  # mul_no_nan(-0.5 * y * y, mul_no_nan(y, dy))
        return _no_nan(xp, (-0.5 * (y * y)) * inner, inner)


def _reciprocal_grad(y: Any, dy: Any, xp: Any = np) -> Any:
    y = _conj(xp, y)
    with np.errstate(invalid="ignore", over="ignore"):
        return _no_nan(xp, -(y * y) * dy, dy)  # mul_no_nan(-y * y, dy)


def _rsqrt_jit(t: Any) -> Any:
    def rsqrt_grad(a: Any, b: Any) -> Any:
        c = t(0) if b == t(0) else a * b
        return t(0) if c == t(0) else (t(-0.5) * (a * a)) * c
    return rsqrt_grad


def _mask_times(xp: Any, g: Any, mask: Any) -> Any:
    """``g * mask`` as TF's Eigen kernels do it (a NaN gradient stays NaN where masked)."""
    return g * xp.astype(mask, g.dtype)


# TF's ReluGrad and Relu6Grad multiply by the mask (NaN * 0 is NaN); EluGrad and
# LeakyReluGrad select
_binary_grad("ReluGrad", ("gradients", "features"), _relu_grad,
             "return a * (b > T(0) ? T(1) : T(0));", "gradients where features > 0, else 0.",
             allowed=tt.RELU, on_xp=lambda xp, g, x: _mask_times(xp, g, x > 0),
             jit_for=lambda t: (lambda a, b: a * (t(1) if b > t(0) else t(0))))
_binary_grad("Relu6Grad", ("gradients", "features"), _relu6_grad,
             "return a * ((b > T(0) && b < T(6)) ? T(1) : T(0));",
             "gradients where 0 < features < 6, else 0.", allowed=tt.RELU6,
             on_xp=lambda xp, g, x: _mask_times(xp, g, (x > 0) & (x < 6)),
             jit_for=lambda t: (lambda a, b: a * (t(1) if t(0) < b < t(6) else t(0))))
_binary_grad("EluGrad", ("gradients", "outputs"), _elu_grad,
             "return b < T(0) ? a * (b + T(1)) : a;",
             "gradients * (outputs + 1) where outputs < 0, else gradients.",
             on_xp=lambda xp, g, y: xp.where(y < 0, g * (y + 1), g),
             jit_for=lambda t: (lambda a, b: a * (b + t(1)) if b < t(0) else a))
_binary_grad("TanhGrad", ("y", "dy"), _tanh_grad, "return b * (T(1) - a * a);",
             "dy * (1 - y * y), y = tanh(x).", allowed=tt.FLOAT_COMPLEX,
             jit_for=lambda t: (lambda a, b: b * (t(1) - a * a)), unchanged=True)
_binary_grad("SigmoidGrad", ("y", "dy"), _sigmoid_grad, "return b * a * (T(1) - a);",
             "dy * y * (1 - y), y = sigmoid(x).", allowed=tt.FLOAT_COMPLEX,
             jit_for=lambda t: (lambda a, b: b * a * (t(1) - a)), unchanged=True)
_binary_grad("SqrtGrad", ("y", "dy"), _sqrt_grad,
             "return b == T(0) ? T(0) : (T(0.5) / a) * b;",
             "0.5 / y * dy, y = sqrt(x) (0 where dy is 0).", allowed=tt.FLOAT_COMPLEX,
             on_xp=lambda xp, y, dy: _sqrt_grad(y, dy, xp),
             jit_for=lambda t: (lambda a, b: t(0) if b == t(0) else (t(0.5) / a) * b),
             unchanged=True)
_binary_grad("RsqrtGrad", ("y", "dy"), _rsqrt_grad,
             "T c = b == T(0) ? T(0) : a * b; return c == T(0) ? T(0) : (T(-0.5) * (a * a)) * c;",
             "-0.5 * y² * (y * dy), y = rsqrt(x) (0 where dy is 0).", allowed=tt.FLOAT_COMPLEX,
             on_xp=lambda xp, y, dy: _rsqrt_grad(y, dy, xp), jit_for=lambda t: _rsqrt_jit(t),
             unchanged=True)
_binary_grad("ReciprocalGrad", ("y", "dy"), _reciprocal_grad,
             "return b == T(0) ? T(0) : -(a * a) * b;",
             "-y * y * dy, y = 1 / x (0 where dy is 0).", allowed=tt.FLOAT_COMPLEX,
             on_xp=lambda xp, y, dy: _reciprocal_grad(y, dy, xp),
             jit_for=lambda t: (lambda a, b: t(0) if b == t(0) else -(a * a) * b),
             unchanged=True)


def _alpha(attrs: dict[str, Any]) -> dict[str, Any]:
    return {"alpha": float(attrs.get("alpha", 0.2))}


def _leaky_for(attrs: Mapping[str, Any]) -> Any:
    alpha = float(attrs.get("alpha", 0.2))
    return lambda g, x: _leaky_relu_grad(g, x, alpha)


def _slope(xp: Any, alpha: float, dtype: Any) -> Any:
    """alpha as TF's kernel has it: a float attr is 32 bits (0.2 is 0.20000000298… in a
    float64 kernel)."""
    return xp.asarray(np.float32(alpha), dtype=dtype)


def _leaky_relu_grad(g: Any, x: Any, alpha: float = 0.2) -> Any:
    return np.where(x > 0, g, g * _slope(np, alpha, np.asarray(g).dtype))


register(OpDef(
    type="LeakyReluGrad", inputs=("gradients", "features"),
    infer=lambda specs, attrs: [TensorSpec(sf.merge(specs[0].shape, specs[1].shape),
                                           sf.same_dtype("LeakyReluGrad", specs,
                                                         ("gradients", "features"),
                                                         tt.FLOATS))],
    kernel=lambda xp, g, x, **a: xp.where(x > 0, g, g * _slope(xp, a["alpha"], g.dtype)),
    attrs=(AttrDef("alpha", "float", default=0.2, doc="the slope for features < 0"),
           type_attr("T", tt.FLOATS)),
    derive=lambda s: {"T": s[0].dtype}, category=CATEGORY, palette=False,
    normalize=_alpha,
    doc="gradients where features > 0, else alpha * gradients.", default_name="LeakyReluGrad",
    extra={"arg_types": {"gradients": "T", "features": "T"}},
))


# --- shapes -------------------------------------------------------------------------------------
def _bcast_args_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("BroadcastGradientArgs", specs, ("s0", "s1"), ("int32", "int64"))
    for spec in specs:
        sf.with_rank(spec.shape, 1)
    return [TensorSpec(TensorShape([None]), t), TensorSpec(TensorShape([None]), t)]


def broadcast_gradient_args(s0: Sequence[int], s1: Sequence[int]) -> tuple[list[int], list[int]]:
    """The axes along which each of two shapes was broadcast to their common shape (TF's
    BCast ``grad_x_reduce_idx``): the axes to sum its gradient over. Equal shapes need
    none (BCast's early out), where other shapes reduce along the axes both have as 1."""
    if [int(d) for d in s0] == [int(d) for d in s1]:
        return [], []
    n = max(len(s0), len(s1))
    a = [1] * (n - len(s0)) + [int(d) for d in s0]
    b = [1] * (n - len(s1)) + [int(d) for d in s1]
    r0: list[int] = []
    r1: list[int] = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            if x == 1:  # both 1 (the shapes differ elsewhere): TF reduces along it for both
                r0.append(i)
                r1.append(i)
            continue
        if x == 1:
            r0.append(i)
        elif y == 1:
            r1.append(i)
        else:
            raise KernelError(f"Incompatible shapes: [{','.join(map(str, s0))}] vs. "
                              f"[{','.join(map(str, s1))}]")
    return r0, r1


def _bcast_args_kernel(xp: Any, s0: Any, s1: Any, **attrs: Any) -> Any:
    r0, r1 = broadcast_gradient_args(host(s0).tolist(), host(s1).tolist())
    dtype = host(s0).dtype
    return xp.asarray(np.array(r0, dtype)), xp.asarray(np.array(r1, dtype))


register(OpDef(
    type="BroadcastGradientArgs", inputs=("s0", "s1"), infer=_bcast_args_infer,
    kernel=_bcast_args_kernel, attrs=(type_attr("T", ("int32", "int64"), default=dt.int32),),
    derive=lambda s: {"T": s[0].dtype}, category=CATEGORY, palette=False,
    num_outputs=2,
    doc="The axes along which shapes s0 and s1 were broadcast (to sum gradients over).",
    default_name="BroadcastGradientArgs", extra={"arg_types": {"s0": "T", "s1": "T"}},
))


def _invert_perm_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                       ) -> list[TensorSpec]:
    t = sf.check_dtype(specs[0], ("int32", "int64"), "x")
    return [TensorSpec(sf.with_rank(specs[0].shape, 1), t)]


def _invert_perm_kernel(xp: Any, x: Any, **attrs: Any) -> Any:
    perm = host(x)
    n = perm.shape[0]
    out = np.full(n, -1, dtype=perm.dtype)
    for i, d in enumerate(perm.tolist()):
        if not 0 <= d < n:
            raise KernelError(f"{d} is not between 0 and {n}")
        if out[d] != -1:
            raise KernelError(f"{d} is duplicated in the input.")
        out[d] = i
    return xp.asarray(out)


register(OpDef(
    type="InvertPermutation", inputs=("x",), infer=_invert_perm_infer,
    kernel=_invert_perm_kernel, attrs=(type_attr("T", ("int32", "int64"), default=dt.int32),),
    derive=lambda s: {"T": s[0].dtype}, category=CATEGORY,
        palette=False,
        doc="The inverse of a permutation: y[x[i]] = i.", default_name="InvertPermutation",
    extra={"arg_types": {"x": "T"}},
))


# --- BiasAddGrad --------------------------------------------------------------------------------
def _bias_add_grad_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                         ) -> list[TensorSpec]:
    t = sf.check_dtype(specs[0], tt.NUMBER, "out_backprop")
    shape = sf.with_rank_at_least(specs[0].shape, 2)
    if shape.sizes is None:
        return [TensorSpec(TensorShape([None]), t)]
    channel = shape.sizes[1] if attrs.get("data_format") == "NCHW" else shape.sizes[-1]
    return [TensorSpec(TensorShape([channel]), t)]


def _bias_add_grad_kernel(xp: Any, g: Any, **attrs: Any) -> Any:
    axis = 1 if attrs.get("data_format") == "NCHW" else len(g.shape) - 1
    axes = tuple(i for i in range(len(g.shape)) if i != axis)
    return xp.sum(g, axis=axes, dtype=g.dtype)


register(OpDef(
    type="BiasAddGrad", inputs=("out_backprop",), infer=_bias_add_grad_infer,
    kernel=_bias_add_grad_kernel,
    attrs=(type_attr("T", tt.NUMBER),
           AttrDef("data_format", "string", default="NHWC", choices=("NHWC", "NCHW"))),
    derive=lambda s: {"T": s[0].dtype}, category=CATEGORY,
        palette=False,
        doc="The bias's gradient: out_backprop summed over all but the channel dimension.",
    default_name="BiasAddGrad", extra={"arg_types": {"out_backprop": "T"}},
))


# --- DynamicStitch ------------------------------------------------------------------------------
def _stitch_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    n = len(specs) // 2
    indices, data = specs[:n], specs[n:]
    sf.check_list_dtype("DynamicStitch", indices, "int32", "indices")
    dtype = sf.same_dtype("DynamicStitch", data, [f"data[{i}]" for i in range(n)],
                          [d.name for d in dt.ALL_DTYPES])
    extra: TensorShape = sf.UNKNOWN
    for ind, dat in zip(indices, data):
        if ind.shape.rank is None or dat.shape.rank is None:
            continue
        extra = sf.merge(extra, sf.subshape(dat.shape, ind.shape.rank))
    values = [value_of(s) for s in indices]
    first: Any = None
    if all(v is not None for v in values):
        first = max([int(np.max(v)) for v in values if np.size(v)] or [-1]) + 1
    if extra.sizes is None:
        return [TensorSpec(sf.UNKNOWN, dtype)]
    return [TensorSpec(TensorShape([first, *extra.sizes]), dtype)]


def _stitch_kernel(xp: Any, *arrays: Any, **attrs: Any) -> Any:
    n = len(arrays) // 2
    indices = [host(a) for a in arrays[:n]]
    data = [host(a) for a in arrays[n:]]
    size = max([int(i.max()) for i in indices if i.size] or [-1]) + 1
    tail = data[0].shape[indices[0].ndim:]
    out = np.zeros((size, *tail), dtype=data[0].dtype)
    for ind, dat in zip(indices, data):
        out[ind.reshape(-1)] = dat.reshape((ind.size, *tail))  # not -1: tail may hold a 0
    return xp.asarray(out)


register(OpDef(
    type="DynamicStitch", inputs=("indices", "data"), infer=_stitch_infer,
    kernel=_stitch_kernel, attrs=(N_ATTR, T_ANY),
    derive=lambda s: {"T": s[-1].dtype}, normalize=_n_normalize, category=CATEGORY,
        palette=False,
        doc="Interleaves the data tensors: out[indices[m][i]] = data[m][i].",
    default_name="DynamicStitch", list_inputs={"indices": "N", "data": "N"},
    extra={"arg_types": {"indices": dt.int32, "data": "T"}},
))
