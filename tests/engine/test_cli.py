"""``python main.py run FILE``: what it prints, its exit status, and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import engine
from engine import cli

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "resources" / "examples"
SEED = str(EXAMPLES / "seed.json")
DATA = REPO_ROOT / "tests" / "data"
PLACEHOLDER = str(EXAMPLES / "placeholder_default.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one_error_line(err: str) -> str:
    """stderr must be exactly one line, ``error: ...``, and no traceback."""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("error: "), err
    assert "Traceback" not in err
    return err.rstrip("\n")


def save(tmp_path: Path, graph: engine.Graph, name: str = "g.json") -> str:
    path = tmp_path / name
    engine.save_graph(path, graph)
    return str(path)


# --- success -----------------------------------------------------------------------------------
def test_the_seed_prints_its_output_with_dtype_shape_and_value(capsys: Any) -> None:
    status, out, err = run(capsys, SEED, "--device", "cpu")
    assert (status, err) == (0, "")
    assert out == "mul:0  int32  shape=[]  = 77\n"


def test_a_matrix_value_is_printed_below_its_header(capsys: Any) -> None:
    status, out, _ = run(capsys, str(EXAMPLES / "broadcasting.json"), "--device", "cpu")
    assert status == 0
    assert out == "mul:0  float32  shape=[2, 3]  =\n[[22. 44. 66.]\n [28. 50. 72.]]\n"


def test_json_output_is_one_document_with_device_and_results(capsys: Any) -> None:
    status, out, _ = run(capsys, SEED, "--device", "cpu", "--json")
    assert status == 0
    assert json.loads(out) == {
        "device": "cpu",
        "results": [{"name": "mul:0", "shape": [], "dtype": "int32", "value": 77}],
    }


def test_fetch_takes_op_names_and_tensor_names_in_order(capsys: Any) -> None:
    status, out, _ = run(capsys, SEED, "--device", "cpu", "--json",
                         "--fetch", "add", "--fetch", "Const_2:0", "--fetch", "mul")
    assert status == 0
    results = json.loads(out)["results"]
    assert [(r["name"], r["value"]) for r in results] == [("add:0", 11), ("Const_2:0", 7),
                                                          ("mul:0", 77)]


def test_every_unconsumed_op_is_fetched_by_default(capsys: Any, tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant(2.0)
        engine.negative(a, name="neg")
        engine.square(a, name="sq")
    status, out, _ = run(capsys, save(tmp_path, g), "--device", "cpu")
    assert status == 0
    assert out.splitlines() == [
        "neg:0  float32  shape=[]  = -2.0",
        "sq:0  float32  shape=[]  = 4.0",
    ]


def test_an_unfed_placeholder_uses_its_default_value(capsys: Any) -> None:
    status, out, _ = run(capsys, PLACEHOLDER, "--device", "cpu", "--json")
    assert status == 0
    assert json.loads(out)["results"][0]["value"] == [[2.0, 4.0, 6.0]]


def test_feed_takes_a_json_value_for_a_placeholder(capsys: Any) -> None:
    status, out, _ = run(capsys, PLACEHOLDER, "--device", "cpu", "--json",
                         "--feed", "Placeholder=[[1, 2, 3], [4, 5, 6]]")
    assert status == 0
    result = json.loads(out)["results"][0]
    assert result["shape"] == [2, 3]
    assert result["value"] == [[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]]


def test_nan_and_inf_can_be_fed_and_are_printed_as_strings_in_json(capsys: Any) -> None:
    status, out, _ = run(capsys, PLACEHOLDER, "--device", "cpu", "--json",
                         "--feed", "Placeholder:0=[[nan, inf, -Infinity]]")
    assert status == 0
    assert json.loads(out)["results"][0]["value"] == [["nan", "inf", "-inf"]]


def test_float32_values_are_printed_as_their_shortest_decimal_in_json(
    capsys: Any, tmp_path: Path
) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.identity(engine.constant([0.1, 1e-3], dtype=engine.float32), name="out")
    status, out, _ = run(capsys, save(tmp_path, g), "--device", "cpu", "--json")
    assert status == 0
    assert json.loads(out)["results"][0]["value"] == [0.1, 0.001]


def test_strings_are_decoded_as_utf8_in_json(capsys: Any, tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.identity(engine.constant([b"caf\xc3\xa9", b"\xff"]), name="out")
    status, out, _ = run(capsys, save(tmp_path, g), "--device", "cpu", "--json")
    assert status == 0
    assert json.loads(out)["results"][0]["value"] == ["café", {"base64": "/w=="}]


def test_help_exits_zero_and_names_the_options(capsys: Any) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "usage: python main.py run" in out
    for option in ("--fetch", "--feed", "--device", "--json"):
        assert option in out


# --- usage and file errors: exit status 2 -----------------------------------------------------
def test_no_file_is_a_usage_error(capsys: Any) -> None:
    status, out, err = run(capsys)
    assert (status, out) == (2, "")
    assert one_error_line(err) == (
        "error: the following arguments are required: FILE (see python main.py run --help)"
    )


def test_an_unknown_option_is_a_usage_error(capsys: Any) -> None:
    status, _, err = run(capsys, SEED, "--bogus")
    assert status == 2
    assert "unrecognized arguments: --bogus" in one_error_line(err)


def test_an_unknown_device_is_a_usage_error(capsys: Any) -> None:
    status, _, err = run(capsys, SEED, "--device", "tpu")
    assert status == 2
    assert "invalid choice: 'tpu'" in one_error_line(err)


def test_a_missing_file_is_one_line_naming_it(capsys: Any, tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    status, out, err = run(capsys, str(path))
    assert (status, out) == (2, "")
    assert one_error_line(err) == f"error: {path}: cannot read the file: No such file or directory"


def test_a_broken_file_names_the_field(capsys: Any, tmp_path: Path) -> None:
    doc = json.loads(Path(SEED).read_text())
    doc["ops"][3]["inputs"][1] = "ad:0"
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(doc))
    status, _, err = run(capsys, str(path))
    assert status == 2
    assert one_error_line(err) == (
        f'error: {path}: ops[3].inputs[1]: no tensor named "ad:0" (no op is named "ad")'
    )


def test_a_file_that_is_not_json_is_one_line_with_line_and_column(
    capsys: Any, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    path.write_text("{\n  oops\n}")
    status, _, err = run(capsys, str(path))
    assert status == 2
    assert one_error_line(err).endswith("(line 2, column 3)")


def test_fetching_an_unknown_op_is_a_usage_error(capsys: Any) -> None:
    status, _, err = run(capsys, SEED, "--fetch", "madd")
    assert status == 2
    assert one_error_line(err) == f'error: --fetch madd: no op named "madd" in {SEED}'


def test_fetching_a_missing_output_index_is_a_usage_error(capsys: Any) -> None:
    status, _, err = run(capsys, SEED, "--fetch", "mul:1")
    assert status == 2
    assert one_error_line(err) == (
        'error: --fetch mul:1: no tensor named "mul:1" (op "mul" has 1 output: mul:0)'
    )


def test_a_feed_without_equals_is_a_usage_error(capsys: Any) -> None:
    status, _, err = run(capsys, PLACEHOLDER, "--feed", "Placeholder")
    assert status == 2
    assert "expected NAME=VALUE" in one_error_line(err)


def test_a_feed_value_that_does_not_parse_says_where(capsys: Any) -> None:
    status, _, err = run(capsys, PLACEHOLDER, "--feed", "Placeholder=[[1, 2, 3]")
    assert status == 2
    assert one_error_line(err) == (
        "error: --feed Placeholder: column 11: the list opened at column 1 is not closed "
        "with ']'"
    )


# --- graph and run errors: exit status 1 ----------------------------------------------------------
def test_an_unfed_placeholder_without_default_says_how_to_feed_it(
    capsys: Any, tmp_path: Path
) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.negative(engine.placeholder(engine.float32, [None, 3], name="x"), name="neg")
    path = save(tmp_path, g)
    status, out, err = run(capsys, path, "--device", "cpu")
    assert (status, out) == (1, "")
    assert one_error_line(err) == (
        f"error: {path}: op 'x': You must feed a value for placeholder tensor 'x' with dtype "
        "float and shape [?,3] (use --feed x=VALUE)"
    )


def test_a_feed_of_the_wrong_shape_is_a_run_error(capsys: Any) -> None:
    status, _, err = run(capsys, PLACEHOLDER, "--feed", "Placeholder=[1, 2]")
    assert status == 1
    assert one_error_line(err) == (
        "error: --feed Placeholder: Cannot feed value of shape (2,) for Tensor Placeholder:0, "
        "which has shape (?, 3)"
    )


def test_a_graph_with_an_invalid_op_is_a_run_error(capsys: Any, tmp_path: Path) -> None:
    g = engine.Graph()
    c = g.add_op("Const", attrs={"value": 1.0})
    g.add_op("AddV2", "add", inputs=[c.outputs[0]])
    path = save(tmp_path, g)
    status, _, err = run(capsys, path, "--device", "cpu")
    assert status == 1
    assert one_error_line(err) == (
        f"error: {path}: cannot run: the fetched outputs depend on 1 invalid op(s): 'add'. "
        "'add': Input 'y' of 'add' (AddV2) is not connected."
    )


def test_a_kernel_failure_names_the_op(capsys: Any, tmp_path: Path) -> None:
    g = engine.Graph()
    a = g.add_op("Placeholder", "a", attrs={"dtype": engine.float32})
    b = g.add_op("Placeholder", "b", attrs={"dtype": engine.float32})
    g.add_op("MatMul", "mm", inputs=[a.outputs[0], b.outputs[0]])
    path = save(tmp_path, g)
    status, _, err = run(capsys, path, "--device", "cpu", "--feed", "a=[[1, 2, 3]]",
                         "--feed", "b=[[1, 2, 3]]")
    assert status == 1
    assert one_error_line(err).startswith(f"error: {path}: op 'mm': Matrix size-incompatible")


def test_an_empty_graph_is_a_run_error(capsys: Any, tmp_path: Path) -> None:
    path = save(tmp_path, engine.Graph())
    status, _, err = run(capsys, path)
    assert status == 1
    assert one_error_line(err) == f"error: {path}: the graph has no ops to run"


@pytest.mark.skipif(engine.devices()[1].usable, reason="this machine has a usable GPU")
def test_asking_for_an_unusable_gpu_says_why(capsys: Any) -> None:
    status, _, err = run(capsys, SEED, "--device", "gpu")
    assert status == 1
    assert one_error_line(err).startswith("error: --device: the GPU is not usable: ")


def test_an_unexpected_exception_is_still_one_line(
    capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: Any) -> Any:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli, "import_graph", boom)
    status, _, err = run(capsys, SEED)
    assert status == 1
    assert one_error_line(err) == "error: internal error: RuntimeError: boom second line"


def test_keyboard_interrupt_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(path: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "import_graph", interrupt)
    with pytest.raises(KeyboardInterrupt):
        cli.main([SEED])


# --- through main.py, in a fresh interpreter ------------------------------------------------------
def test_main_py_run_prints_the_seed_result() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "run", "resources/examples/seed.json"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert "mul:0" in line and "77" in line


def test_main_py_run_errors_are_one_line_with_status_2() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "run", "no/such/file.json"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: no/such/file.json: cannot read the file: No such file or directory\n"
    )


def test_the_run_command_works_with_qt_unavailable() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["PySide6"] = None  # any "import PySide6..." now raises ImportError
        from app.cli_entry import main
        status = main(["run", "resources/examples/seed.json", "--json", "--device", "cpu"])
        assert not any(m.startswith("PySide6.") for m in sys.modules), "Qt was imported"
        sys.exit(status)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["results"][0]["value"] == 77


def test_a_typed_feed_that_would_wrap_is_refused(capsys: Any, tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.identity(engine.placeholder(engine.uint8, [2], name="x"), name="out")
    path = save(tmp_path, g)
    status, out, err = run(capsys, path, "--device", "cpu", "--feed", "x=[300, 1]")
    assert (status, out) == (2, "")  # a value typed wrong: a usage error
    assert one_error_line(err) == (
        "error: --feed x=[300, 1]: x:0 is uint8, and 300 is out of range for uint8 (0 to 255) "
        "(at [0])"
    )


def test_the_command_line_trains_an_example_for_some_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, str(EXAMPLES / "train_linear_regression.json"), "--run",
                         "init", "--fetch", "loss", "--fetch", "GradientDescent", "--steps", "50")
    assert status == 0
    loss_line, op_line = out.splitlines()
    head, _, value = loss_line.rpartition("  = ")
    assert head == "loss:0  float32  shape=[]"
    # TF's loss at the 50th step; float32 products' last bits follow the CPU's BLAS kernels
    recorded = json.loads((DATA / "training.json").read_text())
    tf_loss = recorded["curves"]["linear_regression"]["GradientDescent"]["float32"][49]
    assert float(value) == pytest.approx(tf_loss, rel=1e-5)
    assert op_line == "GradientDescent  (NoOp, no outputs)  ran"


def test_the_command_line_refuses_zero_steps(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, SEED, "--steps", "0")
    assert status == 2
    assert one_error_line(err) == "error: --steps 0: the fetches run at least once"
