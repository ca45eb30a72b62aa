"""The review dashboard: queue sizes, decisions per reviewer and day, agreement between reviewers,
and precision/recall estimates of the model per language x label from reviewed posts.

Estimates (``estimates``) use each post's *effective* decision (``service.effective_decisions``:
the latest one, undo taken into account) read through ``service.honest_labels``; a label the
reviewer did not set is unknown and left out, never counted as a negative. For language g and
label L every post of g falls in one stratum:

- ``flagged``: the model flagged L (``posts.flag_labels``). Precision = share of true among the
  reviewed posts of this stratum whose L a person set, with a Wilson 95 % interval.
- ``queued_other``: the model did not flag L but the post is in the queue anyway (another label
  flagged, or a watch term); every such post is queued (probability 1).
- ``audit_near`` / ``audit_rest``: posts the model did not flag at all, drawn into the queue with
  probability p (``posts.audit_probability``, the rate when drawn). Each drawn post stands for 1/p
  unflagged posts: the stratum's size is estimated as sum(1/p) over drawn posts
  (Horvitz-Thompson) and its share of L-positives as the 1/p-weighted share among the drawn posts
  whose L was set.

Recall = TP / (TP + FN) with TP = N_flagged x precision and FN = the sum over the other strata of
(size x share of positives). Its 95 % interval is a seeded Monte-Carlo interval: each stratum's
share is drawn from its Jeffreys posterior Beta(k + 1/2, n - k + 1/2) (k, n: weighted positives
and posts labelled), recall is recomputed per draw, and the 2.5th and 97.5th percentiles are
reported, widened to include the estimate when it sits at 0 or 1 (no positive missed, or none
found: the draws never reach the boundary). Stratum sizes are taken as known (their sampling error is not in the interval). A stratum
with posts but no labelled one cannot be estimated: for ``queued_other`` it is left out of FN and
named in ``uncovered`` (the recall is then an upper bound); with no labelled audit post while
unflagged posts exist, or no labelled flagged post, recall is not estimated (null, with the reason).
The estimates describe the flags stored on the posts, i.e. of the model that scored each post last.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from itertools import combinations
from typing import Any, Sequence

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polarscan.models.taxonomy import label_names
from polarscan.serving.review import service
from polarscan.serving.review.models import Annotation, Post

Z95 = 1.959963984540054
STRATA = ("flagged", "queued_other", "audit_near", "audit_rest")
RECALL_CI = ("Monte-Carlo 95 % interval: per stratum the share of positives drawn from Beta(k+1/2, n-k+1/2) (Jeffreys), recall recomputed "
             "per draw, 2.5/97.5 percentiles (reaching 0 or 1 when the estimate is there); stratum sizes taken as known")


def wilson(k: float, n: float, z: float = Z95) -> list[float] | None:
    """Wilson score interval of a proportion k/n (None when n is 0)."""
    if n <= 0:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)]


def _stratum(post: dict[str, Any], label: str) -> str | None:
    if f",{label}," in post["flag_labels"]:
        return "flagged"
    if post["flag_labels"] != "," or post["watch"]:
        return "queued_other"
    if post["audit_probability"]:
        return "audit_near" if post["audit_stratum"] == "near" else "audit_rest"
    return None  # unflagged and not drawn: represented by the audit strata


def _posts_and_labels(session: Session) -> tuple[list[dict[str, Any]], dict[int, dict[str, bool | None]]]:
    posts = [
        {"id": pid, "lang": lang or "unknown", "flag_labels": flags or ",", "watch": bool(watch), "audit_stratum": stratum, "audit_probability": prob}
        for pid, lang, flags, watch, stratum, prob in session.execute(
            select(Post.id, Post.lang, Post.flag_labels, Post.watch_matches, Post.audit_stratum, Post.audit_probability)
        )
    ]
    labels = {pid: service.stored_labels(session, a) for pid, a in service.effective_decisions(session).items()}
    return posts, labels


def estimates(session: Session, *, draws: int = 4000, seed: int = 0) -> list[dict[str, Any]]:
    """Precision and recall per language x label (module docstring), with the samples behind them."""
    posts, labels = _posts_and_labels(session)
    rng = np.random.default_rng(seed)
    out = []
    for lang in sorted({p["lang"] for p in posts}):
        rows = [p for p in posts if p["lang"] == lang]
        for label in label_names():
            strata: dict[str, dict[str, float]] = {name: {"posts": 0, "size": 0.0, "labelled": 0, "positives": 0, "w": 0.0, "wk": 0.0} for name in STRATA}
            for p in rows:
                name = _stratum(p, label)
                if name is None:
                    continue
                s = strata[name]
                weight = 1.0 / p["audit_probability"] if name.startswith("audit") else 1.0
                s["posts"] += 1
                s["size"] += weight
                value = labels.get(p["id"], {}).get(label)
                if value is None:
                    continue  # not reviewed, or the reviewer left this label unknown
                s["labelled"] += 1
                s["positives"] += int(bool(value))
                s["w"] += weight
                s["wk"] += weight * bool(value)
            out.append({"lang": lang, "label": label, **_estimate(strata, rng, draws)})
    return out


def _estimate(strata: dict[str, dict[str, float]], rng: np.random.Generator, draws: int) -> dict[str, Any]:
    f = strata["flagged"]
    precision = {
        "estimate": round(f["positives"] / f["labelled"], 4) if f["labelled"] else None,
        "ci95": wilson(f["positives"], f["labelled"]),
        "method": "Wilson score interval",
        "positives": int(f["positives"]),
        "labelled": int(f["labelled"]),
        "flagged_posts": int(f["posts"]),
    }
    share = {name: (s["wk"] / s["w"] if s["w"] else None) for name, s in strata.items()}
    audit_posts = strata["audit_near"]["posts"] + strata["audit_rest"]["posts"]
    audit_labelled = strata["audit_near"]["labelled"] + strata["audit_rest"]["labelled"]
    uncovered = [name for name in ("queued_other", "audit_near", "audit_rest") if strata[name]["posts"] and not strata[name]["labelled"]]
    reason = None
    if not f["posts"] and not any(strata[n]["labelled"] for n in STRATA[1:]):
        reason = "no posts flagged and none labelled"
    elif f["posts"] and not f["labelled"]:
        reason = "no flagged post has this label set by a reviewer"
    elif not audit_posts:
        reason = "no audit sample: no unflagged post was drawn (POLARSCAN_AUDIT_RATE, POLARSCAN_AUDIT_NEAR_RATE)"
    elif not audit_labelled:
        reason = "no audit-sample post has this label set by a reviewer yet"
    recall: dict[str, Any] = {"estimate": None, "ci95": None, "method": RECALL_CI, "reason": reason}
    if reason is None:
        covered = [n for n in STRATA if strata[n]["w"]]
        sizes = np.array([strata[n]["size"] for n in covered])
        k = np.array([strata[n]["wk"] / strata[n]["w"] * strata[n]["labelled"] for n in covered])
        n = np.array([strata[n]["labelled"] for n in covered], dtype=float)
        point = np.array([share[c] for c in covered])
        sampled = rng.beta(k + 0.5, n - k + 0.5, size=(draws, len(covered)))
        is_tp = np.array([c == "flagged" for c in covered])

        def ratio(p: np.ndarray) -> np.ndarray:
            tp = (p * sizes)[..., is_tp].sum(axis=-1)
            fn = (p * sizes)[..., ~is_tp].sum(axis=-1)
            total = tp + fn
            return np.divide(tp, total, out=np.zeros_like(total), where=total > 0)

        if not float((point * sizes).sum()):
            recall["reason"] = "no positive found: every labelled post says no (recall has nothing to be a share of)"
        else:
            est = float(ratio(point))
            lo, hi = np.percentile(ratio(sampled), [2.5, 97.5])
            # as for the Jeffreys interval of a proportion (Brown, Cai & DasGupta 2001): at a boundary
            # estimate (no positive missed, or none found by the model) the interval reaches it
            lo, hi = min(float(lo), est), max(float(hi), est)
            recall.update(estimate=round(est, 4), ci95=[round(lo, 4), round(hi, 4)])
    recall["strata"] = [
        {
            "name": name,
            "posts": int(s["posts"]),
            "estimated_size": round(s["size"], 2),
            "labelled": int(s["labelled"]),
            "positives": int(s["positives"]),
            "weighted_share": None if share[name] is None else round(share[name], 4),
        }
        for name, s in strata.items()
    ]
    recall["uncovered"] = uncovered
    return {"precision": precision, "recall": recall}


def queue_counts(session: Session) -> list[dict[str, Any]]:
    """Posts per status x language x flagged label (``label`` null: posts with no model flag)."""
    counts: dict[tuple[str, str, str | None], int] = defaultdict(int)
    for status, lang, flags, n in session.execute(
        select(Post.status, Post.lang, Post.flag_labels, func.count()).group_by(Post.status, Post.lang, Post.flag_labels)
    ):
        names = [name for name in (flags or ",").strip(",").split(",") if name]
        for name in names or [None]:
            counts[(status, lang or "unknown", name)] += n
    return [{"status": s, "lang": g, "label": label, "posts": n} for (s, g, label), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or ""))]


def decisions_per_day(session: Session, days: int = 14) -> list[dict[str, Any]]:
    """Decisions (undo included, as its own action) per reviewer per UTC day, the last ``days`` days."""
    since = service.utcnow() - dt.timedelta(days=days)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for reviewer, action, at in session.execute(select(Annotation.reviewer, Annotation.action, Annotation.created_at).where(Annotation.created_at >= since)):
        counts[(at.date().isoformat(), reviewer, action)] += 1
    per: dict[tuple[str, str], dict[str, Any]] = {}
    for (day, reviewer, action), n in sorted(counts.items()):
        row = per.setdefault((day, reviewer), {"day": day, "reviewer": reviewer, "decisions": 0, "actions": {}})
        row["actions"][action] = n
        if action != "undo":
            row["decisions"] += n
    return list(per.values())


def agreement(session: Session) -> dict[str, Any]:
    """Where two or more reviewers decided the same post: per pair of reviewers, their effective
    decisions (each one's latest on the post, undo taken into account) agree on the action, and
    per label where both set it."""
    by_post: dict[int, list[Annotation]] = defaultdict(list)
    for a in session.scalars(select(Annotation).order_by(Annotation.id)):
        by_post[a.post_id].append(a)
    pairs = actions_agree = 0
    per_label = {name: {"pairs": 0, "agree": 0} for name in label_names()}
    posts = 0
    for annotations in by_post.values():
        latest: dict[str, Annotation] = {}
        for reviewer in {a.reviewer for a in annotations}:
            own = service.effective([a for a in annotations if a.reviewer == reviewer])
            if own is not None:
                latest[reviewer] = own
        if len(latest) < 2:
            continue
        posts += 1
        for a, b in combinations(sorted(latest.values(), key=lambda x: x.reviewer), 2):
            pairs += 1
            actions_agree += a.action == b.action
            la, lb = service.honest_labels(a), service.honest_labels(b)
            for name in per_label:
                if la[name] is not None and lb[name] is not None:
                    per_label[name]["pairs"] += 1
                    per_label[name]["agree"] += la[name] == lb[name]
    return {
        "posts": posts,
        "pairs": pairs,
        "action_agreement": round(actions_agree / pairs, 4) if pairs else None,
        "labels": {name: {**v, "rate": round(v["agree"] / v["pairs"], 4) if v["pairs"] else None} for name, v in per_label.items()},
    }


def dashboard(session: Session, *, seed: int = 0) -> dict[str, Any]:
    return {
        "generated_at": service.utcnow().isoformat(),
        "queue": queue_counts(session),
        "decisions_per_day": decisions_per_day(session),
        "agreement": agreement(session),
        "estimates": estimates(session, seed=seed),
        "recall_ci": RECALL_CI,
    }


__all__: Sequence[str] = ("dashboard", "estimates", "wilson", "agreement", "queue_counts", "decisions_per_day")
