"""The tutorial's lesson: building a graph first, then running it in a session.

Why data and pure checks, apart from the panel: each step is a title, a text, the example
its "Show me" opens and a check over a snapshot of what the learner has on screen (the
engine graph, the selection, the last run). The checks read the graph through the
engine's public API only, so a step is done however the learner got there (by hand, by
"Show me", by pasting), and they are tested without a window.

The texts follow the lesson TensorCanvas grew from: ``(5 + 6) * 7`` builds the ops
``Const``, ``Const_1``, ``Const_2``, ``add`` and ``mul`` and the tensor ``mul:0`` before
anything is computed; a session computes it, or a part of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import engine
from app.examples import EXAMPLES_DIR
from editor.i18n import QT_TRANSLATE_NOOP, translate

#: op types that add two tensors (TF 2's graphs write AddV2 for ``a + b``)
ADD_TYPES = frozenset({"AddV2", "Add"})
VARIABLE_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp"})
#: the training step's example, written by the training feature; the step is offered when
#: it exists
TRAINING_EXAMPLE = "linear_regression.json"


@dataclass(frozen=True)
class Snapshot:
    """What a check looks at: the graph, the selection, and the last successful run."""

    graph: engine.Graph
    selected: Sequence[str] = ()
    show_tensor_names: bool = False
    #: the ops the last successful run was asked for (empty: none, or it failed)
    fetched: Sequence[str] = ()
    #: the ops that last run computed (or took from the cache)
    ran: Sequence[str] = ()
    #: the placeholders the last successful run was fed by the learner
    fed: Sequence[str] = ()
    #: how many training steps the Train dock has run on this graph
    trained_steps: int = 0


@dataclass(frozen=True)
class Verdict:
    """A check's answer: done or not, and what to tell the learner (translated)."""

    done: bool
    message: str


@dataclass(frozen=True)
class Step:
    """One step. ``title`` and ``text`` are source texts of the "Tutorial" context,
    translated when shown; ``example`` is a file in resources/examples."""

    key: str
    title: str
    text: str
    example: str
    check: Callable[[Snapshot], Verdict]
    #: after opening the example, what "Show me" does on the canvas (see the panel)
    demo: tuple[str, ...] = field(default=())


def _const(tensor: engine.Tensor | None) -> bool:
    return tensor is not None and tensor.op.type == "Const"


def _adds_of_two_consts(graph: engine.Graph) -> list[engine.Operation]:
    return [op for op in graph.get_operations()
            if op.type in ADD_TYPES and len(op.inputs) == 2 and all(map(_const, op.inputs))]


def _products(graph: engine.Graph) -> list[engine.Operation]:
    """The ``(a + b) * c`` of the lesson: a Mul of an add of two Consts and a Const."""
    adds = {op.name for op in _adds_of_two_consts(graph)}
    found = []
    for op in graph.get_operations():
        if op.type != "Mul" or len(op.inputs) != 2 or any(t is None for t in op.inputs):
            continue
        names = [t.op.name for t in op.inputs]
        if any(n in adds for n in names) and any(map(_const, op.inputs)):
            found.append(op)
    return found


def _not_yet(message: str) -> Verdict:
    return Verdict(False, message)


def check_graph_built(s: Snapshot) -> Verdict:
    consts = [op for op in s.graph.get_operations() if op.type == "Const"]
    if len(consts) < 3:
        return _not_yet(translate("Tutorial", "Place three Const nodes: {count} so far.")
                        .format(count=len(consts)))
    if not _adds_of_two_consts(s.graph):
        return _not_yet(translate(
            "Tutorial", "Now add two of the Consts: an Add whose two inputs are Consts."))
    products = _products(s.graph)
    if not products:
        return _not_yet(translate(
            "Tutorial", "Last, multiply the sum by the third Const with a Mul."))
    mul = products[0]
    ops = f"{mul.inputs[0].op.name} × {mul.inputs[1].op.name} → {mul.name}"
    return Verdict(True, translate(
        "Tutorial", "Done: the graph holds {ops}, and nothing has been computed yet.",
    ).format(ops=ops))


def _build_first() -> Verdict:
    return _not_yet(translate("Tutorial", "Build (a + b) * c first (step 1), or press Show me."))


