"""What an op's inference reads of its inputs' values, and how TF's messages quote it.

TF's shape functions may ask for an input's value (``input_tensor``: a reduction's axes, a
transpose's permutation) or for the shape an int vector holds (``MakeShapeFromShapeTensor``:
a reshape's target, a fill's dims). What they got is quoted in the error, after the input
shapes: ``… with input shapes: [2,3], [] and with computed input tensors: input[1] = <2>.``
or ``… and with input tensors computed as partial shapes: input[1] = [?,4].``. ``Inputs``
hands an infer function those values and remembers what it read, so the message can say it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

import numpy as np

from .errors import InferenceError, ShapeError
from .registry import TensorSpec
from .shapes import TensorShape

#: constants at most this large carry their value in their spec (TF evaluates constant
#: subgraphs of small tensors while inferring shapes; larger values are never shapes)
MAX_VALUE_ELEMENTS = 1024


class _Pass(threading.local):
    """The run of a shape function in progress: which inputs' values it was given, and
    which it asked for."""

    provided: set[int] | None = None
    requested: set[int] | None = None


_PASS = _Pass()


def infer_in_passes(infer: Callable[[list[TensorSpec]], Any],
                    specs: Sequence[TensorSpec]) -> Any:
    """Run a value-reading shape function as TF's shape refiner does: first with no input
    values, then again with the values of the inputs it asked for, until it asks for no new
    ones. An error quotes only what the failing run was given.

    A shape function given more values only knows more, so it can only fail more: when it
    succeeds with every value at once, the passes would end in that same result, and that
    one run is all it takes (the common case, while building a graph). Only when it fails
    do the passes run, to find what TF's error quotes."""
    provided: set[int] = set()
    saved = (_PASS.provided, _PASS.requested)
    try:
        _PASS.provided = {i for i, s in enumerate(specs)
                          if s.value is not None or s.partial is not None or s.lazy is not None}
        _PASS.requested = set()
        try:
            return infer(list(specs))
        except InferenceError:
            pass
        while True:
            given = [s if i in provided else TensorSpec(s.shape, s.dtype)
                     for i, s in enumerate(specs)]
            _PASS.provided, _PASS.requested = provided, set()
            result = infer(given)
            new = _PASS.requested - provided
            if not new:
                break
            provided = provided | new
        everything = {i for i, s in enumerate(specs)
                      if s.value is not None or s.partial is not None or s.lazy is not None}
        if everything <= provided:
            return result
        # once more with every value: what the outputs hold (a slice of a shape vector)
        # may come from inputs the shape function did not ask for
        _PASS.provided, _PASS.requested = everything, set()
        try:
            return infer(list(specs))
        except InferenceError:
            return result
    finally:
        _PASS.provided, _PASS.requested = saved


class _Reads:
    """How many times an inference has asked a lazy value for itself, ever: an inference
    that did not ask (the count unchanged across its run) depends on no lazy input's value,
    so its result may be remembered for any inputs that are lazy in the same places."""

    count = 0


LAZY_READS = _Reads()


