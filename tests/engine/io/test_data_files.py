"""Data files bound to placeholders: reading .npy/.npz/.csv safely, and the checks that
name the file and the placeholder when they do not fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import engine
from engine import DataFileError, DataSource
from engine.io import data_files


def _placeholder(dtype: engine.DType, shape: list[int | None] | None) -> engine.Tensor:
    g = engine.Graph()
    with g.as_default():
        return engine.placeholder(dtype, shape, name="x")


def test_npy_reads_back_the_saved_array(tmp_path: Path) -> None:
    np.save(tmp_path / "a.npy", np.arange(6, dtype=np.float32).reshape(3, 2))
    got = engine.read_data(DataSource("a.npy"), str(tmp_path))
    assert got.dtype == np.float32 and got.tolist() == [[0, 1], [2, 3], [4, 5]]


def test_npy_of_python_objects_is_refused_not_unpickled(tmp_path: Path) -> None:
    np.save(tmp_path / "o.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(DataFileError, match="o.npy.*allow_pickle=False"):
        engine.read_data(DataSource(str(tmp_path / "o.npy")))


def test_large_npy_is_memory_mapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    np.save(tmp_path / "big.npy", np.ones((100, 4)))
    monkeypatch.setattr(data_files, "MMAP_BYTES", 1000)
    got = engine.read_data(DataSource(str(tmp_path / "big.npy")))
    assert isinstance(got, np.memmap) and got.shape == (100, 4)


def test_npz_member_is_chosen_by_name(tmp_path: Path) -> None:
    np.savez(tmp_path / "d.npz", x=np.zeros((4, 2)), y=np.arange(4))
    got = engine.read_data(DataSource(str(tmp_path / "d.npz"), array="y"))
    assert got.tolist() == [0, 1, 2, 3]


def test_npz_with_several_arrays_asks_for_one(tmp_path: Path) -> None:
    np.savez(tmp_path / "d.npz", x=np.zeros(2), y=np.zeros(2))
    with pytest.raises(DataFileError, match=r"holds 2 arrays \(x, y\); choose one"):
        engine.read_data(DataSource(str(tmp_path / "d.npz")))


def test_npz_members_lists_names_shapes_and_dtypes(tmp_path: Path) -> None:
    np.savez(tmp_path / "d.npz", x=np.zeros((4, 2), np.float32), y=np.arange(4))
    assert engine.npz_members(str(tmp_path / "d.npz")) == [
        ("x", (4, 2), "float32"), ("y", (4,), "int64")]


def test_csv_header_is_detected_and_columns_chosen_by_name(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("x,y,z\n1,2,3\n4,5,6\n")
    layout = engine.csv_layout(str(tmp_path / "p.csv"))
    assert layout.header == ("x", "y", "z") and layout.delimiter == ","
    got = engine.read_data(DataSource(str(tmp_path / "p.csv"), columns=("z", "x")))
    assert got.tolist() == [[3, 1], [6, 4]]


def test_csv_without_header_names_columns_by_index(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("1;2\n3;4\n")
    layout = engine.csv_layout(str(tmp_path / "p.csv"))
    assert layout.header is None and layout.column_names() == ("0", "1")
    got = engine.read_data(DataSource(str(tmp_path / "p.csv"), columns=("1",)))
    assert got.tolist() == [[2], [4]]


def test_csv_unknown_column_names_the_columns_it_has(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("a,b\n1,2\n")
    with pytest.raises(DataFileError, match="no column 'c' \\(its columns: a, b\\)"):
        engine.read_data(DataSource(str(tmp_path / "p.csv"), columns=("c",)))


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="nope.npy: no such file"):
        engine.read_data(DataSource("nope.npy"), str(tmp_path))


def test_shape_misfit_names_file_and_placeholder() -> None:
    x = _placeholder(engine.float32, [None, 3])
    with pytest.raises(DataFileError) as info:
        data_files.check_fits(np.zeros((5, 2)), x, DataSource("/d/train.npy"))
    assert str(info.value) == ("train.npy cannot feed placeholder 'x': the file's values have "
                               "shape (5, 2), the placeholder's shape is (None, 3)")


def test_dtype_kind_misfit_names_both_dtypes() -> None:
    x = _placeholder(engine.bool, [None])
    with pytest.raises(DataFileError, match="holds float64 values, the placeholder takes bool"):
        data_files.check_fits(np.zeros(4), x, DataSource("a.npy"))


def test_fixed_batch_dimension_must_equal_batch_size() -> None:
    x = _placeholder(engine.float32, [8, 1])
    with pytest.raises(DataFileError, match="exactly 8 rows at a time; set the batch size"):
        data_files.check_fits(np.zeros((100, 1)), x, DataSource("a.npy"), batch_size=32)


def test_single_csv_column_feeds_a_rank_one_placeholder() -> None:
    y = _placeholder(engine.float32, [None])
    data_files.check_fits(np.zeros((5, 1)), y, DataSource("a.csv"), batch_size=2)
    got = data_files.convert_rows(np.arange(3.0).reshape(3, 1), y, DataSource("a.csv"))
    assert got.shape == (3,) and got.dtype == np.float32


def test_integer_out_of_range_is_refused_when_converted() -> None:
    x = _placeholder(engine.uint8, [None])
    with pytest.raises(DataFileError, match="the value 300 at element 1 does not fit uint8"):
        data_files.convert_rows(np.array([1, 300]), x, DataSource("a.npy"))


def test_fraction_into_integer_placeholder_is_refused() -> None:
    x = _placeholder(engine.int32, [None])
    with pytest.raises(DataFileError, match="1.5 at element 0 does not fit int32"):
        data_files.convert_rows(np.array([1.5]), x, DataSource("a.csv"))


def test_binding_json_round_trips_relative_to_the_graph_folder(tmp_path: Path) -> None:
    source = DataSource(str(tmp_path / "data" / "d.npz"), array="x")
    stored = engine.source_to_json(source, str(tmp_path))
    assert stored == {"file": "data/d.npz", "array": "x"}
    back = engine.source_from_json(stored, "editor.data.x")
    assert data_files.resolve(back.path, str(tmp_path)) == source.path


def test_binding_json_field_errors_name_the_field() -> None:
    with pytest.raises(DataFileError, match=r"editor.data.x.columns: expected a list"):
        engine.source_from_json({"file": "a.csv", "columns": "x"}, "editor.data.x")


def test_load_feeds_gives_the_whole_file_converted(tmp_path: Path) -> None:
    np.save(tmp_path / "a.npy", np.arange(4.0).reshape(2, 2))
    g = engine.Graph()
    with g.as_default():
        engine.placeholder(engine.float32, [None, 2], name="x")
    feeds = engine.load_feeds(g, {"x": DataSource("a.npy")}, str(tmp_path))
    (tensor, value), = feeds.items()
    assert tensor.name == "x:0" and value.dtype == np.float32 and value.tolist() == [[0, 1],
                                                                                    [2, 3]]


def test_binding_to_a_non_placeholder_is_refused(tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.constant(1.0, name="c")
    with pytest.raises(DataFileError, match="'c' is bound to a data file but is a Const"):
        engine.load_feeds(g, {"c": DataSource("a.npy")}, str(tmp_path))
