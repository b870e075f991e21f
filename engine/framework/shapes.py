"""TensorShape with unknown dimensions and unknown rank, and TF's static shape rules.

The rules here are pure functions of shapes so that the builder API (which raises) and the
editor (which shows the message on a node) share them. They raise ``ShapeError`` with the
detail TF prints ("Dimensions must be equal, but are 3 and 4"); the graph appends the node.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from .dimension import Dimension
from .errors import ShapeError

Dim = int | None


class TensorShape:
    """A static shape: ``None`` dims are unknown; ``dims is None`` means unknown rank."""

    __slots__ = ("_dims",)

    def __init__(self, dims: Any = None) -> None:
        if dims is None:
            self._dims: tuple[Dim, ...] | None = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif isinstance(dims, (list, tuple)):
            checked = tuple(dims)
            for d in checked:  # plain ints >= 0 and None, the common case, stay as they are
                if d is not None and (type(d) is not int or d < 0):
                    checked = tuple(_dim(d) for d in dims)
                    break
            self._dims = checked
        else:
            try:
                items = iter(dims)
            except TypeError:  # one dimension
                self._dims = (_dim(dims),)
            else:
                out: list[Dim] = []
                for d in items:
                    try:
                        out.append(_dim(d))
                    except TypeError:
                        raise TypeError(
                            f"Failed to convert '{dims!r}' to a shape: '{d!r}'could not be "
                            "converted to a dimension. A shape should either be single "
                            "dimension (e.g. 10), or an iterable of dimensions (e.g. [1, 10, "
                            "None])."
                        ) from None
                self._dims = tuple(out)

    @classmethod
    def _trusted(cls, dims: tuple[Dim, ...] | None) -> TensorShape:
        """A shape from dims already checked (ints >= 0 or None): no validation."""
        shape = cls.__new__(cls)
        shape._dims = dims
        return shape

    # --- queries -------------------------------------------------------------------------
    @property
    def sizes(self) -> tuple[Dim, ...] | None:
        """Each dimension's size, ``None`` where unknown; ``None`` for an unknown rank.

        The plain form the engine, editor and files read (TF keeps the same tuple as
        ``_dims``); ``dims``, ``shape[i]`` and iteration give TF1's ``Dimension`` objects.
        """
        return self._dims

    @property
    def dims(self) -> list[Dimension] | None:
        """TF1's ``dims``: a list of ``Dimension``, or None for an unknown rank."""
        if self._dims is None:
            return None
        return [Dimension(d) for d in self._dims]

    @property
    def rank(self) -> int | None:
        return None if self._dims is None else len(self._dims)

    ndims = rank

    def as_list(self) -> list[Dim]:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def as_tuple(self) -> tuple[Dim, ...] | None:
        return self._dims

    def is_fully_defined(self) -> bool:
        return self._dims is not None and None not in self._dims

    def num_elements(self) -> int | None:
        dims = self._dims
        if dims is None:
            return None
        n = 1
        for d in dims:
            if d is None:
                return None
            n *= d
        return n

    def is_compatible_with(self, other: Any) -> bool:
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other: Any) -> None:
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are incompatible")

    def assert_is_fully_defined(self) -> None:
        if not self.is_fully_defined():
            raise ValueError(f"Shape {self} is not fully defined")

    def assert_same_rank(self, other: Any) -> None:
        other = as_shape(other)
        if self._dims is not None and other._dims is not None and (
                len(self._dims) != len(other._dims)):
            raise ValueError(f"Shapes {self} and {other} must have the same rank")

    def assert_has_rank(self, rank: int) -> None:
        if self.rank not in (None, rank):
            raise ValueError(f"Shape {self} must have rank {rank:d}")

    def merge_with(self, other: Any) -> TensorShape:
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if len(self._dims) != len(other._dims):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        out = []
        for a, b in zip(self._dims, other._dims):
            if a is not None and b is not None and a != b:
                raise ValueError(f"Shapes {self} and {other} are not compatible")
            out.append(a if a is not None else b)
        return TensorShape._trusted(tuple(out))

    def most_specific_compatible_shape(self, other: Any) -> TensorShape:
        """The shape that keeps the dimensions both agree on; unknown where they differ."""
        other = as_shape(other)
        if self._dims is None or other._dims is None or len(self._dims) != len(other._dims):
            return TensorShape(None)
        return TensorShape._trusted(tuple(
            a if a is not None and a == b else None for a, b in zip(self._dims, other._dims)))

    def concatenate(self, other: Any) -> TensorShape:
        """This shape's dimensions followed by ``other``'s (unknown rank if either is)."""
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape._trusted(self._dims + other._dims)

    def __add__(self, other: Any) -> TensorShape:
        return self.concatenate(other)

    def __radd__(self, other: Any) -> TensorShape:
        return as_shape(other).concatenate(self)

    def with_rank(self, rank: int) -> TensorShape:
        """This shape merged with an unknown one of ``rank`` dimensions, in TF's words."""
        try:
            return self.merge_with(TensorShape([None] * rank))
        except ValueError:
            raise ValueError(f"Shape {self} must have rank {rank}") from None

    def with_rank_at_least(self, rank: int) -> TensorShape:
        if self._dims is not None and len(self._dims) < rank:
            raise ValueError(f"Shape {self} must have rank at least {rank}")
        return self

    def with_rank_at_most(self, rank: int) -> TensorShape:
        if self._dims is not None and len(self._dims) > rank:
            raise ValueError(f"Shape {self} must have rank at most {rank}")
        return self

    # --- container protocol ---------------------------------------------------------------
    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self) -> Iterator[Dimension]:
        """TF1's iteration: ``Dimension`` objects (``sizes`` holds the plain values)."""
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter([Dimension(d) for d in self._dims])

    def __getitem__(self, key: int | slice) -> Any:
        """A ``Dimension`` for an index, a ``TensorShape`` for a slice, as in TF1."""
        dims = self._dims
        if dims is None:
            if not isinstance(key, slice):
                return Dimension(None)
            start = key.start if key.start is not None else 0
            if key.step is not None:
                raise ValueError("Steps are not yet handled")
            if key.stop is None or start < 0 or key.stop < 0:
                return TensorShape(None)
            return TensorShape([None] * (key.stop - start))
        if isinstance(key, slice):
            return TensorShape._trusted(dims[key])
        try:
            return Dimension(dims[key])
        except IndexError:
            raise IndexError("list index out of range") from None

    def __eq__(self, other: object) -> bool:
        try:
            other_shape = as_shape(other)
        except TypeError:  # a negative size is TF's ValueError, as in TensorShape([-1])
            return NotImplemented
        return self._dims == other_shape._dims

    def __hash__(self) -> int:
        return hash(self._dims)

    def __bool__(self) -> bool:
        return self._dims is not None

    # --- printing, as TF prints ---------------------------------------------------------
    def __repr__(self) -> str:
        """TF1's form: ``TensorShape([Dimension(None), Dimension(3)])``."""
        return f"TensorShape({self.dims!r})"

    def __str__(self) -> str:
        """As ``tf.compat.v1`` prints it: ``(?, 3)``, ``(?,)``, ``()``, ``<unknown>``."""
        if self._dims is None:
            return "<unknown>"
        dims = ["?" if d is None else str(d) for d in self._dims]
        if len(dims) == 1:
            return f"({dims[0]},)"
        return "(" + ", ".join(dims) + ")"

    def debug_string(self) -> str:
        """TF's C++ form, used in error messages: ``[2,3]``, ``[?,3]``, ``<unknown>``."""
        if self._dims is None:
            return "<unknown>"
        return "[" + ",".join("?" if d is None else str(d) for d in self._dims) + "]"


