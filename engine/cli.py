"""The command line: ``python main.py run FILE [--fetch NAME]... [--feed NAME=VALUE]...``
and ``python main.py convert IN OUT [--fetch NAME]...``.

``run`` loads a graph file (``.json``, or a TensorFlow GraphDef ``.pbtxt``/``.pb``), runs it in
a Session and prints each fetched tensor: by default every op nothing consumes
(``graph.outputs()``) that has an output. ``--run NAME`` runs ops first (an initializer),
``--steps N`` runs the fetches N times in the same session (training steps: the variables
keep their values), printing the last run's values. ``convert`` reads IN and writes OUT,
each format by its extension. Exit status 0 on success; 2 for a usage or file error; 1 for a
graph or run error. Every error is one line ``error: ...`` on stderr, never a traceback. No
Qt is imported here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

import numpy as np

from .client.session import Session, convert_feed
from .framework.errors import (
    DeviceError,
    GraphFileError,
    InvalidArgumentError,
    InvalidGraphError,
    OpError,
)
from .framework.graph import Graph
from .framework.operation import Operation, Tensor
from .io.convert import EXPORT_FORMATS, IMPORT_FORMATS, export_graph, import_graph
from .io.exact_values import lossy_conversion
from .io.graphdef_read import ImportReport
from .io.npy_in import check_file_feed, open_npy
from .io.npy_out import write_npy
from .io.parse import ValueParseError, parse_value
from .io.tensor_codec import json_value

PROG = "python main.py run"

EXIT_OK = 0
EXIT_RUN_ERROR = 1
EXIT_USAGE = 2

EPILOG = """\
examples:
  python main.py run resources/examples/seed.json
  python main.py run resources/examples/placeholder_default.json --feed 'Placeholder=[[1, 2, 3]]'
  python main.py run graph.json --fetch add --fetch mul:0 --device cpu --json
  python main.py run big.json --feed x=@features.npy --device dask --out y=y.npy

