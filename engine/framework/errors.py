"""Error classes a user can act on.

Construction errors subclass the builtin exception TensorFlow raises for the same mistake
(``ValueError`` for shapes and names, ``TypeError`` for dtypes), so code written against
``tf.compat.v1`` catches ours unchanged. Run-time errors follow TF's ``OpError`` family: they
carry the failing op, so the editor can mark the node and the command line can name it.
"""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class InferenceError(EngineError):
    """Static inference failed for an op: the message says why, in TF's words.

    ``kind`` tells the editor how to draw the node: ``"shape"``, ``"dtype"``, ``"rank"``,
    ``"attr"``, ``"unwired"`` or ``"upstream"``.
    """

    kind = "shape"
    #: what the op read of its inputs' values, in TF's words (" and with computed input
    #: tensors: input[1] = <2>"), appended after the input shapes; see ``input_values``
    input_context = ""

    def __init__(self, message: str, *, kind: str | None = None, node_def: bool = True) -> None:
        super().__init__(message)
        self.detail = message
        if kind is not None:
            self.kind = kind
        #: whether the graph should append TF's "for '{{node …}}' with input shapes" suffix
        self.wants_node_def = node_def


class ShapeError(InferenceError, ValueError):
    """Shapes that do not fit together (TF raises ValueError)."""

    kind = "shape"


class DTypeError(InferenceError, TypeError):
    """A dtype an op does not accept, or two inputs that disagree (TF raises TypeError)."""

    kind = "dtype"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message, kind=kind, node_def=False)


class AttrError(InferenceError, ValueError):
    """An attribute value that the op cannot use (a bad shape, value or dtype)."""

    kind = "attr"

    def __init__(self, message: str) -> None:
        super().__init__(message, node_def=False)


class UnwiredInputError(InferenceError, ValueError):
    """An input of an op built in the editor is not connected yet."""

    kind = "unwired"

    def __init__(self, message: str) -> None:
        super().__init__(message, node_def=False)


class UpstreamError(InferenceError, ValueError):
    """An input comes from an op that is itself invalid."""

    kind = "upstream"

    def __init__(self, message: str) -> None:
        super().__init__(message, node_def=False)


class OperatorNotAllowedInGraphError(TypeError):
    """A Python operation a symbolic tensor cannot do (``bool(t)``, ``for x in t``)."""


class GraphEditError(EngineError, ValueError):
    """An edit the graph refuses (a cycle, a bad port, an unknown op); nothing was changed."""


class CycleError(GraphEditError):
    """Connecting these ports would make the graph cyclic."""


class InvalidGraphError(EngineError, ValueError):
    """A run was asked for outputs that depend on ops whose inference failed."""

    def __init__(self, message: str, ops: list[Any]) -> None:
        super().__init__(message)
        self.ops = ops


class DeviceError(EngineError, RuntimeError):
    """The requested device cannot be used; the message says why."""


class GraphFileError(EngineError, ValueError):
    """A graph file that cannot be read or written: names the file and the JSON path."""

    def __init__(self, message: str, *, path: str | None = None, field: str | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}: "
        if field is not None:
            where += f"{field}: "
        super().__init__(where + message)
        self.path = path
        self.field = field
        self.reason = message


class OpError(EngineError):
    """An error while running an op (TF's ``tf.errors.OpError``)."""

    error_code = 2

    def __init__(self, node_def: Any, op: Any, message: str) -> None:
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message

    @property
    def detail(self) -> str:
        """The one line that says what went wrong, without the 'Graph execution error' frame."""
        lines = [ln for ln in self.message.splitlines() if ln.strip()]
        for line in lines:
            if not line.startswith(("Graph execution error", "Detected at node", "\t", "Node:")):
                return line
        return lines[-1] if lines else ""

    def __str__(self) -> str:
        return self.message


class InvalidArgumentError(OpError):
    error_code = 3


class CancelledError(OpError):
    error_code = 1


class FailedPreconditionError(OpError):
    """A state the op needs is missing: a variable read before it was initialized."""

    error_code = 9


class OutOfRangeError(OpError):
    """An op ran past a limit it keeps: ``CountUpTo`` at its limit."""

    error_code = 11


class AbortedError(OpError):
    """An op gave up: oneDNN could not make a primitive of the shapes it was given."""

    error_code = 10


class ResourceExhaustedError(OpError):
    error_code = 8


class UnimplementedError(OpError):
    """An op's kernel exists but refuses its attributes (``Cast int32 to string``)."""

    error_code = 12


class InternalError(OpError):
    error_code = 13


class KernelError(EngineError, ValueError):
    """Raised by a kernel for a failure TF's kernel reports in words (``Integer division by
    zero``, ``ConcatOp : Ranks of all input tensors should match``): the executor frames it
    on the failing op as ``cls`` (``InvalidArgumentError`` unless the kernel says otherwise)."""

    def __init__(self, detail: str, cls: type[OpError] = InvalidArgumentError) -> None:
        super().__init__(detail)
        self.detail = detail
        self.cls = cls


#: what a kernel's message holds where TF's names the failing node (a kernel does not know
#: it): ``execution_error`` writes the name there
NODE_NAME = "\x00node\x00"


def execution_error(cls: type[OpError], op: Any, detail: str, *, placed: bool = False) -> OpError:
    """Build a run-time error framed the way TF's graph executor reports it. ``placed``: the
    frame TF's placer gives (``[[name]]``, for an op without a kernel) instead of the
    executor's (``[[{{node name}}]]``)."""
    name = op.name if op is not None else "?"
    detail = detail.replace(NODE_NAME, name)
    where = f"[[{name}]]" if placed else f"[[{{{{node {name}}}}}]]"
    message = f"Graph execution error:\n\nDetected at node '{name}':\n{detail}\n\t {where}"
    return cls(None, op, message)
