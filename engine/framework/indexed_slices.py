"""``IndexedSlices``: a sparse gradient, as TF 1.x's ``tf.IndexedSlices`` holds one.

The gradient of a gather along axis 0 touches only the rows it gathered, so TF does not build
it as a dense tensor the size of the table: it is three tensors, ``values`` (one slice per
index), ``indices`` (the rows they belong to, repeats allowed, each repeat to be summed) and
``dense_shape`` (the table's shape). An optimizer updates only those rows; anything else that
needs the dense gradient converts it where it is used, by the ops TF builds there
(``UnsortedSegmentSum(values, indices, dense_shape[0])``, in the name scope current at the
conversion). Those ops belong to the layer above, so it registers the conversion here
(TF's ``tensor_conversion_registry``), and every conversion point of the builder calls
``IndexedSlices.dense``.

``IndexedSlicesValue`` is what ``Session.run`` returns for a fetched ``IndexedSlices``: TF's
namedtuple of the three arrays (``dense_shape`` None when the slices have none).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from .input_values import value_of
from .shapes import TensorShape

if TYPE_CHECKING:
    from .dtypes import DType
    from .operation import Operation, OwningGraph, Tensor

__all__ = ["IndexedSlices", "IndexedSlicesValue", "register_dense_conversion"]

#: ``fn(slices, dtype, name) -> Tensor``: the dense form, registered by the ops layer
DenseConversion = Callable[["IndexedSlices", "DType | None", "str | None"], "Tensor"]
_CONVERSION: list[DenseConversion] = []


def register_dense_conversion(fn: DenseConversion) -> None:
    """The one function that builds an ``IndexedSlices``' dense tensor (the ops layer's)."""
    _CONVERSION[:] = [fn]


class IndexedSlicesValue(NamedTuple):
    """A fetched ``IndexedSlices``' arrays, TF's ``tf.compat.v1.IndexedSlicesValue``."""

    values: Any
    indices: Any
    dense_shape: Any


class IndexedSlices:
    """Slices of a dense tensor: row ``indices[i]`` of it holds ``values[i]`` (summed over
    repeated indices). Its name, dtype, op, graph and device are those of ``values``."""

    __slots__ = ("_values", "_indices", "_dense_shape")

    def __init__(self, values: Tensor, indices: Tensor, dense_shape: Tensor | None = None
                 ) -> None:
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    @property
    def values(self) -> Tensor:
        """The slices: ``values[i]`` is the dense tensor's row ``indices[i]``."""
        return self._values

    @property
    def indices(self) -> Tensor:
        """The row of each slice (1-D; a repeated row is summed)."""
        return self._indices

    @property
    def dense_shape(self) -> Tensor | None:
        """The dense tensor's shape, as a 1-D tensor, or None when it is not known."""
        return self._dense_shape

    @property
    def name(self) -> str:
        return self._values.name

    @property
    def dtype(self) -> DType | None:
        return self._values.dtype

    @property
    def op(self) -> Operation:
        return self._values.op

    @property
    def graph(self) -> OwningGraph:
        return self._values.graph

    @property
    def device(self) -> str:
        return self._values.device

    @property
    def shape(self) -> TensorShape:
        """The dense tensor's static shape (TF's ``constant_value_as_shape`` of
        ``dense_shape``): its known value, else what is known of it (the shape a
        ``Shape`` op reads), else only its rank."""
        ds = self._dense_shape
        if ds is None:
            return TensorShape(None)
        spec = ds.spec
        if spec is None:
            return TensorShape(None)
        value = value_of(spec)
        if value is not None:
            return TensorShape([int(d) for d in value.tolist()])
        if spec.partial is not None:
            return spec.partial
        n = spec.shape.as_list()[0] if spec.shape.rank == 1 else None
        return TensorShape(None) if n is None else TensorShape([None] * n)

    def get_shape(self) -> TensorShape:
        return self.shape

    def consumers(self) -> list[Operation]:
        """The ops reading any of the three tensors, each once."""
        found: dict[Operation, None] = {}
        for t in (self._values, self._indices, self._dense_shape):
            if t is not None:
                for op in t.consumers():
                    found[op] = None
        return list(found)

    def dense(self, dtype: DType | None = None, name: str | None = None) -> Tensor:
        """The dense tensor, built in the current name scope (TF's conversion: a
        ``ValueError`` for another dtype or for slices without ``dense_shape``)."""
        if not _CONVERSION:
            raise RuntimeError("no dense conversion of IndexedSlices is registered")
        return _CONVERSION[0](self, dtype, name)

    def __neg__(self) -> IndexedSlices:
        from .operation import Tensor

        values: Any = self._values
        negated = -values
        assert isinstance(negated, Tensor)
        return IndexedSlices(negated, self._indices, self._dense_shape)

    def __str__(self) -> str:
        shape = (f", dense_shape={self._dense_shape}" if self._dense_shape is not None
                 else "")
        return f"IndexedSlices(indices={self._indices}, values={self._values}{shape})"
