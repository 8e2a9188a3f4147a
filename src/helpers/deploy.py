"""Deploy a fine-tuned classifier without PyTorch: ONNX export and an onnxruntime classifier.

- :func:`export_onnx` writes a folder that ``scripts/classify.py``, :mod:`helpers.demo` and
  :func:`helpers.inference.load_classifier` take like any saved model: ``model.onnx`` (the
  network, exported by ``torch.onnx``), the model's ``config.json`` (labels) and
  ``preprocessor_config.json`` (the feature extractor, which still runs in Python), the
  source's ``provenance.json`` (so an offline demo model stays labelled as one), and
  ``onnx_export.json`` (what was exported, and how far its scores are from PyTorch's).
  ``int8=True`` adds onnxruntime's dynamic int8 quantisation of the matrix products.
- :class:`OnnxClassifier` answers like ``pipeline("audio-classification")``: the same
  feature extractor, the same batch padding, softmax, the top-k ``{label, score}`` records.

Needs the optional extra ``pip install -e ".[deploy]"`` (``onnx``, ``onnxscript`` for the
export, ``onnxruntime`` to run it; Colab lacks them: ``helpers.env.ensure_extra("deploy")``
installs them there with Colab's torch kept).
"""

from __future__ import annotations

import inspect
import json
import shutil
import warnings
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import numpy as np

#: The network in an exported folder; :func:`is_onnx_folder` looks for it.
ONNX_FILE = "model.onnx"
#: What :func:`export_onnx` records about an export.
EXPORT_FILE = "onnx_export.json"
#: Largest difference in any class probability between PyTorch and the fp32 export on the
#: check clips that :func:`export_onnx` accepts; beyond it the export is refused.
MAX_FP32_SCORE_DIFF = 1e-4
#: The ONNX operator set used (torch's exporter's own; onnxruntime ≥ 1.16 runs it).
OPSET = 18
_KEPT_FILES = ("preprocessor_config.json",)


def _onnx_modules():
    """``(onnx, onnxruntime)``, or one ImportError sentence naming the missing module of the
    ``deploy`` extra (:data:`helpers.env.EXTRA_MODULES`; onnxscript is torch.onnx's
    exporter)."""
    from helpers import env

    missing = env.missing_modules("deploy")
    if missing:
        raise ImportError(
            f"ONNX export and inference need onnx and onnxruntime ({missing[0]} is missing): "
            'pip install -e ".[deploy]" (on Colab: helpers.env.ensure_extra("deploy")).'
        )
    import onnx
    import onnxruntime

    return onnx, onnxruntime


def is_onnx_folder(folder: str | Path) -> bool:
    """True when ``folder`` holds an exported model (``model.onnx`` beside its config)."""
    folder = Path(folder)
    return (folder / ONNX_FILE).is_file() and (folder / "config.json").is_file()


def _check_inputs(feature_extractor, seconds: list[float], seed: int = 0) -> list[dict]:
    """A few noisy, speech-level clips of different lengths, as the model's inputs."""
    rng = np.random.default_rng(seed)
    rate = feature_extractor.sampling_rate
    clips = []
    for s in seconds:
        t = np.arange(int(s * rate)) / rate
        tone = 0.1 * np.sin(2 * np.pi * 220 * t) * (1 + np.sin(2 * np.pi * 3 * t))
        clips.append((tone + 0.02 * rng.standard_normal(t.size)).astype(np.float32))
    return [dict(feature_extractor(c, sampling_rate=rate, return_tensors="np")) for c in clips]