class LazyValue:
    """The value of an op over constant inputs, computed (with numpy) once asked for; None
    when its kernel fails (the run reports that). ``attrs`` are the op's own (an edit
    replaces an op's attribute dict, never changes it); the derived ones (``T``) follow
    from ``specs`` when the value is computed, so that making one costs next to nothing:
    re-inference makes one per op over constants, and most are never asked.

    It is its op's first output's lazy value (``TensorSpec.lazy``); another output's is a
    ``LazyOutput`` of it. One object per op: fewer for the garbage collector to walk."""

    __slots__ = ("_op_def", "_specs", "_attrs", "_out", "_values", "_done")

    def __init__(self, op_def: Any, specs: Sequence[TensorSpec], attrs: dict[str, Any],
                 out: tuple[TensorSpec, ...]) -> None:
        self._op_def, self._specs, self._attrs, self._out = op_def, specs, attrs, out
        self._values: tuple[Any, ...] | None = None
        self._done = False

    def value(self) -> Any:
        """The first output's value (computed now if it was not), or None."""
        return self.get(0)

    def forget(self) -> None:
        """Let go of the specs it would be computed from: its op was inferred again, and
        its new specs have a lazy value of their own. Without this, each lazy value of a
        chain of ops over constants holds the one before it, so an edit at the top keeps
        the whole old chain alive until its end (and the collector walks it, again and
        again). A spec kept from before, asked now, knows no value."""
        if not self._done:
            self._done, self._values, self._specs = True, None, ()

    def get(self, index: int) -> Any:
        LAZY_READS.count += 1
        if not self._done:
            self._done = True
            self._values = self._compute()
            self._specs = ()  # what it was computed from may go
        return None if self._values is None else self._values[index]

    def _compute(self) -> tuple[Any, ...] | None:
        inputs = [value_of(s) for s in self._specs]
        if any(v is None for v in inputs):
            return None
        attrs = dict(self._attrs)
        attrs.update(self._op_def.derived_attrs(self._specs))
        try:
            with np.errstate(all="ignore"):
                result = self._op_def.kernel(np, *inputs, **attrs)
        except Exception:  # noqa: BLE001 - whatever it is, the run will say it
            return None
        results = result if len(self._out) > 1 else (result,)
        values = []
        for spec, value in zip(self._out, results):
            arr = np.asarray(value)
            if arr.dtype != spec.dtype.np_dtype or not spec.shape.is_compatible_with(arr.shape):
                return None
            arr.setflags(write=False)
            values.append(arr)
        return tuple(values)


class LazyOutput:
    """Another output than the first of a ``LazyValue``'s op: its value is computed with
    theirs."""

    __slots__ = ("_lazy", "_index")

    def __init__(self, lazy: LazyValue, index: int) -> None:
        self._lazy, self._index = lazy, index

    def value(self) -> Any:
        return self._lazy.get(self._index)

    def forget(self) -> None:
        self._lazy.forget()


def value_of(spec: TensorSpec) -> Any:
    """A tensor's value as inference knows it (computed now if it is an op over
    constants), or None."""
    if spec.value is not None:
        return spec.value
    if spec.lazy is not None:
        return spec.lazy.value()
    return None


class Inputs:
    """Use as ``with Inputs(specs) as read:`` around an infer function's body."""

    def __init__(self, specs: Sequence[TensorSpec]) -> None:
        self.specs = specs
        self._tensors: dict[int, np.ndarray] = {}
        self._shapes: dict[int, TensorShape] = {}

    def tensor(self, i: int) -> np.ndarray | None:
        """Input ``i``'s value, when inference knows it."""
        if _PASS.requested is not None:
            _PASS.requested.add(i)
        value = value_of(self.specs[i])
        if value is not None:
            self._tensors[i] = value
        return value

    def ints(self, i: int) -> list[int] | None:
        """Input ``i``'s value as a flat list of ints, when known."""
        value = self.tensor(i)
        return None if value is None else [int(v) for v in np.reshape(value, -1)]

    def shape(self, i: int) -> TensorShape:
        """The shape input ``i`` holds (TF's ``MakeShapeFromShapeTensor``): known entries
        where its value or its partial value says them, ``-1`` and the rest unknown."""
        if _PASS.requested is not None:
            _PASS.requested.add(i)
        shape = shape_from_tensor(self.specs[i])
        given = _PASS.provided is None or i in _PASS.provided
        if shape.sizes is not None and given:
            self._shapes[i] = shape
        return shape

    def context(self) -> str:
        text = ""
        computed = [f"input[{i}] = <{summarize(v)}>" for i, v in sorted(self._tensors.items())
                    if i not in self._shapes]
        if computed:
            text += " and with computed input tensors: " + ", ".join(computed)
        if self._shapes:
            text += " and with input tensors computed as partial shapes: " + ",".join(
                f"input[{i}] = {s.debug_string()}" for i, s in sorted(self._shapes.items()))
        return text

    def __enter__(self) -> Inputs:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if isinstance(error, InferenceError) and error.wants_node_def:
            error.input_context = self.context()


