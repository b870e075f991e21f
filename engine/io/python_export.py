"""Python export: the graph as a script that rebuilds it, op by op, with every name given.

The script is meant to be read: a learner sees the code behind what they drew. Each op is
one line in graph order, with TF's own function where that function makes exactly that one
op (``tf.linalg.matmul``, ``tf.nn.relu``, ``tf.compat.v1.placeholder``) and ``tf.raw_ops``
for the rest (every op by its type, inputs and attributes as keywords), always with
``name=`` so the rebuilt graph has the same names; a variable as the builder made it is one
``tf.compat.v1.Variable(initial_value, name=...)`` (``python_variables``), and its
initializer, snapshot and initial value are that Variable's ``initializer``, ``value()`` and
``initial_value``; control dependencies become ``with tf.control_dependencies(...)`` blocks.
``flavor="engine"`` writes the same program against ``engine`` (its ``raw_ops`` and builder
functions take the same arguments; control inputs by ``graph.add_control_input``). Large
constants (more than ``INLINE_ELEMENTS``) go to a ``.npz`` beside the script, loaded with
``allow_pickle=False``; small ones are written as literals.
"""

from __future__ import annotations

import io
import keyword
import os
import re
from typing import Any

import numpy as np

from ..framework.dtypes import DType
from ..framework.errors import EngineError
from ..framework.graph import Graph
from ..framework.opaque import is_opaque
from ..framework.operation import Operation, Tensor
from ..framework.shapes import TensorShape
from .atomic_write import write_atomically
from .graphdef_ops import GRAPHDEF_OPS
from .python_variables import VariableOps, builder_variables

INLINE_ELEMENTS = 64


class PythonExportError(EngineError, ValueError):
    """The graph cannot be written as a script; the message names the op."""


#: op type -> (function, the inputs it takes positionally, attrs -> keywords) where TF's
#: public function makes exactly this one op; every other op is written through raw_ops
_FRIENDLY: dict[str, tuple[str, tuple[str, ...]]] = {
    "AddV2": ("math.add", ()), "Sub": ("math.subtract", ()), "Mul": ("math.multiply", ()),
    "RealDiv": ("math.truediv", ()), "MatMul": ("linalg.matmul", ("transpose_a",
                                                                  "transpose_b")),
    "Identity": ("identity", ()), "StopGradient": ("stop_gradient", ()),
    "Relu": ("nn.relu", ()), "Sigmoid": ("math.sigmoid", ()),
    "Tanh": ("math.tanh", ()), "Softmax": ("nn.softmax", ()), "Exp": ("math.exp", ()),
    "BiasAdd": ("nn.bias_add", ("data_format",)), "Reshape": ("reshape", ()),
}
#: the keywords TF's raw_ops spell differently from the OpDef (TF's api_def renames)
_TF_KEYWORDS = {("ExpandDims", "dim"): "axis", ("Squeeze", "squeeze_dims"): "axis",
                ("Select", "t"): "x", ("Select", "e"): "y", ("Where", "input"): "condition",
                ("Split", "split_dim"): "axis", ("SplitV", "split_dim"): "axis",
                **{(t, "reduction_indices"): "axis"
                   for t in ("Sum", "Mean", "Max", "Min", "Prod", "All", "Any")}}
_ENGINE_FRIENDLY = {"math.add": "add", "math.subtract": "subtract", "math.multiply": "multiply",
                    "math.truediv": "truediv", "linalg.matmul": "matmul", "math.sigmoid":
                    "sigmoid", "math.tanh": "tanh", "math.exp": "exp"}

#: every registry op's Python form: a public function, else ``raw_ops.<Type>``
PYTHON_OPS: dict[str, str] = {t: _FRIENDLY[t][0] if t in _FRIENDLY else f"raw_ops.{t}"
                              for t in GRAPHDEF_OPS}
PYTHON_OPS.update(Placeholder="compat.v1.placeholder", Const="constant", NoOp="no_op",
                  VariableV2="compat.v1.Variable")  # as the builder made it (python_variables)


#: the names the script itself uses: an op named ``graph`` or ``values`` must not rebind them
_SCRIPT_NAMES = frozenset({"tf", "np", "engine", "os", "graph", "values", "sess",
                           "feed_dict", "print"})


