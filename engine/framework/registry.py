"""The op registry's core: each op is data, declared once in one module of ``engine.ops``.

An ``OpDef`` names its inputs and attributes, gives a pure ``infer(specs, attrs)`` that returns
the output specs (or raises an ``InferenceError`` in TF's words), and one ``kernel(xp, *arrays,
**attrs)`` written against the array namespace ``xp`` (numpy, cupy or any array-API library).
The builder API, the editor's live inference, the session and the file loader all read the
registry; adding an op means adding one ``register(OpDef(...))`` call in ``engine/ops/`` and
nothing else. The core lives in ``framework`` because the graph needs it to infer; the ops
themselves sit a layer above and fill the registry when ``engine.ops`` is imported (which
``import engine`` always does).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .dtypes import DType
from .errors import GraphEditError, InferenceError, KernelError
from .kernels import KernelSet
from .shapes import TensorShape

_set_attribute = object.__setattr__


@dataclass(frozen=True, init=False)
class TensorSpec:
    """What static inference knows of a tensor: its shape (maybe partial) and its dtype.

    Two more things, only where inference can know them (TF's shape functions read them
    through ``input_tensor`` and ``MakeShapeFromShapeTensor``): ``value``, the tensor's
    whole value when it is a small constant (a Const, or an op over constants), and
    ``partial``, what an int vector that holds a shape is known to hold (``tf.shape(x)`` of
    an ``x`` of shape ``(None, 3)`` holds ``(None, 3)``). They do not take part in
    comparisons: a plan depends on shapes and dtypes only.
    """

    shape: TensorShape
    dtype: DType
    value: Any = field(default=None, compare=False, repr=False)
    partial: TensorShape | None = field(default=None, compare=False, repr=False)
    #: computes ``value`` when a shape function first asks (an op over constants: TF
    #: evaluates such subgraphs on demand); see ``input_values.value_of``
    lazy: Any = field(default=None, compare=False, repr=False)

    #: what ``inference``'s memo keys this spec by, once it has been asked (a class
    #: default, not a field: neither compared nor shown); False where it cannot be keyed
    _memo_key: ClassVar[Any] = None

    def __init__(self, shape: TensorShape, dtype: DType, value: Any = None,
                 partial: TensorShape | None = None, lazy: Any = None) -> None:
        # the instance's dict set at once, not field by field through the frozen
        # ``__setattr__``: re-inference makes one spec per op over constants
        _set_attribute(self, "__dict__", {"shape": shape, "dtype": dtype, "value": value,
                                          "partial": partial, "lazy": lazy})


@dataclass(frozen=True)
class AttrDef:
    """One attribute. ``kind`` is one of ``type``, ``shape``, ``tensor``, ``bool``, ``int``,
    ``float``, ``string``, ``ints`` (a list of ints: strides, kernel sizes) and ``types`` (a
    list of dtypes: IdentityN's derived ``T``).

    ``derived`` attributes (TF's ``T``) follow from the inputs and are not edited; ``hidden``
    ones exist for TF's messages and files but are not shown in the editor. ``choices``
    lists the values a ``string`` attribute may take (``SAME``, ``VALID``).
    """

    name: str
    kind: str
    default: Any = None
    derived: bool = False
    hidden: bool = False
    optional: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()
    #: for a ``type`` attribute: the dtypes it may be (a literal converts to its default
    #: when its own dtype is not one of them, as TF's ``op_def_library`` does)
    allowed: tuple[DType, ...] = ()
    #: the same list as TF's messages print it (with types the engine has not: ``qint8``)
    allowed_names: tuple[str, ...] = ()


Infer = Callable[[Sequence[TensorSpec], Mapping[str, Any]], list[TensorSpec]]
Kernel = Callable[..., Any]
#: an op's gradient, TF's ``@ops.RegisterGradient`` function: (op, *output grads) -> one
#: gradient (or None) per input, built as ordinary ops into the op's graph
Gradient = Callable[..., Any]


def _not_differentiable(*_: Any) -> Any:
    raise AssertionError("a non-differentiable op's gradient is never called")


#: the ``gradient`` of an op TF declares ``ops.NotDifferentiable``: ``gradients`` through it
#: gives None (an op left at ``None`` has no gradient declared at all, and ``gradients``
#: through it fails with TF's LookupError)
NOT_DIFFERENTIABLE: Gradient = _not_differentiable


@dataclass(frozen=True)
class OpDef:
    type: str
    inputs: tuple[str, ...]
    infer: Infer
    kernel: Kernel
    attrs: tuple[AttrDef, ...] = ()
    category: str = "Math"
    doc: str = ""
    #: attrs computed from the input specs, e.g. ``{"T": dtype of x}``
    derive: Callable[[Sequence[TensorSpec]], dict[str, Any]] | None = None
    #: validates and converts user-set attrs (raises ``AttrError``); returns the clean dict
    normalize: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    #: for an elementwise op: a numexpr/C-like template over inputs ``{0}``, ``{1}``
    fusion: str | None = None
    #: explains a kernel failure in TF's run-time words, from the input arrays' shapes
    explain: Callable[[Sequence[Any]], str | None] | None = None
    num_outputs: int = 1
    #: the default name the builder's function form uses (``tf.add`` → ``Add``)
    default_name: str = ""
    #: the name Python's operator gives (``a + b`` → ``add``); the editor names new nodes so
    operator_name: str = ""
    palette: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: per input, the type attr it sets (``"T"``) or its fixed dtype (LogicalAnd's bool):
    #: how the builder converts a literal operand, as TF's op_def_library does
    input_types: tuple[str | DType, ...] = ()
    #: the dtypes a type attr allows, in the order TF's message lists them (a ``str``: a dtype
    #: TF lists that the engine has not)
    allowed: Mapping[str, tuple[DType | str, ...]] = field(default_factory=dict)
    #: the CPU kernels TF registers (None: one for every dtype the op allows)
    kernels: KernelSet | None = None
    #: a kernel that refuses some attrs when it is made (Cast to string): the error, or None
    kernel_check: Callable[[Mapping[str, Any]], KernelError | None] | None = None
    #: the op's gradient (see ``Gradient``), set by the gradient modules of ``engine.ops``
    #: through ``set_gradient``; ``NOT_DIFFERENTIABLE`` for an op without one
    gradient: Gradient | None = None
    #: a fresh value on every run (random ops): never folded, cached or evaluated while
    #: inferring, and its kernel gets its per-session state as the ``_state`` attribute
    stateful: bool = False
    #: whether inference may compute the op's value from constant inputs (TF's constant
    #: evaluation during shape inference); off where a run may replace the value
    const_eval: bool = True
    #: inference reads some inputs' values (``TensorSpec.value``/``partial``). TF runs such
    #: a shape function first without them and again with them, so an error the first run
    #: finds quotes no values: inference does the same
    reads_values: bool = False
    #: list inputs (TF's ``N * T``): input name -> the int attribute that says how many
    #: tensors it takes (``{"values": "N"}``); the op then has that many inputs in its place
    list_inputs: Mapping[str, str] = field(default_factory=dict)
    #: how the dask backend runs it (``docs/DASK.md`` lists every op's): ``"chunked"`` (its
    #: kernel on dask.array's namespace: elementwise chunk by chunk, reductions as tree
    #: reductions, matmul blocked, gathers and slices by chunk), ``"whole"`` (it needs its
    #: whole inputs at once: they are rechunked into one chunk and the kernel runs on it),
    #: or ``"none"`` (no chunked form: a dask run stops before it starts, naming the op)
    chunked: str = "chunked"
    #: a list output (TF's ``N * T`` output, ShapeN's): the int attribute that says how many
    #: outputs the op has, in place of ``num_outputs``
    list_output: str = ""

    def output_count(self, attrs: Mapping[str, Any]) -> int:
        """How many outputs an op of these attributes has."""
        if self.list_output:
            return int(attrs.get(self.list_output) or 0)
        return self.num_outputs

    def input_names(self, attrs: Mapping[str, Any]) -> tuple[str, ...]:
        """The op's inputs for these attributes: a list input counts as many as its
        length attribute says, named ``values[0]``, ``values[1]`` …"""
        if not self.list_inputs:
            return self.inputs
        names: list[str] = []
        for name in self.inputs:
            count = self.list_inputs.get(name)
            if count is None:
                names.append(name)
            else:
                names.extend(f"{name}[{i}]" for i in range(int(attrs.get(count) or 0)))
        return tuple(names)

    def derived_attrs(self, specs: Sequence[TensorSpec]) -> dict[str, Any]:
        """The derived attributes (TF's ``T``) an op of this type has on inputs of ``specs``;
        none where they do not infer."""
        if self.derive is None:
            return {}
        try:
            derived = self.derive(specs)
        except InferenceError:
            return {}
        # a reference input's type attr is its value type (T=DT_FLOAT for a float32_ref)
        return {k: v.base_dtype if isinstance(v, DType) else v for k, v in derived.items()}

    def attr(self, name: str) -> AttrDef:
        for a in self.attrs:
            if a.name == name:
                return a
        raise KeyError(name)

    @property
    def editable_attrs(self) -> tuple[AttrDef, ...]:
        return tuple(a for a in self.attrs if not a.derived and not a.hidden)

    @property
    def node_name(self) -> str:
        """The base name of a new node of this type (TF's: ``add``, ``mul``, ``Const``)."""
        return self.operator_name or self.default_name or self.type

    def default_attrs(self) -> dict[str, Any]:
        return dict(_attr_table(self).defaults)

    def clean_attrs(self, attrs: Mapping[str, Any]) -> dict[str, Any]:
        """The complete, checked attributes of a new or edited op: defaults filled in, derived
        ones dropped, bools made bools, then the op's own ``normalize`` (which raises
        ``AttrError``). An unknown attribute is a ``GraphEditError``."""
        table = _attr_table(self)
        if not attrs and not table.settable:
            return {}  # the common case: only derived attrs (T)
        merged = dict(table.defaults)
        for key, value in attrs.items():
            if key in table.settable:
                merged[key] = value
            elif key not in table.derived:
                raise GraphEditError(f"{self.type} has no attribute {key!r}")
        for name in table.bools:
            merged[name] = bool(merged.get(name))
        if self.normalize is not None:
            merged = self.normalize(merged)
        return merged

    @property
    def attrs_to_set(self) -> bool:
        """Whether the op has attributes that are not derived from its inputs."""
        return bool(_attr_table(self).settable)


@dataclass(frozen=True)
class _AttrTable:
    """What ``clean_attrs`` reads of an OpDef's attributes, computed once per OpDef: every
    op created reads it. Kept beside the OpDef, not in it, so that an OpDef's ``__dict__``
    holds its fields only (``OpDef(**op_def.__dict__)`` copies one)."""

    defaults: dict[str, Any]
    settable: frozenset[str]
    derived: frozenset[str]
    bools: tuple[str, ...]


_TABLES: dict[int, tuple[OpDef, _AttrTable]] = {}


def _attr_table(op_def: OpDef) -> _AttrTable:
    entry = _TABLES.get(id(op_def))
    if entry is not None and entry[0] is op_def:
        return entry[1]
    attrs = op_def.attrs
    table = _AttrTable(
        defaults={a.name: a.default for a in attrs if not a.derived},
        settable=frozenset(a.name for a in attrs if not a.derived),
        derived=frozenset(a.name for a in attrs if a.derived),
        bools=tuple(a.name for a in attrs if a.kind == "bool" and not a.derived),
    )
    _TABLES[id(op_def)] = (op_def, table)  # the OpDef held too: its id is never reused
    return table


_REGISTRY: dict[str, OpDef] = {}


def register(op_def: OpDef) -> OpDef:
    if op_def.type in _REGISTRY:
        raise ValueError(f"op type {op_def.type!r} is registered twice")
    _REGISTRY[op_def.type] = op_def
    return op_def


def set_gradient(op_type: str, gradient: Gradient) -> None:
    """Fill in ``op_type``'s gradient, once: TF's ``RegisterGradient``/``NotDifferentiable``.

    The gradient functions build with the builder API, which sits above the families that
    register the ops, so they are attached after registration. The OpDef is the one the
    graph's ops already point to, so it is filled in place rather than replaced."""
    op_def = get_op_def(op_type)
    if op_def.gradient is not None:
        raise ValueError(f"op type {op_type!r} has a gradient registered twice")
    object.__setattr__(op_def, "gradient", gradient)


def get_op_def(op_type: str) -> OpDef:
    try:
        return _REGISTRY[op_type]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown op type {op_type!r}; known types: {known}") from None


def has_op_def(op_type: str) -> bool:
    return op_type in _REGISTRY


def op_defs() -> list[OpDef]:
    """Every registered op, in registration order (the palette groups them by category)."""
    return list(_REGISTRY.values())
