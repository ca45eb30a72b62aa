"""Vocabulary trimming: keep the SentencePiece pieces that nl/fr/ar/en/de need, drop the rest
of the 250k-piece multilingual vocabulary, remap the embedding matrix and the Unigram tokenizer.

Which pieces are kept (in this order, up to ``max_pieces``):

1. the special tokens (``<s> <pad> </s> <unk> <mask>``);
2. every piece the tokenizer produces on the corpus texts (train and dev splits only; never test);
3. every piece it produces on large word lists that Debian packages (``wdutch``, ``wfrench``,
   ``wngerman``, ``wamerican``, ``hunspell-ar``; words normalised like posts), so Dutch - which has
   no training posts - is not starved;
4. the remaining pieces with the highest Unigram scores (the most frequent pieces of the original
   SentencePiece training) until ``max_pieces``.

Kept pieces keep their relative order (so ``<s>=0 <pad>=1 </s>=2 <unk>=3`` stay) and their
scores; text that needed a dropped piece is segmented by Viterbi into smaller kept pieces, which
changes a few token sequences: measure the cost on dev (``export_run(..., trim_to=N)`` records
it in the bundle; ``evaluation.selection.compare_on_dev`` scores full and trimmed bundles on the same dev rows).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

DEFAULT_WORDLISTS = {
    "nl": "/usr/share/dict/dutch",
    "fr": "/usr/share/dict/french",
    "de": "/usr/share/dict/ngerman",
    "en": "/usr/share/dict/american-english",
    "ar": "/usr/share/hunspell/ar.dic",
}
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


def read_wordlist(path: Path | str) -> list[str]:
    """Words of a Debian word list (one per line) or a hunspell ``.dic`` (count line, ``word/FLAGS``),
    normalised like posts."""
    from polarscan.models.normalize import normalize

    path = Path(path)
    words = set()
    with open(path, encoding="utf-8", errors="ignore") as fh:
        for i, line in enumerate(fh):
            if path.suffix == ".dic" and i == 0:
                continue
            word = line.strip().split("/")[0]
            if word:
                words.add(normalize(word))
    return sorted(w for w in words if w)


def piece_counts(tokenizer, texts: list[str], chunk: int = 5000) -> Counter:
    counts: Counter = Counter()
    for i in range(0, len(texts), chunk):
        for enc in tokenizer.encode_batch(texts[i : i + chunk], add_special_tokens=False):
            counts.update(enc.ids)
    return counts


def choose_pieces(tokenizer_json: Path | str, texts: list[str], max_pieces: int,
                  wordlists: dict[str, str] | None = None) -> tuple[list[int], dict[str, Any]]:
    """Ids to keep (sorted) and a report of where they came from."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_json))
    spec = json.loads(Path(tokenizer_json).read_text(encoding="utf-8"))
    vocab = spec["model"]["vocab"]
    keep: list[int] = []
    seen: set[int] = set()

    def add(ids) -> int:
        n = 0
        for i in ids:
            if i not in seen and len(keep) < max_pieces:
                seen.add(i)
                keep.append(i)
                n += 1
        return n

    report: dict[str, Any] = {"original": len(vocab), "max_pieces": max_pieces}
    report["specials"] = add(i for i, (p, _) in enumerate(vocab) if p in SPECIALS)
    corpus = piece_counts(tok, texts)
    report["corpus_texts"] = len(texts)
    report["corpus_pieces"] = add(i for i, _ in corpus.most_common())
    report["wordlists"] = {}
    lists = DEFAULT_WORDLISTS if wordlists is None else wordlists
    word_counts = {}
    for lang, path in lists.items():
        if not Path(path).is_file():
            report["wordlists"][lang] = f"missing: {path} (apt-get install wdutch wfrench wngerman wamerican hunspell-ar)"
            continue
        words = read_wordlist(path)
        word_counts[lang] = piece_counts(tok, words)
        report["wordlists"][lang] = {"path": str(path), "words": len(words), "pieces": len(word_counts[lang])}
    # round-robin over languages by frequency so that no language is starved if the cap bites
    ranked = {lang: [i for i, _ in c.most_common()] for lang, c in word_counts.items()}
    merged = []
    for k in range(max((len(v) for v in ranked.values()), default=0)):
        for lang in ranked:
            if k < len(ranked[lang]):
                merged.append(ranked[lang][k])
    report["wordlist_pieces"] = add(merged)
    by_score = sorted(range(len(vocab)), key=lambda i: -vocab[i][1])
    report["score_fill"] = add(by_score)
    kept = sorted(keep)
    total = sum(corpus.values())
    report["kept"] = len(kept)
    report["corpus_token_coverage"] = round(sum(c for i, c in corpus.items() if i in seen) / total, 6) if total else None
    return kept, report