def _identifier(name: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "_", name.replace("/", "_")).lower() or "op"
    if base[0].isdigit() or keyword.iskeyword(base) or base in _SCRIPT_NAMES:
        base = "op_" + base
    ident, i = base, 1
    while ident in taken:
        ident, i = f"{base}_{i}", i + 1
    taken.add(ident)
    return ident


def _returns_list(op: Operation) -> bool:
    """Whether the script's call for ``op`` returns a list of tensors: several outputs, or a
    list output (``N * T``: Unpack, Split, IdentityN) even of one tensor."""
    return len(op.outputs) > 1 or bool(op.op_def.list_output)


class _Writer:
    def __init__(self, flavor: str) -> None:
        if flavor not in ("tf", "engine"):
            raise ValueError(f"flavor must be 'tf' or 'engine', not {flavor!r}")
        self.flavor = flavor
        self.ns = "tf" if flavor == "tf" else "engine"
        self.names: dict[Operation, str] = {}
        #: what the script writes for a variable's tensors and ops (``w.value()``)
        self.exprs: dict[Tensor, str] = {}
        self.op_exprs: dict[Operation, str] = {}
        self.taken: set[str] = set()
        self.arrays: dict[str, np.ndarray] = {}

    def dtype(self, value: Any) -> str:
        return f"{self.ns}.{value.name}"

    def array(self, value: Any, hint: str) -> str:
        arr = np.asarray(value)
        np_name = "float32" if arr.dtype.name == "bfloat16" else arr.dtype.name
        if arr.size == 0:  # a literal [] would lose the shape: (0, 3) has no elements to nest
            kind = "object" if arr.dtype == object else f"np.{np_name}"
            return f"np.zeros({list(arr.shape)!r}, dtype={kind})"
        if arr.dtype == object:
            return f"np.array({arr.tolist()!r}, dtype=object)"
        if arr.size > INLINE_ELEMENTS:
            self.arrays[hint] = arr.astype(np_name)
            return f"values[{hint!r}]"
        if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:  # the shortest exact digits
            flat = [float(str(v)) for v in arr.reshape(-1)]
            literal = repr(np.array(flat, dtype=object).reshape(arr.shape).tolist())
        else:
            literal = repr(arr.astype(np_name).tolist())
        if arr.dtype.kind == "f" and not np.isfinite(arr).all():  # repr writes nan, inf
            literal = re.sub(r"\b(nan|inf)\b", r"np.\1", literal)
        return f"np.array({literal}, dtype=np.{np_name})"

    def attr(self, kind: str, value: Any, hint: str) -> str:
        if kind == "type":
            return self.dtype(value)
        if kind == "shape":
            dims = TensorShape(value).sizes
            return "None" if dims is None else repr(list(dims))
        if kind == "tensor":
            return self.array(value, hint)
        if kind == "ints":
            return repr([int(v) for v in value])
        if kind == "float":
            number = float(value)
            return repr(number) if np.isfinite(number) else f"float({str(number)!r})"
        return repr(value)

    def keyword(self, op: Operation, name: str) -> str:
        if self.flavor == "tf":
            return _TF_KEYWORDS.get((op.type, name), name)
        return name

    def op_expr(self, op: Operation) -> str:
        """The script's expression for the op itself (a control dependency's)."""
        if op in self.op_exprs:
            return self.op_exprs[op]
        var = self.names[op]
        if not op.outputs:
            return var
        if _returns_list(op) and self.flavor == "tf":
            return f"{var}[0].op"
        return f"{var}.op"

    def ref(self, t: Tensor | None, op: Operation) -> str:
        if t is None:
            raise PythonExportError(f"op {op.name!r} ({op.type}) has an unwired input")
        if t in self.exprs:
            return self.exprs[t]
        var = self.names[t.op]
        if not _returns_list(t.op):
            return var
        return f"{var}[{t.value_index}]" if self.flavor == "tf" else \
            f"{var}.op.outputs[{t.value_index}]"

    def call(self, op: Operation) -> str:
        inputs = [self.ref(t, op) for t in op.inputs]
        name = f"name={op.name!r}"
        attrs = {a.name: (a, op.attrs.get(a.name)) for a in op.op_def.attrs if not a.derived}
        if op.type == "Placeholder":
            shape = self.attr("shape", attrs["shape"][1], "")
            fn = "compat.v1.placeholder" if self.flavor == "tf" else "placeholder"
            if attrs["default_value"][1] is not None:
                default = self.array(attrs["default_value"][1], op.name)
                fn = "compat.v1.placeholder_with_default" if self.flavor == "tf" else \
                    "placeholder_with_default"
                return f"{self.ns}.{fn}({default}, shape={shape}, {name})"
            return f"{self.ns}.{fn}({self.dtype(op.get_attr('dtype'))}, shape={shape}, {name})"
        if op.type == "Const":
            value = self.array(op.get_attr("value"), op.name)
            return f"{self.ns}.constant({value}, dtype={self.dtype(op.get_attr('dtype'))}, {name})"
        if op.type == "NoOp":
            return f"{self.ns}.no_op({name})" if self.flavor == "tf" else \
                f"engine.raw_ops.NoOp({name})"
        fn, keywords = _FRIENDLY.get(op.type, ("", ()))
        if fn and all(v == a.default for k, (a, v) in attrs.items() if k not in keywords):
            # (an attribute the function has no keyword for, a gradient's MatMul grad_a:
            # written through raw_ops)
            if self.flavor == "engine":
                fn = _ENGINE_FRIENDLY.get(fn, fn)
            kw = [f"{k}={self.attr(attrs[k][0].kind, attrs[k][1], '')}" for k in keywords
                  if attrs[k][1] != attrs[k][0].default]
            return f"{self.ns}.{fn}({', '.join(inputs + kw + [name])})"
        args: list[str] = []
        names = tuple(self.keyword(op, p) for p in op.op_def.inputs)
        if op.op_def.list_inputs:
            at = 0
            for param, keyword in zip(op.op_def.inputs, names):
                if param in op.op_def.list_inputs:
                    n = int(op.get_attr(op.op_def.list_inputs[param]))
                    args.append(f"{keyword}=[{', '.join(inputs[at:at + n])}]")
                    at += n
                else:
                    args.append(f"{keyword}={inputs[at]}")
                    at += 1
        else:
            args = [f"{p}={v}" for p, v in zip(names, inputs)]
        listed = set(op.op_def.list_inputs.values())
        for key, (attr_def, attr_value) in attrs.items():
            if attr_value is None or key in listed or (
                    attr_def.hidden and attr_value == attr_def.default):
                continue
            text = self.attr(attr_def.kind, attr_value, op.name + "/" + key)
            args.append(f"{self.keyword(op, key)}={text}")
        return f"{self.ns}.raw_ops.{op.type}({', '.join(args + [name])})"

    def variable(self, group: VariableOps, var: str) -> str:
        """The ``Variable(...)`` call of a builder's variable; its ops' expressions."""
        if group.literal is not None:
            initial = self.array(group.literal.get_attr("value"), group.literal.name)
        else:
            initial = self.ref(group.initial_value, group.assign)
        for op, expr in ((group.assign, f"{var}.initializer"), (group.read, f"{var}.value()"),
                         (group.literal, f"{var}.initial_value")):
            if op is None:
                continue
            self.names[op] = var
            tensor, is_op = (expr + ".outputs[0]", expr) if op is group.assign else \
                (expr, expr + ".op")
            self.exprs[op.outputs[0]], self.op_exprs[op] = tensor, is_op
        fn = "compat.v1.Variable" if self.flavor == "tf" else "Variable"
        trainable = "" if group.trainable else ", trainable=False"
        ref_variable = ", use_resource=False" if self.flavor == "tf" else ""  # TF1's VariableV2
        line = f"{self.ns}.{fn}({initial}{trainable}{ref_variable}, name={group.var.name!r})"
        ref = group.var.outputs[0]
        if [c for c in ref.consumers() if c not in (group.assign, group.read)]:
            # the ops that update it take its reference tensor, as raw ops do in TF
            self.exprs[ref] = _identifier(group.var.name + "_ref", self.taken)
            line += f"\n    {self.exprs[ref]} = {var}.op.outputs[0]"
        return line


