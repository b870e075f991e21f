"""``python main.py convert IN OUT``: formats by extension, exit statuses, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest

import engine
from engine import cli

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT / "tests" / "data" / "graphdef"
SEED = str(REPO_ROOT / "resources" / "examples" / "seed.json")


def convert(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.convert_main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_to_pbtxt_and_back_keeps_the_graph(capsys, tmp_path: Path) -> None:
    status, _, err = convert(capsys, SEED, str(tmp_path / "seed.pbtxt"))
    assert (status, err) == (0, "")
    status, _, _ = convert(capsys, str(tmp_path / "seed.pbtxt"), str(tmp_path / "back.json"))
    graph, _ = engine.load_graph(tmp_path / "back.json")
    assert engine.Session(graph=graph).run("mul:0") == 77


def test_pb_to_onnx_with_a_fetch(capsys, tmp_path: Path) -> None:
    status, _, err = convert(capsys, str(DATA / "small_cnn.pb"), str(tmp_path / "m.onnx"),
                             "--fetch", "output")
    assert (status, err) == (0, "")
    model = onnx.load(str(tmp_path / "m.onnx"))
    assert [o.name for o in model.graph.output] == ["output:0"]


def test_python_export_of_a_graphdef(capsys, tmp_path: Path) -> None:
    status, _, _ = convert(capsys, str(DATA / "scopes.pbtxt"), str(tmp_path / "s.py"),
                           "--flavor", "engine")
    assert status == 0
    assert "engine.matmul(x, layer1_weights, name='layer1/MatMul')" in (
        tmp_path / "s.py").read_text()


def test_unreadable_input_is_exit_2_with_one_error_line(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_bytes(b"\xff\xff\xff")
    status, _, err = convert(capsys, str(bad), str(tmp_path / "out.json"))
    assert status == 2
    assert err.startswith(f"error: {bad}: not a binary GraphDef: Error parsing message")
    assert err.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_missing_input_names_the_file(capsys, tmp_path: Path) -> None:
    status, _, err = convert(capsys, str(tmp_path / "nope.pbtxt"), str(tmp_path / "o.json"))
    assert (status, err) == (2, f"error: {tmp_path / 'nope.pbtxt'}: cannot read the file: No "
                                "such file or directory\n")


def test_unknown_output_extension_is_a_usage_error(capsys, tmp_path: Path) -> None:
    status, _, err = convert(capsys, SEED, str(tmp_path / "g.txt"))
    assert status == 2
    assert err.startswith(f"error: {tmp_path / 'g.txt'}: cannot write a .txt file (formats: ")


def test_onnx_op_without_mapping_is_an_error_naming_it(capsys, tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.random_normal([2], name="noise")
    engine.save_graph(tmp_path / "r.json", g)
    status, _, err = convert(capsys, str(tmp_path / "r.json"), str(tmp_path / "r.onnx"))
    assert status == 1
    assert err.count("\n") == 1
    assert "op 'noise/RandomStandardNormal' (RandomStandardNormal) cannot be exported" in err
    assert not (tmp_path / "r.onnx").exists()


def test_opaque_node_on_import_is_a_one_line_warning(capsys, tmp_path: Path) -> None:
    status, _, err = convert(capsys, str(DATA / "unknown_op.pbtxt"), str(tmp_path / "u.pbtxt"))
    assert status == 0
    assert err == (f"warning: {DATA / 'unknown_op.pbtxt'}: 1 node(s) of op types TensorCanvas "
                   "has not, kept as opaque nodes (written back unchanged, cannot run): "
                   "running_total (CumulativeLogsumexp)\n")


def test_run_reads_a_graphdef(capsys) -> None:
    status = cli.main([str(DATA / "seed.pbtxt")])
    out, _ = capsys.readouterr()
    assert (status, out) == (0, "mul:0  int32  shape=[]  = 77\n")


def test_main_py_routes_convert(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(REPO_ROOT / "main.py"), "convert", SEED,
                             str(tmp_path / "s.pb")], capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stderr) == (0, "")
    graph = engine.read_graphdef(tmp_path / "s.pb")[0]
    np.testing.assert_array_equal(engine.Session(graph=graph).run("mul:0"), 77)


def test_run_before_an_onnx_export_writes_the_values_it_leaves(capsys, tmp_path: Path) -> None:
    args = [str(DATA / "train_logistic_momentum.pb"), str(tmp_path / "m.onnx"),
            "--fetch", "loss"]
    status, _, err = convert(capsys, *args, "--run", "init", "--run", "Momentum")
    assert (status, err) == (0, "")
    graph, _ = engine.read_graphdef(DATA / "train_logistic_momentum.pb")
    with engine.Session(graph=graph) as sess:
        sess.run("init")
        sess.run("Momentum")
        want = sess.run("w:0")
    model = onnx.load(str(tmp_path / "m.onnx"))
    got = next(i for i in model.graph.initializer if i.name == "w:0")
    np.testing.assert_array_equal(onnx.numpy_helper.to_array(got), want)


def test_onnx_export_of_variables_without_run_says_what_to_pass(capsys, tmp_path: Path) -> None:
    status, _, err = convert(capsys, str(DATA / "train_logistic_momentum.pb"),
                             str(tmp_path / "m.onnx"), "--fetch", "loss")
    assert status == 1
    assert "'w' (VariableV2)" in err and "(here: --run its initializer first, such as " \
        "--run init)" in err
