"""Config-driven multi-label fine-tuning of a pretrained encoder (``configs/transformer.yaml``).

``train(config, dev_report) -> RunResult`` does the work; ``pipelines.train.train_from_config(path,
overrides)`` is what ``polarscan train`` calls (it passes ``evaluation.selection.dev_report``).
Progress goes to the ``training.transformer.train`` logger (and a tqdm bar with ``train.progress``).
The run folder (``train.output_dir``) holds:

* ``config.json``: the validated config as run (replayable);
* ``best/``: the checkpoint with the best dev macro-F1 (``encoder/`` = a Hugging Face checkpoint +
  tokenizer, ``head.safetensors``, ``head.json``) - what ``export_run`` exports;
* ``last/``: the latest checkpoint plus ``state.pt`` (optimizer, scheduler, step, RNG) for resume;
* ``history.jsonl``: one line per epoch with dev metrics per language x label;
* ``dev_scores.npz`` of the best checkpoint (for thresholds).

Training details: multi-label head (one logit per label in taxonomy order) over mean-pooled
encoder states; BCE loss masked where a source does not annotate a label; batches sampled with
weights balanced across languages and sources (``sampling.alpha``: 0 = uniform, 1 = as in the
data); ``pos_weight`` per label from the (weighted) training distribution; dynamic padding;
early stopping on dev macro-F1 (per label x language, F1 at the best dev threshold, averaged over
labels then languages); fixed seeds; optional frozen word embeddings / bottom layers; a
``max_steps`` / time budget.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from polarscan.models import corpus
from polarscan.models.corpus import CorpusRow, label_matrix, read_corpus
from polarscan.models.taxonomy import label_names
from polarscan.training.result import RunResult
from polarscan.training.transformer.config import TransformerConfig

log = logging.getLogger(__name__)

# (y, mask, scores, langs, labels, select_languages) -> {"score": float, "tuned": MetricsTable dict, ...}:
# ``evaluation.selection.dev_report``, passed in by ``pipelines.train`` (training does not import evaluation)
DevReport = Callable[..., dict[str, Any]]


# --------------------------------------------------------------------------- data


def select_rows(rows: list[CorpusRow], split: str, cfg: TransformerConfig, cap: int | None, seed: int,
                keep_all: tuple[str, ...] | list[str] = ()) -> list[CorpusRow]:
    """The rows of ``split`` this config trains or selects on (``models.corpus.select_rows`` with
    the config's languages and excluded sources); export calls it too, so both see the same rows."""
    return corpus.select_rows(rows, split, languages=cfg.data.languages, exclude_sources=cfg.data.exclude_sources,
                              cap=cap, seed=seed, keep_all=keep_all)


def sampling_weights(rows: list[dict[str, Any]], balance: str, alpha: float) -> np.ndarray:
    """Per-row sampling probabilities: languages get mass ∝ n_lang**alpha, sources within a
    language ∝ n_source**alpha, rows within a group uniformly."""
    n = len(rows)
    if balance == "none" or n == 0:
        return np.full(n, 1.0 / max(n, 1))
    langs = [r["lang"] for r in rows]
    groups = [(r["lang"], r["source"] if balance == "language_source" else "") for r in rows]
    lang_n: dict[str, int] = {}
    group_n: dict[tuple[str, str], int] = {}
    for lang, g in zip(langs, groups):
        lang_n[lang] = lang_n.get(lang, 0) + 1
        group_n[g] = group_n.get(g, 0) + 1
    lang_mass = {lang: c**alpha for lang, c in lang_n.items()}
    total = sum(lang_mass.values())
    lang_mass = {k: v / total for k, v in lang_mass.items()}
    group_mass: dict[tuple[str, str], float] = {}
    for lang in lang_n:
        gs = {g: c**alpha for g, c in group_n.items() if g[0] == lang}
        s = sum(gs.values())
        for g, v in gs.items():
            group_mass[g] = lang_mass[lang] * v / s
    w = np.array([group_mass[g] / group_n[g] for g in groups], dtype=np.float64)
    return w / w.sum()


def positive_weights(y: np.ndarray, mask: np.ndarray, weights: np.ndarray, cap: float) -> np.ndarray:
    """neg/pos per label under the sampling weights, clipped to [1, cap] (1 where no positives)."""
    w = weights[:, None] * mask
    pos = (w * y).sum(0)
    neg = (w * (1 - y)).sum(0)
    ratio = np.where(pos > 0, neg / np.maximum(pos, 1e-12), 1.0)
    return np.clip(ratio, 1.0, cap).astype(np.float32)


# --------------------------------------------------------------------------- model


def masked_bce(logits, targets, mask, pos_weight=None):
    """Mean binary cross-entropy over the *known* (mask == 1) label cells only; unknown cells
    contribute nothing, whatever their logits or targets. Returns 0 when nothing is known."""
    import torch
    import torch.nn.functional as F

    loss = F.binary_cross_entropy_with_logits(logits, targets, reduction="none", pos_weight=pos_weight)
    loss = loss * mask
    denom = mask.sum()
    return loss.sum() / denom if denom > 0 else loss.sum() * 0.0 + torch.zeros((), dtype=logits.dtype)


def build_classifier(encoder, n_labels: int, pooling: str = "mean", dropout: float = 0.1):
    import torch
    from torch import nn

    class MultiLabelClassifier(nn.Module):
        """Encoder -> pooled state -> dropout -> linear logits [N, L]."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.pooling = pooling
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(encoder.config.hidden_size, n_labels)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            if self.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                m = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled))

    model = MultiLabelClassifier()
    torch.nn.init.normal_(model.head.weight, std=0.02)
    torch.nn.init.zeros_(model.head.bias)
    return model


def load_encoder(base: str):
    """A Hugging Face encoder + tokenizer from a local folder or a hub id (no pooler)."""
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    try:
        encoder = AutoModel.from_pretrained(base, add_pooling_layer=False)
    except TypeError:
        encoder = AutoModel.from_pretrained(base)
    return encoder, tokenizer


def apply_freezing(model, freeze_embeddings: bool, freeze_layers: int) -> None:
    emb = model.encoder.get_input_embeddings()
    emb.weight.requires_grad_(not freeze_embeddings)
    if freeze_layers:
        for p in model.encoder.embeddings.parameters():
            p.requires_grad_(False)
        layers = model.encoder.encoder.layer
        for layer in layers[:freeze_layers]:
            for p in layer.parameters():
                p.requires_grad_(False)


def save_checkpoint(model, tokenizer, out: Path, head_meta: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(str(out / "encoder"))
    tokenizer.save_pretrained(str(out / "encoder"))
    save_file({k: v.detach().contiguous() for k, v in model.head.state_dict().items()}, str(out / "head.safetensors"))
    (out / "head.json").write_text(json.dumps(head_meta, indent=2) + "\n", encoding="utf-8")


def load_checkpoint(ckpt: Path):
    """(model, tokenizer, head_meta) from a checkpoint folder written by ``save_checkpoint``."""
    from safetensors.torch import load_file

    meta = json.loads((ckpt / "head.json").read_text(encoding="utf-8"))
    encoder, tokenizer = load_encoder(str(ckpt / "encoder"))
    model = build_classifier(encoder, len(meta["labels"]), meta.get("pooling", "mean"), 0.0)
    model.head.load_state_dict(load_file(str(ckpt / "head.safetensors")))
    model.eval()
    return model, tokenizer, meta


# --------------------------------------------------------------------------- loop


def _seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _device(name: str):
    import torch

    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def encode(tokenizer, texts: list[str], max_length: int, device):
    enc = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    return enc["input_ids"].to(device), enc["attention_mask"].to(device)


def predict(model, tokenizer, texts: list[str], max_length: int, batch_size: int, device, progress: bool = False) -> np.ndarray:
    """Sigmoid probabilities [N, L]; batches sorted by length (dynamic padding)."""
    import torch
    from tqdm.auto import tqdm

    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), model.head.out_features), dtype=np.float32)
    starts = range(0, len(order), batch_size)
    with torch.inference_mode():
        for s in tqdm(starts, desc="dev", disable=not progress, mininterval=30, leave=False):
            idx = order[s : s + batch_size]
            ids, att = encode(tokenizer, [texts[i] for i in idx], max_length, device)
            out[idx] = torch.sigmoid(model(ids, att)).float().cpu().numpy()
    return out


def _format_report(report: dict[str, Any], labels: tuple[str, ...]) -> str:
    lines = [f"  dev selection score (mean over the selected languages of tuned macro-F1): {report['score']:.4f}"]
    cells = report["tuned"]["per_language"]
    for lang, per_label in cells.items():
        if lang == "all":
            continue
        parts = []
        for label in labels:
            m = per_label[label]
            if m["positives"]:
                parts.append(f"{label[:4]} F1 {m['f1'] or 0:.3f} AP {m['pr_auc'] or 0:.3f} (n+{m['positives']})")
        lines.append(f"  {lang}: " + "; ".join(parts))
    return "\n".join(lines)


def precision_context(device, precision: str):
    """A context-manager factory for the forward pass: bf16 autocast or nothing.

    ``auto`` picks bf16 where the hardware has bf16 units (CUDA with bf16, or a CPU with
    AVX512-BF16/AMX); master weights, optimiser state and the loss stay fp32."""
    import contextlib

    import torch

    use_bf16 = precision == "bf16"
    if precision == "auto":
        if device.type == "cuda":
            use_bf16 = torch.cuda.is_bf16_supported()
        else:
            check = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
            amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
            use_bf16 = bool((check and check()) or (amx and amx()))
    if not use_bf16:
        return contextlib.nullcontext, "fp32"
    return (lambda: torch.autocast(device.type, dtype=torch.bfloat16)), "bf16"


def _copies(factor: float, rng: np.random.Generator) -> int:
    whole = int(factor)
    return whole + int(rng.random() < factor - whole)


def pass_batches(texts: list[str], sources: list[str], pairs: list[str | None], batch_size: int, seed: int,
                 pass_index: int, repeat: dict[str, float] | None = None, pairs_in_batch: bool = True,
                 bucket_batches: int = 50) -> list[np.ndarray]:
    """The batches of one pass: every row at least once (``repeat[source]`` copies, fractional
    parts drawn), rows sharing a minimal-pair id kept in one batch, batches of similar length
    (sorted by characters inside shuffled windows of ``bucket_batches`` batches, so padding is
    small), batch order shuffled. Deterministic in (seed, pass_index)."""
    rng = np.random.default_rng([seed, pass_index])
    repeat = repeat or {}
    groups: dict[str, list[int]] = {}
    units: list[list[int]] = []
    for i, (src, pair) in enumerate(zip(sources, pairs)):
        if pairs_in_batch and pair:
            groups.setdefault(pair, []).append(i)
        else:
            units.extend([i] for _ in range(_copies(repeat.get(src, 1.0), rng)))
    for members in groups.values():
        units.extend(list(members) for _ in range(_copies(repeat.get(sources[members[0]], 1.0), rng)))
    order = rng.permutation(len(units))
    window = bucket_batches * batch_size
    batches: list[np.ndarray] = []
    pos = 0
    while pos < len(order):
        chunk, size = [], 0
        while pos < len(order) and size < window:
            unit = units[order[pos]]
            chunk.append(unit)
            size += len(unit)
            pos += 1
        chunk.sort(key=lambda u: max(len(texts[i]) for i in u))
        current: list[int] = []
        for unit in chunk:
            current.extend(unit)
            if len(current) >= batch_size:
                batches.append(np.asarray(current))
                current = []
        if current:
            batches.append(np.asarray(current))
    return [batches[i] for i in rng.permutation(len(batches))]


class BatchPlan:
    """Which rows each optimiser step trains on, reproducible from the config so that a resumed
    run continues with the very batches it would have seen (``steps_from(step)``)."""

    def __init__(self, cfg: TransformerConfig, rows: list[dict[str, Any]], weights: np.ndarray) -> None:
        self.cfg, self.weights = cfg, weights
        self.mode = cfg.sampling.mode
        self.texts = [r["text"] for r in rows]
        self.sources = [r["source"] for r in rows]
        self.pairs = [(r.get("meta") or {}).get("pair") for r in rows]
        if self.mode == "passes":
            self.steps_per_pass = len(self._pass(0))
            self.total_steps = max(1, math.ceil(cfg.train.passes * self.steps_per_pass))
        else:
            self.total_steps = cfg.train.epochs * cfg.train.steps_per_epoch
        if cfg.train.max_steps:
            self.total_steps = min(self.total_steps, cfg.train.max_steps)

    def _pass(self, p: int) -> list[np.ndarray]:
        s = self.cfg.sampling
        return pass_batches(self.texts, self.sources, self.pairs, self.cfg.train.batch_size, self.cfg.train.seed, p,
                            s.repeat, s.pairs_in_batch, s.bucket_batches)

    def steps_from(self, start: int):
        """Yield the row indices of steps ``start .. total_steps - 1``."""
        step, unit = 0, 0
        spe = self.cfg.train.steps_per_epoch
        while step < self.total_steps:
            if self.mode == "passes":
                batches = self._pass(unit)
            else:
                rng = np.random.default_rng([self.cfg.train.seed, unit])
                batches = list(rng.choice(len(self.texts), size=(spe, self.cfg.train.batch_size), p=self.weights))
            if step + len(batches) <= start:
                step += len(batches)
                unit += 1
                continue
            for k in range(max(0, start - step), len(batches)):
                if step + k >= self.total_steps:
                    return
                yield batches[k]
            step += len(batches)
            unit += 1


def _row_weights(cfg: TransformerConfig, rows: list[dict[str, Any]]) -> np.ndarray:
    """How often each row is trained on (for ``pos_weight``): balanced sampling weights, or the
    per-source repeat factors of a pass."""
    if cfg.sampling.mode == "passes":
        w = np.array([cfg.sampling.repeat.get(r["source"], 1.0) for r in rows], dtype=np.float64)
        return w / w.sum()
    return sampling_weights(rows, cfg.sampling.balance, cfg.sampling.alpha)


def _make_optimizer(model, cfg: TransformerConfig, total_steps: int):
    import torch

    head_params = list(model.head.parameters())
    enc_params = [p for p in model.encoder.parameters() if p.requires_grad]
    decay = lambda p: p.ndim > 1  # noqa: E731
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for p in enc_params if decay(p)], "lr": cfg.train.lr, "weight_decay": cfg.train.weight_decay},
            {"params": [p for p in enc_params if not decay(p)], "lr": cfg.train.lr, "weight_decay": 0.0},
            {"params": head_params, "lr": cfg.train.head_lr, "weight_decay": 0.0},
        ]
    )
    warmup = min(cfg.train.warmup_steps, max(total_steps // 10, 1))

    def lr_lambda(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.05, 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total_steps - warmup))))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)


def _build_augmenter(cfg: TransformerConfig, train_rows: list[dict[str, Any]]):
    from polarscan.training.transformer.augment import Augmenter, load_hurtlex

    a = cfg.augment
    lexicon = {}
    if a.slur_prob > 0 and a.hurtlex_dir is not None and Path(a.hurtlex_dir).is_dir():
        langs_needed = sorted({r["lang"] for r in train_rows} | set(a.slur_extra_languages))
        lexicon = load_hurtlex(Path(a.hurtlex_dir), langs_needed, a.hurtlex_categories, a.hurtlex_level)
    return Augmenter(a.prob, a.obfuscations, a.word_rate, a.slur_prob if lexicon else 0.0, lexicon,
                     a.slur_extra_languages, cfg.train.seed), lexicon


def train_step(model, optimizer, scheduler, tokenizer, texts: list[str], y: np.ndarray, mask: np.ndarray, pos_weight,
               cfg: TransformerConfig, device, autocast) -> float:
    """One optimiser step on ``texts`` (dynamic padding); returns the loss."""
    import torch

    ids, att = encode(tokenizer, texts, cfg.model.max_length, device)
    with autocast():
        logits = model(ids, att)
    loss = masked_bce(logits.float(), torch.tensor(y, device=device), torch.tensor(mask, device=device), pos_weight)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], cfg.train.grad_clip)
    optimizer.step()
    scheduler.step()
    return loss.item()


@dataclass
class _Data:
    """The rows of a run and their label arrays."""

    train_rows: list[CorpusRow]
    dev_rows: list[CorpusRow]
    y_train: np.ndarray
    m_train: np.ndarray
    y_dev: np.ndarray
    m_dev: np.ndarray
    weights: np.ndarray
    pos_weight: np.ndarray


def _load_data(cfg: TransformerConfig, labels: tuple[str, ...]) -> _Data:
    rows = read_corpus(cfg.data.corpus, splits=["train", "dev"])
    train_rows = select_rows(rows, "train", cfg, cfg.data.max_rows_per_source, cfg.train.seed)
    dev_rows = select_rows(rows, "dev", cfg, cfg.data.dev_max_rows_per_source, cfg.train.seed, cfg.data.dev_keep_all_sources)
    if not train_rows or not dev_rows:
        raise ValueError(f"{cfg.data.corpus}: need train and dev rows, found {len(train_rows)} train / {len(dev_rows)} dev")
    y_train, m_train = label_matrix(train_rows, labels)
    y_dev, m_dev = label_matrix(dev_rows, labels)
    weights = _row_weights(cfg, train_rows)
    pos_weight = (positive_weights(y_train, m_train, weights, cfg.train.pos_weight_max) if cfg.train.pos_weight
                  else np.ones(len(labels), np.float32))
    return _Data(train_rows, dev_rows, y_train, m_train, y_dev, m_dev, weights, pos_weight)


@dataclass
class _Progress:
    """What a checkpoint saves and a resumed run restores, besides the weights."""

    step: int = 0
    epoch: int = 0
    best: float = -1.0
    best_step: int = 0
    bad_epochs: int = 0
    elapsed_before: float = 0.0


def _save_state(path: Path, optimizer, scheduler, progress: _Progress, elapsed: float, augmenter) -> None:
    import torch

    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "step": progress.step,
                "epoch": progress.epoch, "best": progress.best, "best_step": progress.best_step,
                "bad_epochs": progress.bad_epochs, "elapsed": elapsed, "py_rng": random.getstate(),
                "np_rng": np.random.get_state(), "torch_rng": torch.get_rng_state(), "aug_rng": augmenter.rng.getstate()},
               path)


def _resume(run: Path, model, optimizer, scheduler, augmenter, device) -> _Progress:
    """Restore weights, optimiser, scheduler, counters and every RNG from ``run/last``."""
    import torch
    from safetensors.torch import load_file

    state_path = run / "last" / "state.pt"
    state = torch.load(state_path, map_location=device, weights_only=False)
    model.encoder.load_state_dict(load_file(str(run / "last" / "encoder" / "model.safetensors")), strict=False)
    model.head.load_state_dict(load_file(str(run / "last" / "head.safetensors")))
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    random.setstate(state["py_rng"])
    np.random.set_state(state["np_rng"])
    torch.set_rng_state(state["torch_rng"])
    augmenter.rng.setstate(state["aug_rng"])
    progress = _Progress(state["step"], state["epoch"], state["best"], state["best_step"], state["bad_epochs"],
                         state.get("elapsed", 0.0))
    log.info("resumed from %s at step %d (round %d, best %.4f)", state_path, progress.step, progress.epoch, progress.best)
    return progress


def _build_model(cfg: TransformerConfig, n_labels: int, device):
    """(classifier on ``device`` with the configured frozen parts, tokenizer) from ``model.base``."""
    encoder, tokenizer = load_encoder(cfg.model.base)
    model = build_classifier(encoder, n_labels, cfg.model.pooling, cfg.model.dropout)
    apply_freezing(model, cfg.model.freeze_embeddings, cfg.model.freeze_layers)
    return model.to(device), tokenizer


def _write_result(run: Path, progress: _Progress, wall: float, stopped: str, config_path: str | None, **details: Any) -> None:
    """``result.json``: best step and score, steps, wall time, why it stopped, and run details."""
    (run / "result.json").write_text(json.dumps({
        "best_step": progress.best_step, "best_score": progress.best, "steps": progress.step, "wall_seconds": round(wall, 1),
        "stopped": stopped, "config_path": config_path, **details},
        indent=2) + "\n", encoding="utf-8")


def _record_round(run: Path, progress: _Progress, report: dict[str, Any], losses: list[float], seen: int, elapsed: float,
                  labels: tuple[str, ...], total_steps: int) -> bool:
    """Log an evaluation round, append its line to ``history.jsonl`` and keep the best score;
    returns whether the round improved on it."""
    improved = report["score"] > progress.best
    log.info("round %d step %d/%d loss %.4f elapsed %.1f min %s\n%s", progress.epoch, progress.step, total_steps,
             np.mean(losses) if losses else float("nan"), elapsed / 60, "(best)" if improved else "",
             _format_report(report, labels))
    with open(run / "history.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"epoch": progress.epoch, "step": progress.step, "loss": float(np.mean(losses)) if losses else None,
                             "elapsed_s": round(elapsed, 1), "posts_seen": seen, **report}) + "\n")
    if improved:
        progress.best, progress.best_step, progress.bad_epochs = report["score"], progress.step, 0
    else:
        progress.bad_epochs += 1
    return improved


def train(cfg: TransformerConfig, dev_report: DevReport, config_path: str | None = None) -> RunResult:
    """Fine-tune (see the module docstring); ``dev_report`` scores the dev rows after every round
    (``evaluation.selection.dev_report``; ``pipelines.train.train_transformer`` passes it).

    Kept as one loop on purpose (~80 lines): the step loop, the evaluation rounds and the
    checkpoints share the model, optimiser, plan and progress; data, model building, resume,
    round records and result.json are the helpers above."""
    import torch
    from tqdm.auto import tqdm

    t0 = time.time()
    labels = label_names()
    run = Path(cfg.train.output_dir)
    run.mkdir(parents=True, exist_ok=True)
    (run / "config.json").write_text(cfg.model_dump_json(indent=2) + "\n", encoding="utf-8")
    torch.set_num_threads(cfg.train.threads)
    _seed_everything(cfg.train.seed)
    device = _device(cfg.train.device)
    autocast, precision = precision_context(device, cfg.train.precision)

    data = _load_data(cfg, labels)
    plan = BatchPlan(cfg, data.train_rows, data.weights)
    log.info("train rows %d, dev rows %d; %s: %d steps of %d; precision %s; pos_weight %s", len(data.train_rows),
             len(data.dev_rows), cfg.sampling.mode, plan.total_steps, cfg.train.batch_size, precision,
             dict(zip(labels, data.pos_weight.round(2).tolist())))
    augmenter, lexicon = _build_augmenter(cfg, data.train_rows)

    model, tokenizer = _build_model(cfg, len(labels), device)
    optimizer, scheduler = _make_optimizer(model, cfg, plan.total_steps)
    pw = torch.tensor(data.pos_weight, device=device)
    head_meta = {"labels": list(labels), "pooling": cfg.model.pooling, "max_length": cfg.model.max_length,
                 "base": cfg.model.base, "pad_token_id": tokenizer.pad_token_id}
    state_path = run / "last" / "state.pt"
    progress = (_resume(run, model, optimizer, scheduler, augmenter, device) if cfg.train.resume and state_path.is_file()
                else _Progress())

    texts = [r.text for r in data.train_rows]
    langs_train = [r.lang for r in data.train_rows]
    dev_texts, dev_langs = [r.text for r in data.dev_rows], [r.lang for r in data.dev_rows]
    stopped = "epochs" if cfg.sampling.mode == "weighted" else "passes"
    budget = cfg.train.time_budget_minutes * 60 if cfg.train.time_budget_minutes else None
    seen = 0
    losses: list[float] = []
    bar = tqdm(total=plan.total_steps, initial=progress.step, desc="train", disable=not cfg.train.progress, mininterval=30,
               unit="step")
    model.train()
    for idx in plan.steps_from(progress.step):
        batch_texts = [augmenter(texts[i], langs_train[i], data.train_rows[i].labels) for i in idx]
        losses.append(train_step(model, optimizer, scheduler, tokenizer, batch_texts, data.y_train[idx], data.m_train[idx],
                                 pw, cfg, device, autocast))
        progress.step += 1
        seen += len(idx)
        bar.update(1)
        if progress.step % 20 == 0:
            bar.set_postfix(loss=f"{np.mean(losses[-50:]):.4f}", posts_s=f"{seen / max(time.time() - t0, 1e-9):.1f}")
        out_of_time = bool(budget and progress.elapsed_before + time.time() - t0 >= budget)
        if progress.step % cfg.train.steps_per_epoch and progress.step < plan.total_steps and not out_of_time:
            continue
        # an evaluation round: dev scores, history line, checkpoints
        progress.epoch += 1
        with autocast():
            scores = predict(model, tokenizer, dev_texts, cfg.model.max_length, cfg.train.eval_batch_size, device,
                             cfg.train.progress)
        model.train()
        report = dev_report(data.y_dev, data.m_dev, scores, dev_langs, labels, cfg.train.select_languages)
        elapsed = progress.elapsed_before + time.time() - t0
        if _record_round(run, progress, report, losses, seen, elapsed, labels, plan.total_steps):
            save_checkpoint(model, tokenizer, run / "best", {**head_meta, "step": progress.step, "dev_score": progress.best})
        losses = []
        save_checkpoint(model, tokenizer, run / "last", {**head_meta, "step": progress.step})
        _save_state(state_path, optimizer, scheduler, progress, elapsed, augmenter)
        if out_of_time:
            stopped = "max_steps" if cfg.train.max_steps and progress.step >= cfg.train.max_steps else "time budget"
            break
        if cfg.train.max_steps and progress.step >= cfg.train.max_steps:
            stopped = "max_steps"
        if progress.bad_epochs >= cfg.train.patience:
            stopped = f"early stopping (no dev improvement in {progress.bad_epochs} rounds)"
            break
    bar.close()
    wall = progress.elapsed_before + time.time() - t0
    _write_result(run, progress, wall, stopped, config_path, lexicon_languages=sorted(lexicon), pos_weight=data.pos_weight.tolist(),
                  precision=precision, train_rows=len(data.train_rows), total_steps=plan.total_steps,
                  hardware=_hardware(device, cfg.train.threads))
    return RunResult("transformer", run, wall, best_score=progress.best, best_step=progress.best_step, steps=progress.step,
                     stopped=stopped)


def _hardware(device, threads: int) -> dict[str, Any]:
    import os
    import platform

    import torch

    info = {"device": str(device), "torch_threads": threads, "cpus": os.cpu_count(), "machine": platform.machine()}
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(0)
    return info