def export_onnx(
    model: str | Path,
    out_dir: str | Path,
    *,
    int8: bool = False,
    overwrite: bool = False,
    verbose: bool = True,
) -> Path:
    """Export a saved audio classifier (a folder or a Hub id) to ``out_dir``; returns it.

    The export is checked before it is kept: onnxruntime's probabilities on three clips of
    different lengths must be within :data:`MAX_FP32_SCORE_DIFF` of PyTorch's (waveform
    models are exported with a variable clip length; AST and Whisper take a fixed input).
    ``int8=True`` then quantises the weights of every matrix product to int8 (onnxruntime's
    ``quantize_dynamic``; activations are quantised on the fly); its difference from PyTorch
    is recorded, not bounded: measure its accuracy on your validation split. ``out_dir`` is
    refused when it exists, unless ``overwrite=True``.
    """
    import torch
    from transformers import AutoFeatureExtractor, AutoModelForAudioClassification

    from helpers.hub import carry_origin
    from helpers.models import resolve_model
    from helpers.paths import shown

    _onnx_modules()
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(
            f"{out} already exists: choose another --out, or pass --overwrite to replace it."
        )
    source, origin = resolve_model(model)
    from transformers import AutoConfig

    model_type = AutoConfig.from_pretrained(source).model_type
    try:
        network = AutoModelForAudioClassification.from_pretrained(
            source, attn_implementation="eager", dtype=torch.float32
        ).eval()
    except ValueError as error:
        if "Unrecognized configuration class" not in str(error):
            raise
        raise ValueError(
            f"{shown(source)} is a {model_type!r} model, a family with no audio-classification "
            "class in transformers, so export_onnx cannot export it: it exports audio "
            "classifiers (wav2vec2, HuBERT, AST, Whisper's encoder)."
        ) from None
    feature_extractor = AutoFeatureExtractor.from_pretrained(source)
    checks = _check_inputs(feature_extractor, [1.3, 3.0, 4.7])
    # the extractor's inputs, and its attention mask where the model takes one (the
    # real-frames Whisper head pools with it; the stock Whisper head has no such argument)
    accepted = inspect.signature(network.forward).parameters
    names = [n for n in feature_extractor.model_input_names if n in checks[0]]
    if (
        "attention_mask" in checks[0]
        and "attention_mask" in accepted
        and "attention_mask" not in names
    ):
        names.append("attention_mask")
    for check in checks:  # masks travel as int64, as OnnxClassifier feeds them
        if "attention_mask" in check:
            check["attention_mask"] = check["attention_mask"].astype(np.int64)
    from helpers.encoders import family_of_extractor

    variable_length = family_of_extractor(feature_extractor) == "waveform"
    batch = torch.export.Dim("batch", min=1)
    samples = torch.export.Dim("samples", min=int(0.1 * feature_extractor.sampling_rate))
    shapes = {
        "inputs": tuple([{0: batch, 1: samples} if variable_length else {0: batch}] * len(names))
    }
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    fp32_path = out / ONNX_FILE
    # two clips, so that the batch size is not specialised to 1 in the exported graph
    example = tuple(torch.from_numpy(np.concatenate([checks[1][n]] * 2)) for n in names)

    class Logits(torch.nn.Module):  # positional inputs → logits only, as ONNX wants them
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *inputs):
            return self.inner(**dict(zip(names, inputs, strict=True))).logits

    # torch.export-based exporter: the older TorchScript tracer (dynamo=False) was measured
    # here exporting wav2vec2 with probabilities off by up to 0.14, even at the traced length
    # "torchvision is not installed" lines, and torch.export's own deprecation notice about
    # its internal LeafSpec (nothing the caller can act on)
    with _quiet_loggers("torch.onnx", "root"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*treespec, LeafSpec", category=FutureWarning)
        try:
            torch.onnx.export(
                Logits(network).eval(), example, str(fp32_path), input_names=names,
                output_names=["logits"], dynamic_shapes=shapes, opset_version=OPSET,
                dynamo=True, verbose=False, external_data=False,
            )  # fmt: skip
        except Exception as error:  # the exporter's own errors are many and long
            shutil.rmtree(out)
            first = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
            raise RuntimeError(
                f"torch.onnx.export could not export {type(network).__name__} ({model_type!r} "
                f"family) from {shown(source)} ({first}); nothing was kept: serve this family "
                "with PyTorch (scripts/classify.py takes the saved folder as it is)."
            ) from error
    network.config.save_pretrained(out)
    for name in _KEPT_FILES:
        if Path(source, name).is_file():
            shutil.copy2(Path(source, name), out / name)
    if not (out / "preprocessor_config.json").is_file():
        feature_extractor.save_pretrained(out)
    carry_origin(source, out, origin)  # exported from an offline stand-in: still a demo model

    def torch_scores(inputs):
        with torch.no_grad():
            tensors = {n: torch.from_numpy(inputs[n]) for n in names}
            return torch.softmax(network(**tensors).logits, -1).numpy()

    fp32_diff = _score_difference(fp32_path, checks, names, torch_scores)
    if fp32_diff > MAX_FP32_SCORE_DIFF:
        shutil.rmtree(out)
        raise RuntimeError(
            f"The ONNX export of {source} differs from PyTorch by {fp32_diff:.2g} in a class "
            f"probability (more than {MAX_FP32_SCORE_DIFF:g}); nothing was kept: report the "
            "model's architecture with this message."
        )
    record = {
        "source": str(model),
        "opset": OPSET,
        "inputs": names,
        "variable_length": variable_length,
        "int8": int8,
        "fp32_max_score_diff": fp32_diff,
        "torch": torch.__version__,
        "onnxruntime": _onnx_modules()[1].__version__,
    }
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        fp32_copy = out / "model-fp32.onnx"
        fp32_path.rename(fp32_copy)
        with _quiet_loggers("root"):  # its advice to pre-process applies to static quantisation
            quantize_dynamic(
                str(fp32_copy), str(fp32_path), weight_type=QuantType.QInt8,
                op_types_to_quantize=["MatMul", "Gemm"],
            )  # fmt: skip
        fp32_copy.unlink()
        record["int8_max_score_diff"] = _score_difference(fp32_path, checks, names, torch_scores)
    (out / EXPORT_FILE).write_text(json.dumps(record, indent=2) + "\n")
    if verbose:
        kind = "int8" if int8 else "fp32"
        diff = record.get("int8_max_score_diff", fp32_diff)
        print(
            f"Exported {source} to {fp32_path} ({kind}, {file_size_mb(fp32_path):.1f} MB); "
            f"largest probability difference from PyTorch on 3 synthetic check signals: {diff:.1e}."
        )
    return out


@contextmanager
def _quiet_loggers(*names: str):
    """Only errors from these loggers while the block runs (their warnings are noise here)."""
    import logging

    loggers = [logging.getLogger(None if n == "root" else n) for n in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _score_difference(path: Path, checks: list[dict], names: list[str], torch_scores) -> float:
    _, ort = _onnx_modules()
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    worst = 0.0
    for inputs in checks:
        logits = session.run(["logits"], {n: inputs[n] for n in names})[0]
        worst = max(worst, float(np.abs(_softmax(logits) - torch_scores(inputs)).max()))
    return worst


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def file_size_mb(path: str | Path) -> float:
    """Size of a file in MB (10⁶ bytes)."""
    return Path(path).stat().st_size / 1e6


class OnnxClassifier:
    """An exported folder, answering like ``pipeline("audio-classification", model=folder)``.

    Called with one ``{"raw": array, "sampling_rate": rate}`` dict (or a list of them), it
    returns the top-``top_k`` ``{"label", "score"}`` records (a list of such lists for a
    list). Each clip goes through the saved feature extractor, clips of a batch are padded
    to the longest with the extractor's padding value (as the pipeline pads), and scores
    are a softmax over the logits. ``model.config`` holds the labels, as on a pipeline.
    """

    def __init__(self, folder: str | Path, *, threads: int | None = None):
        from transformers import AutoConfig, AutoFeatureExtractor

        _, ort = _onnx_modules()
        folder = Path(folder)
        if not is_onnx_folder(folder):
            raise FileNotFoundError(
                f"{folder} holds no {ONNX_FILE} beside a config.json: pass the folder that "
                "export_onnx (scripts/export_onnx.py) wrote."
            )
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.input_names = [i.name for i in self.session.get_inputs()]
        self.feature_extractor = AutoFeatureExtractor.from_pretrained(folder)
        self.model = SimpleNamespace(config=AutoConfig.from_pretrained(folder), folder=folder)
        self.device = "cpu"

    def __call__(self, inputs, *, top_k: int = 5, batch_size: int = 1):
        single = isinstance(inputs, dict)
        items = [inputs] if single else list(inputs)
        results = []
        for start in range(0, len(items), max(1, batch_size)):
            for row in self.scores(items[start : start + max(1, batch_size)]):
                best = np.argsort(-row, kind="stable")[: min(top_k, row.size)]
                results.append(
                    [{"label": self.model.config.id2label[int(i)], "score": float(row[i])}
                     for i in best]
                )  # fmt: skip
        return results[0] if single else results

    def scores(self, items: list[dict]) -> np.ndarray:
        """Class probabilities, one row per ``{"raw", "sampling_rate"}`` item."""
        extractor = self.feature_extractor
        features = [
            extractor(item["raw"], sampling_rate=item["sampling_rate"], return_tensors="np")
            for item in items
        ]
        batch = {}
        for name in self.input_names:
            arrays = [f[name] for f in features]
            longest = max(a.shape[-1] for a in arrays)
            value = 0 if name == "attention_mask" else getattr(extractor, "padding_value", 0.0)
            padded = [
                np.pad(a, [(0, 0)] * (a.ndim - 1) + [(0, longest - a.shape[-1])],
                       constant_values=value)
                for a in arrays
            ]  # fmt: skip
            batch[name] = np.concatenate(padded).astype(
                np.int64 if name == "attention_mask" else np.float32
            )
        logits = self.session.run(["logits"], batch)[0].astype(np.float64)
        if self.model.config.problem_type == "multi_label_classification":
            return 1 / (1 + np.exp(-logits))  # as the pipeline scores multi-label models
        return _softmax(logits)
