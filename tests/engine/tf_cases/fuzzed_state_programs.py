"""The programs the state fuzzer (``tools/fuzz_specs_state.py``) draws: what a TF1 program
does around the ops, on either namespace (``tf.compat.v1`` or ``engine``).

Each function takes ``(tf, inputs, **kw)`` like those of ``fuzzed.PROGRAMS`` and returns a
``Fetch``: variables and their assignments (initialized in ``before``), uninitialized reads,
control dependencies, ``tf.gradients`` with its arguments, ``Session.run``'s fetch structures
and feeds, name scopes and graph lookups. What a program learns while it builds (names,
dtypes, shapes, control inputs, what a session inside it returned or raised) goes into the
probe, so that every property a user sees is compared.
"""

from __future__ import annotations

import builtins
import collections
from collections.abc import Callable
from typing import Any

import numpy as np

from .harness import Fetch, describe_error, encode_value

Pair = collections.namedtuple("Pair", ["first", "second"])


def _value(spec: Any) -> Any:
    """A literal from a spec: ``{"np": [shape, dtype, seed]}`` is a numpy array, else as is."""
    if isinstance(spec, dict) and "np" in spec:
        shape, dtype, seed = spec["np"]
        rng = np.random.RandomState(seed)
        if dtype == "bool":
            return rng.randint(0, 2, size=shape).astype(bool)
        return rng.randint(-3, 4, size=shape).astype(dtype)
    return spec


def _initial(tf: Any, init: dict[str, Any], made: list[Any]) -> Any:
    kind, value = init["kind"], _value(init.get("value"))
    if kind == "tensor":
        return tf.constant(value, dtype=getattr(tf, init["dtype"]) if init.get("dtype") else None)
    if kind == "callable":
        return lambda: tf.constant(value) * 2
    if kind == "other":
        return made[-1].initialized_value() if made else tf.zeros([2])
    if kind == "other_plain":
        return made[-1] if made else tf.zeros([2])
    return value  # a Python list or scalar, a numpy array


def _names(items: Any) -> list[str]:
    return [x.name for x in items]


def _describe_var(v: Any) -> list[Any]:
    return [v.name, v.op.name, v.op.type, v.dtype.name, str(v.shape), v.initializer.name,
            v.initial_value.name, v.value().name, v.trainable]


_VAR_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "add": lambda tf, v: v + 1,
    "radd": lambda tf, v: 2 - v,
    "neg": lambda tf, v: -v,
    "index": lambda tf, v: v[0],
    "matmul": lambda tf, v: v @ tf.ones_like(v),
    "read_value": lambda tf, v: v.read_value(),
    "value": lambda tf, v: v.value(),
    "identity": lambda tf, v: tf.identity(v),
    "mul_var": lambda tf, v: v * v,
    "pow": lambda tf, v: v ** 2,
    "cast": lambda tf, v: tf.cast(v, tf.float64),
    "reduce": lambda tf, v: tf.reduce_sum(v),
}


def variable(tf: Any, xs: list[Any], vars: list[dict[str, Any]], ops: list[str] = (),
             scope: str | None = None) -> Fetch:
    """Variables of every kind of initial value, named, in a scope, in collections."""
    made: list[Any] = []
    probe: list[Any] = []
    for spec in vars:
        kw = {k: spec[k] for k in ("name", "trainable", "validate_shape") if k in spec}
        if "dtype" in spec:
            kw["dtype"] = getattr(tf, spec["dtype"])
        if "collections" in spec:
            kw["collections"] = [getattr(tf.GraphKeys, c, c) for c in spec["collections"]]
        if scope is not None:
            with tf.name_scope(scope):
                v = tf.Variable(_initial(tf, spec["init"], made), **kw)
        else:
            v = tf.Variable(_initial(tf, spec["init"], made), **kw)
        made.append(v)
        probe.append(_describe_var(v))
    outs = [_VAR_OPS[name](tf, made[i % len(made)]) for i, name in enumerate(ops)]
    probe += [[t.name, str(t.shape), t.dtype.name] for t in outs]
    probe.append([_names(tf.global_variables()), _names(tf.trainable_variables()),
                  _names(tf.local_variables()), _names(tf.get_collection("custom"))])
    init = tf.variables_initializer(made)  # those in no collection too
    return Fetch(made + outs, before=[init], probe=probe)


def _assigner(tf: Any, v: Any, fn: str, form: str, value: Any, kw: dict[str, Any]) -> Any:
    if form == "method":
        return getattr(v, fn)(value, **kw)
    return getattr(tf, fn)(v, value, **kw)


