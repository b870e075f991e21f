"""TF1's ``Dimension``: one dimension of a ``TensorShape``, known (an int >= 0) or unknown.

``tf.compat.v1`` hands these out from ``shape[i]``, a shape's ``dims`` list and iteration,
so TF1 code reads ``x.shape[1].value`` and compares ``x.shape[0] == 3``. The rules are TF's:
arithmetic with an unknown side is unknown, comparisons with an unknown side answer ``None``
(neither true nor false), ``/`` is refused in favour of ``//``, and a Dimension is not
hashable (it defines ``==`` and, as in TF, no hash). The engine's own code never uses these:
it reads a shape's plain ``int | None`` sizes (``TensorShape.sizes``) so that its inference
stays fast.
"""

from __future__ import annotations

import operator
from typing import Any


class Dimension:
    """The size of one dimension: ``value`` is an int >= 0, or None when unknown."""

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        if isinstance(value, int):  # the common case (bool included, as in TF)
            if value < 0:
                raise ValueError(f"Dimension {value} must be >= 0")
            self._value: int | None = value
        elif value is None:
            self._value = None
        elif isinstance(value, Dimension):
            self._value = value._value
        else:
            try:
                index = int(value.__index__())
            except AttributeError:
                raise TypeError(
                    "Dimension value must be integer or None or have an __index__ method, got "
                    f"value '{value!r}' with type '{type(value)!r}'"
                ) from None
            if index < 0:
                raise ValueError(f"Dimension {index} must be >= 0")
            self._value = index

    @property
    def value(self) -> int | None:
        """The size, or None if it is unknown."""
        return self._value

    # --- printing and conversions ---------------------------------------------------------
    def __repr__(self) -> str:
        return f"Dimension({self._value!r})"

    def __str__(self) -> str:
        return "?" if self._value is None else str(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __int__(self) -> int:
        # TF returns the value as it is: int() of an unknown dimension fails in Python itself
        return self._value  # type: ignore[return-value]

    def __index__(self) -> int:
        return self._value  # type: ignore[return-value]

    def __reduce__(self) -> tuple[type[Dimension], tuple[int | None]]:
        return Dimension, (self._value,)

    # --- compatibility ---------------------------------------------------------------------
    def is_compatible_with(self, other: Any) -> bool:
        """Whether ``other`` could be the same size: equal, or either unknown."""
        other_value = as_dimension(other)._value
        return self._value is None or other_value is None or self._value == other_value

    def assert_is_compatible_with(self, other: Any) -> None:
        if not self.is_compatible_with(other):
            raise ValueError(f"Dimensions {self} and {as_dimension(other)} are not compatible")

    def merge_with(self, other: Any) -> Dimension:
        """The known one of two compatible dimensions (unknown if both are)."""
        other = as_dimension(other)
        self.assert_is_compatible_with(other)
        return Dimension(other._value if self._value is None else self._value)

    # --- comparisons: None when either side is unknown ---------------------------------------
    def _equality(self, other: object, fn: Any) -> Any:
        """TF's ``==`` and ``!=``: NotImplemented for what is not a dimension (``d == "a"``
        is then False), None when either side is unknown."""
        try:
            other_value = as_dimension(other)._value
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other_value is None:
            return None
        return fn(self._value, other_value)

    def _order(self, other: Any, fn: Any) -> bool | None:
        """TF's ``<`` and its kin: what is not a dimension raises as ``Dimension()`` does."""
        other_value = as_dimension(other)._value
        if self._value is None or other_value is None:
            return None
        return bool(fn(self._value, other_value))

    def __eq__(self, other: object) -> bool | None:  # type: ignore[override]
        return self._equality(other, operator.eq)

    def __ne__(self, other: object) -> bool | None:  # type: ignore[override]
        return self._equality(other, operator.ne)

    __hash__ = None  # type: ignore[assignment]  # TF's Dimension is not hashable

    def __lt__(self, other: Any) -> bool | None:
        return self._order(other, operator.lt)

    def __le__(self, other: Any) -> bool | None:
        return self._order(other, operator.le)

    def __gt__(self, other: Any) -> bool | None:
        return self._order(other, operator.gt)

    def __ge__(self, other: Any) -> bool | None:
        return self._order(other, operator.ge)

    # --- arithmetic: unknown when either side is ---------------------------------------------
    # TF's forward operators give NotImplemented for what is not a dimension (so ``d + 1.5``
    # fails the ordinary way); its reversed ``-``, ``//`` and ``%`` and its ``%`` let
    # as_dimension's error through. Both are kept.
    def _forward(self, other: Any, fn: Any) -> Any:
        try:
            other_value = as_dimension(other)._value
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other_value is None:
            return Dimension(None)
        return Dimension(fn(self._value, other_value))

    def _combine(self, left: Any, right: Any, fn: Any) -> Dimension:
        a, b = as_dimension(left)._value, as_dimension(right)._value
        if a is None or b is None:
            return Dimension(None)
        return Dimension(fn(a, b))

    def __add__(self, other: Any) -> Dimension:
        return self._forward(other, operator.add)

    def __radd__(self, other: Any) -> Dimension:
        return self + other

    def __sub__(self, other: Any) -> Dimension:
        return self._forward(other, operator.sub)

    def __rsub__(self, other: Any) -> Dimension:
        return self._combine(other, self, operator.sub)

    def __mul__(self, other: Any) -> Dimension:
        return self._forward(other, operator.mul)

    def __rmul__(self, other: Any) -> Dimension:
        return self * other

    def __floordiv__(self, other: Any) -> Dimension:
        return self._forward(other, operator.floordiv)

    def __rfloordiv__(self, other: Any) -> Dimension:
        return self._combine(other, self, operator.floordiv)

    def __mod__(self, other: Any) -> Dimension:
        return self._combine(self, other, operator.mod)

    def __rmod__(self, other: Any) -> Dimension:
        return self._combine(other, self, operator.mod)

    def __truediv__(self, other: Any) -> Dimension:
        raise TypeError(f"unsupported operand type(s) for /: 'Dimension' and "
                        f"'{type(other).__name__}', please use // instead")

    def __rtruediv__(self, other: Any) -> Dimension:
        raise TypeError(f"unsupported operand type(s) for /: '{type(other).__name__}' and "
                        "'Dimension', please use // instead")


def as_dimension(value: Any) -> Dimension:
    """``value`` itself if it is a Dimension, else ``Dimension(value)``."""
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dimension: Dimension | int | None) -> int | None:
    """The plain size of a Dimension (an int, or None); ints and None pass through, as TF's
    ``tf.compat.v1.dimension_value`` does for code written for both TF1 and TF2."""
    if isinstance(dimension, Dimension):
        return dimension.value
    return dimension
