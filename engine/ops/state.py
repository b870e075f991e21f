"""TF1's state ops: variables, assignments, NoOp, and the optimizers' apply ops.

A ``VariableV2`` outputs a reference (``float32_ref``): its value lives in the Session that
runs it, in the op's per-session state (``_state["value"]``, on the session's device), and
survives across runs until an ``Assign`` replaces it. Ops that take a reference input
(``ref_inputs`` in ``extra``: ``Assign``'s ``ref``, every ``Apply*``'s ``var`` and slots) get
the variables' states as ``_refs`` instead of a value; every other reader reads the value, and
fails with TF's ``FailedPreconditionError`` while the variable is uninitialized.

A value anyone can see is never changed: an assignment stores a new read-only array (on
numpy into a recycled buffer nobody holds), so a value a run read (or fetched) stays what it
was, and a failed run can put the old values back. Only the row updates write into a value
nobody else holds, under an undo log (``row_undo.py``).
The apply kernels compute what TF's CPU kernels compute, in the variable's dtype; on numpy
they run as one compiled pass into recycled buffers (``update_buffers.py``), the numpy
expressions below being what that pass computes, bit for bit, and what runs without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import (
    AttrError,
    DTypeError,
    FailedPreconditionError,
    KernelError,
    ShapeError,
)
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, as_shape
from ._shape_fns import merge
from .grad_registry import not_differentiable
from .update_buffers import fused_update, into_spare

CATEGORY = "State"
#: TF's ``NumberTypes``, the dtypes variables of the apply ops may have
_FLOATS = (dt.float32, dt.float64, dt.float16, dt.bfloat16, dt.complex64, dt.complex128)


class UninitializedError(KernelError):
    """A variable read before any assignment: the plan frames it on the reading op."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Attempting to use uninitialized value {name}",
                         FailedPreconditionError)
        self.variable = name


def frozen(xp: Any, value: Any) -> Any:
    """A value a variable may hold: its own read-only array (numpy), never the caller's. On
    a device the session's arrays never reach a caller (a fetch copies them to the host)."""
    if isinstance(value, np.generic) or xp is not np:
        return value
    out = np.array(value, copy=True)
    out.flags.writeable = False
    return out


def _current(state: Mapping[str, Any], message: str) -> Any:
    value = state.get("value")
    if value is None:
        value = state.get("empty")  # a variable of no elements (see variable_state)
    if value is None:
        raise KernelError(f"{message}{state.get('name', '?')}", FailedPreconditionError)
    return value


# --- VariableV2 ----------------------------------------------------------------------------
def _variable_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    return [TensorSpec(attrs["shape"], attrs["dtype"].as_ref)]


def _variable_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    """A shape as a TensorShape (the editor and files give lists), a dtype as a value type;
    the editor's spelling of them is checked here, in its words."""
    try:
        shape = as_shape(attrs.get("shape"))
    except (TypeError, ValueError) as e:
        raise AttrError(f"shape: {e}") from None
    try:
        dtype = dt.as_dtype(attrs.get("dtype") or dt.float32).base_dtype
    except TypeError as e:
        raise AttrError(f"dtype: {e}") from None
    return {**attrs, "shape": shape, "dtype": dtype,
            "container": str(attrs.get("container") or ""),
            "shared_name": str(attrs.get("shared_name") or "")}


def _variable(xp: Any, **attrs: Any) -> Any:
    state = attrs["_state"]
    value = state.get("value")
    if value is None:
        value = state.get("empty")  # TF counts a variable of no elements initialized
        if value is None:
            raise UninitializedError(state.get("name", "?"))
        return value if xp is np else xp.asarray(value)
    return value


def _variable_check(attrs: Mapping[str, Any]) -> KernelError | None:
    """TF's VariableV2 kernel takes an unknown rank (``validate_shape=False``) but not a
    known rank with unknown dimensions: ``Shape [?] is not fully defined``."""
    shape = attrs["shape"]
    if shape.rank is None or shape.is_fully_defined():
        return None
    dims = ",".join("?" if d is None else str(d) for d in shape.as_list())
    return KernelError(f"Shape [{dims}] is not fully defined")


register(OpDef(
    type="VariableV2", inputs=(), infer=_variable_infer, kernel=_variable,
    kernel_check=_variable_check,
    attrs=(AttrDef("shape", "shape", default=TensorShape([]), doc="the variable's shape"),
           AttrDef("dtype", "type", default=dt.float32, doc="the variable's dtype"),
           AttrDef("container", "string", default="", hidden=True),
           AttrDef("shared_name", "string", default="", hidden=True)),
    normalize=_variable_normalize, category=CATEGORY, default_name="Variable", stateful=True,
    const_eval=False,
    doc="A variable: a value the session keeps across runs (set it with an Assign first).",
))


