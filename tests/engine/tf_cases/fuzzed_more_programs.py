"""The programs ``tools/fuzz_specs_more.py`` draws: the engine functions the other generators
leave out (complex numbers, ``clip_by_value``, ``dynamic_partition``, the scatter updates of
variables, ``count_up_to``, the bitwise ops, ``xw_plus_b``, ``strided_slice`` with its masks,
``compute_weighted_loss``, ``depthwise_conv2d_native``, the random seeds), each ``(tf,
inputs, **kw) -> output(s)`` on either namespace. ``fuzzed.build`` runs them (and their
gradients) from a spec; this module only says what each function name in a spec calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .harness import Fetch


def _complex_fn(tf: Any, xs: list[Any], fn: str, make: bool = True, **kw: Any) -> Any:
    """``fn`` of the complex number ``complex(xs[0], xs[1])`` (``make``) or of ``xs[0]``
    itself; ``fn == "complex"`` is ``tf.complex`` alone."""
    if fn == "complex":
        return tf.complex(xs[0], xs[1], **kw)
    z = tf.complex(xs[0], xs[1]) if make else xs[0]
    space = tf.math if hasattr(tf.math, fn) else tf
    return getattr(space, fn)(z, **kw)


def _clip(tf: Any, xs: list[Any], lo: Any = None, hi: Any = None, **kw: Any) -> Any:
    """``clip_by_value`` with bounds given as Python numbers (``lo``/``hi``) or as the
    inputs after the first."""
    rest = iter(xs[1:])
    low = next(rest) if lo is None else lo
    high = next(rest) if hi is None else hi
    return tf.clip_by_value(xs[0], low, high, **kw)


def _partition(tf: Any, xs: list[Any], **kw: Any) -> Any:
    return list(tf.dynamic_partition(xs[0], xs[1], **kw))


def _var_scatter(tf: Any, xs: list[Any], fn: str, method: bool = False, **kw: Any) -> Any:
    """``fn`` (``scatter_add``, ``scatter_nd_update``, ``batch_scatter_update`` …) on a
    Variable initialised to ``xs[0]``, run once; fetches the variable after it. ``method``:
    the Variable's method of that name, given an IndexedSlices (the nd ones: indices and
    updates)."""
    var = tf.Variable(xs[0], name="v")
    if method and fn.startswith("scatter_nd"):
        out = getattr(var, fn)(xs[1], xs[2], **kw)
    elif method:
        kw.pop("use_locking", None)
        out = getattr(var, fn)(tf.IndexedSlices(xs[2], xs[1]), **kw)
    else:
        out = getattr(tf, fn)(var, xs[1], xs[2], **kw)
    return Fetch([var], before=[tf.global_variables_initializer(), out],
                 probe=[str(out.shape), out.dtype.name, out.name, out.op.type])


def _count_up_to(tf: Any, xs: list[Any], limit: int, steps: int, dtype: str = "int32",
                 start: int = 0) -> Any:
    """A Variable counted ``steps`` times up to ``limit``; fetches the last count and the
    variable."""
    var = tf.Variable(tf.constant(start, dtype=getattr(tf, dtype)), name="c")
    out = tf.count_up_to(var, limit)
    before = [tf.global_variables_initializer()] + [out] * (steps - 1)
    return Fetch([out, var], before=before, probe=[str(out.shape), out.dtype.name, out.name])


def _bitwise(tf: Any, xs: list[Any], fn: str, **kw: Any) -> Any:
    return getattr(tf.bitwise, fn)(*xs, **kw)


def _strided_slice(tf: Any, xs: list[Any], begin: Any, end: Any, strides: Any = None,
                   tensors: str | None = None, **kw: Any) -> Any:
    """``strided_slice``; ``tensors``: ``"const"`` or ``"default"`` (placeholder_with_default,
    values unknown while building) gives begin, end and strides as int32 tensors."""
    if tensors is not None:
        def wrap(v: Any) -> Any:
            c = tf.constant(v, dtype=tf.int32)
            return c if tensors == "const" else tf.placeholder_with_default(c, shape=[len(v)])
        begin, end = wrap(begin), wrap(end)
        strides = None if strides is None else wrap(strides)
    return tf.strided_slice(xs[0], begin, end, strides, **kw)


def _seeds(tf: Any, xs: list[Any], op_seeds: list[Any], graph_seed: Any = "unset",
           ops: int = 1) -> Any:
    """What ``get_seed`` gives for each of ``op_seeds`` after ``set_random_seed(graph_seed)``
    (unless unset), and the seed attrs of ``ops`` random ops made with the first."""
    if graph_seed != "unset":
        tf.set_random_seed(graph_seed)
    probe: list[Any] = [list(tf.get_seed(s)) for s in op_seeds]
    for _ in range(ops):
        y = tf.random_uniform([2], seed=op_seeds[0] if op_seeds else None)
        probe.append([y.op.get_attr("seed"), y.op.get_attr("seed2"), y.name])
    return Fetch(None, probe=probe)


def _weighted_loss(tf: Any, xs: list[Any], weights: Any = "default",
                   reduction: str | None = None, **kw: Any) -> Any:
    if weights == "input":
        kw["weights"] = xs[1]
    elif weights != "default":
        kw["weights"] = weights
    if reduction is not None:
        kw["reduction"] = getattr(tf.losses.Reduction, reduction)
    return [tf.losses.compute_weighted_loss(xs[0], **kw)]


MORE_PROGRAMS: dict[str, Callable[..., Any]] = {
    "complex_fn": _complex_fn,
    "clip_by_value": _clip,
    "dynamic_partition": _partition,
    "var_scatter": _var_scatter,
    "count_up_to": _count_up_to,
    "bitwise": _bitwise,
    "xw_plus_b": lambda tf, xs, **kw: tf.nn.xw_plus_b(xs[0], xs[1], xs[2], **kw),
    "strided_slice": _strided_slice,
    "seeds": _seeds,
    "weighted_loss": _weighted_loss,
    "depthwise_native": lambda tf, xs, **kw: tf.nn.depthwise_conv2d_native(xs[0], xs[1], **kw),
}
