"""The core array functions the differential fuzzer draws (``tools/fuzz_specs_array.py``),
each ``(tf, inputs, **kw) -> output(s)`` on either namespace, merged into ``PROGRAMS`` of
``fuzzed.py``. Arguments a spec cannot hold as JSON are spelled as data: a dtype by its name,
an argument given as a tensor as ``{"tensor": values, "dtype": name}`` (a constant, or with
``"shape"`` a ``placeholder_with_default`` of that static shape: a value the graph does not
know while building), an index of ``tensor[...]`` as a list of items (see ``_index``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .harness import Fetch


def _dtype(tf: Any, name: Any) -> Any:
    return None if name is None else getattr(tf, name)


def _arg(tf: Any, value: Any) -> Any:
    """``value``, or the tensor a ``{"tensor": ...}`` describes."""
    if not (isinstance(value, dict) and "tensor" in value):
        return value
    t = tf.constant(value["tensor"], dtype=_dtype(tf, value.get("dtype", "int32")))
    if "shape" in value:
        t = tf.placeholder_with_default(t, value["shape"])
    return t


def _args(tf: Any, kw: dict[str, Any]) -> dict[str, Any]:
    return {k: _arg(tf, v) for k, v in kw.items()}


def _on(fn: str, arity: int = 1) -> Callable[..., Any]:
    """A program calling ``tf.<fn>`` on the first ``arity`` inputs (0: all, as a list), the
    keyword arguments' tensors built first, a ``dtype`` given by its name."""

    def program(tf: Any, xs: list[Any], literal: Any = None, **kw: Any) -> Any:
        if literal is not None:  # Python numbers and lists in place of the inputs
            xs = [literal] if arity != 0 else literal
        kw = _args(tf, kw)
        for key in ("dtype", "out_type"):
            if isinstance(kw.get(key), str):
                kw[key] = _dtype(tf, kw[key])
        call = getattr(tf, kw.pop("fn", fn))
        return call(xs, **kw) if arity == 0 else call(*xs[:arity], **kw)

    return program


def _transpose(tf: Any, xs: list[Any], complex_input: bool = False, literal: Any = None,
               **kw: Any) -> Any:
    x = literal if literal is not None else xs[0] * (1 + 2j) if complex_input else xs[0]
    return tf.transpose(x, **_args(tf, kw))


def _fill(tf: Any, xs: list[Any], **kw: Any) -> Any:
    if kw.get("value") == "input":
        kw["value"] = xs[0]
    return tf.fill(**_args(tf, kw))


def _zeros(tf: Any, xs: list[Any], fn: str, shape: Any, dtype: Any = "float32",
           name: Any = None) -> Any:
    return getattr(tf, fn)(_arg(tf, shape), dtype=_dtype(tf, dtype), name=name)


def _range(tf: Any, xs: list[Any], args: list[Any], dtype: Any = None,
           arg_dtype: Any = None, **kw: Any) -> Any:
    if arg_dtype is not None:  # the bounds as constants of one dtype
        args = [tf.constant(a, dtype=_dtype(tf, arg_dtype)) for a in args]
    if dtype is not None:
        kw["dtype"] = _dtype(tf, dtype)
    return tf.range(*args, **kw)


def _item(tf: Any, item: Any) -> Any:
    if item == "...":
        return Ellipsis
    if item == "newaxis":
        return tf.newaxis
    if isinstance(item, list):  # [start, stop, step], None for a missing one
        return slice(*(_arg(tf, bound) for bound in item))
    if isinstance(item, dict) and "list" in item:  # a Python list of ints: TF1 refuses it
        return item["list"]
    return _arg(tf, item)


def _index(tf: Any, xs: list[Any], items: list[Any], one: bool = False) -> Any:
    """``x[items]``: ints, ``[start, stop, step]`` slices, ``"..."``, ``"newaxis"``, scalar
    tensors; ``one``: a bare item, not a tuple."""
    key = [_item(tf, item) for item in items]
    return xs[0][key[0]] if one else xs[0][tuple(key)]


def _gather_variable(tf: Any, xs: list[Any], opt: str | None = None, **kw: Any) -> Any:
    """``tf.gather`` of a Variable (its ``sparse_read`` along axis 0), the IndexedSlices
    gradient of ``reduce_sum(y * y)``, and (with ``opt``) the variable after one sparse
    step of that optimizer."""
    var = tf.Variable(xs[0], name="v")
    y = tf.gather(var, xs[1], **_args(tf, kw))
    loss = tf.reduce_sum(y * y)
    grad = tf.gradients(loss, [var])[0]
    probe = [str(y.shape), y.dtype.name, type(grad).__name__]
    if opt is None:
        dense = tf.convert_to_tensor(grad)
        return Fetch([y, dense], before=[tf.global_variables_initializer()], probe=probe)
    step = getattr(tf.train, opt)(0.1).minimize(loss)
    return Fetch([y, var], before=[tf.global_variables_initializer(), step], probe=probe)


PROGRAMS: dict[str, Callable[..., Any]] = {
    "reshape": _on("reshape"),
    "transpose": _transpose,
    "expand_dims": _on("expand_dims"),
    "squeeze": _on("squeeze"),
    "concat": _on("concat", 0),
    "stack": _on("stack", 0),
    "unstack": _on("unstack"),
    "gather": _on("gather", 2),
    "tile": _on("tile"),
    "fill": _fill,
    "zeros": _zeros,
    "zeros_like": _on("zeros_like"),
    "shape_of": _on("shape"),
    "one_hot": _on("one_hot"),
    "range": _range,
    "where": _on("where", 3),
    "broadcast_to": _on("broadcast_to"),
    "add_n": _on("add_n", 0),
    "reverse": _on("reverse"),
    "slice": _on("slice"),
    "cast": _on("cast"),
    "index": _index,
    "gather_variable": _gather_variable,
}