# --- assignments ---------------------------------------------------------------------------
def _ref_spec(op_type: str, specs: Sequence[TensorSpec], param: str = "ref") -> TensorSpec:
    ref = specs[0]
    if not ref.dtype.is_ref_dtype:
        raise DTypeError(f"'{op_type}' Op requires that input '{param}' be a mutable tensor "
                         "(e.g.: a tf.Variable)")
    return ref


def _same_base(op_type: str, ref: TensorSpec, spec: TensorSpec, param: str) -> None:
    if spec.dtype is not ref.dtype.base_dtype:
        raise DTypeError(f"Input '{param}' of '{op_type}' Op has type {spec.dtype.name} that "
                         f"does not match type {ref.dtype.name} of argument 'ref'.")


def _assign_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    ref = _ref_spec("Assign", specs)
    _same_base("Assign", ref, specs[1], "value")
    shape = merge(ref.shape, specs[1].shape) if attrs.get("validate_shape", True) else (
        specs[1].shape)
    return [TensorSpec(shape, ref.dtype)]


def _update_infer(op_type: str) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        ref = _ref_spec(op_type, specs)
        _same_base(op_type, ref, specs[1], "value")
        return [TensorSpec(merge(ref.shape, specs[1].shape), ref.dtype)]
    return infer


def _assign(xp: Any, value: Any, *, _refs: Sequence[dict[str, Any]], validate_shape: bool,
            **attrs: Any) -> Any:
    state = _refs[0]
    old = state.get("value")
    if validate_shape and old is not None and np.shape(old) != np.shape(value):
        raise KernelError(f"Assign requires shapes of both tensors to match. lhs shape= "
                          f"{_dims(old)} rhs shape= {_dims(value)}")
    if (xp is np and type(value) is np.ndarray and type(old) is np.ndarray
            and value.shape == old.shape and value.dtype == old.dtype):
        return into_spare(state, value, lambda new: np.copyto(new, value))
    state["value"] = frozen(xp, value)
    return state["value"]


def _dims(value: Any) -> str:
    return "[" + ",".join(str(d) for d in np.shape(value)) + "]"


def _assign_update(sign: int) -> Any:
    def kernel(xp: Any, value: Any, *, _refs: Sequence[dict[str, Any]], **attrs: Any) -> Any:
        state = _refs[0]
        old = _current(state, "Attempting to use uninitialized value ")
        if np.shape(old) != np.shape(value):  # TF's DenseUpdateOp of a ref variable
            raise KernelError("Parameters and update must be the same size")
        if (xp is np and type(old) is np.ndarray and type(value) is np.ndarray
                and value.dtype == old.dtype and old.ndim):
            update = np.add if sign > 0 else np.subtract
            return into_spare(state, old, lambda new: update(old, value, out=new))
        state["value"] = _fresh(xp, old + value if sign > 0 else old - value)
        return state["value"]
    return kernel


def _fresh(xp: Any, value: Any) -> Any:
    """A new array a kernel just computed, made read-only to hold as a variable's value."""
    if xp is np and isinstance(value, np.ndarray):
        value.flags.writeable = False
    return value


_T = AttrDef("T", "type", derived=True)
_LOCK = AttrDef("use_locking", "bool", default=False, hidden=True)
_REF = {"ref_inputs": (0,)}


def _derive_ref_t(specs: Sequence[TensorSpec]) -> dict[str, Any]:
    return {"T": specs[0].dtype.base_dtype}


register(OpDef(
    type="Assign", inputs=("ref", "value"), infer=_assign_infer, kernel=_assign,
    attrs=(_T, AttrDef("validate_shape", "bool", default=True),
           AttrDef("use_locking", "bool", default=True, hidden=True)),
    derive=_derive_ref_t, category=CATEGORY, default_name="Assign", stateful=True,
    const_eval=False, extra=_REF,
    doc="Sets the variable wired into ref to value; outputs the new value.",
))
for _type, _sign, _doc in (("AssignAdd", 1, "Adds value to the variable wired into ref."),
                           ("AssignSub", -1, "Subtracts value from the variable in ref.")):
    register(OpDef(
        type=_type, inputs=("ref", "value"), infer=_update_infer(_type),
        kernel=_assign_update(_sign), attrs=(_T, _LOCK), derive=_derive_ref_t,
        category=CATEGORY, default_name=_type, stateful=True, const_eval=False, extra=_REF,
        doc=_doc,
    ))