class RefusedPartial(TensorShape):
    """The contents of a shape vector TF's shape refiner refuses to work out (a slice its
    ``Subshape`` rule rejects, ``tf.shape(x)[::-1]``): a shape function that reads them
    fails with TF's ``refusal``, as TF's does; one that does not builds."""

    __slots__ = ("refusal",)

    def __init__(self, refusal: str) -> None:
        super().__init__(None)
        self.refusal = refusal


class ShapeOf(TensorShape):
    """What a Shape op's output holds: the shape of its input. TF's constant evaluator
    (``TryInferFromShapes``) reads a known entry of it through ``tf.shape(x)[i]`` (a
    StridedSlice of the Shape op itself, at a Const index) and ``tf.unstack(tf.shape(x))``,
    but not through anything else in between (an Identity, a Cast, a ConcatV2): those
    see a plain ``TensorShape`` (``plain_partial``)."""

    __slots__ = ()


def plain_partial(partial: TensorShape | None) -> TensorShape | None:
    """A shape vector's contents without the mark of coming straight from a Shape op:
    for an op that passes its input through (Identity, Cast), which TF does not see
    through when it reads ``tf.shape(x)[i]``."""
    return TensorShape(partial) if type(partial) is ShapeOf else partial


def shape_from_tensor(spec: TensorSpec) -> TensorShape:
    """The shape an int vector holds, as far as inference knows it (TF's
    ``MakeShapeFromShapeTensor``): entries known from its value or its partial value,
    ``-1`` meaning unknown; a vector of unknown length is a shape of unknown rank."""
    rank = spec.shape.rank
    if rank is not None and rank != 1:
        raise ShapeError(f"Shape must be rank 1 but is rank {rank}")
    if isinstance(spec.partial, RefusedPartial):  # before its value: TF's refiner does not
        raise ShapeError(spec.partial.refusal, node_def=False)  # fold a StridedSlice
    value = value_of(spec)
    if value is not None:
        dims: list[int | None] = []
        for v in np.reshape(value, -1):
            d = int(v)
            if d < -1:
                raise ShapeError(f"Invalid value in tensor used for shape: {d}", node_def=False)
            dims.append(None if d == -1 else d)
        return TensorShape(dims)
    if spec.partial is not None:
        return spec.partial
    if spec.shape.sizes is None or spec.shape.sizes[0] is None:
        return TensorShape(None)
    return TensorShape([None] * int(spec.shape.sizes[0]))


def summarize(value: Any, limit: int = 256) -> str:
    """TF's ``Tensor::SummarizeValue`` (its ``PrintOneDim``): elements separated by spaces,
    each row of an inner dimension in brackets (the outermost has none), ``...`` past
    ``limit`` elements."""
    arr = np.asarray(value)
    flat = [_element(v) for v in arr.reshape(-1)[:limit]]
    if arr.ndim <= 1:
        return " ".join(flat) + ("..." if arr.size > limit else "")
    out: list[str] = []
    _print_dim(0, arr.shape, limit, flat, [0], out)
    return "".join(out)


def _print_dim(dim: int, shape: tuple[int, ...], limit: int, flat: list[str], at: list[int],
               out: list[str]) -> None:
    if dim == len(shape) - 1:
        for i in range(shape[dim]):
            if at[0] >= limit:
                out.append(" ..." if i > 0 else "...")
                return
            out.append((" " if i > 0 else "") + flat[at[0]])
            at[0] += 1
        return
    for _ in range(shape[dim]):
        opened = at[0] < limit
        if opened:
            out.append("[")
        _print_dim(dim + 1, shape, limit, flat, at, out)
        if at[0] < limit or opened:
            out.append("]")


def _element(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (float, np.floating)):
        return _legacy_precision(v)
    return str(v)


def _legacy_precision(v: Any) -> str:
    """TF's ``strings::LegacyPrecision``: the shortest of 6 (a double: 15) significant
    digits that reads back as the value, else 9 (a double: 17)."""
    double = isinstance(v, (float, np.float64))
    short, long = (15, 17) if double else (6, 9)
    text = f"{float(v):.{short}g}"
    same = float(text) == float(v) if double else np.float32(text) == np.float32(v)
    if same or not np.isfinite(v):
        return text
    return f"{float(v):.{long}g}"