def assign(tf: Any, xs: list[Any], init: Any, fn: str, form: str, value: Any,
           value_dtype: str | None = None, kw: dict[str, Any] | None = None,
           var_kw: dict[str, Any] | None = None, steps: int = 1, fed: bool = False) -> Fetch:
    """assign / assign_add / assign_sub as methods and functions, of fitting and unfitting
    values (a placeholder of unknown shape moves a shape mismatch to run time)."""
    v = tf.Variable(_value(init), **(var_kw or {}))
    feed: dict[Any, Any] = {}
    new = _value(value)
    if fed:
        ph = tf.placeholder(getattr(tf, value_dtype or "float32"))
        feed[ph] = np.asarray(new, dtype=value_dtype or "float32")
        new = ph
    elif value_dtype is not None:
        new = tf.constant(new, dtype=getattr(tf, value_dtype))
    out = _assigner(tf, v, fn, form, new, dict(kw or {}))
    probe = [out.name, hasattr(out, "dtype"), str(getattr(out, "shape", None)),
             getattr(out, "dtype", tf.float32).name if hasattr(out, "dtype") else None]
    return Fetch([v], feed=feed, before=[v.initializer] + [out] * steps, probe=probe)


def uninit(tf: Any, xs: list[Any], n: int, subset: list[int], init_fn: str,
           fetches: list[list[Any]], empty: bool = False) -> Fetch:
    """Some variables initialized, some not: what the checks report and what reads fail
    (``empty``: the first has no elements)."""
    vs = [tf.Variable(np.zeros([0, 3], np.float32) if empty and i == 0 else
                      np.arange(i + 2, dtype=np.float32), name=f"v{i}") for i in range(n)]
    chosen = [vs[i] for i in subset]
    before: list[Any] = []
    if init_fn == "variables_initializer":
        before.append(tf.variables_initializer(chosen))
    elif init_fn == "initialize_variables":
        before.append(tf.initialize_variables(chosen))
    elif init_fn == "initializers":
        before += [v.initializer for v in chosen]
    out: list[Any] = []
    for kind, i in fetches:
        v = vs[i % n]
        if kind == "report":
            out.append(tf.report_uninitialized_variables())
        elif kind == "report_list":
            out.append(tf.report_uninitialized_variables(vs[: i % n + 1]))
        elif kind == "is_init":
            out.append(tf.is_variable_initialized(v))
        elif kind == "read":
            out.append(v.read_value())
        elif kind == "expr":
            out.append(v * 2)
        elif kind == "var":
            out.append(v)
        elif kind == "assign_add":
            out.append(v.assign_add(tf.ones_like(v)))
    return Fetch(out, before=before, probe=[[t.name for t in out]])


def _dep(tf: Any, kind: str, made: dict[str, Any]) -> Any:
    if kind == "no_op":
        return tf.no_op(name=made.setdefault("_n", "dep"))
    if kind == "group":
        return tf.group(made["a"], made["b"])
    if kind == "assign":
        return made["v"].assign_add(1.0)
    if kind == "var":
        return made["v"]
    if kind == "identity":
        return tf.identity(made["a"])
    if kind == "float":
        return 1.5
    if kind == "name":
        return "a"
    if kind == "other_graph":
        with tf.Graph().as_default():
            return tf.constant(1.0, name="elsewhere")
    return made[kind]  # "a", "b": tensors


def control(tf: Any, xs: list[Any], levels: list[list[str]], body: list[str],
            fetch_v: bool = True) -> Fetch:
    """Nested control_dependencies (``None`` clears them) around a body of new ops."""
    made: dict[str, Any] = {"a": tf.constant(1.0, name="a"), "b": tf.constant(2.0, name="b")}
    made["v"] = tf.Variable(0.0, name="v")
    made["c"] = made["a"] + made["b"]
    probe: list[Any] = []
    outs: list[Any] = []
    stack = []
    try:
        for level in levels:
            deps = None if level == ["none"] else [_dep(tf, k, made) for k in level]
            cm = tf.control_dependencies(deps)
            cm.__enter__()
            stack.append(cm)
    except Exception as e:  # a dependency that is no tensor or operation
        for cm in reversed(stack):
            cm.__exit__(None, None, None)
        return Fetch(None, probe=[_error("build", e)])
    for kind in body:
        if kind == "add":
            t = made["a"] + 3.0
        elif kind == "identity":
            t = tf.identity(made["c"])
        elif kind == "stop_gradient":
            t = tf.stop_gradient(made["c"])
        elif kind == "read":
            t = made["v"].read_value()
        elif kind == "no_op":
            t = tf.no_op()
        elif kind == "group":
            t = tf.group(made["a"], made["c"], name="grp")
        elif kind == "empty_group":
            t = tf.group()
        elif kind == "variable":
            t = tf.Variable(1.0, name="inner").initializer
        elif kind == "assign":
            t = made["v"].assign(5.0)
        else:  # "const"
            t = tf.constant(4.0)
        outs.append(t)
        op = getattr(t, "op", t)
        probe.append([op.name, op.type, _names(op.control_inputs)])
    for cm in reversed(stack):
        cm.__exit__(None, None, None)
    if fetch_v:
        outs.append(made["v"])
    return Fetch(outs, before=[made["v"].initializer], probe=probe)


