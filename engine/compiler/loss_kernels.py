"""Softmax cross-entropy as one compiled pass per row, with its gradient.

``SoftmaxCrossEntropyWithLogits`` is nine numpy calls (max, subtract, exp, sum, log, …), each
over the whole [batch, classes] array: for an MLP's [128, 10] logits, a few µs of call
overhead apiece for microseconds of arithmetic. Here each row is read once for its maximum,
once for the exponentials and their sum, and once for the loss and the gradient
``softmax - labels``, as TF's CPU kernel computes them (in the logits' dtype). The sums run
left to right where numpy's run pairwise, so results may differ from the numpy kernel in the
last bits (both are within TF's own rounding). Compiled on ``jit.py``'s background compiler
and kept in its disk cache; until then the numpy kernel runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..ops.compiled_kernels import COMPILED
from . import jit, kernel_files
from .kernel_source import _DECORATOR, _HEADER

_BODY = '''
def kernel(features, labels, loss, backprop, zero):  # pragma: no cover - compiled
    n, classes = features.shape
    for r in range(n):
        f = features[r]
        y = labels[r]
        b = backprop[r]
        top = f[0]
        for c in range(1, classes):
            if f[c] > top or f[c] != f[c]:
                top = f[c]
        total = zero
        for c in range(classes):
            e = np.exp(f[c] - top)
            b[c] = e
            total += e
        log_total = np.log(total)
        acc = zero
        for c in range(classes):
            acc += y[c] * (log_total - (f[c] - top))
            b[c] = b[c] / total - y[c]
        loss[r] = acc
'''

_ready: dict[Any, Any] = {}


def source(cache: bool) -> str:
    """The module text of the kernel: ``kernel(features, labels, loss, backprop, zero)``."""
    return (_HEADER.format(what="Softmax cross-entropy with its gradient, row by row")
            + "import numpy as np\n\n\n" + _DECORATOR.format(parallel=False, cache=cache)
            + _BODY)


def _kernel(features: np.ndarray, labels: np.ndarray) -> Any:
    flags = (features.flags.writeable, labels.flags.writeable)
    key = ("xent", features.dtype.str, flags)
    found = _ready.get(key)
    if found is not None:
        return found
    dtype = features.dtype

    def build(numba: Any) -> Any:
        text = source(kernel_files.directory()[1])
        return kernel_files.load(kernel_files.name_for((key, text)), text, ())

    def example() -> tuple[Any, ...]:
        f, y = np.zeros((1, 1), dtype), np.zeros((1, 1), dtype)
        f.flags.writeable, y.flags.writeable = flags
        return (f, y, np.zeros(1, dtype), np.zeros((1, 1), dtype), dtype.type(0))

    kernel = jit.kernel_for(key, build, example)
    if kernel is not None:
        _ready[key] = kernel
    return kernel


def softmax_xent(features: Any, labels: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The loss per row and the gradient, or None where the compiled pass does not apply:
    not compiled yet, broadcast labels, a dtype or layout it does not take, no classes."""
    if not jit.ENABLED:
        return None
    if (type(features) is not np.ndarray or type(labels) is not np.ndarray
            or features.ndim != 2 or features.shape != labels.shape
            or features.dtype not in jit.DTYPES or labels.dtype != features.dtype
            or features.shape[1] == 0 or not features.flags.c_contiguous
            or not labels.flags.c_contiguous):
        return None
    kernel = _kernel(features, labels)
    if kernel is None:
        return None
    loss = np.empty(features.shape[0], features.dtype)
    backprop = np.empty(features.shape, features.dtype)
    try:
        kernel(features, labels, loss, backprop, features.dtype.type(0))
    except TypeError:  # argument types it was not compiled for
        return None
    return loss, backprop


COMPILED["SoftmaxCrossEntropyWithLogits"] = softmax_xent
