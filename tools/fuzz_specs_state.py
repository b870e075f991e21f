"""Random specs for ``tools/fuzz_tf.py`` about what a TF1 program does around the ops:
variables and their assignments, uninitialized reads, control dependencies, ``tf.gradients``'
arguments, ``Session.run``'s fetches and feeds, name scopes and lookups. What each spec means
is ``tests/engine/tf_cases/fuzzed_state_programs.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

Spec = dict[str, Any]
Rng = np.random.RandomState
DTYPES = ["float32", "float32", "float64", "int32", "int64", "float16", "bool"]


def _pick(rng: Rng, items: list[Any]) -> Any:
    return items[rng.randint(len(items))]


def _some(rng: Rng, items: list[Any], most: int) -> list[Any]:
    return [_pick(rng, items) for _ in range(rng.randint(0, most + 1))]


def _shape(rng: Rng, hi: int = 2) -> list[int]:
    return [int(_pick(rng, [0, 1, 2, 3, 3])) for _ in range(rng.randint(0, hi + 1))]


def _literal(rng: Rng, shape: list[int], dtype: str) -> Any:
    """A Python list or scalar, or a numpy array spec."""
    if rng.rand() < 0.5:
        return {"np": [shape, dtype, int(rng.randint(1 << 20))]}
    value = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    if dtype.startswith("int"):
        return value.astype(int).tolist()
    if dtype == "bool":
        return (value > 0).tolist()
    return (value + 0.5).tolist()


def _init(rng: Rng) -> Spec:
    # not another Variable or its initialized_value(): TF guards such an initial value with
    # a tf.cond (IsVariableInitialized, Switch, Merge), control flow the engine lacks
    kind = _pick(rng, ["list", "numpy", "tensor", "tensor", "callable"])
    shape = _shape(rng)
    dtype = _pick(rng, DTYPES)
    value = _literal(rng, shape, dtype)
    if kind == "numpy":
        value = {"np": [shape, dtype, int(rng.randint(1 << 20))]}
    spec: Spec = {"kind": kind, "value": value}
    if kind == "tensor" and rng.rand() < 0.15:
        spec["dtype"] = _pick(rng, DTYPES)
    return spec


def variable(rng: Rng) -> Spec:
    vars_ = []
    for _ in range(rng.randint(1, 4)):
        v: Spec = {"init": _init(rng)}
        if rng.rand() < 0.6:
            v["name"] = _pick(rng, ["v", "v", "w", "a/b", "v_1", "V", "x/"])
        if rng.rand() < 0.2:
            v["dtype"] = _pick(rng, DTYPES)
        if rng.rand() < 0.3:
            v["trainable"] = bool(rng.rand() < 0.5)
        if rng.rand() < 0.2:
            v["validate_shape"] = False
        if rng.rand() < 0.25:
            v["collections"] = _pick(rng, [[], ["LOCAL_VARIABLES"], ["custom"],
                                           ["GLOBAL_VARIABLES", "custom"],
                                           ["TRAINABLE_VARIABLES"]])
        vars_.append(v)
    spec: Spec = {"fn": "state_variable", "kw": {"vars": vars_, "ops": _some(rng, [
        "add", "radd", "neg", "index", "matmul", "read_value", "value", "identity",
        "mul_var", "pow", "cast", "reduce"], 3)}}
    if rng.rand() < 0.3:
        spec["kw"]["scope"] = _pick(rng, ["s", "s/", "outer/inner", "s"])
    return spec


def assign(rng: Rng) -> Spec:
    shape = _shape(rng)
    dtype = _pick(rng, ["float32", "float32", "float64", "int32", "int64"])
    fn = _pick(rng, ["assign", "assign_add", "assign_sub"])
    form = _pick(rng, ["method", "function"])
    r = rng.rand()
    vshape = shape if r < 0.6 else _shape(rng)
    vdtype = None if rng.rand() < 0.5 else _pick(rng, [dtype, dtype, "float32", "float64",
                                                      "int32", "int64"])
    value: Any = _literal(rng, vshape, vdtype or dtype)
    if rng.rand() < 0.1:
        value = _pick(rng, [1, 2.5, True])
    kw: Spec = {}
    if form == "method" and rng.rand() < 0.4:
        kw["read_value"] = bool(rng.rand() < 0.5)
    if fn == "assign" and rng.rand() < 0.3:
        kw["validate_shape"] = bool(rng.rand() < 0.5)
    if rng.rand() < 0.2:
        kw["use_locking"] = bool(rng.rand() < 0.5)
    if rng.rand() < 0.2:
        kw["name"] = _pick(rng, ["upd", "a/b"])
    var_kw: Spec = {}
    if rng.rand() < 0.15:
        var_kw["validate_shape"] = False
    if rng.rand() < 0.2:
        var_kw["name"] = "w"
    fed = bool(rng.rand() < 0.2)
    if var_kw.get("validate_shape") is False and fn != "assign":
        # TF's graph optimizer drops an update by a constant zero or of no elements (it never
        # runs, so never fails), the engine runs it: fed, both run it
        fed = True
    return {"fn": "state_assign", "kw": {
        "init": _literal(rng, shape, dtype), "fn": fn, "form": form, "value": value,
        "value_dtype": vdtype, "kw": kw, "var_kw": var_kw,
        "steps": int(rng.randint(0, 3)), "fed": fed}}


def uninit(rng: Rng) -> Spec:
    n = int(rng.randint(1, 4))
    subset = sorted({int(rng.randint(n)) for _ in range(rng.randint(0, n + 1))})
    kinds = ["report", "report_list", "is_init", "read", "expr", "var", "assign_add"]
    fetches = [[_pick(rng, kinds), int(rng.randint(n))] for _ in range(rng.randint(1, 4))]
    init_fn = _pick(rng, ["variables_initializer", "initialize_variables", "initializers",
                          "none"])
    missing = set(range(n)) - (set(subset) if init_fn != "none" else set())
    return {"fn": "state_uninit", "kw": {
        "n": n, "subset": subset, "fetches": _deterministic(fetches, missing),
        "init_fn": init_fn, "empty": bool(rng.rand() < 0.15)}}


def _deterministic(fetches: list[list[Any]], missing: set[int]) -> list[list[Any]]:
    """The fetches whose outcome TF fixes: its executor runs independent nodes on a thread
    pool, so which of two failing uses (of two uninitialized variables, or two updates of
    one) it reports, and whether a read sees an update made in the same run, vary from run
    to run. A variable's readers, waiting on nothing else, fail before its update does."""
    uses = ("read", "expr", "var", "assign_add")
    failing = [i for k, i in fetches if k in uses and i in missing]
    added = {i for k, i in fetches if k == "assign_add"}
    out: list[list[Any]] = []
    updates = 0
    for kind, i in fetches:
        if kind in uses and i in missing and i != failing[0]:
            continue  # a second uninitialized variable
        if kind == "assign_add":
            updates += 1
            if updates > 1:
                continue
        if kind in ("read", "expr", "var") and i in added and i not in missing:
            continue  # a read racing an update of an initialized variable
        out.append([kind, i])
    if any(k == "assign_add" and i in missing for k, i in out) and not any(
            k in ("read", "expr") and i in missing for k, i in out):
        out = [[k, i] for k, i in out if not (k == "var" and i in missing)]
    return out or [["report", 0]]