exit status: 0 on success, 1 for a graph or run error, 2 for a usage or file error."""


class _UsageError(Exception):
    pass


class _RunError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting (one line per error)."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see {PROG} --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Run a TensorCanvas graph file headless and print the fetched tensors.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="a graph file (.json, .pbtxt or .pb)")
    p.add_argument(
        "--fetch", action="append", default=[], metavar="NAME",
        help="a tensor (mul:0) or an op (mul, meaning mul:0) to print; repeat for more. "
             "Default: every op whose output nothing consumes",
    )
    p.add_argument(
        "--feed", action="append", default=[], metavar="NAME=VALUE",
        help="a value for a placeholder (or any tensor): a number or a nested list, as JSON; "
             "nan, inf and true/false are accepted too. A value the tensor's dtype would "
             "change (1.5 for an int32) is refused. NAME=@path.npy feeds a .npy file "
             "(memory-mapped: with --device dask it is read chunk by chunk). Repeat for more",
    )
    p.add_argument(
        "--run", action="append", default=[], metavar="NAME",
        help="an op to run first, in its own run (a variable initializer such as init); "
             "repeat for more, in order",
    )
    p.add_argument(
        "--steps", type=int, default=1, metavar="N",
        help="run the fetches N times in the same session (training steps), printing the "
             "last run's values (default: 1)",
    )
    p.add_argument(
        "--out", action="append", default=[], metavar="NAME=PATH",
        help="write a tensor to a .npy file instead of printing it (with --device dask, "
             "chunk by chunk: it never has to fit in memory). Repeat for more",
    )
    p.add_argument(
        "--device", choices=("auto", "cpu", "gpu", "dask"), default="auto",
        help="where to run: auto (a usable GPU, else the CPU), cpu, gpu or dask "
             "(default: auto)",
    )
    p.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help="with --device dask: a dask scheduler's address (tcp://host:8786); default: a "
             "local cluster on this machine's cores",
    )
    p.add_argument(
        "--chunks", metavar="N", default="auto",
        help="with --device dask: the chunk size of fed arrays along every dimension "
             "(default: auto, about 128 MiB a chunk)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")
    return p


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", str(text)).strip()


def _resolve(graph: Graph, name: str, what: str, source: str) -> Tensor | Operation:
    """A tensor (``mul:0``), an op's first output (``mul``), or an op without outputs (a
    NoOp such as ``init`` or a train op), which the run only runs."""
    if ":" in name:
        op_name, _, index_text = name.rpartition(":")
        op = graph.get_operation_by_name(op_name) if op_name and op_name in graph else None
        if op is None:
            raise _UsageError(f'{what} {name}: no op named "{op_name}" in {source}')
        if not index_text.isdigit() or int(index_text) >= len(op.outputs):
            n = len(op.outputs)
            raise _UsageError(
                f'{what} {name}: no tensor named "{name}" (op "{op_name}" has {n} output'
                f"{'' if n == 1 else 's'}: {op_name}:0)"
            )
        return op.outputs[int(index_text)]
    if name not in graph:
        raise _UsageError(f'{what} {name}: no op named "{name}" in {source}')
    op = graph.get_operation_by_name(name)
    return op.outputs[0] if op.outputs else op


def _feeds(graph: Graph, specs: Sequence[str], source: str) -> dict[Tensor, Any]:
    feeds: dict[Tensor, Any] = {}
    for spec in specs:
        name, sep, text = spec.partition("=")
        if not sep or not name:
            raise _UsageError(f"--feed {spec}: expected NAME=VALUE, such as 'x=[[1, 2, 3]]'")
        tensor = _resolve(graph, name.strip(), "--feed", source)
        if isinstance(tensor, Operation):
            raise _UsageError(f"--feed {spec}: op {tensor.name} ({tensor.type}) has no output "
                              "to feed")
        if text.startswith("@"):
            feeds[tensor] = _feed_file(tensor, text[1:])
            continue
        try:
            value = parse_value(text)
        except ValueParseError as e:
            raise _UsageError(f"--feed {name}: {e}") from None
        dtype = tensor.dtype
        change = lossy_conversion(value, dtype) if dtype is not None else None
        if change is not None and dtype is not None:  # typed by a person, and no confirm here
            raise _UsageError(f"--feed {spec}: {tensor.name} is {dtype.name}, and "
                              f"{_one_line(change)}")
        try:  # a value typed on the command line must fit exactly: no silent wrap-around
            feeds[tensor] = convert_feed(tensor, value, exact=True)
        except (TypeError, ValueError, OverflowError) as e:
            raise _RunError(f"--feed {name}: {_one_line(str(e))}") from None
    return feeds


def _feed_file(tensor: Tensor, path: str) -> Any:
    """A ``.npy`` file memory-mapped (read only where the run reads it)."""
    try:
        value = open_npy(path)
    except ValueError as e:
        raise _UsageError(f"--feed {tensor.op.name}=@{_one_line(str(e))}") from None
    try:
        check_file_feed(tensor, value, path)
    except ValueError as e:
        raise _RunError(f"--feed {tensor.op.name}=@{_one_line(str(e))}") from None
    return value


def _outs(graph: Graph, specs: Sequence[str], source: str) -> dict[Tensor, str]:
    outs: dict[Tensor, str] = {}
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise _UsageError(f"--out {spec}: expected NAME=PATH, such as 'y=y.npy'")
        tensor = _resolve(graph, name.strip(), "--out", source)
        if isinstance(tensor, Operation):
            raise _UsageError(f"--out {spec}: op {tensor.name} ({tensor.type}) has no output "
                              "to write")
        outs[tensor] = path
    return outs


def _chunks(text: str) -> Any:
    if text == "auto":
        return text
    if not text.isdigit() or int(text) < 1:
        raise _UsageError(f"--chunks {text}: expected a positive number of elements or 'auto'")
    return int(text)


def _run_error(source: str, e: BaseException) -> str:
    if isinstance(e, OpError):
        op = getattr(e, "op", None)
        where = f"op '{op.name}': " if op is not None else ""
        detail = e.detail
        if "You must feed a value for placeholder" in detail and op is not None:
            detail += f" (use --feed {op.name}=VALUE)"
        return f"{source}: {where}{_one_line(detail)}"
    if isinstance(e, InvalidGraphError):
        return f"{source}: {_one_line(str(e))}"
    if isinstance(e, DeviceError):
        return f"--device: {_one_line(str(e))}"
    return f"{source}: {_one_line(str(e))}"


def _value_text(value: np.ndarray) -> str:
    with np.printoptions(threshold=1000, linewidth=100):
        return np.array2string(value, separator=" ") if value.ndim else str(value[()])


def _print_text(results: list[tuple[Tensor | Operation, np.ndarray]], out: TextIO) -> None:
    for tensor, value in results:
        if isinstance(tensor, Operation):
            print(f"{tensor.name}  ({tensor.type}, no outputs)  ran", file=out)
            continue
        dtype = _dtype_name(value)
        shape = "[" + ", ".join(str(d) for d in value.shape) + "]"
        text = _value_text(value)
        header = f"{tensor.name}  {dtype}  shape={shape}"
        if "\n" in text:
            print(f"{header}  =\n{text}", file=out)
        else:
            print(f"{header}  = {text}", file=out)


def _dtype_name(value: np.ndarray) -> str:
    from .framework.dtypes import from_numpy

    return "string" if value.dtype == object else from_numpy(value.dtype).name


def _print_json(device: str, results: list[tuple[Tensor | Operation, np.ndarray]],
                out: TextIO, written: list[dict[str, Any]] | None = None) -> None:
    doc = {
        "device": device,
        "results": [
            {"name": tensor.name, "ran": True} if isinstance(tensor, Operation) else {
                "name": tensor.name,
                "shape": [int(d) for d in value.shape],
                "dtype": _dtype_name(value),
                "value": json_value(value),
            }
            for tensor, value in results
        ],
    }
    if written:
        doc["written"] = written
    print(json.dumps(doc, ensure_ascii=False, allow_nan=False), file=out)


def _import(source: str) -> Graph:
    """Read any importable format; what the import found goes to stderr, one line each."""
    try:
        graph, _editor, report = import_graph(source)
    except GraphFileError as e:
        raise _UsageError(_one_line(str(e))) from None
    _warn(source, report)
    return graph


def _warn(source: str, report: ImportReport) -> None:
    if report.opaque:
        nodes = ", ".join(f"{name} ({op_type})" for name, op_type, _ in report.opaque[:10])
        more = f" and {len(report.opaque) - 10} more" if len(report.opaque) > 10 else ""
        print(f"warning: {source}: {len(report.opaque)} node(s) of op types TensorCanvas has "
              f"not, kept as opaque nodes (written back unchanged, cannot run): {nodes}{more}",
              file=sys.stderr)
    for line in report.warnings:
        print(f"warning: {source}: {_one_line(line)}", file=sys.stderr)


CONVERT_PROG = "python main.py convert"
CONVERT_EPILOG = f"""\
formats by extension: {', '.join(IMPORT_FORMATS)} in; {', '.join(EXPORT_FORMATS)} out.
examples:
  python main.py convert frozen_model.pb model.json
  python main.py convert graph.json graph.pbtxt
  python main.py convert graph.json model.onnx --fetch probabilities
  python main.py convert train.pb model.onnx --fetch logits --run init --run Adam
  python main.py convert graph.json rebuild.py --flavor engine

