#!/usr/bin/env python3
"""Reference values for the trainer's evaluation math (package dev.lethe.trainer.eval).

The Java tests in trainer/src/test/java/dev/lethe/trainer/eval compare the Java
implementations against what the Python libraries that TOFU and open-unlearning
use compute (docs/metrics.md):

    rouge-l.json     rouge_score.RougeScorer(['rougeL'], use_stemmer=...).score(ref, gen)
    ks-2samp.json    scipy.stats.ks_2samp(x, y).pvalue (two-sided, method 'auto')
    roc-auc.json     sklearn.metrics.roc_auc_score
    hmean.json       scipy.stats.hmean
    zlib.json        len(zlib.compress(text.encode('utf-8')))
    min-k.json       open-unlearning's Min-K% and Min-K%++ scores (src/evals/metrics/mia/)

CI never runs this script; it only reads the committed JSON files. Nothing is
downloaded. Run it from the repository root (Python 3.11, the versions pinned in
trainer/reference/requirements.txt):

    python3 -m venv /tmp/lethe-eval-venv
    /tmp/lethe-eval-venv/bin/pip install scipy==1.17.1 scikit-learn==1.9.1 \
        rouge_score==0.1.2 nltk==3.10.4 numpy==2.4.6
    /tmp/lethe-eval-venv/bin/python trainer/reference/make_eval_fixtures.py \
        --out trainer/src/test/resources/dev/lethe/trainer/eval

The output is deterministic (fixed seeds, no timing).
"""

from __future__ import annotations

import argparse
import json
import zlib
from importlib.metadata import version
from pathlib import Path

import numpy as np
import scipy.stats
from nltk.stem import porter
from rouge_score import rouge_scorer, tokenizers
from sklearn.metrics import roc_auc_score

# --------------------------------------------------------------------------------------
# ROUGE-L
# --------------------------------------------------------------------------------------

# Words whose NLTK Porter stem (rouge_score's stemmer, NLTK_EXTENSIONS mode) differs from
# OpenNLP 2.5.4's PorterStemmer, which the Java code uses: every word of the pairs below was
# stemmed both ways, and these are the ones that differ. A stemmed pair containing one of them
# is recorded with mustMatch = false. RougeLTest checks this list both ways: OpenNLP differs
# from NLTK on each of these words and agrees on every other word of the fixture ("stems").
OPENNLP_DIFFERS = {
    "ages", "biologies", "biology", "conditionally", "days", "died", "dies", "enjoying",
    "enjoys", "eyes", "hopefully", "inning", "innings", "keys", "news", "played", "plays",
    "skies", "they", "today", "used",
}

ROUGE_PAIRS = [
    # (reference, generated)
    ("The cat sat on the mat.", "The cat is on the mat"),
    ("Jaime Vasquez was born in Santiago, Chile.", "Jaime Vasquez was born in Santiago, Chile."),
    ("", "something generated"),
    ("a reference with words", ""),
    ("", ""),
    ("!!! ... ???", "hello there"),
    ("Hello WORLD", "hello world"),
    ("state-of-the-art, well-known; e.g. U.S.A.", "state of the art well known eg usa"),
    ("Born in 1965, she wrote 3 novels.", "She wrote 3 novels in 1965"),
    ("He was running and runs daily", "he runs and ran every morning"),
    ("The author's books explore identity and belonging",
     "The authors book explored identities and belongings"),
    ("Jaime Vasquez's father was a chef.", "Jaime Vasquez\u2019s father worked as a chef"),
    ("Zo\u00eb \u0141ukasz lived in Z\u00fcrich", "Zoe Lukasz lived in Zurich"),
    ("\u0130stanbul is a big city", "istanbul is a big city"),
    ("a a a b", "a b a b a"),
    ("alpha beta", "gamma delta"),
    ("one two three four five", "five four three two one"),
    ("She died in 1990 after many days", "she dies after a day"),
    ("They used the keys", "they use a key"),
    ("He played happily", "he plays happy"),
    ("generously generalizations", "generous general"),
    ("conditionally hopefully", "condition hope"),
    ("skies news innings", "sky news inning"),
    ("1990s 2nd 3rd", "1990 2nd third"),
    ("  tabs\tand\nnewlines  ", "tabs and newlines"),
    ("snake_case-word", "snake case word"),
    ("relational conditional rational", "relate condition ration"),
    ("cats dogs the", "cat dog the"),
    ("The novel 'Whispers of the Dunes' won the Hugo award in 2010.",
     "Whispers of the Dunes won an award"),
    ("running runner runs", "run"),
    ("I love it \U0001F642!", "i love it"),
    ("connection connected connecting", "connect connects"),
    ("Her eyes show her ages of biology study", "her eye shows her age of biologies"),
    ("He is enjoying today", "he enjoys the day"),
]


