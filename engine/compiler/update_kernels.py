"""The optimizers' updates as compiled loops: one pass over a variable and its slots.

Each apply op's update (``ops/state.py`` writes it in numpy) is here as the body of a numba
loop over the elements: it reads the variable, its slots and the gradient once and writes
their new values once (into buffers ``ops/update_buffers.py`` recycles), with the same IEEE
operations in the same order as the numpy expression, in the variable's dtype, so the two
agree bit for bit. The loop's range is shared over the cores (``framework/pieces.py``), by
the loop's twin on numba's threads once that is compiled (``together.py``): handing pieces
to pool threads cost as much as it saved (Adam over 784x256 weights: 71 µs alone, 70 µs
in pieces).
Kernels compile on the background compiler of ``jit.py`` and persist in its disk cache;
until one is ready, the numpy expression runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..framework import pieces
from ..ops import update_buffers
from . import jit, kernel_files, together
from .kernel_source import _DECORATOR, _HEADER, together_source

#: FTRL's update of one element for lr_power = -0.5 (square roots: the powers of other
#: lr_power values differ in their last bits between numpy and numba, so those run in numpy);
#: TF's select keeps var at 0 where |linear| <= l1
_FTRL = ("x = g[i]\n a = v1[i]\n w = v0[i]\n na = a + x * x\n pn = np.sqrt(na)\n"
         " ln = v2[i] + ({grad} - (pn - np.sqrt(a)) / s0 * w)\n o1[i] = na\n o2[i] = ln\n"
         " o0[i] = (s1 * np.sign(ln) - ln) / (pn / s0 + s2) if np.abs(ln) > s1 else s3")
#: per op type: (the slot values it writes besides var, the loop body per element, its
#: Nesterov body or None). Inputs: v0 (var), v1.. (slots), g (gradient), s0.. (scalars);
#: outputs o0 (var), o1.. (slots).
_BODIES: dict[str, tuple[int, str, str | None]] = {
    # scalars: lr, 1 (accum += grad²; var -= grad * lr * (1 / √accum))
    "ApplyAdagrad": (
        1,
        "x = g[i]\n a = v1[i] + x * x\n o1[i] = a\n o0[i] = v0[i] - x * s0 * (s1 / np.sqrt(a))",
        None,
    ),
    # scalars: lr, rho, 1 - rho, epsilon, 1
    "ApplyAdadelta": (
        2,
        "x = g[i]\n a = v1[i] * s1 + x * x * s2\n"
        " u = np.sqrt(v2[i] + s3) * (s4 / np.sqrt(a + s3)) * x\n"
        " o1[i] = a\n o0[i] = v0[i] - u * s0\n o2[i] = v2[i] * s1 + u * u * s2",
        None,
    ),
    # var - alpha * delta
    "ApplyGradientDescent": (0, "o0[i] = v0[i] - s0 * g[i]", None),
    # accum = accum * momentum + grad; var -= lr * accum (Nesterov: grad*lr + accum*momentum*lr)
    "ApplyMomentum": (
        1,
        "a = v1[i] * s1 + g[i]\n o1[i] = a\n o0[i] = v0[i] - s0 * a",
        "a = v1[i] * s1 + g[i]\n o1[i] = a\n o0[i] = v0[i] - (g[i] * s0 + a * s1 * s0)",
    ),
    # scalars: alpha, 1 - beta1, 1 - beta2, beta1, epsilon
    "ApplyAdam": (
        2,
        "x = g[i]\n m = v1[i] + (x - v1[i]) * s1\n v = v2[i] + (x * x - v2[i]) * s2\n"
        " o1[i] = m\n o2[i] = v\n o0[i] = v0[i] - m * s0 / (np.sqrt(v) + s4)",
        "x = g[i]\n m = v1[i] + (x - v1[i]) * s1\n v = v2[i] + (x * x - v2[i]) * s2\n"
        " o1[i] = m\n o2[i] = v\n o0[i] = v0[i] - (m * s3 + s1 * x) * s0 / (np.sqrt(v) + s4)",
    ),
    # scalars: lr, 1 - rho, momentum, epsilon
    "ApplyRMSProp": (
        2,
        "x = g[i]\n ms = v1[i] + (x * x - v1[i]) * s1\n"
        " mom = v2[i] * s2 + s0 * x / np.sqrt(ms + s3)\n"
        " o1[i] = ms\n o2[i] = mom\n o0[i] = v0[i] - mom",
        None,
    ),
    # centered: slots mg, ms, mom; scalars lr, 1 - rho, momentum, epsilon
    "ApplyCenteredRMSProp": (
        3,
        "x = g[i]\n ms = v2[i] + (x * x - v2[i]) * s1\n mg = v1[i] + (x - v1[i]) * s1\n"
        " mom = v3[i] * s2 + x * s0 / np.sqrt(ms - mg * mg + s3)\n"
        " o1[i] = mg\n o2[i] = ms\n o3[i] = mom\n o0[i] = v0[i] - mom",
        None,
    ),
    # FTRL-proximal, slots accum and linear; scalars: lr, l1, 2 * l2, 0
    # (V2: and 2 * l2_shrinkage)
    "ApplyFtrl": (2, _FTRL.format(grad="x"), None),
    "ApplyFtrlV2": (2, _FTRL.format(grad="(x + s4 * w)"), None),
}
_SCALARS = {"ApplyGradientDescent": 1, "ApplyMomentum": 2, "ApplyAdam": 5, "ApplyRMSProp": 4,
            "ApplyCenteredRMSProp": 4}
#: elements per piece of the loop when it is shared over the cores
MIN_PIECE = jit.MIN_PIECE

#: the scalar counts of Adagrad's and Adadelta's updates
_SCALARS.update({"ApplyAdagrad": 2, "ApplyAdadelta": 5, "ApplyFtrl": 4, "ApplyFtrlV2": 5})


def source(op_type: str, nesterov: bool, cache: bool) -> str:
    """The module text of one update's loop: ``kernel(o0.., v0.., g, s0.., lo, hi)``."""
    slots, body, nesterov_body = _BODIES[op_type]
    text = nesterov_body if nesterov and nesterov_body is not None else body
    n = slots + 1
    params = [f"o{k}" for k in range(n)] + [f"v{k}" for k in range(n)] + ["g"] + [
        f"s{k}" for k in range(_SCALARS[op_type])]
    # views of the piece, indexed from 0: numba drops its negative-index check and vectorizes
    views = [f"{name}_ = {name}[lo:hi]" for name in params[: 2 * n + 1]]
    lines = [line.strip() for line in text.split("\n")]
    for name in params[: 2 * n + 1]:
        lines = [line.replace(f"{name}[i]", f"{name}_[i]") for line in lines]
    return (_HEADER.format(what=f"The {op_type} update{' (Nesterov)' if nesterov else ''}")
            + "import numpy as np\n\n\n" + _DECORATOR.format(parallel=False, cache=cache)
            + f"\ndef kernel({', '.join(params)}, lo, hi):  # pragma: no cover - compiled\n"
            + "".join(f"    {v}\n" for v in views)
            + f"    for i in range({params[0]}_.shape[0]):\n"
            + "".join(f"        {line}\n" for line in lines)
            + together_source(", ".join(params), cache))