def graph_to_python(graph: Graph, flavor: str = "tf", values_file: str = "values.npz"
                    ) -> tuple[str, dict[str, np.ndarray]]:
    """The script, and the large constants it loads from ``values_file`` (empty: none)."""
    w = _Writer(flavor)
    body: list[str] = []
    variables = builder_variables(graph)
    for op in graph.get_operations():
        group = variables.get(op)
        if group is not None and op is not group.var:
            continue  # made by its Variable(...) line
        if is_opaque(op):
            raise PythonExportError(f"op {op.name!r} is an opaque {op.type} node: no Python "
                                    "function builds it")
        if op.error is not None:
            raise PythonExportError(f"op {op.name!r} ({op.type}) has an error: {op.error}")
        var = _identifier(op.name, w.taken)
        line = w.call(op) if group is None else w.variable(group, var)
        w.names[op] = var
        deps = ", ".join(w.op_expr(d) for d in op.control_inputs)
        if deps and flavor == "tf":
            body.append(f"    with tf.control_dependencies([{deps}]):")
            body.append(f"        {var} = {line}")
        else:
            body.append(f"    {var} = {line}")
        if deps and flavor == "engine":
            for dep in op.control_inputs:
                body.append(f"    graph.add_control_input({w.op_expr(op)}, {w.op_expr(dep)})")
    outputs = [w.ref(t, op) for op in graph.outputs() for t in op.outputs]
    head = _header(flavor, values_file if w.arrays else None)
    tail = _footer(flavor, graph, w, outputs)
    return "\n".join(head + body + tail) + "\n", w.arrays


