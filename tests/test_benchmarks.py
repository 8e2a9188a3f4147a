"""CPU smoke runs of every benchmark script, so the scripts never rot."""

import json

import pytest

from benchmarks import (
    bench_augment,
    bench_batching,
    bench_calibration,
    bench_gpu_budget,
    bench_inference,
    bench_notebooks,
    bench_onnx,
    bench_preprocess,
    bench_train_folder,
    bench_training,
    bench_transcribe,
)


@pytest.mark.parametrize(
    "module, name, columns",
    [
        (bench_preprocess, "preprocess_smoke", {"path", "clips_per_s", "vs_original_clips"}),
        (bench_inference, "inference_smoke", {"model", "batch", "latency_ms", "clips_per_s"}),
        (bench_training, "training_smoke", {"model", "steps_per_s", "peak_mem_mb", "mfu"}),
        (bench_notebooks, "notebooks_smoke", {"notebook", "seconds"}),
        (bench_batching, "batching_smoke", {"policy", "batch", "clips_per_s", "max_drift"}),
        (bench_gpu_budget, "gpu_budget_smoke", {"peak_tensor_gb", "fits_t4", "t4_compute_s"}),
        (bench_onnx, "onnx_smoke", {"runtime", "size_mb", "agreement", "latency_ms"}),
        (bench_train_folder, "train_folder_smoke", {"wall_s", "cpu_s", "encode_ms_per_clip"}),
        (bench_transcribe, "transcribe_smoke", {"wer_test", "s_per_clip", "text_accuracy"}),
        (bench_augment, "augment_smoke", {"as_recorded", "augmented", "difference_ci95"}),
        (bench_calibration, "calibration_smoke", {"ece_before", "ece_after", "threshold"}),
    ],
    ids=[
        "preprocess",
        "inference",
        "training",
        "notebooks",
        "batching",
        "gpu_budget",
        "onnx",
        "train_folder",
        "transcribe",
        "augment",
        "calibration",
    ],
)
def test_smoke_run_writes_a_table(tmp_path, module, name, columns):
    if module is bench_notebooks:
        # Run as users run it, in a fresh interpreter. (A kernel started from this process
        # hung twice here under ipykernel 7, which loses replies at times: see the pin in
        # requirements-dev.txt.)
        import subprocess
        import sys

        command = [
            sys.executable,
            "-m",
            "benchmarks.bench_notebooks",
            "--smoke",
            "--out",
            str(tmp_path),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        rows = json.loads((tmp_path / f"{name}.json").read_text())["rows"]
    else:
        rows = module.main(["--smoke", "--out", str(tmp_path)])
    saved = json.loads((tmp_path / f"{name}.json").read_text())
    assert saved["rows"] == json.loads(json.dumps(rows))
    assert rows and columns <= set(rows[0])
    assert "torch" in saved["machine"] and saved["command"].startswith("python -m benchmarks.")
    numbers = [v for r in rows for v in r.values() if isinstance(v, float)]
    assert all(v >= 0 for v in numbers) and all(r.get("clips_per_s", 1) > 0 for r in rows)


def test_live_tensor_bytes_counts_the_peak_of_tensors_alive_at_once():
    import torch

    tracker = bench_gpu_budget.LiveTensorBytes()
    with tracker:
        a = torch.zeros(1000)  # 4,000 bytes
        view = a[:10]  # a view shares the storage: no new bytes
        b = torch.zeros(500, dtype=torch.float16)  # 1,000 bytes
        assert tracker.now == 5000
        del a, view
        c = torch.zeros(750)  # 3,000 bytes, after the 4,000 were freed
    assert tracker.peak == 5000 and tracker.now == 4000
    del b, c
    assert tracker.now == 0


def test_a_training_step_counts_weights_gradients_and_adamw_states():
    """Fake tensors: training holds more than inference, and backward costs about 2× forward."""
    load = bench_gpu_budget.Workload("xx", "fine-tune", "wav2vec2-tiny", 2, 1.0, "all", 10)
    trained = bench_gpu_budget.measure(load)
    frozen = bench_gpu_budget.measure(
        bench_gpu_budget.Workload("xx", "inference", "wav2vec2-tiny", 2, 1.0, "none", 10)
    )
    assert trained["peak_tensor_bytes"] > frozen["peak_tensor_bytes"] > 0
    assert trained["gflop_per_step"] > 2 * frozen["gflop_per_step"]  # backward ≈ 2× forward


def test_readme_results_table_is_the_one_the_notebooks_printed():
    """README's results come from benchmarks/results/notebook_results.json, never typed."""
    from benchmarks import report

    saved = json.loads((report.RESULTS_DIR / "notebook_results.json").read_text())
    readme = report.README.read_text()
    assert report.readme_results() in readme, "run `python -m benchmarks.report`"
    trained = {row["notebook"][:2] for row in saved["rows"] if row["result"].startswith("TEST")}
    assert trained == {"03", "05", "06", "07", "08", "09"}  # every notebook that trains: a test
    for row in saved["rows"]:
        assert str(row["value"]).replace("|", "\\|") in readme


def test_executed_notebook_reports_its_results_and_drops_the_results_cell(tmp_path):
    import nbformat

    from tooling.notebooks import execute_notebook

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 41 + 1\nprint(x)")]
    nb.metadata["tutorial"] = {"results": [["said", "f'{x} | done'"], ["answer", "x"]]}
    source = tmp_path / "99_tiny.ipynb"
    nbformat.write(nb, source)
    out, _ = execute_notebook(source, tmp_path / "out", offline=False, timeout=120)
    results = json.loads((tmp_path / "out" / "99_tiny.results.json").read_text())
    assert list(results.items()) == [("said", "42 | done"), ("answer", 42)]  # in order
    executed = nbformat.read(out, as_version=4)
    assert len(executed.cells) == 1 and executed.cells[0].outputs[0]["text"] == "42\n"