def _dim(d: Any) -> Dim:
    """The size of a ``Dimension(d)``: None, or an integer >= 0 (``__index__``: no floats)."""
    if d is None:
        return None
    if hasattr(d, "value") and not isinstance(d, int):  # a Dimension (also TF's own)
        d = d.value
        if d is None:
            return None
    try:
        value = operator.index(d)
    except TypeError:
        raise TypeError(
            "Dimension value must be integer or None or have an __index__ method, got value "
            f"'{d!r}' with type '{type(d)!r}'"
        ) from None
    if value < 0:
        raise ValueError(f"Dimension {value} must be >= 0")
    return value


def as_shape(value: Any) -> TensorShape:
    """Convert a list, tuple, int, ``None`` or TensorShape to a TensorShape."""
    if isinstance(value, TensorShape):
        return value
    return TensorShape(value)


def unknown_shape(rank: int | None = None) -> TensorShape:
    return TensorShape(None if rank is None else [None] * rank)


def scalar() -> TensorShape:
    return TensorShape([])


# --- rules -------------------------------------------------------------------------------
def broadcast_dim(x: Dim, y: Dim) -> Dim:
    """One output dimension of numpy broadcasting with unknowns, TF's way (the order matters)."""
    if x is not None and x > 1:
        if y is None or y == 1 or y == x:
            return x
        raise ShapeError(f"Dimensions must be equal, but are {x} and {y}")
    if y is not None and y > 1:
        if x is None or x == 1:
            return y
        raise ShapeError(f"Dimensions must be equal, but are {x} and {y}")
    if x == 1:
        return y
    if y == 1:
        return x
    # both 0, or 0 and unknown: TF's shape function gives 0 only when both are known
    return 0 if x == 0 and y == 0 else None