def control(rng: Rng) -> Spec:
    deps = ["a", "b", "c", "no_op", "group", "assign", "var", "identity", "a", "b", "c",
            "no_op", "float", "name", "other_graph"]
    levels = [["none"] if rng.rand() < 0.2 else _some(rng, deps, 2)
              for _ in range(rng.randint(0, 4))]
    body = [_pick(rng, ["add", "identity", "stop_gradient", "read", "no_op", "group", "const",
                        "empty_group", "variable", "assign"])
            for _ in range(rng.randint(1, 4))]
    return {"fn": "state_control", "kw": {"levels": levels, "body": body,
                                          "fetch_v": bool(rng.rand() < 0.7)}}


def gradients(rng: Rng) -> Spec:
    shape = _shape(rng)
    inp: Spec = {"shape": shape, "dtype": _pick(rng, ["float32", "float32", "float64"]),
                 "seed": int(rng.randint(1 << 20))}
    if rng.rand() < 0.3:
        inp["feed"] = [None] * len(shape) if rng.rand() < 0.7 else "rank"
    chain = _some(rng, ["square", "sin", "exp", "tanh", "sigmoid", "mul", "add", "relu",
                        "sum", "mean", "identity", "stop", "cube", "softplus"], 4)
    ys = sorted({int(rng.randint(1, len(chain) + 1)) for _ in range(rng.randint(1, 3))}) \
        if chain else [0]
    wrt = ["x"] + _some(rng, ["other", "mid", "v", "read", "x", "last", "int", "op", "value",
                              "cast", "float64"], 2)
    kw: Spec = {}
    if rng.rand() < 0.3:
        kw["unconnected_gradients"] = _pick(rng, ["zero", "none"])
    if rng.rand() < 0.2:
        kw["stop_gradients"] = _some(rng, ["mid", "x", "last"], 2)
    if rng.rand() < 0.2:
        kw["gate_gradients"] = bool(rng.rand() < 0.5)
    if rng.rand() < 0.2:
        kw["colocate_gradients_with_ops"] = bool(rng.rand() < 0.5)
    if rng.rand() < 0.2:
        kw["aggregation_method"] = _pick(rng, ["ADD_N", "DEFAULT", "EXPERIMENTAL_TREE",
                                               "EXPERIMENTAL_ACCUMULATE_N"])
    if rng.rand() < 0.15:
        kw["name"] = _pick(rng, ["g", "grads/", ""])
    return {"fn": "state_gradients", "inputs": [inp], "kw": {
        "chain": chain, "ys": ys, "wrt": wrt, "kw": kw,
        "grad_ys": _pick(rng, [None, None, None, "ones", "literal", "wrong_shape", "int",
                               "short", "float64", "flat", "flat"]),
        "second": bool(rng.rand() < 0.25), "single": bool(rng.rand() < 0.3),
        "repeat": int(_pick(rng, [1, 1, 2]))}}


