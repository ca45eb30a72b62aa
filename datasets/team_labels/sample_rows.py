"""Which corpus rows were labelled for polarisation (datasets/team_labels/README.md): a fixed-seed stratified sample.

    .venv/bin/python datasets/team_labels/sample_rows.py [data/corpus/corpus.jsonl] > ids.tsv

Prints `id<TAB>lang<TAB>split<TAB>stratum`, never texts. Within each stratum rows are ordered by
blake2b(SEED:id) and the first QUOTA are taken, so the sample does not depend on file order and a
rebuilt corpus with the same rows gives the same ids. A plain script (datasets/ is never a package).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict

SEED = 20261201
POLITICAL = {"politics", "ideology", "media"}
PROTECTED = {"racism", "migrants", "islamophobia", "antisemitism", "religion", "homophobia", "sexism"}
# per split (dev and test alike): Dutch 300, French 200
QUOTA = {
    "nl": {"appropriate": 110, "inappropriate": 20, "off_political": 70, "off_protected": 60, "off_individual_other": 40},
    "fr": {"mlma_normal": 30, "mlma_off_group": 45, "mlma_off_individual_other": 25,
           "cyber_offensive": 55, "cyber_not_offensive": 45},
}


def stratum(row: dict) -> tuple[str, str] | None:
    meta, off = row["meta"], row["labels"]["offensive"]
    if row["source"] == "imsypp_nl":
        kind, target = meta.get("type"), meta.get("target") or ""
        if kind in ("appropriate", "inappropriate"):
            return "nl", kind
        return "nl", "off_political" if target in POLITICAL else "off_protected" if target in PROTECTED else "off_individual_other"
    if row["lang"] != "fr":
        return None
    if row["source"] == "mlma":
        if off == 0:
            return "fr", "mlma_normal"
        return "fr", "mlma_off_individual_other" if meta.get("group") in ("individual", "other") else "mlma_off_group"
    if row["source"] == "cyberagressionado":
        return "fr", "cyber_offensive" if off == 1 else "cyber_not_offensive"
    return None


def sample(path: str) -> list[tuple[str, str, str, str]]:
    pools: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["split"] not in ("dev", "test"):
                continue
            got = stratum(row)
            if got:
                pools[(got[0], row["split"], got[1])].append(row["id"])
    out = []
    for lang, quotas in QUOTA.items():
        for split in ("dev", "test"):
            for name, n in quotas.items():
                ids = sorted(pools[(lang, split, name)],
                             key=lambda i: hashlib.blake2b(f"{SEED}:{i}".encode(), digest_size=8).hexdigest())
                out += [(i, lang, split, name) for i in ids[:n]]
    return out


if __name__ == "__main__":
    for rec in sample(sys.argv[1] if len(sys.argv) > 1 else "data/corpus/corpus.jsonl"):
        print("\t".join(rec))
