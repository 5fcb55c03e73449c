"""A sync makes the cycle collector patient while it runs, and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from sheets_sync.ops.collector import PATIENT, patient_collector


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_collections_are_rare_inside_and_as_before_after(thresholds):
    with patient_collector():
        assert gc.get_threshold() == PATIENT
        assert gc.isenabled()
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_come_back_when_the_sync_fails(thresholds):
    with pytest.raises(RuntimeError), patient_collector():
        raise RuntimeError("the sync stopped")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_whole_sync_leaves_the_collector_as_it_was(thresholds, tmp_path):
    from sheets_sync import app

    path = tmp_path / "program.xlsx"
    app.new_workbook(str(path), "peer", sample=20)
    seen = []
    app.sync_workbook(str(path), lap=lambda stage: seen.append(gc.get_threshold()))
    assert seen and all(t == PATIENT for t in seen)
    assert gc.get_threshold() == (700, 10, 10)
