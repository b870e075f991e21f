"""What a run's fed shapes determine: the shapes of the tensors downstream of the feeds, and
the small int tensors computed from those shapes.

A graph built with an unknown batch dimension (``placeholder([None, 784])``) leaves its
gradient's shape arithmetic to the run: ``tf.gradients`` of a ``reduce_mean`` builds
``Shape``, ``GatherV2``, ``Prod``, ``Tile`` and ``RealDiv`` of the loss's shape, and the
softmax cross-entropy's gradient reshapes by ``Shape`` of its input. Once a run's fed shapes
are known, each of these is a constant of that run: inference is run again over the fed
shapes, and where a shape function needs an input's value (a ``Reshape``'s target, a
``Slice``'s bounds) it is given the value the shape arithmetic before it computes (numpy, on
a few ints). The plan then folds those ops for the fed shapes, as TF's graph optimizer folds
what is statically known, and holds for those shapes only (``Plan.shape_keyed``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.input_values import MAX_VALUE_ELEMENTS, value_of
from ..framework.operation import Operation, Tensor
from ..framework.registry import TensorSpec
from ..framework.shapes import TensorShape

#: tensor -> (its shape in this run, the fed tensors that shape depends on)
Known = dict[Tensor, tuple[tuple[int, ...], tuple[Tensor, ...]]]


def shapes_for_run(ops: Sequence[Operation], fed_shapes: Mapping[Tensor, tuple[int, ...]]
                   ) -> Known:
    """The tensors whose shapes this run's fed shapes determine, each with the fed tensors
    it depends on (inference again, over the fed shapes and the values computed from
    them). Fed values are not known here, so a shape that depends on them is left out."""
    known: Known = {t: (tuple(shape), (t,)) for t, shape in fed_shapes.items()}
    values: dict[Tensor, np.ndarray] = {}  # small int tensors computed from known shapes
    for op in ops:
        inputs = op._inputs
        if (not inputs or op._specs is None or op.op_def.stateful
                or any(t is None for t in inputs)
                or not any(t in known for t in inputs)):
            continue
        specs = [_spec(t, known, values) for t in inputs]  # type: ignore[arg-type]
        try:
            out = op.op_def.infer(specs, op._attrs)
        except Exception:  # noqa: BLE001 - the run reports what is wrong
            continue
        sources = tuple(dict.fromkeys(s for t in inputs if t in known
                                      for s in known[t][1]))
        for t, spec in zip(op._outputs, out):
            if spec.shape.is_fully_defined():
                known[t] = (tuple(int(d or 0) for d in spec.shape.as_list()), sources)
        if all(t in known for t in op._outputs):
            for t, value in zip(op._outputs, _small_values(op, specs, known)):
                if value is not None:
                    values[t] = value
    return known


def _spec(t: Tensor, known: Known, values: Mapping[Tensor, np.ndarray]) -> TensorSpec:
    """The input's spec for this run: its shape from the fed shapes, and its value where the
    shape arithmetic computed it."""
    static = t._op._specs[t._value_index]  # type: ignore[index]
    if static.dtype._base is not None:  # TF reads a reference input's value
        static = TensorSpec(static.shape, static.dtype._base)
    if t not in known:
        return static
    value = values.get(t)
    return TensorSpec(TensorShape(known[t][0]), static.dtype, value=value)


def _small_values(op: Operation, specs: Sequence[TensorSpec], known: Known
                  ) -> list[np.ndarray | None]:
    """The values of an op's small int outputs whose inputs' values are all known (a shape,
    a slice of one, their product, the broadcasting's reduction axes), computed by the op's
    own kernel on numpy; None for each one not known."""
    outputs = op._outputs
    none: list[np.ndarray | None] = [None] * len(outputs)
    if not op.op_def.const_eval:  # its value is not a function of its inputs' (a default)
        return none
    for t in outputs:
        if t.dtype is None or not t.dtype.is_integer or int(
                np.prod(known[t][0])) > MAX_VALUE_ELEMENTS:
            return none
    if op.type in SHAPE_OPS:
        arrays: list[Any] = [np.broadcast_to(np.zeros((), np.float32),
                                             tuple(int(d or 0) for d in specs[0].shape.as_list()))]
    else:
        arrays = [value_of(s) for s in specs]
        if any(a is None for a in arrays):
            return none
    try:
        with np.errstate(all="ignore"):
            found = op.op_def.kernel(np, *arrays, **op.all_attrs())
    except Exception:  # noqa: BLE001 - the run reports what is wrong
        return none
    parts = found if len(outputs) > 1 else (found,)
    out: list[np.ndarray | None] = []
    for t, part in zip(outputs, parts):
        value = np.asarray(part)
        out.append(value if value.shape == known[t][0] else None)
    return out


#: ops whose value is a function of their input's shape alone
SHAPE_OPS = ("Shape", "Size", "Rank")
