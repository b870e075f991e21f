"""Fed values as TF's session converts them: feed_dict keys resolved to tensors, values cast
to the tensor's dtype and checked against its static shape, with TF's messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..framework.errors import InternalError
from ..framework.graph import Graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Tensor
from ..framework.value_fit import misfit

__all__ = ["FeedOverflowError", "UnsupportedFeedError", "convert_feed", "expand_slices",
           "feed_key"]


def expand_slices(feed_dict: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """TF's feed of an ``IndexedSlices`` key: its tensors (values, indices, and dense_shape
    when it has one) zipped with the items of the value (an ``IndexedSlicesValue``, a
    tuple); every other key as it is. The same mapping when no key is an IndexedSlices."""
    for key in feed_dict:
        if type(key) is IndexedSlices:
            break
    else:
        return feed_dict
    out: dict[Any, Any] = {}
    for key, value in feed_dict.items():
        if type(key) is IndexedSlices:
            parts = [key.values, key.indices]
            if key.dense_shape is not None:
                parts.append(key.dense_shape)
            out.update(zip(parts, value))
        else:
            out[key] = value
    return out


def feed_key(graph: Graph, key: Any) -> Tensor:
    """The tensor a feed_dict key names (a Tensor, a name, a Variable), in TF's words when
    it names none."""
    as_element = getattr(key, "_as_graph_element", None)
    if as_element is not None:
        key = as_element()
    if isinstance(key, (Tensor, str)):
        try:
            element = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except (KeyError, ValueError, TypeError) as e:
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: {e.args[0]}") from None
        assert isinstance(element, Tensor)
        return element
    raise TypeError(
        f"Cannot interpret feed_dict key as Tensor: Can not convert a {type(key).__name__} "
        "into a Tensor."
    )


def _as_numpy_scalar(np_type: Any, value: int) -> Any:
    """TF's ``_convert_to_numpy_obj``: what an int fed alone becomes (a string: its text)."""
    if np_type is object:
        return str(value)
    with np.errstate(over="ignore", invalid="ignore"):
        return np_type(np.array(value).astype(np_type))


def _fits_alone(np_type: Any, value: int) -> bool:
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(_as_numpy_scalar(np_type, value) == value)


def _feed_array(value: Any, np_type: Any) -> np.ndarray:
    """TF's ``numpy_compat.np_asarray``: numbers are cast after numpy picks its own dtype
    (so ints wrap and floats truncate as numpy casts them), anything else is converted."""
    if np.issubdtype(np_type, np.number):
        with np.errstate(over="ignore", invalid="ignore"):
            return np.asarray(value).astype(np_type, copy=False)
    return np.asarray(value, dtype=np_type)


class FeedOverflowError(OverflowError, ValueError):
    """TF's OverflowError for a fed int past int64 (also a ValueError: a value that does not
    convert, for callers that check feeds)."""


class UnsupportedFeedError(InternalError, TypeError):
    """TF's InternalError for a string feed holding something else than bytes or str."""


def _feed_strings(array: np.ndarray) -> np.ndarray:
    """The C++ side of a string feed: every element must be bytes or str."""
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(array.reshape(-1).tolist()):
        if isinstance(v, str):
            v = v.encode("utf-8")
        elif not isinstance(v, bytes):
            raise UnsupportedFeedError(None, None, "Graph execution error:\n\nUnsupported "
                                                   f"object type {type(v).__name__}")
        flat[i] = v
    return out


def convert_feed(tensor: Tensor, value: Any, key: Any = None, *, exact: bool = False
                 ) -> np.ndarray:
    """A fed value as TF's session converts it to the tensor's dtype, checked against its
    static shape; ``key`` is the feed_dict key TF's messages name (the tensor by default).

    ``exact``: a value a person typed (the feed dialog, the command line) must also fit the
    dtype exactly — TF's feed wraps ``[300]`` into uint8 as ``[44]``; this refuses it with a
    ``ValueError`` saying so (see ``framework/value_fit.py``)."""
    array = _convert_feed(tensor, value, key)
    if exact:
        problem = misfit(value, array, by="the feed")
        if problem is not None:
            raise ValueError(f"Cannot feed this value for Tensor {tensor.name}: value{problem}")
    return array


def _convert_feed(tensor: Tensor, value: Any, key: Any) -> np.ndarray:
    if isinstance(value, Tensor):
        raise TypeError(
            "The value of a feed cannot be a tf.Tensor object. Acceptable feed values include "
            "Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, "
            f"the tensor object was {value} which was passed to the argument `feed_dict` with "
            f"key {tensor if key is None else key}."
        )
    spec = tensor.spec
    if (spec is not None and type(value) is np.ndarray and value.dtype == spec.dtype.np_dtype
            and not spec.dtype.is_string):
        dims = spec.shape._dims  # the common case, first: an array of the right dtype
        if dims is None or dims == value.shape:
            return value
    dtype = tensor.dtype
    if dtype is None:
        raise ValueError(f"Cannot feed {tensor.name}: its op has an error ({tensor.op.error})")
    np_type = dtype.as_numpy_dtype
    try:
        return _convert_checked(tensor, value, np_type)
    except OverflowError as e:
        raise FeedOverflowError(str(e)) from None


def _convert_checked(tensor: Tensor, value: Any, np_type: Any) -> np.ndarray:
    dtype = tensor.dtype
    assert dtype is not None
    if isinstance(value, int) and not _fits_alone(np_type, value):
        raise TypeError(
            f"Type of feed value {value} with type {type(value)} is not compatible with Tensor "
            f"type {np_type}. Try explicitly setting the type of the feed tensor to a larger "
            "type (e.g. int64)."
        )
    array = _feed_array(value, np_type)
    if not tensor.shape.is_compatible_with(array.shape):
        raise ValueError(
            f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, which has "
            f"shape {tensor.shape}"
        )
    return _feed_strings(array) if dtype.is_string else array

