"""The training loop: batches, shuffling, epochs/steps, validation split and evaluation,
checked on a graph whose 'loss' is the mean of the batch fed (so each step's loss tells
exactly which rows it got)."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import Column, TrainConfig, TrainLoop


def _loop(rows: int, **config: object) -> TrainLoop:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float64, [None], name="x")
        loss = engine.reduce_mean(x, name="loss")
        metric = engine.reduce_max(x, name="top")
        train = engine.identity(loss, name="train")
    session = engine.Session(graph=g)
    data = {x: Column(np.arange(rows, dtype=np.float64))}
    return TrainLoop(session, train, loss, data, TrainConfig(**config),  # type: ignore[arg-type]
                     metric=metric)


def test_batches_without_shuffle_take_the_rows_in_order() -> None:
    loop = _loop(10, batch_size=4, shuffle=False, epochs=1)
    losses = [loop.step().loss for _ in range(loop.total_steps)]
    assert losses == [1.5, 5.5, 8.5]  # rows 0-3, 4-7, then the last two
    assert loop.done


def test_epochs_count_steps_with_the_last_partial_batch() -> None:
    loop = _loop(10, batch_size=4, epochs=3)
    assert loop.per_epoch == 3 and loop.total_steps == 9


def test_steps_win_over_epochs() -> None:
    assert _loop(10, batch_size=4, epochs=3, steps=5).total_steps == 5


def test_shuffle_with_a_seed_repeats_and_covers_every_row_per_epoch() -> None:
    first = _loop(12, batch_size=3, seed=7, epochs=2)
    second = _loop(12, batch_size=3, seed=7, epochs=2)
    a = [first.step() for _ in range(8)]
    b = [second.step() for _ in range(8)]
    assert [r.loss for r in a] == [r.loss for r in b]
    assert sum(r.loss * 3 for r in a[:4]) == pytest.approx(sum(range(12)))
    assert [r.loss for r in a[:4]] != [1.0, 4.0, 7.0, 10.0]  # not in order


def test_metric_is_fetched_with_each_step() -> None:
    loop = _loop(6, batch_size=3, shuffle=False, epochs=1)
    assert loop.step().metric == 2.0


def test_validation_split_takes_the_last_rows_and_evaluates_every_n_steps() -> None:
    loop = _loop(10, batch_size=2, shuffle=False, steps=4, eval_every=2,
                 validation_fraction=0.2)
    assert loop.rows == 8
    records = [loop.step() for _ in range(4)]
    assert [r.val_loss for r in records] == [None, 8.5, None, 8.5]  # rows 8 and 9
    assert records[1].val_metric == 9.0


def test_evaluation_weights_a_short_last_chunk_by_its_rows() -> None:
    loop = _loop(10, batch_size=4, shuffle=False, steps=1)
    loss, metric = loop.evaluate(loop.data)
    assert loss == pytest.approx(4.5) and metric == pytest.approx((3 * 4 + 7 * 4 + 9 * 2) / 10)


def test_history_csv_has_a_row_per_step() -> None:
    loop = _loop(4, batch_size=2, shuffle=False, epochs=1)
    loop.step()
    loop.step()
    lines = loop.history.to_csv().splitlines()
    assert lines[0] == "step,epoch,loss,metric,val_loss,val_metric,seconds"
    assert lines[1].startswith("1,1,0.5,1.0,,,") and lines[2].startswith("2,1,2.5,3.0,,,")


def test_files_with_different_row_counts_are_refused() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float64, [None], name="x")
        y = engine.placeholder(engine.float64, [None], name="y")
        loss = engine.reduce_mean(x + y)
    with pytest.raises(ValueError, match="different numbers of rows: x:0 has 3, y:0 has 4"):
        TrainLoop(engine.Session(graph=g), loss, loss,
                  {x: Column(np.zeros(3)), y: Column(np.zeros(4))}, TrainConfig())


@pytest.mark.parametrize("config, message", [
    ({"batch_size": -1}, "batch size"), ({"steps": 0}, "steps"),
    ({"validation_fraction": 1.0}, "validation fraction"), ({"epochs": 0}, "epochs"),
])
def test_bad_settings_are_refused_with_what_is_wrong(config: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _loop(4, **config)