def _long_pair(rng: np.random.Generator) -> tuple[str, str]:
    vocab = ("the author wrote novels about memory loss family history grief war home city "
             "river mother father daughter award prize literary fiction poetry published "
             "received celebrated writing themes character").split()
    reference = " ".join(rng.choice(vocab, size=120))
    words = reference.split()
    generated = [w for w in words if rng.random() > 0.3] + list(rng.choice(vocab, size=20))
    head = generated[:40]
    rng.shuffle(head)
    return reference, " ".join(head + generated[40:])


def rouge_cases() -> dict:
    rng = np.random.default_rng(20240611)
    pairs = list(ROUGE_PAIRS) + [_long_pair(rng), _long_pair(rng)]
    cases = []
    for stem in (False, True):
        scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=stem)
        tokenizer = tokenizers.DefaultTokenizer(use_stemmer=stem)
        plain = tokenizers.DefaultTokenizer(use_stemmer=False)
        for reference, generated in pairs:
            score = scorer.score(reference, generated)["rougeL"]
            words = set(plain.tokenize(reference) + plain.tokenize(generated))
            cases.append({
                "reference": reference,
                "generated": generated,
                "stem": stem,
                "referenceTokens": tokenizer.tokenize(reference),
                "generatedTokens": tokenizer.tokenize(generated),
                "recall": score.recall,
                "precision": score.precision,
                "f1": score.fmeasure,
                "mustMatch": not (stem and words & OPENNLP_DIFFERS),
            })
    plain = tokenizers.DefaultTokenizer(use_stemmer=False)
    stemmer = porter.PorterStemmer()
    words = sorted({w for pair in pairs for text in pair for w in plain.tokenize(text) if len(w) > 3})
    return {"stems": {w: stemmer.stem(w) for w in words},
            "opennlpDiffers": sorted(OPENNLP_DIFFERS), "cases": cases}


# --------------------------------------------------------------------------------------
# Kolmogorov-Smirnov
# --------------------------------------------------------------------------------------

def _grid(n: int, step: float, offset: float) -> dict:
    """A sample the Java test rebuilds exactly: value_i = i * step + offset, i < n."""
    return {"grid": {"n": n, "step": step, "offset": offset}}


def _values(sample: dict) -> np.ndarray:
    if "grid" in sample:
        g = sample["grid"]
        return np.arange(g["n"], dtype=np.float64) * g["step"] + g["offset"]
    return np.asarray(sample["values"], dtype=np.float64)


def _explicit(values) -> dict:
    return {"values": [float(v) for v in values]}


def _asymptotic_shift(n: int, m: int, nx2: float) -> float:
    """The shift of a unit grid that gives en * D^2 ~= nx2 in the asymptotic branch."""
    en = round(n * m / (n + m))
    return float(np.sqrt(nx2 / en))


