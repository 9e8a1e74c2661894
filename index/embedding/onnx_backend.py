"""ONNX Runtime embedding backends, `onnx` (fp32) and `onnx-int8`, exported locally from the model's own weights.

The first use exports the sentence-transformers model once with `torch.onnx.export` (eager attention, with the
model's pooling and L2 normalisation inside the graph), fuses it with ONNX Runtime's BERT optimizer and, for
`onnx-int8`, quantises the MatMul weights once, at export, to 7-bit signed integers per output channel (plain
per-tensor `quantize_dynamic` drops cosine similarity to the torch vectors to about 0.70). 7 bits, not 8, make
the integer part the same on every x86 CPU: ONNX Runtime multiplies uint8 activations by int8 weights, and
without VNNI (AVX2/AVX-512 CPUs such as AMD EPYCs before Zen 4; ONNX Runtime's docs name this case) its kernel
adds pairs of products in 16-bit registers, which saturate with full-range weights (2*255*128 > 32767) but
cannot with 7-bit ones (2*255*64 = 32640). Every instruction set then computes the same exact integers, and
vectors differ between CPUs only by the float rounding of the other operators. Activations are quantised per
call over the whole input, so `onnx-int8` runs one text per call: a text's vector never depends on the texts
it was batched with. The export is checked against torch on a few
sentences and refused below `MIN_COSINE`. Files are cached in `<data_dir>/models/<model>-<key>/`, written
under a file lock and renamed into place, so concurrent processes export once and never read half a file.
Later runs import only onnxruntime and the tokenizer. It does not chunk, cache vectors or store anything else.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from index.embedding.base import Embedder, EmbedderError, resolve_model_path
from index.settings import IndexSettings

EXPORT_FORMAT = 2  # bump when the exported graph changes, so old caches are not reused
MIN_COSINE = 0.98
FP32_FILE, INT8_FILE, META_FILE = "model.onnx", "model-int8.onnx", "meta.json"
# Sentences in the seed languages (and an emoji) that every export is checked on.
PROBES = [
    "Kling AI received more than 4,600 submissions from 122 countries.",
    "Il premio della giuria è andato a un regista turco.",
    "Фестиваль прошёл в Риме, и победители получили призы.",
    "🎬 short film contest winners announced",
]


def export_dir(settings: IndexSettings) -> Path:
    """Where this model's export lives: the key changes with the model, the exporter and the runtime versions."""
    from importlib.metadata import version

    source = resolve_model_path(settings.embed_model)
    identity = json.dumps([settings.embed_model, source, EXPORT_FORMAT, version("torch"), version("onnxruntime")])
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", settings.embed_model.rstrip("/").rsplit("/", 1)[-1])[:60]
    return settings.data_dir / "models" / f"{slug}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_export(settings: IndexSettings, quantized: bool) -> Path:
    """The path of the cached ONNX file, exporting (and quantising) it first if needed."""
    directory = export_dir(settings)
    wanted = directory / (INT8_FILE if quantized else FP32_FILE)
    if wanted.is_file() and (directory / META_FILE).is_file():
        return wanted
    with _locked(directory.with_name(directory.name + ".lock")):
        reference = None  # the torch model, loaded only when something has to be exported
        if not (directory / FP32_FILE).is_file() or not (directory / META_FILE).is_file():
            reference = _reference(settings)
            _export_fp32(settings, directory, reference)
        if quantized and not wanted.is_file():
            _quantize(directory, reference or _reference(settings))
    return wanted


def _reference(settings: IndexSettings) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(
        resolve_model_path(settings.embed_model), device="cpu", model_kwargs={"attn_implementation": "eager"}
    )