def _header(flavor: str, values_file: str | None) -> list[str]:
    lib = "TensorFlow's tf.compat.v1" if flavor == "tf" else "TensorCanvas's engine"
    lines = [f'"""Rebuilds a TensorCanvas graph with {lib}, op by op, with its names."""', ""]
    if values_file is not None:
        lines += ["import os", ""]
    lines += ["import numpy as np", ""]
    lines.append("import tensorflow as tf" if flavor == "tf" else "import engine")
    lines.append("")
    if values_file is not None:
        lines += ["# the large constants, in a file beside this script (never pickled)",
                  "values = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "
                  f"{values_file!r}), allow_pickle=False)", ""]
    lines += ["graph = tf.Graph()" if flavor == "tf" else "graph = engine.Graph()",
              "with graph.as_default():"]
    return lines


def _zeros(shape: list[int], dtype: DType) -> str:
    """A zero feed of ``dtype`` as numpy spells it: strings are empty bytes (numpy has no
    ``np.object``), bfloat16 (numpy has none) is fed as float32, which the session converts."""
    if dtype.is_string:
        return f"np.full({shape}, b'', dtype=object)"
    name = "float32" if dtype.name == "bfloat16" else np.dtype(dtype.np_dtype).name
    return f"np.zeros({shape}, dtype=np.{name})"


def _footer(flavor: str, graph: Graph, w: _Writer, outputs: list[str]) -> list[str]:
    feeds = []
    for op in graph.get_operations():
        if op.type == "Placeholder" and op.get_attr("default_value") is None:
            dims = op.get_attr("shape").sizes
            shape = [1 if d is None else d for d in (dims or [])]
            feeds.append(f"{w.names[op]}: {_zeros(shape, op.get_attr('dtype'))}")
    session = "tf.compat.v1.Session(graph=graph)" if flavor == "tf" else \
        "engine.Session(graph=graph)"
    lines = ["", "", "if __name__ == '__main__':"]
    if feeds:
        lines.append("    # the placeholders' values: put yours here")
    lines += [f"    feed_dict = {{{', '.join(feeds)}}}", f"    with {session} as sess:",
              f"        print(sess.run([{', '.join(outputs)}], feed_dict))"]
    return lines


def write_python(path: str | os.PathLike[str], graph: Graph, flavor: str = "tf") -> None:
    """Write the script to ``path`` (and its large constants to ``NAME.npz`` beside it)."""
    target = os.fspath(path)
    stem = os.path.splitext(os.path.basename(target))[0]
    text, arrays = graph_to_python(graph, flavor, stem + ".npz")
    if arrays:
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)  # type: ignore[arg-type]
        write_atomically(os.path.splitext(target)[0] + ".npz", [buffer.getvalue()])
    write_atomically(target, [text])