def ks_cases() -> dict:
    rng = np.random.default_rng(7)
    cases = []

    def add(name, x, y, branch):
        xv, yv = _values(x), _values(y)
        result = scipy.stats.ks_2samp(xv, yv)
        cases.append({"name": name, "branch": branch, "x": x, "y": y,
                      "statistic": float(result.statistic), "pValue": float(result.pvalue)})

    # open-unlearning docs/repro.md, GradAscent forget05 / forget10: completely separated.
    add("separated 200 vs 200", _grid(200, 1.0, 0.0), _grid(200, 1.0, 1000.0), "exact square")
    add("separated 400 vs 400", _grid(400, 1.0, 0.0), _grid(400, 1.0, 1000.0), "exact square")
    add("separated 300 vs 250", _grid(300, 1.0, 0.0), _grid(250, 1.0, 1000.0), "exact band")
    add("separated 400 vs 399", _grid(400, 1.0, 0.0), _grid(399, 1.0, 1000.0), "exact band")
    add("ties small", _explicit([0.1, 0.2, 0.2, 0.3, 0.5]), _explicit([0.2, 0.2, 0.4, 0.6]),
        "exact band")
    add("identical", _explicit([1, 2, 3]), _explicit([1, 2, 3]), "h = 0")
    add("one vs one", _explicit([0.5]), _explicit([0.7]), "exact square")
    add("one vs three", _explicit([0.5]), _explicit([0.1, 0.2, 0.9]), "exact band")
    add("signed zeros and infinities", _explicit([-0.0, 1.0, float("-inf")]),
        _explicit([0.0, 2.0, float("inf"), 1.0]), "exact band")
    add("normal 30 vs 47", _explicit(np.round(rng.normal(0, 1, 30), 6)),
        _explicit(np.round(rng.normal(0.5, 1, 47), 6)), "exact band")
    add("normal 100 vs 100", _explicit(np.round(rng.normal(0, 1, 100), 6)),
        _explicit(np.round(rng.normal(0.3, 1, 100), 6)), "exact square")
    add("integer ties 60 vs 80", _explicit(rng.integers(0, 5, 60)),
        _explicit(rng.integers(1, 6, 80)), "exact band")
    add("n*m above 10000: 150 vs 173", _explicit(np.round(rng.normal(0, 1, 150), 5)),
        _explicit(np.round(rng.normal(0.2, 1.1, 173), 5)), "exact band")
    add("truth ratios 200 vs 200", _explicit(np.round(rng.lognormal(-0.6, 0.4, 200), 6)),
        _explicit(np.round(rng.lognormal(-0.5, 0.45, 200), 6)), "exact square")
    add("rounded ties 400 vs 400", _explicit(np.round(rng.lognormal(-0.6, 0.4, 400), 2)),
        _explicit(np.round(rng.lognormal(-0.7, 0.4, 400), 2)), "exact square")
    add("grids 2000 vs 3000", _grid(2000, 1 / 2000, 0.0), _grid(3000, 1 / 3000, 0.031),
        "exact band")
    add("grids 9999 vs 10000", _grid(9999, 1 / 9999, 0.0), _grid(10000, 1 / 10000, 0.0123),
        "exact band")
    # max(n, m) > 10000: scipy uses kstwo.sf(D, round(n m / (n + m))); one case per branch
    # of its scipy.stats._ksstats._kolmogn.
    for nx2, branch in ((0.5, "n <= 140, Durbin"), (2.0, "n <= 140, Pomeranz"),
                        (9.0, "n <= 140, 2 smirnov")):
        add(f"asymptotic 10001 vs 50, en D^2 = {nx2}", _grid(10001, 1 / 10001, 0.0),
            _grid(50, 1 / 50, _asymptotic_shift(10001, 50, nx2)), "asymptotic " + branch)
    for nx2, branch in ((0.17, "n > 140, Durbin"), (0.6, "n > 140, Pelz-Good"),
                        (1.5, "n > 140, Pelz-Good"), (4.0, "n > 140, 2 smirnov"),
                        (60.0, "n > 140, 2 smirnov")):
        add(f"asymptotic 12000 vs 600, en D^2 = {nx2}", _grid(12000, 1 / 12000, 0.0),
            _grid(600, 1 / 600, _asymptotic_shift(12000, 600, nx2)), "asymptotic " + branch)
    add("asymptotic separated 12000 vs 600", _grid(12000, 1.0, 0.0),
        _grid(600, 1.0, 1e6), "asymptotic en D^2 >= 370")
    add("asymptotic 20000 vs 15000", _grid(20000, 1 / 20000, 0.0),
        _grid(15000, 1 / 15000, 0.017), "asymptotic n > 140, 2 smirnov")
    add("asymptotic 30 vs 10001, D = 1 - 1/30", _grid(30, 1.0, 0.0),
        _grid(10001, 0.8 / 10001, 0.1), "asymptotic n D >= n - 1")
    return {"cases": cases}


# --------------------------------------------------------------------------------------
# ROC AUC, harmonic mean, zlib, Min-K%
# --------------------------------------------------------------------------------------