def broadcast_shapes(x: TensorShape, y: TensorShape) -> TensorShape:
    """The shape of ``x op y`` for a broadcasting binary op; unknown rank in, unknown out."""
    xd, yd = x._dims, y._dims
    if xd is None or yd is None:
        return TensorShape(None)
    if xd == yd:  # the common case: each dim broadcast with itself is itself
        return x
    x_rank = len(xd)
    rank = max(x_rank, len(yd))
    xd = (1,) * (rank - x_rank) + xd
    yd = (1,) * (rank - len(yd)) + yd
    if xd == yd and None not in xd:  # equal but for leading 1s
        return x if x_rank == rank else y  # the higher rank: () with (1,) is (1,)
    return TensorShape._trusted(tuple(broadcast_dim(a, b) for a, b in zip(xd, yd)))


def check_mergeable(x: TensorShape, y: TensorShape) -> None:
    """TF's ``Merge`` of two shapes that must agree, in its words."""
    if x.sizes is None or y.sizes is None:
        return
    if len(x.sizes) != len(y.sizes):
        raise ShapeError(f"Shapes must be equal rank, but are {len(x.sizes)} and {len(y.sizes)}")
    for i, (a, b) in enumerate(zip(x.sizes, y.sizes)):
        if a is not None and b is not None and a != b:
            raise ShapeError(
                f"Dimension {i} in both shapes must be equal, but are {a} and {b}. Shapes are "
                f"{x.debug_string()} and {y.debug_string()}."
            )


def merge_dim(x: Dim, y: Dim) -> Dim:
    """Two dims that must be equal (matmul's inner dimension)."""
    if x is None:
        return y
    if y is None or x == y:
        return x
    raise ShapeError(f"Dimensions must be equal, but are {x} and {y}")


def with_rank(shape: TensorShape, rank: int) -> TensorShape:
    if shape.sizes is None:
        return unknown_shape(rank)
    if len(shape.sizes) != rank:
        raise ShapeError(f"Shape must be rank {rank} but is rank {len(shape.sizes)}")
    return shape


def with_rank_at_least(shape: TensorShape, rank: int) -> TensorShape:
    if shape.sizes is not None and len(shape.sizes) < rank:
        raise ShapeError(f"Shape must be at least rank {rank} but is rank {len(shape.sizes)}")
    return shape



def dimension_at_index(shape: TensorShape, index: int) -> Dimension:
    """TF's ``tf.compat.v1.dimension_at_index``: ``shape[index]`` as a Dimension, unknown
    for a shape of unknown rank (whatever the index)."""
    if not isinstance(shape, TensorShape):
        raise TypeError(f"dimension_at_index takes a TensorShape, got {type(shape).__name__}")
    if shape.sizes is None:
        return Dimension(None)
    return shape[index]
