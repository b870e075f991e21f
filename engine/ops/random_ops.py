"""Random ops: RandomStandardNormal, RandomUniform, RandomUniformInt, TruncatedNormal.

They are stateful, as TF's are: each run of a session draws new numbers, and a new session
starts again from the op's seeds. The seeds are TF's two attributes, ``seed`` (the graph's)
and ``seed2`` (the op's), resolved by ``random_builders.get_seed`` as TF resolves them; both 0
means "not seeded" and each session then draws from fresh entropy. The numbers come from
numpy's Philox generator keyed by the two seeds — the same distributions as TF, and the same
numbers for the same seeds on every backend (they are drawn on the host), but not TF's bit
streams.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError, DTypeError, KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import type_attr

CATEGORY = "Random"
_SEEDS = (AttrDef("seed", "int", default=0, doc="the graph-level seed (0: none)"),
          AttrDef("seed2", "int", default=0, doc="the op-level seed (0: none)"))


def generator(state: dict[str, Any], seed: int, seed2: int) -> np.random.Generator:
    """The op's generator in this session: made from its seeds on first use (or when they
    changed), then advanced by every run."""
    key = (seed, seed2)
    if state.get("seeds") != key or "generator" not in state:
        if seed == 0 and seed2 == 0:
            bits = np.random.Philox()  # not seeded: fresh entropy per session
        else:
            bits = np.random.Philox(key=[seed & 0xFFFFFFFFFFFFFFFF, seed2 & 0xFFFFFFFFFFFFFFFF])
        state["generator"] = np.random.Generator(bits)
        state["seeds"] = key
    return state["generator"]


def _make_int(v: Any, name: str) -> int:
    """TF's ``_MakeInt`` for an int attr: anything ``int()`` takes but a string (a float
    seed truncates, as TF's does)."""
    if not isinstance(v, str):
        try:
            return int(v)
        except (ValueError, TypeError):
            pass
    raise DTypeError(f"Expected int for argument '{name}' not {v!r}.")


def _normalize(with_dtype: bool) -> Any:
    def normalize(attrs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("seed", "seed2"):
            v = attrs.get(name) or 0
            out[name] = _make_int(v, name)
        if with_dtype:
            try:
                out["dtype"] = dt.as_dtype(attrs.get("dtype") or dt.float32)
            except TypeError as e:
                raise AttrError(f"dtype: {e}") from None
        return out

    return normalize


def _shape_infer(specs: Sequence[TensorSpec], out: dt.DType) -> list[TensorSpec]:
    sf.check_dtype(specs[0], tt.INDEX, "shape")
    with Inputs(specs) as read:
        shape = read.shape(0)
    return [TensorSpec(shape, out)]


def _float_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    return _shape_infer(specs, sf.check_attr_dtype(attrs["dtype"], tt.FLOATS, "dtype"))


def _int_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.check_dtype(specs[1], tt.INDEX, "minval")
    if specs[2].dtype is not t:
        from ..framework.errors import DTypeError

        raise DTypeError(f"Input 'maxval' of 'RandomUniformInt' Op has type {specs[2].dtype.name}"
                         f" that does not match type {t.name} of argument 'minval'.")
    for i, param in ((1, "minval"), (2, "maxval")):  # TF's words for a bound of rank > 0
        shape = specs[i].shape
        if shape.sizes is not None and len(shape.sizes) != 0:
            raise ShapeError(f"{param} must be a scalar; got a tensor of shape "
                             f"{shape.debug_string()}")
    return _shape_infer(specs[:1], t)


def _dims(value: Any) -> tuple[int, ...]:
    host = np.asarray(value.get() if hasattr(value, "get") else value)
    dims = tuple(int(d) for d in host.reshape(-1))
    if host.ndim != 1:
        raise KernelError(f"shape must be a vector of {{int32,int64}}, got shape "
                          f"[{','.join(map(str, host.shape))}]")
    for d in dims:
        if d < 0:
            raise KernelError(f"Dimension {d} must be >= 0")
    return dims


def _on(xp: Any, values: np.ndarray, dtype: dt.DType) -> Any:
    values = values.astype(dtype.np_dtype, copy=False)
    return values if xp is np else xp.asarray(values)


def _normal(xp: Any, shape: Any, **attrs: Any) -> Any:
    gen = generator(attrs["_state"], attrs["seed"], attrs["seed2"])
    return _on(xp, gen.standard_normal(_dims(shape)), attrs["dtype"])


def _uniform(xp: Any, shape: Any, **attrs: Any) -> Any:
    gen = generator(attrs["_state"], attrs["seed"], attrs["seed2"])
    dtype = attrs["dtype"]
    draw = gen.random(_dims(shape), dtype=np.float32 if dtype is dt.float32 else np.float64)
    values = draw.astype(dtype.np_dtype)
    if dtype.bits < 32:  # rounding up to 1.0 would leave [0, 1): keep below it
        values = np.minimum(values, np.nextafter(dtype.np_dtype.type(1), dtype.np_dtype.type(0)))
    return _on(xp, values, dtype)


def _uniform_int(xp: Any, shape: Any, minval: Any, maxval: Any, **attrs: Any) -> Any:
    lo, hi = (int(np.asarray(v.get() if hasattr(v, "get") else v)) for v in (minval, maxval))
    if lo >= hi:
        raise KernelError(f"Need minval < maxval, got {lo} >= {hi}")
    gen = generator(attrs["_state"], attrs["seed"], attrs["seed2"])
    t = attrs["Tout"]
    return _on(xp, gen.integers(lo, hi, size=_dims(shape), dtype=t.np_dtype), t)


def _truncated(xp: Any, shape: Any, **attrs: Any) -> Any:
    """Normal values, those beyond two standard deviations drawn again (as TF does)."""
    gen = generator(attrs["_state"], attrs["seed"], attrs["seed2"])
    values = gen.standard_normal(_dims(shape))
    bad = np.abs(values) > 2
    while bad.any():
        values[bad] = gen.standard_normal(int(bad.sum()))
        bad = np.abs(values) > 2
    return _on(xp, values, attrs["dtype"])


_DTYPE = AttrDef("dtype", "type", default=dt.float32, doc="the output's float dtype")
_T = type_attr("T", tt.INDEX)

for _op, _kernel, _doc in (
    ("RandomStandardNormal", _normal, "Normal values: mean 0, standard deviation 1."),
    ("RandomUniform", _uniform, "Uniform values in [0, 1)."),
    ("TruncatedNormal", _truncated,
     "Normal values (mean 0, standard deviation 1) within two standard deviations."),
):
    register(OpDef(
        type=_op, inputs=("shape",), infer=_float_infer, kernel=_kernel,
        attrs=(*_SEEDS, _DTYPE, _T), derive=lambda specs: {"T": specs[0].dtype},
        normalize=_normalize(True), category=CATEGORY, doc=_doc, default_name=_op,
        stateful=True, reads_values=True, extra={"arg_types": {"shape": "T"}},
    ))

register(OpDef(
    type="RandomUniformInt", inputs=("shape", "minval", "maxval"), infer=_int_infer,
    kernel=_uniform_int,
    attrs=(*_SEEDS, type_attr("Tout", tt.INDEX), _T),
    derive=lambda specs: {"T": specs[0].dtype, "Tout": specs[1].dtype},
    normalize=_normalize(False), category=CATEGORY,
    doc="Uniform integers in [minval, maxval).", default_name="RandomUniformInt",
    stateful=True, reads_values=True,
    extra={"arg_types": {"shape": "T", "minval": "Tout", "maxval": "Tout"}},
))