exit status: 0 on success, 1 for a graph that cannot be written so (an op without an ONNX
mapping), 2 for a usage error or an input that cannot be read."""


def _convert_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=CONVERT_PROG,
        description="Convert a graph between TensorCanvas (.json), TensorFlow GraphDef "
                    "(.pbtxt, .pb), ONNX (.onnx, export only) and Python (.py, export only).",
        epilog=CONVERT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="IN", help="the graph to read")
    p.add_argument("output", metavar="OUT", help="the file to write (replaced atomically)")
    p.add_argument("--fetch", action="append", default=[], metavar="NAME",
                   help="for .onnx: a tensor (mul:0) or an op (all its outputs) the model "
                        "computes; repeat for more. Default: every op nothing consumes")
    p.add_argument("--flavor", choices=("tf", "engine"), default="tf",
                   help="for .py: a script for tf.compat.v1 (default) or for engine")
    p.add_argument("--run", action="append", default=[], metavar="NAME",
                   help="for .onnx: an op to run first, in order, in one session (a variable "
                        "initializer, a training step); the model holds the variables' values "
                        "they leave. Repeat for more")
    return p


def _convert(argv: Sequence[str]) -> int:
    args = _convert_parser().parse_args(list(argv))
    for path, formats, verb in ((args.input, IMPORT_FORMATS, "read"),
                                (args.output, EXPORT_FORMATS, "write")):
        ext = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if ext not in formats:
            raise _UsageError(f"{path}: cannot {verb} a {ext or 'file without an extension'} "
                              f"file (formats: {', '.join(formats)})")
    graph = _import(args.input)
    fetches = [_fetch_name(graph, name, args.input) for name in args.fetch]
    first = [_resolve(graph, name, "--run", args.input) for name in args.run]
    session = Session(graph=graph, device="cpu") if first else None
    try:
        for before in first:
            assert session is not None
            session.run(before)
        export_graph(args.output, graph, fetches=fetches or None, flavor=args.flavor,
                     session=session)
    except GraphFileError as e:
        hint = "" if first or not any(op.type == "VariableV2" for op in graph.get_operations()) \
            else " (here: --run its initializer first, such as --run init)"
        raise _RunError(_one_line(str(e)) + hint) from None
    except (OpError, InvalidGraphError, InvalidArgumentError) as e:
        raise _RunError(_run_error(args.input, e)) from None
    finally:
        if session is not None:
            session.close()
    return EXIT_OK


def _fetch_name(graph: Graph, name: str, source: str) -> str:
    if ":" in name:
        return _resolve(graph, name, "--fetch", source).name
    if name not in graph:
        raise _UsageError(f'--fetch {name}: no op named "{name}" in {source}')
    return name


def convert_main(argv: Sequence[str] | None = None) -> int:
    """The ``convert`` command with ``argv`` (the arguments after ``convert``)."""
    return main(argv, _convert)


def _main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    source = args.file
    graph = _import(source)
    if args.steps < 1:
        raise _UsageError(f"--steps {args.steps}: the fetches run at least once")
    first = [_resolve(graph, name, "--run", source) for name in args.run]
    if args.fetch:
        fetches = [_resolve(graph, name, "--fetch", source) for name in args.fetch]
    else:
        fetches = [op.outputs[0] for op in graph.outputs() if op.outputs]
        if not fetches:
            raise _RunError(f"{source}: the graph has no ops to run")
    outs = _outs(graph, args.out, source)
    fetches = [t for t in fetches if t not in outs]
    feeds = _feeds(graph, args.feed, source)
    chunks = _chunks(args.chunks)
    try:
        session = Session(graph=graph, device=args.device, scheduler=args.scheduler,
                          chunks=chunks)
    except DeviceError as e:
        raise _RunError(_run_error(source, e)) from None
    try:
        for before in first:
            session.run(before, feed_dict=feeds)
        values: list[Any] = []
        for _ in range(args.steps):
            values = session.run(fetches, feed_dict=feeds) if fetches else []
        written = _write_outs(session, outs, feeds) if outs else []
    except (OpError, InvalidGraphError, InvalidArgumentError, GraphFileError) as e:
        raise _RunError(_run_error(source, e)) from None
    except (ValueError, TypeError) as e:  # a feed that does not convert or fit
        raise _RunError(_run_error(source, e)) from None
    finally:
        session.close()
    results = [(t, np.asarray(v) if v is not None else np.asarray(0))
               for t, v in zip(fetches, values)]
    if args.json:
        _print_json(session.device, results, sys.stdout, written)
    else:
        _print_text(results, sys.stdout)
        for w in written:
            print(f"{w['name']}  {w['dtype']}  shape=[{', '.join(map(str, w['shape']))}]  "
                  f"written to {w['path']}")
    return EXIT_OK


def _write_outs(session: Session, outs: dict[Tensor, str], feeds: dict[Tensor, Any]
                ) -> list[dict[str, Any]]:
    """Each ``--out`` tensor to its file: on dask as a lazy array stored chunk by chunk.
    Returns what was written (name, dtype, shape, path), for the report."""
    written: list[dict[str, Any]] = []
    tensors = list(outs)
    on_dask = session.backend.is_dask
    values = session.run(tensors, feed_dict=feeds, keep="dask" if on_dask else "numpy")
    store = session.backend.cluster.store if on_dask else None  # type: ignore[attr-defined]
    for tensor, value in zip(tensors, values):
        try:
            write_npy(value, outs[tensor], store)
        except OpError:
            raise
        except GraphFileError:
            raise
        except Exception as e:  # a kernel failed on a chunk while writing
            from .client.dask_lowering import frame_failure

            raise frame_failure(e, {op.name: op for op in session.graph.get_operations()},
                                tensor.op) from None
        written.append({"name": tensor.name, "dtype": _dtype_name(np.empty(0, value.dtype)),
                        "shape": [int(d) for d in value.shape], "path": outs[tensor]})
    return written


def main(argv: Sequence[str] | None = None, command: Any = None) -> int:
    """Run the ``run`` command (or ``command``) with ``argv`` (the arguments after its name);
    returns the exit status. Errors are one line on stderr; only KeyboardInterrupt escapes."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return (command or _main)(args)
    except KeyboardInterrupt:
        raise
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else EXIT_OK
    except _UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except _RunError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_RUN_ERROR
    except MemoryError:
        print("error: out of memory", file=sys.stderr)
        return EXIT_RUN_ERROR
    except Exception as e:  # a bug: still one line, never a traceback
        print(f"error: internal error: {type(e).__name__}: {_one_line(str(e))}", file=sys.stderr)
        return EXIT_RUN_ERROR


if __name__ == "__main__":
    sys.exit(main())