def auc_cases() -> dict:
    rng = np.random.default_rng(11)
    crafted = [
        ("perfect", [0.1, 0.2, 0.3], [0.4, 0.5]),
        ("reversed", [0.4, 0.5], [0.1, 0.2, 0.3]),
        ("all tied", [1.0, 1.0], [1.0, 1.0, 1.0]),
        ("partial ties", [0.1, 0.4, 0.4, 0.8], [0.4, 0.4, 0.9]),
        ("one each", [2.0], [1.0]),
        ("random ties", list(rng.integers(0, 10, 50).astype(float)),
         list(rng.integers(2, 12, 70).astype(float))),
        ("random continuous", list(np.round(rng.normal(2.0, 0.5, 200), 6)),
         list(np.round(rng.normal(2.2, 0.5, 150), 6))),
    ]
    cases = []
    for name, negatives, positives in crafted:
        labels = [0] * len(negatives) + [1] * len(positives)
        auc = roc_auc_score(labels, list(negatives) + list(positives))
        cases.append({"name": name, "negatives": [float(v) for v in negatives],
                      "positives": [float(v) for v in positives], "auc": float(auc)})
    return {"cases": cases}


def hmean_cases() -> dict:
    crafted = [[1.0], [1.0, 2.0, 4.0], [0.5, 0.5], [0.63, 0.41, 0.52, 0.91, 0.87, 0.6, 0.33, 0.44, 0.7],
               [0.0, 0.5, 0.9], [1e-12, 1.0], [3.0, 3.0, 3.0]]
    return {"cases": [{"values": v, "hmean": float(scipy.stats.hmean(v))} for v in crafted]}


def zlib_cases() -> dict:
    rng = np.random.default_rng(3)
    words = "the of and a in to author novel wrote born city prize his her was".split()
    texts = [
        "",
        "a",
        "Jaime Vasquez was born in Santiago, Chile, in 1958.",
        "ab" * 500,
        "Zo\u00eb \u0141ukasz lived in Z\u00fcrich, wrote \u6771\u4eac\u7269\u8a9e and smiled \U0001F642.",
        "\u00e9\u00e8\u00ea" * 40,
        " ".join(rng.choice(words, size=2000)),
        "".join(chr(c) for c in rng.integers(32, 127, 40000)),
    ]
    return {"zlibRuntimeVersion": zlib.ZLIB_RUNTIME_VERSION,
            "cases": [{"text": t, "length": len(zlib.compress(t.encode("utf-8")))} for t in texts]}


def _min_k(token_log_probs: np.ndarray, k: float) -> float:
    # open-unlearning src/evals/metrics/mia/min_k.py: MinKProbAttack.compute_score
    num_k = max(1, int(len(token_log_probs) * k))
    return float(-np.mean(np.sort(token_log_probs)[:num_k]))


def min_k_cases() -> dict:
    rng = np.random.default_rng(5)
    cases = []
    for n in (1, 2, 3, 5, 10, 37):
        for k in (0.2, 0.4, 0.6, 1.0):
            logits = rng.normal(0, 3, (n, 11))
            if n == 5:
                logits[2, 4] = 60.0  # a near-certain token: variance below 1e-6, clamped
            log_probs = logits - np.log(np.exp(logits).sum(-1, keepdims=True))  # [n, V]
            targets = rng.integers(0, 11, n)
            token_log_probs = log_probs[np.arange(n), targets]
            # open-unlearning src/evals/metrics/mia/min_k_plus_plus.py, in float64
            probs = np.exp(log_probs)
            mu = (probs * log_probs).sum(-1)
            variance = (probs * np.square(log_probs)).sum(-1) - np.square(mu)
            scores = (token_log_probs - mu) / np.sqrt(np.clip(variance, 1e-6, None))
            cases.append({
                "k": k,
                "tokenLogProbs": token_log_probs.tolist(),
                "means": mu.tolist(),
                "variances": variance.tolist(),
                "minK": _min_k(token_log_probs, k),
                "minKPlusPlus": _min_k(scores, k),
            })
    return {"cases": cases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    versions = {p: version(p) for p in ("scipy", "scikit-learn", "rouge_score", "nltk", "numpy")}
    for name, make in (("rouge-l", rouge_cases), ("ks-2samp", ks_cases), ("roc-auc", auc_cases),
                       ("hmean", hmean_cases), ("zlib", zlib_cases), ("min-k", min_k_cases)):
        fixture = {"versions": versions, **make()}
        path = args.out / f"{name}.json"
        path.write_text(json.dumps(fixture, indent=1, ensure_ascii=True) + "\n")
        print(f"{path}: {len(fixture['cases'])} cases")


if __name__ == "__main__":
    main()