_LEAVES = ["t", "t2", "op", "name", "opname", "v", "noop", "split1", "bad_name", "bad_op",
           "int", "graph_op", "ph", "none", "t", "float", "add1", "vname", "vop", "ph_name",
           "other_graph", "s_name", "assign", "t2"]


def _tree(rng: Rng, depth: int, leaves: list[str]) -> Any:
    if depth == 0 or rng.rand() < 0.35:
        return _pick(rng, leaves)
    kind = _pick(rng, ["list", "tuple", "dict", "pair"])
    return [kind, [_tree(rng, depth - 1, leaves) for _ in range(rng.randint(0, 4))]]


def fetch(rng: Rng) -> Spec:
    feed_ph = bool(rng.rand() < 0.8)
    # no update in a run that fails on the missing feed: TF may have run the update by
    # then, the engine leaves the variables as they were when a run fails
    leaves = _LEAVES if feed_ph else [x for x in _LEAVES if x != "assign"]
    return {"fn": "state_fetch", "kw": {"trees": [_tree(rng, 3, leaves) for _ in range(3)],
                                        "feed_ph": feed_ph}}


def feed(rng: Rng) -> Spec:
    vshape = _shape(rng)
    r = rng.rand()
    shape: Any = vshape if r < 0.4 else None if r < 0.6 else [
        None if rng.rand() < 0.5 else d for d in vshape]
    if rng.rand() < 0.1:
        shape = _shape(rng)
    dtype = _pick(rng, ["float32", "float32", "int32", "int64", "float64", "bool", "float16"])
    value = _pick(rng, ["numpy", "numpy", "list", "scalar", "float_scalar", "wrong_shape",
                        "extra_dim", "float64", "int64", "bool", "string", "ragged",
                        "big_int"])
    key = _pick(rng, ["ph", "ph", "name", "opname", "y", "yname", "none", "var", "var_read",
                      "int"])
    return {"fn": "state_feed", "kw": {
        "shape": shape, "dtype": dtype, "key": key, "value": value, "vshape": vshape,
        "target": _pick(rng, ["y", "z", "plus3"]), "default": bool(rng.rand() < 0.2)}}


def names(rng: Rng) -> Spec:
    scope_names = ["a", "a", "b", "a/", "a/b/", "", None, "x y", "A", "a_1"]
    op_names = ["a", "a", "c", "a_1", "A", "a/", "c_1", "split"]
    lookups = ["a", "a:0", "a_1", "a/c", "a/c:0", "c:0", "c:1", "nope", "nope:0", "a:x",
               "split:1", "split:2", "split", "a/split:1", "c:0:0", "", 3, "a:-1", "a/"]
    steps = []
    for _ in range(rng.randint(2, 9)):
        kind = _pick(rng, ["open", "open", "close", "const", "const", "split", "unique",
                           "op", "tensor", "as_graph", "variable", "get_scope"])
        if kind == "open":
            arg: Any = _pick(rng, scope_names)
        elif kind == "get_scope":
            arg = None
        elif kind in ("const", "split", "variable"):
            arg = _pick(rng, op_names)
        elif kind == "unique":
            arg = [_pick(rng, op_names + ["a/c"]), bool(rng.rand() < 0.6)]
        else:
            arg = _pick(rng, lookups)
        steps.append([kind, arg])
    return {"fn": "state_names", "kw": {"steps": steps}}


GENERATORS: dict[str, Callable[[Rng], Spec]] = {
    f"state_{f.__name__}": f for f in (
        variable, assign, uninit, control, gradients, fetch, feed, names)
}