register(OpDef(
    type="NoOp", inputs=(), infer=lambda specs, attrs: [], kernel=lambda xp, **a: None,
    num_outputs=0, category=CATEGORY, default_name="NoOp", stateful=True, const_eval=False,
    doc="Does nothing; its control inputs run first (group, initializers, training steps).",
))


# --- the optimizers' apply ops -------------------------------------------------------------
def _var_and_slots(op_type: str, specs: Sequence[TensorSpec], n_refs: int
                   ) -> tuple[TensorSpec, TensorShape]:
    """An apply op's variable (a float reference) and the shape it shares with its
    ``n_refs - 1`` slots, dense and sparse apply ops alike."""
    var = _ref_spec(op_type, specs, "var")
    base = var.dtype.base_dtype
    if base not in _FLOATS:
        raise DTypeError(f"{op_type} has no kernel for variables of dtype {base.name}")
    shape = var.shape
    for spec in specs[1:n_refs]:
        _ref_spec(op_type, [spec], "var")
        shape = merge(shape, spec.shape)
    return var, shape


def _apply_infer(op_type: str, n_refs: int, names: Sequence[str], grad: str) -> Any:
    """var and its slots (``n_refs`` references) share one shape and dtype; the
    hyper-parameters are scalars; the gradient has the variable's shape."""
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        var, shape = _var_and_slots(op_type, specs, n_refs)
        base = var.dtype.base_dtype
        for name, spec in zip(names, specs[n_refs:]):
            if spec.dtype.base_dtype is not base:
                raise DTypeError(f"Input '{name}' of '{op_type}' Op has type {spec.dtype.name} "
                                 f"that does not match type {base.name} of argument 'var'.")
            if name == grad:  # TF's shape function: a plain Merge
                shape = merge(shape, spec.shape)
            elif spec.shape.rank not in (None, 0):
                raise ShapeError(f"Shape must be rank 0 but is rank {spec.shape.rank}")
        return [TensorSpec(shape, var.dtype)]
    return infer


def _values(refs: Sequence[dict[str, Any]], names: Sequence[str] = ()) -> list[Any]:
    """The current values of the variable and its slots; each slot (named in ``names``)
    must have the variable's shape, as TF's kernels check."""
    values = [_current(s, "Attempting to use uninitialized value ") for s in refs]
    for name, value in zip(names, values[1:]):
        _same_shape(values[0], value, name)
    return values


def _same_shape(var: Any, other: Any, name: str) -> None:
    """TF's run-time check of an apply op: ``var and grad do not have the same shape[2] [3]``
    (a fed gradient's shape is known only now)."""
    if tuple(var.shape) != tuple(other.shape):
        raise KernelError(f"var and {name} do not have the same shape"
                          f"{_debug_shape(var.shape)} {_debug_shape(other.shape)}")


def _debug_shape(shape: Any) -> str:
    return "[" + ",".join(str(int(d)) for d in shape) + "]"  # TensorShape::DebugString


def _store(xp: Any, refs: Sequence[dict[str, Any]], values: Sequence[Any]) -> Any:
    for state, value in zip(refs, values):
        state["value"] = _fresh(xp, value)
    return refs[0]["value"]


def _gd(xp: Any, alpha: Any, delta: Any, *, _refs: Any, **attrs: Any) -> Any:
    (var,) = _values(_refs)
    _same_shape(var, delta, "delta")
    if fused_update("ApplyGradientDescent", xp, _refs, [var], [delta], [alpha]):
        return _refs[0]["value"]
    return _store(xp, _refs, [var - alpha * delta])


def _momentum(xp: Any, lr: Any, grad: Any, momentum: Any, *, _refs: Any, use_nesterov: bool,
              **attrs: Any) -> Any:
    var, accum = _values(_refs, ["accum"])
    _same_shape(var, grad, "grad")
    if fused_update("ApplyMomentum", xp, _refs, [var, accum], [grad], [lr, momentum],
                    use_nesterov):
        return _refs[0]["value"]
    accum = accum * momentum + grad
    if use_nesterov:
        var = var - (grad * lr + accum * momentum * lr)
    else:
        var = var - lr * accum
    return _store(xp, _refs, [var, accum])