def trim_tokenizer_json(tokenizer_json: Path | str, kept: list[int], out_path: Path | str) -> dict[int, int]:
    """Write a tokenizer.json restricted to ``kept`` ids; returns old id -> new id."""
    spec = json.loads(Path(tokenizer_json).read_text(encoding="utf-8"))
    old_to_new = {old: new for new, old in enumerate(kept)}
    model = spec["model"]
    if model.get("type") != "Unigram":
        raise ValueError(f"vocabulary trimming supports Unigram tokenizers, found {model.get('type')}")
    model["vocab"] = [model["vocab"][i] for i in kept]
    if model.get("unk_id") is not None:
        model["unk_id"] = old_to_new[model["unk_id"]]
    pieces = {p: i for i, (p, _) in enumerate(model["vocab"])}
    for added in spec.get("added_tokens", []):
        added["id"] = pieces[added["content"]]
    post = spec.get("post_processor") or {}
    for token in (post.get("special_tokens") or {}).values():
        token["ids"] = [pieces[t] for t in token["tokens"]]
    Path(out_path).write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return old_to_new


def trim_checkpoint(ckpt: Path | str, out: Path | str, *, corpus: Path | str, max_pieces: int = 56000,
                    wordlists: dict[str, str] | None = None, splits: tuple[str, ...] = ("train", "dev")) -> dict[str, Any]:
    """Trim a checkpoint written by ``train.save_checkpoint`` into ``out`` (same layout)."""
    import torch
    from transformers import PreTrainedTokenizerFast

    from polarscan.models.corpus import iter_corpus
    from polarscan.training.transformer.train import load_checkpoint, save_checkpoint

    ckpt, out = Path(ckpt), Path(out)
    texts = [row.text for row in iter_corpus(corpus, splits)]
    tok_json = ckpt / "encoder" / "tokenizer.json"
    kept, report = choose_pieces(tok_json, texts, max_pieces, wordlists)
    out.mkdir(parents=True, exist_ok=True)
    new_tok_json = out / "tokenizer.trimmed.json"
    old_to_new = trim_tokenizer_json(tok_json, kept, new_tok_json)
    model, tokenizer, meta = load_checkpoint(ckpt)
    old = model.encoder.get_input_embeddings().weight.detach()
    pad = old_to_new[int(meta.get("pad_token_id") or 1)]
    emb = torch.nn.Embedding(len(kept), old.shape[1], padding_idx=pad)
    with torch.no_grad():
        emb.weight.copy_(old[torch.tensor(kept, dtype=torch.long)])
    model.encoder.set_input_embeddings(emb)
    model.encoder.config.vocab_size = len(kept)
    model.encoder.config.pad_token_id = pad
    for attr in ("bos_token_id", "eos_token_id"):
        value = getattr(model.encoder.config, attr, None)
        if value is not None:
            setattr(model.encoder.config, attr, old_to_new[value])
    fast = PreTrainedTokenizerFast(
        tokenizer_file=str(new_tok_json), bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
        cls_token="<s>", sep_token="</s>", mask_token="<mask>", model_max_length=tokenizer.model_max_length,
    )
    save_checkpoint(model, fast, out, {**meta, "pad_token_id": pad, "trimmed_from": str(ckpt), "vocab_kept": len(kept)})
    new_tok_json.unlink()
    (out / "trim_report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report