#: the compiled kernels by key, once ready (a step asks for its kernels every time)
_ready: dict[Any, Any] = {}


def _kernel(op_type: str, nesterov: bool, outs: Sequence[np.ndarray],
            ins: Sequence[np.ndarray], scalars: Sequence[Any]) -> Any:
    dtype = outs[0].dtype
    readonly = tuple([not a.flags.writeable for a in ins])
    ready_key = (op_type, nesterov, dtype.char, readonly)
    found = _ready.get(ready_key)
    if found is not None:
        return found
    key = ("update", op_type, nesterov, dtype.str, readonly)  # the compiler's key

    def build(numba: Any) -> Any:
        persistent = kernel_files.directory()[1]
        text = source(op_type, nesterov, persistent)
        return kernel_files.load(kernel_files.name_for((key, text)), text, ())

    def example() -> tuple[Any, ...]:
        def stand_in(ro: bool) -> np.ndarray:
            a = np.zeros(1, dtype)
            a.flags.writeable = not ro
            return a
        return (*(np.zeros(1, dtype) for _ in outs), *(stand_in(ro) for ro in readonly),
                *(dtype.type(0) for _ in scalars), 0, 1)

    kernel = jit.kernel_for(key, build, example)
    if kernel is not None:
        _ready[ready_key] = kernel
    return kernel


def _updater(op_type: str) -> Any:
    def fused(outs: Sequence[np.ndarray], ins: Sequence[np.ndarray], scalars: Sequence[Any],
              nesterov: bool) -> bool:
        if not jit.ENABLED:
            return False
        kernel = _kernel(op_type, nesterov and _BODIES[op_type][2] is not None, outs, ins,
                         scalars)
        if kernel is None:
            return False
        args = (*outs, *ins, *scalars)
        n = outs[0].shape[0]
        try:
            if n < 2 * MIN_PIECE:
                kernel(*args, 0, n)
            else:  # by its twin on numba's threads once compiled (``together.py``)
                twin = together.twin(kernel, (*args, 0, n, n))
                pieces.run(lambda lo, hi: kernel(*args, lo, hi), n, MIN_PIECE,
                           None if twin is None else
                           lambda lo, hi, block: twin(*args, lo, hi, block))
        except TypeError:  # argument types it was not compiled for: the numpy path
            return False
        return True
    return fused


for _op_type in _BODIES:
    update_buffers.FUSED[_op_type] = _updater(_op_type)