def check_tensor_seen(s: Snapshot) -> Verdict:
    products = {op.name for op in _products(s.graph)}
    if not products:
        return _build_first()
    if not s.show_tensor_names:
        return _not_yet(translate("Tutorial", "Turn on View → Show Tensor Names."))
    chosen = [name for name in s.selected if name in products]
    if not chosen:
        return _not_yet(translate(
            "Tutorial", "Select the mul node and read its output in the Inspector."))
    tensor = s.graph.get_operation_by_name(chosen[0]).outputs[0]
    return Verdict(True, translate(
        "Tutorial", "Done: {tensor} is a tensor of shape {shape} and dtype {dtype} — "
        "a name for a value that does not exist yet.",
    ).format(tensor=tensor.name, shape=tensor.shape, dtype=tensor.dtype.name))


def check_ran_part(s: Snapshot) -> Verdict:
    adds = {op.name for op in _adds_of_two_consts(s.graph)}
    products = {op.name for op in _products(s.graph)}
    if not adds:
        return _build_first()
    if not s.fetched or any(name not in adds for name in s.fetched):
        return _not_yet(translate(
            "Tutorial", "Select only the add node and press Run Selected (Ctrl+Shift+Enter)."))
    if products & set(s.ran):
        return _not_yet(translate("Tutorial", "The mul ran too: select only the add node."))
    return Verdict(True, translate(
        "Tutorial", "Done: the session computed {op} and what it needs, and left the mul "
        "alone.",
    ).format(op=s.fetched[0]))


def check_fed(s: Snapshot) -> Verdict:
    placeholders = {op.name for op in s.graph.get_operations() if op.type == "Placeholder"}
    if not placeholders:
        return _not_yet(translate(
            "Tutorial", "Add a Placeholder (its dtype and shape, no value) and something "
            "that uses it."))
    fed = [name for name in s.fed if name in placeholders]
    if not fed:
        return _not_yet(translate(
            "Tutorial", "Press Run and type the placeholders' values when asked: that is "
            "the feed."))
    return Verdict(True, translate(
        "Tutorial", "Done: the run was fed {names}; the graph itself holds no value for "
        "them.",
    ).format(names=", ".join(fed)))


def check_shapes_first(s: Snapshot) -> Verdict:
    for op in s.graph.get_operations():
        if op.type != "MatMul" or getattr(op, "error", None) or len(op.inputs) != 2:
            continue
        x = op.inputs[0]
        if x is None or x.op.type != "Placeholder" or x.shape.rank != 2:
            continue
        if x.shape.as_list()[0] is None and x.shape.as_list()[1] == 3:
            out = op.outputs[0]
            return Verdict(True, translate(
                "Tutorial", "Done: {tensor} has shape {shape} before any data: the unknown "
                "batch size stays unknown (?).",
            ).format(tensor=out.name, shape=out.shape))
    return _not_yet(translate(
        "Tutorial", "Make a Placeholder of shape None, 3 the first input of a MatMul whose "
        "second input has 3 rows."))


def check_trained(s: Snapshot) -> Verdict:
    variables = {op.name for op in s.graph.get_operations() if op.type in VARIABLE_TYPES}
    if not variables:
        return _not_yet(translate("Tutorial", "Open the linear-regression example (Show me)."))
    if not s.trained_steps:
        return _not_yet(translate("Tutorial", "Train the model: Train → Start Training."))
    fetched = [s.graph.get_operation_by_name(n) for n in s.fetched if n in s.graph]
    if not fetched:
        return _not_yet(translate("Tutorial", "Now run the prediction: Train → Predict…"))
    if not {op.name for op in s.graph.upstream(fetched)} & variables:
        return _not_yet(translate(
            "Tutorial", "Run the prediction: an output that reads the trained variables."))
    return Verdict(True, translate(
        "Tutorial", "Done: the prediction used the variables that training changed."))