def _adam(xp: Any, beta1_power: Any, beta2_power: Any, lr: Any, beta1: Any, beta2: Any,
          epsilon: Any, grad: Any, *, _refs: Any, use_nesterov: bool, **attrs: Any) -> Any:
    var, m, v = _values(_refs, ["m", "v"])
    _same_shape(var, grad, "grad")
    one = 1  # a weak Python scalar: the arithmetic stays in the variable's dtype
    alpha = lr * xp.sqrt(one - beta2_power) / (one - beta1_power)
    if fused_update("ApplyAdam", xp, _refs, [var, m, v], [grad],
                    [alpha, one - beta1, one - beta2, beta1, epsilon], use_nesterov):
        return _refs[0]["value"]
    m = m + (grad - m) * (one - beta1)
    v = v + (grad * grad - v) * (one - beta2)
    step = (m * beta1 + (one - beta1) * grad) if use_nesterov else m
    var = var - step * alpha / (xp.sqrt(v) + epsilon)
    return _store(xp, _refs, [var, m, v])


def _rmsprop(xp: Any, lr: Any, rho: Any, momentum: Any, epsilon: Any, grad: Any, *,
             _refs: Any, **attrs: Any) -> Any:
    var, ms, mom = _values(_refs, ["ms", "mom"])
    _same_shape(var, grad, "grad")
    one = 1
    if fused_update("ApplyRMSProp", xp, _refs, [var, ms, mom], [grad],
                    [lr, one - rho, momentum, epsilon]):
        return _refs[0]["value"]
    ms = ms + (grad * grad - ms) * (one - rho)
    mom = mom * momentum + lr * grad / xp.sqrt(ms + epsilon)
    return _store(xp, _refs, [var - mom, ms, mom])


def _centered_rmsprop(xp: Any, lr: Any, rho: Any, momentum: Any, epsilon: Any, grad: Any, *,
                      _refs: Any, **attrs: Any) -> Any:
    """TF's ``ApplyCenteredRMSProp``: RMSProp over the variance, not the second moment
    (``mg`` is the gradient's moving mean)."""
    var, mg, ms, mom = _values(_refs, ["mg", "ms", "mom"])
    _same_shape(var, grad, "grad")
    one = 1
    if fused_update("ApplyCenteredRMSProp", xp, _refs, [var, mg, ms, mom], [grad],
                    [lr, one - rho, momentum, epsilon]):
        return _refs[0]["value"]
    ms = ms + (grad * grad - ms) * (one - rho)
    mg = mg + (grad - mg) * (one - rho)
    mom = mom * momentum + grad * lr / xp.sqrt(ms - mg * mg + epsilon)
    return _store(xp, _refs, [var - mom, mg, ms, mom])


def _apply(op_type: str, refs: Sequence[str], values: Sequence[str], kernel: Any, doc: str,
           nesterov: bool = False) -> None:
    grad = "delta" if "delta" in values else "grad"
    attrs: tuple[AttrDef, ...] = (_T, _LOCK)
    if nesterov:
        attrs += (AttrDef("use_nesterov", "bool", default=False),)
    register(OpDef(
        type=op_type, inputs=(*refs, *values), kernel=kernel, attrs=attrs,
        infer=_apply_infer(op_type, len(refs), values, grad), derive=_derive_ref_t,
        category="Training", default_name=op_type, stateful=True, const_eval=False,
        extra={"ref_inputs": tuple(range(len(refs)))}, doc=doc,
    ))


_apply("ApplyGradientDescent", ("var",), ("alpha", "delta"), _gd,
       "var -= alpha * delta.")
_apply("ApplyMomentum", ("var", "accum"), ("lr", "grad", "momentum"), _momentum,
       "accum = accum * momentum + grad; var -= lr * accum.", nesterov=True)
_apply("ApplyAdam", ("var", "m", "v"),
       ("beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"), _adam,
       "Adam: m and v move toward grad and grad², var -= lr_t * m / (√v + ε).", nesterov=True)
_apply("ApplyRMSProp", ("var", "ms", "mom"), ("lr", "rho", "momentum", "epsilon", "grad"),
       _rmsprop, "RMSProp: ms moves toward grad², mom = mom·momentum + lr·grad/√(ms + ε).")
_apply("ApplyCenteredRMSProp", ("var", "mg", "ms", "mom"),
       ("lr", "rho", "momentum", "epsilon", "grad"), _centered_rmsprop,
       "Centered RMSProp: ms and mg move toward grad² and grad, "
       "mom = mom·momentum + lr·grad/√(ms − mg² + ε).")

# what TF's gradients do not flow through: the assignments, NoOp and the apply ops (TF's
# ``ops.NotDifferentiable``); a variable is where gradients stop (it has no inputs)

not_differentiable("VariableV2", "Assign", "AssignAdd", "AssignSub", "NoOp",
                   "ApplyGradientDescent", "ApplyMomentum", "ApplyAdam", "ApplyRMSProp",
                   "ApplyCenteredRMSProp")