_CHAIN: dict[str, Callable[[Any, Any], Any]] = {
    "square": lambda tf, x: tf.square(x), "sin": lambda tf, x: tf.sin(x),
    "exp": lambda tf, x: tf.exp(x * 0.1), "tanh": lambda tf, x: tf.tanh(x),
    "sigmoid": lambda tf, x: tf.sigmoid(x), "mul": lambda tf, x: x * x,
    "add": lambda tf, x: x + x, "relu": lambda tf, x: tf.nn.relu(x),
    "sum": lambda tf, x: tf.reduce_sum(x), "mean": lambda tf, x: tf.reduce_mean(x),
    "identity": lambda tf, x: tf.identity(x), "stop": lambda tf, x: tf.stop_gradient(x),
    "cube": lambda tf, x: x * x * x, "softplus": lambda tf, x: tf.nn.softplus(x),
}


def gradients(tf: Any, xs: list[Any], chain: list[str], ys: list[int], wrt: list[str],
              kw: dict[str, Any], grad_ys: str | None = None, second: bool = False,
              single: bool = False, repeat: int = 1) -> Fetch:
    """tf.gradients of a chain of ops: lists of ys, grad_ys, unconnected xs, stop_gradients,
    second order, through a Variable, called more than once (gradients_1/...)."""
    x = xs[0]
    v = tf.Variable(np.linspace(-1, 1, 3).astype(np.float32), name="v")
    steps = [x]
    for name in chain:
        steps.append(_CHAIN[name](tf, steps[-1]))
    y_list = [steps[i % len(steps)] for i in ys]
    pool = {"x": x, "v": v, "read": v, "mid": steps[len(steps) // 2],
            "other": tf.constant(1.0, name="other"), "last": steps[-1],
            "int": tf.constant(2, name="int"), "op": steps[-1].op, "value": v.value(),
            "cast": tf.cast(x, tf.int32), "float64": tf.cast(x, tf.float64)}
    if "cast" in wrt or "float64" in wrt:  # ys that pass through the casts
        y_list.append(tf.reduce_sum(tf.cast(pool["cast"], tf.float32))
                      + tf.cast(tf.reduce_sum(pool["float64"]), tf.float32))
    if "read" in wrt:
        y_list.append(tf.reduce_sum(v.read_value() * 2.0))
    elif "v" in wrt:
        y_list.append(tf.reduce_sum(v * v))
    targets = [pool[k] for k in wrt]
    kw = dict(kw)
    if "stop_gradients" in kw:
        kw["stop_gradients"] = [pool[k] for k in kw["stop_gradients"]]
    if "aggregation_method" in kw:
        kw["aggregation_method"] = getattr(tf.AggregationMethod, kw["aggregation_method"])
    if grad_ys == "ones":
        kw["grad_ys"] = [tf.ones_like(y) for y in y_list]
    elif grad_ys == "literal":
        kw["grad_ys"] = [2.0 if y.shape.ndims == 0 else None for y in y_list]
    elif grad_ys == "wrong_shape":
        kw["grad_ys"] = [tf.ones([7]) for _ in y_list]
    elif grad_ys == "int":
        kw["grad_ys"] = [tf.ones_like(y, dtype=tf.int32) for y in y_list]
    elif grad_ys == "short":
        kw["grad_ys"] = [tf.ones_like(y) for y in y_list[1:]]
    elif grad_ys == "flat":  # as many elements as y, in another shape
        kw["grad_ys"] = [tf.reshape(tf.ones_like(y), [-1]) for y in y_list]
    elif grad_ys == "float64":
        kw["grad_ys"] = [tf.ones_like(y, dtype=tf.float64) for y in y_list]
    probe: list[Any] = []
    outs: list[Any] = []
    for _ in range(repeat):
        grads = tf.gradients(y_list[0] if single and len(y_list) == 1 else y_list,
                             targets[0] if single and len(targets) == 1 else targets, **kw)
        probe.append([None if g is None else [g.name, str(g.shape), g.dtype.name]
                      for g in grads])
        outs += [g for g in grads if g is not None]
    if second and outs:
        again = tf.gradients([tf.reduce_sum(outs[0])], [x])
        probe.append([g is None for g in again])
        outs += [g for g in again if g is not None]
    return Fetch(outs, before=[v.initializer], probe=probe)


def _error(stage: str, error: BaseException) -> list[str]:
    """An exception as TF names it: the first of its classes TF or Python defines (the
    engine's own subclasses, such as a ShapeError that is a ValueError, count as those)."""
    seen = describe_error(stage, error)
    names = [seen["class"], *seen["bases"]]
    tf_name = next((n for n in names if n in _TF_ERRORS or hasattr(builtins, n)),
                   seen["class"])
    return [stage, tf_name, seen["message"]]


_TF_ERRORS = {"InvalidArgumentError", "FailedPreconditionError", "OutOfRangeError",
              "NotFoundError", "UnimplementedError", "InternalError", "ResourceExhaustedError",
              "CancelledError", "OperatorNotAllowedInGraphError"}


def _encode(value: Any) -> Any:
    """A session's result, its structure and leaf types kept."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {type(value).__name__: [_encode(x) for x in value]}
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [_encode(x) for x in value]}
    if isinstance(value, dict):
        return {"dict": [[str(k), _encode(value[k])] for k in sorted(value, key=str)]}
    if value is None:
        return None
    # a 0-d array and a numpy scalar alike: TF hands a fetched fed tensor back as the fed
    # array (0-d), the engine as a scalar, a difference no program's arithmetic sees
    kind = type(value).__name__
    if isinstance(value, (np.ndarray, np.generic)) and np.ndim(value) == 0:
        kind = "scalar"
    return [kind, encode_value(value)]


def _leaf(tf: Any, kind: str, made: dict[str, Any]) -> Any:
    g = tf.get_default_graph()
    return {"t": made["add"], "t2": made["mul"], "op": made["add"].op, "name": "add:0",
            "opname": "add", "v": made["v"], "noop": made["noop"], "split1": made["s"][1],
            "bad_name": "nope:0", "bad_op": "nope", "int": 3,
            "graph_op": g.get_operation_by_name("mul"), "ph": made["ph"], "none": None,
            "float": 1.5, "add1": "add:1", "vname": "v:0", "vop": "v", "ph_name": "ph:0",
            "other_graph": made["other"], "s_name": "s:1", "assign": made["assign"]}[kind]


def _structure(tf: Any, tree: Any, made: dict[str, Any]) -> Any:
    if isinstance(tree, str):
        return _leaf(tf, tree, made)
    kind, items = tree
    parts = [_structure(tf, x, made) for x in items]
    if kind == "list":
        return parts
    if kind == "tuple":
        return tuple(parts)
    if kind == "pair":
        return Pair(*(parts + [made["add"]] * 2)[:2])
    return {f"k{i}": p for i, p in enumerate(parts)}


def _run(sess: Any, fetches: Any, feed: Any) -> Any:
    try:
        return _encode(sess.run(fetches, feed_dict=feed))
    except Exception as e:
        return _error("run", e)


def fetch(tf: Any, xs: list[Any], trees: list[Any], feed_ph: bool = True) -> Fetch:
    """Session.run of nested structures: lists, tuples, dicts, namedtuples, operations (None),
    names of tensors and operations, the same tensor twice."""
    ph = tf.placeholder(tf.float32, shape=[2], name="ph")
    made: dict[str, Any] = {"ph": ph}
    made["add"] = tf.add(tf.constant([1.0, 2.0]), 3.0, name="add")
    made["mul"] = tf.multiply(made["add"], ph if feed_ph else 2.0, name="mul")
    made["v"] = tf.Variable([5, 6], name="v")
    made["noop"] = tf.no_op(name="noop")
    made["s"] = tf.split(made["add"], 2, name="s")
    made["assign"] = made["v"].assign_add([1, 1])
    with tf.Graph().as_default():
        made["other"] = tf.constant(1.0, name="add")
    feed = {ph: np.array([1.0, -1.0], np.float32)} if feed_ph else None
    probe: list[Any] = []
    with tf.Session() as sess:
        sess.run(made["v"].initializer)
        for tree in trees:
            try:
                structure = _structure(tf, tree, made)
            except Exception as e:
                probe.append(_error("build", e))
                continue
            probe.append(_run(sess, structure, feed))
    return Fetch(None, probe=probe)


_FEED_VALUES: dict[str, Callable[[list[int], str], Any]] = {
    "numpy": lambda s, d: np.ones(s, dtype=d),
    "list": lambda s, d: np.ones(s, dtype=d).tolist(),
    "scalar": lambda s, d: 2,
    "float_scalar": lambda s, d: 2.5,
    "wrong_shape": lambda s, d: np.ones([x + 1 for x in s] or [2], dtype=d),
    "extra_dim": lambda s, d: np.ones([1] + s, dtype=d),
    "float64": lambda s, d: np.full(s, 1.5, np.float64),
    "int64": lambda s, d: np.full(s, 3, np.int64),
    "bool": lambda s, d: np.ones(s, bool),
    "string": lambda s, d: np.full(s, "a"),
    "ragged": lambda s, d: [[1, 2], [3]],
    "big_int": lambda s, d: np.full(s, 2 ** 40, np.int64),
}


def feed(tf: Any, xs: list[Any], shape: list[Any] | None, dtype: str, key: str, value: str,
         vshape: list[int], target: str = "y", default: bool = False) -> Fetch:
    """feed_dict keys and values of every form, and the errors of unfitting ones."""
    dt = getattr(tf, dtype)
    if default:
        ph = tf.placeholder_with_default(tf.zeros(vshape, dt), shape=shape, name="x")
    else:
        ph = tf.placeholder(dt, shape=shape, name="x")
    y = tf.identity(ph * 2 if dtype != "bool" else ph, name="y")
    z = tf.identity(y, name="z")
    var = tf.Variable(tf.zeros(vshape, dt), name="var")
    keys = {"ph": ph, "name": "x:0", "opname": "x", "y": y, "yname": "y:0", "none": None,
            "var": var, "var_read": var.value(), "int": 3}
    probe: list[Any] = [[ph.name, str(ph.shape), ph.dtype.name]]
    with tf.Session() as sess:
        fd = None if key == "none" else {keys[key]: _FEED_VALUES[value](vshape, dtype)}
        out = {"y": y, "z": z}.get(target)
        if target == "plus3":  # a fed value that does not broadcast fails when run
            out = tf.add(ph, tf.ones([3], dt), name="plus3")
        if key in ("var", "var_read"):
            out = var.value() + 0 if dtype != "bool" else var.value()
        probe.append(_run(sess, {"y": out}, fd))
    return Fetch(None, probe=probe)


def names(tf: Any, xs: list[Any], steps: list[list[Any]]) -> Fetch:
    """name_scope (nested, absolute with '/', reused), op names made unique, unique_name,
    lookups by name and their errors."""
    g = tf.get_default_graph()
    probe: list[Any] = []
    stack: list[Any] = []
    for step in steps:
        kind, arg = step
        try:
            if kind == "open":
                cm = tf.name_scope(arg)
                probe.append(["scope", cm.__enter__()])
                stack.append(cm)
            elif kind == "close" and stack:
                stack.pop().__exit__(None, None, None)
            elif kind == "const":
                probe.append(["const", tf.constant(1.0, name=arg).name])
            elif kind == "split":
                probe.append(["split", _names(tf.split(tf.zeros([4]), 2, name=arg))])
            elif kind == "unique":
                probe.append(["unique", g.unique_name(arg[0], mark_as_used=arg[1])])
            elif kind == "op":
                probe.append(["op", g.get_operation_by_name(arg).name])
            elif kind == "tensor":
                probe.append(["tensor", g.get_tensor_by_name(arg).name])
            elif kind == "as_graph":
                probe.append(["as_graph", g.as_graph_element(arg).name])
            elif kind == "variable":
                probe.append(["variable", tf.Variable(1.0, name=arg).name])
            elif kind == "get_scope":
                probe.append(["get_scope", g.get_name_scope()])
        except Exception as e:
            probe.append(_error(kind, e))
    for cm in reversed(stack):
        cm.__exit__(None, None, None)
    return Fetch(None, probe=probe)


STATE_PROGRAMS: dict[str, Callable[..., Any]] = {
    "state_variable": variable,
    "state_assign": assign,
    "state_uninit": uninit,
    "state_control": control,
    "state_gradients": gradients,
    "state_fetch": fetch,
    "state_feed": feed,
    "state_names": names,
}