STEPS: tuple[Step, ...] = (
    Step("graph", QT_TRANSLATE_NOOP("Tutorial", "1. Build a graph first"),
         QT_TRANSLATE_NOOP(
             "Tutorial",
             "<p>TensorFlow works in two phases: first you <b>build a graph</b>, then you "
             "<b>run</b> it. Building computes nothing: it only records operations "
             "and how data flows between them.</p>"
             "<p>Build <code>(a + b) * c</code>: place three <b>Const</b> nodes (values 5, 6 "
             "and 7; press Tab on the canvas and type <i>Const</i>), an <b>Add</b> of the "
             "first two and a <b>Mul</b> of the sum and the third.</p>"
             "<p>The nodes are named as TensorFlow names them: <code>Const</code>, "
             "<code>Const_1</code>, <code>Const_2</code>, <code>add</code>, <code>mul</code>. "
             "Each link is labelled with what is known before running: the shape and dtype "
             "of its tensor (<code>scalar int32</code>).</p>"),
         "seed.json", check_graph_built),
    Step("tensor", QT_TRANSLATE_NOOP("Tutorial", "2. d is a tensor, not a number"),
         QT_TRANSLATE_NOOP(
             "Tutorial",
             "<p>In Python, <code>d = (a + b) * c</code> does not give 77. It gives "
             "<code>&lt;tf.Tensor 'mul:0' shape=() dtype=int32&gt;</code>: a handle on the "
             "first output of the op <code>mul</code>, whose shape <code>()</code> (a "
             "scalar) and dtype <code>int32</code> are known while its value is not.</p>"
             "<p>Turn on <b>View → Show Tensor Names</b> to see <code>mul:0</code> on the "
             "links, and select the <b>mul</b> node: the Inspector lists its output, "
             "<code>mul:0</code>, with its shape and dtype.</p>"),
         "seed.json", check_tensor_seen, ("names", "select:mul")),
    Step("session", QT_TRANSLATE_NOOP("Tutorial", "3. A session runs the graph, or a part"),
         QT_TRANSLATE_NOOP(
             "Tutorial",
             "<p>Values exist only when a <b>session</b> runs the graph: "
             "<code>sess.run(d)</code> computes <code>mul</code> and everything it needs, "
             "and gives 77.</p>"
             "<p>A session computes only what the fetched tensors need. Select just the "
             "<b>add</b> node and press <b>Run → Run Selected</b> (Ctrl+Shift+Enter): "
             "<code>add</code> shows 11, and <code>mul</code> does not run at all.</p>"),
         "seed.json", check_ran_part, ("select:add", "run-selected")),
    Step("feeds", QT_TRANSLATE_NOOP("Tutorial", "4. Placeholders and feeds"),
         QT_TRANSLATE_NOOP(
             "Tutorial",
             "<p>A <b>Placeholder</b> is a promise of a value given at run time: it has a "
             "dtype and a shape, but no value in the graph. The values come with each run, "
             "as <code>sess.run(adder, {a: 3, b: 4.5})</code> gives them: that is a "
             "<b>feed</b>.</p>"
             "<p>Open the example (or build <code>a + b</code> of two float32 "
             "placeholders), press <b>Run</b> and type a value for each placeholder in the "
             "dialog. The placeholders' nodes then say <i>fed</i>.</p>"),
         "placeholders.json", check_fed),
    Step("shapes", QT_TRANSLATE_NOOP("Tutorial", "5. Shapes before data"),
         QT_TRANSLATE_NOOP(
             "Tutorial",
             "<p>A graph knows its tensors' shapes before any data exists, even partly: a "
             "placeholder of shape <code>[None, 3]</code> takes any number of rows of 3 "
             "values (a batch of any size).</p>"
             "<p>Feed such a placeholder to a <b>MatMul</b> with a 3×1 weight matrix: the "
             "link out of it reads <code>?×1 float32</code>. TensorFlow inferred the shape "
             "of the product from the shapes alone, and a mismatch (a weight matrix "
             "with 4 rows) is an error at once, before anything runs.</p>"),
         "shapes_first.json", check_shapes_first),
    Step("training", QT_TRANSLATE_NOOP("Tutorial", "6. Model, training, prediction"),
         QT_TRANSLATE_NOOP(
             "Tutorial",
             "<p>A model is a graph too: <code>y = W·x + b</code> with <b>variables</b> "
             "<code>W</code> and <code>b</code>, whose values live in the session and "
             "change as it runs. Training adds a loss and an optimizer step that nudges "
             "the variables each time it runs.</p>"
             "<p>Open the linear-regression example, train it, then run the prediction "
             "with the trained variables.</p>"),
         TRAINING_EXAMPLE, check_trained, ("action:actionTrainStart",)),
)


def available_steps(examples: Path = EXAMPLES_DIR) -> list[Step]:
    """The steps whose example is there (the training step comes with its example)."""
    return [step for step in STEPS if (examples / step.example).is_file()]