def _export_fp32(settings: IndexSettings, directory: Path, model: Any) -> None:
    import torch

    kinds = [type(module).__name__ for module in model]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise EmbedderError(
            f"the onnx backends support Transformer+Pooling models; {settings.embed_model} has {kinds}. "
            "Use RAG_EMBED_BACKEND=torch"
        )
    pooling = model[1].get_config_dict()
    # sentence-transformers >= 6 names the mode; older configs set one boolean flag per mode.
    mode = pooling.get("pooling_mode") or ("cls" if pooling.get("pooling_mode_cls_token") else "mean")
    if mode not in ("mean", "cls") or not pooling.get("include_prompt", True):
        raise EmbedderError(f"{settings.embed_model}: only mean or CLS pooling export; use RAG_EMBED_BACKEND=torch")
    mean = mode == "mean"
    tokenizer = model.tokenizer
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in tokenizer.model_input_names]

    class _Sentence(torch.nn.Module):
        """Transformer -> pooling -> L2 normalisation, the same steps sentence-transformers runs."""

        def __init__(self, transformer: torch.nn.Module) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            feeds = dict(zip(names, inputs, strict=True))
            hidden = self.transformer(**feeds).last_hidden_state
            if mean:
                mask = feeds["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            else:
                pooled = hidden[:, 0]
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    tmp = directory.with_name(f"{directory.name}.tmp-{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        _write_fp32(settings, model, _Sentence(model[0].auto_model).eval(), names, tmp)
        if directory.exists():  # a stale partial export from a crashed run
            shutil.rmtree(directory)
        tmp.rename(directory)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_fp32(settings: IndexSettings, model: Any, graph: Any, names: list[str], tmp: Path) -> None:
    import torch
    from onnxruntime.transformers import optimizer

    tokenizer = model.tokenizer
    sample = tokenizer(PROBES[:2], padding=True, return_tensors="pt")
    raw = tmp / "raw.onnx"
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about shape-dependent branches that are constant here
        torch.onnx.export(
            graph,
            tuple(sample[n] for n in names),
            str(raw),
            input_names=names,
            output_names=["embedding"],
            dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,  # the TorchScript exporter needs no onnxscript and handles dynamic shapes here
        )
    config = model[0].auto_model.config
    fused = optimizer.optimize_model(
        str(raw), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size
    )
    fused.save_model_to_file(str(tmp / FP32_FILE))
    raw.unlink()
    tokenizer.save_pretrained(str(tmp))
    meta: dict[str, object] = {"model": settings.embed_model, "max_seq_length": int(model.max_seq_length)}
    meta["inputs"] = names
    meta["cosine_fp32"] = cosine = _min_cosine(model, tmp / FP32_FILE, tokenizer, meta)
    if cosine < MIN_COSINE:
        raise EmbedderError(f"ONNX export of {settings.embed_model} disagrees with torch (cosine {cosine})")
    (tmp / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")


def _quantize(directory: Path, reference: Any) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = directory / f".{INT8_FILE}.tmp-{os.getpid()}"
    try:
        quantize_dynamic(
            str(directory / FP32_FILE),
            str(tmp),
            per_channel=True,  # per-tensor scales lose too much: cosine vs torch falls to about 0.70
            weight_type=QuantType.QInt8,
            reduce_range=True,  # 7-bit weights: exact integer sums on every instruction set (module docstring)
            op_types_to_quantize=["MatMul"],
            # The fused Attention/SkipLayerNorm ops are in the com.microsoft domain, so shape inference
            # cannot type their outputs; they are float.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        meta["cosine_int8"] = _min_cosine(reference, tmp, reference.tokenizer, meta)
        if meta["cosine_int8"] < MIN_COSINE:
            raise EmbedderError(
                f"int8 quantisation of {meta['model']} is too lossy (cosine {meta['cosine_int8']}); use onnx"
            )
        os.replace(tmp, directory / INT8_FILE)
    finally:
        tmp.unlink(missing_ok=True)
    (directory / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")


def _min_cosine(reference: Any, path: Path, tokenizer: Any, meta: dict[str, Any]) -> float:
    expected = reference.encode(PROBES, normalize_embeddings=True, convert_to_numpy=True)
    session = _session(path)
    got = _run(session, tokenizer, PROBES, meta)
    return round(float((expected * got).sum(axis=1).min()), 4)


def _session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # ORT warns about unused initializers after fusion
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _run(session: Any, tokenizer: Any, texts: list[str], meta: dict[str, Any]) -> np.ndarray:
    encoded = tokenizer(texts, padding=True, truncation=True, max_length=meta["max_seq_length"], return_tensors="np")
    feeds = {name: encoded[name].astype(np.int64) for name in meta["inputs"]}
    vectors: np.ndarray = session.run(None, feeds)[0]
    return vectors.astype(np.float32)


class OnnxEmbedder(Embedder):
    """Runs the cached ONNX export; batches are sorted by length so little time goes into padding."""

    backend = "onnx"
    quantized = False
    one_text_per_call = False

    def __init__(self, settings: IndexSettings) -> None:
        super().__init__(settings)
        from transformers import AutoTokenizer

        path = ensure_export(settings, self.quantized)
        self.path = path
        self._meta = json.loads((path.parent / META_FILE).read_text(encoding="utf-8"))
        self._tokenizer = AutoTokenizer.from_pretrained(str(path.parent))
        self._session = _session(path)
        # A fast tokenizer's padding/truncation state is shared; concurrent calls can fail with "Already borrowed".
        self._tokenize_lock = threading.Lock()

    @property
    def tokenizer(self) -> Any:
        return self._tokenizer

    @property
    def max_seq_length(self) -> int:
        return int(self._meta["max_seq_length"])

    def _encode(self, texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.empty((len(texts), 0), dtype=np.float32)
        step = 1 if self.one_text_per_call else self.batch_size
        for start in range(0, len(order), step):
            chosen = order[start : start + step]
            with self._tokenize_lock:
                encoded = self._tokenizer(
                    [texts[i] for i in chosen],
                    padding=True,
                    truncation=True,
                    max_length=self.max_seq_length,
                    return_tensors="np",
                )
            feeds = {name: encoded[name].astype(np.int64) for name in self._meta["inputs"]}
            vectors = self._session.run(None, feeds)[0]
            if out.shape[1] == 0:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[chosen] = vectors
        return out


class OnnxInt8Embedder(OnnxEmbedder):
    """The int8 export, one text per call: dynamic quantisation scales activations over the whole input, so a
    batch would make a text's vector depend on its neighbours (cosine to torch 0.975 instead of 0.985 for an
    empty text next to long ones). One text per call also pads nothing; it ran about as fast as batches of 32."""

    backend = "onnx-int8"
    quantized = True
    one_text_per_call = True
