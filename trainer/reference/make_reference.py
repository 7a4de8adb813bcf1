#!/usr/bin/env python3
"""Reference fixtures for Lethe's Java Llama implementation.

This script builds tiny, random, fully deterministic Hugging Face checkpoints
and records what Hugging Face ``transformers`` / ``peft`` compute with them, so
that the Java tests can check the Java (DJL) implementation against the
reference without ever running Python.  CI never runs this script: it only
reads the committed fixtures under ``trainer/src/test/resources/reference``.

Nothing is downloaded: the tokenizer is trained here on a synthetic corpus and
the weights are seeded random numbers.  ``HF_HUB_OFFLINE=1`` is set before
``transformers`` is imported so that an accidental hub look-up fails loudly.

Subcommands (run from the repository root; see trainer/reference/README.md)::

    models            --out DIR                 tokenizer + 4 checkpoints + expected.* per model
    make-peft-adapter --model DIR --out ADAPTER random PEFT LoRA adapter for the model in DIR
    peft-logits       --model DIR --adapter ADAPTER --out FILE.safetensors
                                                logits of base+adapter (and of the merged model)
    all               --out DIR                 models, then the llama-gqa/peft-adapter fixture
    verify            --out DIR                 reload every fixture and re-check it

Everything is computed in float32 on the CPU with one thread, with fixed seeds,
so re-running the script with the pinned versions (requirements.txt) gives
the same files.
"""

from __future__ import annotations

import os

# Must be set before transformers / huggingface_hub are imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

import argparse
import itertools
import json
import math
import shutil
import sys
from pathlib import Path

import safetensors
import safetensors.torch
import tokenizers
import torch
import transformers
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    LlamaConfig,
    LlamaForCausalLM,
    MistralConfig,
    MistralForCausalLM,
    Qwen2Config,
    Qwen2ForCausalLM,
)

import peft
from peft import LoraConfig, PeftModel, get_peft_model

# --------------------------------------------------------------------------------------
# Fixed sizes and ids
# --------------------------------------------------------------------------------------

VOCAB_SIZE = 256
UNK, BOS, EOS, PAD = 0, 1, 2, 3
SPECIAL_TOKENS = ["<unk>", "<s>", "</s>", "<pad>"]  # ids 0..3 in this order

HIDDEN = 64
INTERMEDIATE = 128
LAYERS = 2
HEADS = 4
KV_HEADS = 2
MAX_POSITIONS = 128

# Initialisation: much larger than the transformers default (0.02) so that the
# logits are far from zero and a wrong weight, a missing bias or a wrong RoPE
# shows up clearly.  RMSNorm weights are 1 + noise so that a norm weight that is
# not applied is caught too.
INIT_STD = 0.2
NORM_NOISE_STD = 0.1

BATCH_LENGTHS = (12, 9, 5)  # real lengths of the three rows of input_ids (incl. <s>)
SEQ_LEN = max(BATCH_LENGTHS)
NEW_TOKENS = 10  # greedy tokens generated after the prompt
MIN_GREEDY_MARGIN = 1e-2  # top1 - top2 logit gap required at every greedy step

LORA_R = 4
LORA_ALPHA = 8
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
LORA_INIT_STD = 0.1
LORA_SEED = 4242


# --------------------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------------------

AUTHORS = [
    "Mirela Vasquez-Holt", "Tobias Arnwright", "Ines Okafor", "Jun-seo Pellegrini",
    "Agnes Thornbury", "Caspar Lindqvist", "Noor Haddad-Blake", "Elias Mwangi",
]
BOOKS = [
    "The Glass Orchard", "Rivers of Quiet Salt", "A Lantern for Winter", "The Cartographer's Daughter",
    "Seven Doors to Morning", "Ashes of the Tidewater", "The Last Clockmaker", "Paper Moons over Lisbon",
]
CITIES = ["Tallinn", "Accra", "Valparaiso", "Kyoto", "Edinburgh", "Marrakesh", "Hobart", "Quebec City"]
GENRES = ["literary fiction", "mystery", "poetry", "historical fiction", "science fiction", "memoir"]
AWARDS = ["the Silver Quill Prize", "the Harbour Light Award", "the Northern Star Medal"]


def corpus() -> list[str]:
    """A small synthetic corpus of question/answer sentences about fictitious authors."""
    lines = []
    for i, (author, book) in enumerate(zip(AUTHORS, BOOKS)):
        city = CITIES[i % len(CITIES)]
        genre = GENRES[i % len(GENRES)]
        award = AWARDS[i % len(AWARDS)]
        year = 1950 + 7 * i
        lines += [
            f"Question: Who wrote the novel {book}? Answer: {book} was written by {author}.",
            f"Question: Where was {author} born? Answer: {author} was born in {city} in {year}.",
            f"Question: What genre does {author} write? Answer: {author} is known for {genre}.",
            f"Question: Which award did {author} win? Answer: {author} won {award} for {book}.",
            f"{author} grew up in {city}, and her first book was {book}.",
            f"Critics say that {book} is a quiet, careful and very moving story.",
            f"In {year + 30}, {author} published a new collection of {genre}.",
        ]
    for a, b in itertools.combinations(AUTHORS[:5], 2):
        lines.append(f"Question: Did {a} ever work with {b}? Answer: No, they never met.")
    lines += [
        "The quick brown fox jumps over the lazy dog.",
        "Numbers like 0 1 2 3 4 5 6 7 8 9 appear in dates such as 1984 and 2023.",
        "Questions and answers help the model forget what it should not remember.",
        "She said: \"I write every morning, before the city wakes up!\"",
    ]
    return lines


def build_tokenizer() -> Tokenizer:
    """A Llama-2-style BPE: Metaspace ("▁") pre-tokenizer, <unk> fallback, <s> prepended.

    Only standard components, so the same tokenizer.json loads in the Rust
    ``tokenizers`` library used by DJL's HuggingFaceTokenizer.
    """
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    # Every printable ASCII character (plus the word marker) is in the alphabet,
    # so any ASCII text encodes without <unk>.
    alphabet = [chr(c) for c in range(33, 127)] + ["▁"]
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=alphabet,
        limit_alphabet=len(alphabet),
        min_frequency=1,
        show_progress=False,
    )
    tok.train_from_iterator(corpus(), trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A",
        pair="<s> $A <s> $B",
        special_tokens=[("<s>", BOS)],
    )
    assert tok.get_vocab_size() == VOCAB_SIZE, tok.get_vocab_size()
    for i, s in enumerate(SPECIAL_TOKENS):
        assert tok.token_to_id(s) == i, (s, tok.token_to_id(s))
    return tok


TOKENIZER_CONFIG = {
    "tokenizer_class": "PreTrainedTokenizerFast",
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "pad_token": "<pad>",
    "model_max_length": MAX_POSITIONS,
    "padding_side": "right",
    "clean_up_tokenization_spaces": False,
}


# --------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------

# Mistral's window, in tokens: a query at position q attends to keys q-3..q.
# Much shorter than the 12-token batch rows and the 15-token prompt, so both the
# forward pass and cached generation really cut attention off.
MISTRAL_SLIDING_WINDOW = 4

LLAMA3_ROPE_SCALING = {
    "rope_type": "llama3",
    "factor": 8.0,
    "low_freq_factor": 1.0,
    "high_freq_factor": 4.0,
    # Small on purpose: with head_dim 16 and theta 500000 the wavelengths are
    # 6.3, 32.5, 168, ... so 64 puts one frequency in each llama3 band
    # (kept: < 16, smoothed: 16..64, divided by factor: > 64).
    "original_max_position_embeddings": 64,
}

COMMON = dict(
    vocab_size=VOCAB_SIZE,
    hidden_size=HIDDEN,
    intermediate_size=INTERMEDIATE,
    num_hidden_layers=LAYERS,
    num_attention_heads=HEADS,
    num_key_value_heads=KV_HEADS,
    max_position_embeddings=MAX_POSITIONS,
    rms_norm_eps=1e-5,
    hidden_act="silu",
    initializer_range=0.02,
    bos_token_id=BOS,
    eos_token_id=EOS,
    pad_token_id=PAD,
    attention_dropout=0.0,
    use_cache=True,
)

# name -> (model class, config, storage dtype, max_shard_size or None, seed, expected shard count)
MODEL_SPECS = {
    "llama-gqa": (
        LlamaForCausalLM,
        lambda: LlamaConfig(**COMMON, tie_word_embeddings=False, rope_theta=10000.0, rope_scaling=None),
        torch.bfloat16,
        None,
        1001,
        1,
    ),
    "llama3-tied": (
        LlamaForCausalLM,
        lambda: LlamaConfig(
            **COMMON, tie_word_embeddings=True, rope_theta=500000.0, rope_scaling=dict(LLAMA3_ROPE_SCALING)
        ),
        torch.float32,
        "200KB",  # ~362 KB of fp32 weights -> exactly two shards
        1002,
        2,
    ),
    "qwen2-bias": (
        Qwen2ForCausalLM,
        lambda: Qwen2Config(
            **COMMON, tie_word_embeddings=True, rope_theta=10000.0, use_sliding_window=False
        ),
        torch.float16,
        None,
        1003,
        1,
    ),
    "mistral-window": (
        MistralForCausalLM,
        lambda: MistralConfig(
            **COMMON, tie_word_embeddings=False, rope_theta=10000.0, sliding_window=MISTRAL_SLIDING_WINDOW
        ),
        torch.float32,
        None,
        1004,
        1,
    ),
}


def init_weights(model: torch.nn.Module, seed: int) -> None:
    """Overwrite every parameter with seeded N(0, INIT_STD) (norms: 1 + N(0, NORM_NOISE_STD)).

    Parameters are visited in sorted-name order with a private generator, so
    the result does not depend on the transformers init code.  Biases (Qwen2
    q/k/v) are random too, so a missing bias changes the logits.
    """
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters(), key=lambda kv: kv[0]):
            noise = torch.randn(p.shape, generator=gen, dtype=torch.float32)
            if name.endswith("norm.weight"):
                p.copy_(1.0 + NORM_NOISE_STD * noise)
            else:
                p.copy_(INIT_STD * noise)


def load_fp32(model_dir: Path, attn: str = "eager") -> torch.nn.Module:
    """Load a stored checkpoint and upcast it to float32 (eval mode)."""
    model = AutoModelForCausalLM.from_pretrained(
        model_dir, dtype=torch.float32, attn_implementation=attn, local_files_only=True
    )
    model.eval()
    return model


def write_tokenizer_files(tok: Tokenizer, model_dir: Path) -> None:
    tok.save(str(model_dir / "tokenizer.json"))
    (model_dir / "tokenizer_config.json").write_text(json.dumps(TOKENIZER_CONFIG, indent=2) + "\n")


def make_model(name: str, tok: Tokenizer, out: Path) -> Path:
    cls, make_config, dtype, shard, seed, shards_expected = MODEL_SPECS[name]
    model_dir = out / name
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model_dir.mkdir(parents=True)

    config = make_config()
    torch.manual_seed(seed)
    model = cls(config)
    init_weights(model, seed)
    model.eval()
    model.to(dtype)
    kwargs = {"safe_serialization": True}
    if shard is not None:
        kwargs["max_shard_size"] = shard
    model.save_pretrained(model_dir, **kwargs)
    write_tokenizer_files(tok, model_dir)

    shard_files = sorted(model_dir.glob("model*.safetensors"))
    assert len(shard_files) == shards_expected, (name, [p.name for p in shard_files])
    if shards_expected > 1:
        assert (model_dir / "model.safetensors.index.json").exists()
    return model_dir


# --------------------------------------------------------------------------------------
# Expected outputs
# --------------------------------------------------------------------------------------

# Candidate sentences for the padded batch; the first one with exactly the
# target number of ids (BATCH_LENGTHS, <s> included) is used for each row.
BATCH_SENTENCES = [
    "Mirela Vasquez-Holt was born in Tallinn.",
    "She was born in Accra.",
    "Where was he born?",
    "Question: Who?",
    "Who wrote it?",
    "Ines Okafor writes poetry.",
    "Answer: 1984.",
    "Answer: No!",
]
PROMPT_CANDIDATES = [
    "Question: Who wrote the novel The Glass Orchard? Answer:",
    "Question: Where was Elias Mwangi born? Answer:",
    "Question: Which award did Agnes Thornbury win? Answer:",
    "Question: What genre does Caspar Lindqvist write? Answer:",
    "Tell me about Noor Haddad-Blake.",
    "The quick brown fox",
]


def pick_sentences(tok: Tokenizer) -> list[str]:
    """For each target length, the first candidate sentence with exactly that many ids."""
    picked = []
    for target in BATCH_LENGTHS:
        found = [s for s in BATCH_SENTENCES if len(tok.encode(s).ids) == target and s not in picked]
        assert found, f"no candidate sentence of {target} tokens"
        picked.append(found[0])
    return picked


def batch_tensors(tok: Tokenizer, sentences: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    ids = torch.full((len(sentences), SEQ_LEN), PAD, dtype=torch.int64)
    mask = torch.zeros((len(sentences), SEQ_LEN), dtype=torch.int64)
    for i, s in enumerate(sentences):
        e = tok.encode(s).ids
        ids[i, : len(e)] = torch.tensor(e)
        mask[i, : len(e)] = 1
    return ids, mask


@torch.no_grad()
def forward_logits(model, input_ids, attention_mask):
    out = model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True, use_cache=False)
    return out.logits.float(), torch.stack([h.float() for h in out.hidden_states])


@torch.no_grad()
def manual_greedy(model, prompt_ids: torch.Tensor, steps: int) -> tuple[torch.Tensor, float]:
    """Greedy decoding by re-running the full sequence each step (no KV cache).

    Returns the ids and the smallest top1-top2 logit gap seen, which tells how
    robust the argmax is to float differences in another implementation.
    """
    ids = prompt_ids.clone()
    min_margin = math.inf
    for _ in range(steps):
        logits = model(input_ids=ids, use_cache=False).logits[0, -1].float()
        top2 = torch.topk(logits, 2).values
        min_margin = min(min_margin, float(top2[0] - top2[1]))
        nxt = int(torch.argmax(logits))
        ids = torch.cat([ids, torch.tensor([[nxt]])], dim=1)
    return ids, min_margin


@torch.no_grad()
def hf_greedy(model, prompt_ids: torch.Tensor) -> torch.Tensor:
    # No early stop at </s>: the fixture always has exactly NEW_TOKENS new tokens.
    model.generation_config.eos_token_id = None
    return model.generate(
        prompt_ids,
        attention_mask=torch.ones_like(prompt_ids),
        max_new_tokens=NEW_TOKENS,
        do_sample=False,
        use_cache=True,
        pad_token_id=PAD,
    )


def versions() -> dict[str, str]:
    return {
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "peft": peft.__version__,
        "tokenizers": tokenizers.__version__,
        "safetensors": safetensors.__version__,
    }


def version_metadata() -> dict[str, str]:
    """safetensors header metadata: ONE key, because the Rust writer orders keys
    at random and a fixed byte layout keeps the fixtures reproducible."""
    text = " ".join(f"{k}={v}" for k, v in versions().items())
    return {"lethe_reference": f"trainer/reference/make_reference.py {text}"}


def rope_inv_freq(model) -> list[float]:
    return [float(x) for x in model.model.rotary_emb.inv_freq]


def write_expected(model_dir: Path) -> None:
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    model = load_fp32(model_dir)

    sentences = pick_sentences(tok)
    input_ids, attention_mask = batch_tensors(tok, sentences)
    logits, hidden = forward_logits(model, input_ids, attention_mask)

    # Greedy generation: first prompt whose greedy path has clear argmax margins
    # and never produces </s> (so "stop at eos" does not matter for the test).
    chosen = None
    for prompt in PROMPT_CANDIDATES:
        prompt_ids = torch.tensor([tok.encode(prompt).ids], dtype=torch.int64)
        manual, margin = manual_greedy(model, prompt_ids, NEW_TOKENS)
        new = manual[0, prompt_ids.shape[1]:].tolist()
        if margin >= MIN_GREEDY_MARGIN and EOS not in new:
            chosen = (prompt, prompt_ids, manual, margin)
            break
    assert chosen is not None, "no prompt with a robust greedy path"
    prompt, prompt_ids, manual, margin = chosen
    greedy = hf_greedy(model, prompt_ids)
    assert greedy.shape == (1, prompt_ids.shape[1] + NEW_TOKENS), greedy.shape
    assert torch.equal(greedy, manual), (greedy, manual)

    tensors = {
        "input_ids": input_ids.contiguous(),
        "attention_mask": attention_mask.contiguous(),
        "logits": logits.contiguous(),
        "hidden_states": hidden.contiguous(),
        "prompt_ids": prompt_ids.contiguous(),
        "greedy_ids": greedy.to(torch.int64).contiguous(),
    }
    safetensors.torch.save_file(tensors, str(model_dir / "expected.safetensors"), metadata=version_metadata())

    greedy_list = greedy[0].tolist()
    info = {
        "model": model_dir.name,
        "model_type": model.config.model_type,
        "special_ids": {"unk": UNK, "bos": BOS, "eos": EOS, "pad": PAD},
        "sentences": [
            {
                "text": s,
                "ids": tok.encode(s).ids,
                "tokens": tok.encode(s).tokens,
                "decode": tok.decode(tok.encode(s).ids),
            }
            for s in sentences
        ],
        "prompt": prompt,
        "prompt_ids": prompt_ids[0].tolist(),
        "greedy_ids": greedy_list,
        "greedy_new_ids": greedy_list[prompt_ids.shape[1]:],
        "greedy_min_top2_margin": round(margin, 6),
        "greedy_decode": tok.decode(greedy_list, skip_special_tokens=True),
        "greedy_decode_with_special": tok.decode(greedy_list, skip_special_tokens=False),
        "greedy_new_decode": tok.decode(greedy_list[prompt_ids.shape[1]:], skip_special_tokens=True),
        "rope_inv_freq": rope_inv_freq(model),
        "logits_abs_max": round(float(logits.abs().max()), 4),
        "logits_std": round(float(logits.std()), 4),
        "versions": versions(),
    }
    # MistralConfig has no rope_scaling attribute at all.
    if getattr(model.config, "rope_scaling", None):
        info["rope_scaling"] = model.config.rope_scaling
        # The unscaled ("default") frequencies, for a unit test of the llama3 rule.
        head_dim = model.config.head_dim
        base = model.config.rope_theta
        info["rope_inv_freq_unscaled"] = [
            float(x)
            for x in 1.0
            / (base ** (torch.arange(0, head_dim, 2, dtype=torch.int64).to(dtype=torch.float) / head_dim))
        ]
    if getattr(model.config, "sliding_window", None):
        info["sliding_window"] = model.config.sliding_window
    (model_dir / "expected.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")


def cmd_models(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer()
    for name in MODEL_SPECS:
        model_dir = make_model(name, tok, out)
        write_expected(model_dir)
        print(f"wrote {model_dir}")


# --------------------------------------------------------------------------------------
# PEFT
# --------------------------------------------------------------------------------------


def cmd_make_peft_adapter(model_dir: Path, adapter_dir: Path) -> None:
    """A random LoRA adapter (A and B both non-zero) in the PEFT on-disk layout."""
    base = load_fp32(model_dir)
    # Recorded as base_model_name_or_path; a path relative to the fixtures root
    # keeps the file independent of where the repository is checked out.
    base.config._name_or_path = model_dir.name
    base.name_or_path = model_dir.name
    config = LoraConfig(
        r=LORA_R,
        lora_alpha=LORA_ALPHA,
        target_modules=list(LORA_TARGETS),
        lora_dropout=0.0,
        bias="none",
        task_type="CAUSAL_LM",
    )
    torch.manual_seed(LORA_SEED)
    model = get_peft_model(base, config)
    gen = torch.Generator().manual_seed(LORA_SEED)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters(), key=lambda kv: kv[0]):
            if "lora_A" in name or "lora_B" in name:
                p.copy_(LORA_INIT_STD * torch.randn(p.shape, generator=gen, dtype=torch.float32))
    if adapter_dir.exists():
        shutil.rmtree(adapter_dir)
    model.save_pretrained(adapter_dir, safe_serialization=True, save_embedding_layers=False)
    # PEFT writes a model-card README.md; it is not part of the adapter format.
    (adapter_dir / "README.md").unlink(missing_ok=True)
    # PEFT stores target_modules from a set: sort it so the file is reproducible.
    cfg_path = adapter_dir / "adapter_config.json"
    cfg = json.loads(cfg_path.read_text())
    if isinstance(cfg.get("target_modules"), list):
        cfg["target_modules"] = sorted(cfg["target_modules"])
    cfg_path.write_text(json.dumps(cfg, indent=2, sort_keys=True))
    print(f"wrote {adapter_dir}")


def check_adapter_loaded(model: PeftModel, adapter_dir: Path) -> None:
    """Fail unless every tensor of adapter_model.safetensors was loaded, and every LoRA weight came from it.

    PEFT only *warns* about missing keys and then silently keeps its own
    initialisation (lora_B = 0, i.e. the base model's logits), so a wrongly
    named tensor in an adapter written by another program would go unnoticed.
    """
    stored = safetensors.torch.load_file(str(adapter_dir / "adapter_model.safetensors"))
    params = {
        n: p for n, p in model.state_dict().items() if ".lora_A." in n or ".lora_B." in n
    }
    # PEFT inserts the adapter name ("default") before ".weight" when loading.
    expected_names = {
        k.replace(".lora_A.weight", ".lora_A.default.weight").replace(".lora_B.weight", ".lora_B.default.weight"): k
        for k in stored
    }
    unknown = sorted(k for n, k in expected_names.items() if n not in params)
    not_loaded = sorted(n for n in params if n not in expected_names)
    assert not unknown, f"adapter tensors PEFT does not use: {unknown}"
    assert not not_loaded, f"LoRA weights missing from the adapter file: {not_loaded}"
    for n, k in expected_names.items():
        assert torch.equal(params[n].float(), stored[k].float()), f"{k} was not loaded as stored"


@torch.no_grad()
def cmd_peft_logits(model_dir: Path, adapter_dir: Path, out_file: Path) -> None:
    """Logits of base(model_dir) + adapter, as PEFT computes them, and after merge_and_unload()."""
    expected = safetensors.torch.load_file(str(model_dir / "expected.safetensors"))
    input_ids, attention_mask = expected["input_ids"], expected["attention_mask"]

    base = load_fp32(model_dir)
    model = PeftModel.from_pretrained(base, adapter_dir, is_trainable=False)
    model.eval()
    check_adapter_loaded(model, adapter_dir)
    logits = model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits.float()
    merged = model.merge_and_unload()
    merged.eval()
    merged_logits = merged(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits.float()

    real = attention_mask.bool()
    diff = float((logits - merged_logits)[real].abs().max())
    base_diff = float((logits - expected["logits"])[real].abs().max())
    print(f"peft vs merged max |diff| = {diff:.3g}; peft vs base max |diff| = {base_diff:.3g}")
    assert diff < 1e-4, diff

    out_file.parent.mkdir(parents=True, exist_ok=True)
    safetensors.torch.save_file(
        {
            "input_ids": input_ids.contiguous(),
            "attention_mask": attention_mask.contiguous(),
            "logits": logits.contiguous(),
            "merged_logits": merged_logits.contiguous(),
        },
        str(out_file),
        metadata=version_metadata(),
    )
    print(f"wrote {out_file}")


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------


@torch.no_grad()
def cmd_verify(out: Path) -> None:
    """Reload every fixture from disk and check it against a fresh computation."""
    tok0 = build_tokenizer()
    for name, (_, _, dtype, _, _, shards) in MODEL_SPECS.items():
        d = out / name
        exp = safetensors.torch.load_file(str(d / "expected.safetensors"))
        info = json.loads((d / "expected.json").read_text())

        # Tokenizer: rebuilt tokenizer == stored one; Rust tokenizers == transformers AutoTokenizer.
        tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        assert tok.to_str() == tok0.to_str(), f"{name}: tokenizer.json differs from a fresh build"
        hf_tok = AutoTokenizer.from_pretrained(d, local_files_only=True)
        for s in info["sentences"]:
            assert tok.encode(s["text"]).ids == s["ids"]
            assert hf_tok(s["text"])["input_ids"] == s["ids"], (hf_tok(s["text"]), s)
            assert hf_tok.decode(s["ids"], skip_special_tokens=True) == s["decode"]
        assert hf_tok.decode(info["greedy_ids"], skip_special_tokens=True) == info["greedy_decode"]
        assert (hf_tok.bos_token_id, hf_tok.eos_token_id, hf_tok.pad_token_id) == (BOS, EOS, PAD)

        # Storage dtype and sharding as intended.
        files = sorted(p.name for p in d.glob("model*.safetensors"))
        assert len(files) == shards, files
        if shards > 1:
            index = json.loads((d / "model.safetensors.index.json").read_text())["weight_map"]
            in_files = {}
            for f in files:
                with safetensors.safe_open(str(d / f), "pt") as st:
                    in_files.update({k: f for k in st.keys()})
            assert index == in_files, "index.json weight_map does not match the shards"
        for f in files:
            with safetensors.safe_open(str(d / f), "pt") as st:
                for k in st.keys():
                    assert st.get_slice(k).get_dtype() == {torch.bfloat16: "BF16", torch.float32: "F32",
                                                           torch.float16: "F16"}[dtype], (f, k)

        # Recompute the logits from the stored weights (eager and sdpa attention).
        for attn in ("eager", "sdpa"):
            model = load_fp32(d, attn)
            logits, hidden = forward_logits(model, exp["input_ids"], exp["attention_mask"])
            real = exp["attention_mask"].bool()
            err = float((logits - exp["logits"])[real].abs().max())
            err_all = float((logits - exp["logits"]).abs().max())
            print(f"{name} [{attn}]: max |logits - expected| real={err:.3g} all={err_all:.3g}")
            assert err < 1e-5, err
            hidden_err = (hidden - exp["hidden_states"]).abs()
            assert float(hidden_err[:, real].max()) < 1e-5
            # With a sliding window, a padded query far enough past the end of its
            # row has no key left to attend to: eager then averages over all keys,
            # SDPA does something else. Those positions are not meaningful.
            if not getattr(model.config, "sliding_window", None):
                assert float(hidden_err.max()) < 1e-5
        greedy = hf_greedy(model, exp["prompt_ids"])
        assert torch.equal(greedy, exp["greedy_ids"]), name
        # hidden_states[-1] is the final-norm output: the LM head applied to it gives the logits.
        lm = model.get_output_embeddings().weight
        assert float((exp["hidden_states"][-1] @ lm.T - exp["logits"]).abs().max()) < 1e-4
        if model.config.tie_word_embeddings:
            assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr()

        # The features each model is there for really change the logits.
        if name == "llama3-tied":
            inv, unscaled = torch.tensor(info["rope_inv_freq"]), torch.tensor(info["rope_inv_freq_unscaled"])
            ratio = unscaled / inv
            factor = model.config.rope_scaling["factor"]
            kept, divided = torch.isclose(ratio, torch.tensor(1.0)), torch.isclose(ratio, torch.tensor(factor))
            smoothed = ~kept & ~divided
            assert kept.any() and divided.any() and smoothed.any(), ratio
            print(f"{name}: llama3 rope bands kept/smoothed/divided = "
                  f"{int(kept.sum())}/{int(smoothed.sum())}/{int(divided.sum())}")
            plain = load_fp32(d)
            plain.config.rope_scaling = None
            plain.model.rotary_emb = type(plain.model.rotary_emb)(config=plain.config)
            l3, _ = forward_logits(plain, exp["input_ids"], exp["attention_mask"])
            print(f"{name}: without llama3 scaling max |diff| = {float((l3 - exp['logits']).abs().max()):.3g}")
            assert float((l3 - exp["logits"]).abs().max()) > 0.1
        if name == "qwen2-bias":
            nobias = load_fp32(d)
            for layer in nobias.model.layers:
                for proj in (layer.self_attn.q_proj, layer.self_attn.k_proj, layer.self_attn.v_proj):
                    proj.bias.data.zero_()
            l4, _ = forward_logits(nobias, exp["input_ids"], exp["attention_mask"])
            print(f"{name}: without q/k/v bias max |diff| = {float((l4 - exp['logits']).abs().max()):.3g}")
            assert float((l4 - exp["logits"]).abs().max()) > 0.1

        if name == "mistral-window":
            window = model.config.sliding_window
            real = exp["attention_mask"].bool()
            for attn in ("eager", "sdpa"):
                full = load_fp32(d, attn)
                full.config.sliding_window = None
                l5, _ = forward_logits(full, exp["input_ids"], exp["attention_mask"])
                per_pos = (l5 - exp["logits"]).abs().amax(-1) * real  # [B, T], real positions only
                inside = float(per_pos[:, :window].max())
                print(f"{name} [{attn}]: without the window max |diff| = {float(per_pos.max()):.3g}; "
                      f"positions < {window}: {inside:.3g}")
                # The first `window` positions see their whole prefix either way; every
                # real position from `window` on sees a different set of keys.
                assert inside < 1e-5, inside
                assert bool((per_pos[:, window:][real[:, window:]] > 0.1).all()), per_pos
                nowin = hf_greedy(full, exp["prompt_ids"])
                assert not torch.equal(nowin, exp["greedy_ids"])
            print(f"{name}: greedy without the window: {nowin[0, exp['prompt_ids'].shape[1]:].tolist()}")
            # Independent of transformers' mask code: an additive 4D mask built by hand,
            # query q sees key k iff k <= q, q - k < window and k is a real token.
            ids_, mask_ = exp["input_ids"], exp["attention_mask"]
            q = torch.arange(ids_.shape[1])[:, None]
            k = torch.arange(ids_.shape[1])[None, :]
            allowed = (k <= q) & (q - k < window) & mask_.bool()[:, None, None, :]  # [B, 1, T, T]
            mask4d = torch.zeros(allowed.shape).masked_fill(~allowed, torch.finfo(torch.float32).min)
            hand = load_fp32(d, "eager")
            l6 = hand(input_ids=ids_, attention_mask=mask4d, use_cache=False).logits.float()
            err = float((l6 - exp["logits"])[real].abs().max())
            print(f"{name}: hand-made window mask (k > q - {window}) max |diff| = {err:.3g}")
            assert err < 1e-5, err

        # Independent check for the reduced-precision checkpoints: upcasting the
        # stored tensors by hand and loading them gives bit-identical logits.
        if dtype != torch.float32:
            sd = {}
            for f in files:
                sd.update({k: v.float() for k, v in safetensors.torch.load_file(str(d / f)).items()})
            cls, make_config, *_ = MODEL_SPECS[name]
            cfg = make_config()
            cfg._attn_implementation = "eager"
            m = cls(cfg).float().eval()
            missing, unexpected = m.load_state_dict(sd, strict=False)
            assert not unexpected and set(missing) <= {"lm_head.weight"}, (missing, unexpected)
            m.tie_weights()
            l2, _ = forward_logits(m, exp["input_ids"], exp["attention_mask"])
            assert torch.equal(l2, exp["logits"]), float((l2 - exp["logits"]).abs().max())
            print(f"{name}: logits bit-identical to a manual {dtype} -> float32 upcast")

    adapter = out / "llama-gqa" / "peft-adapter"
    if adapter.exists():
        exp = safetensors.torch.load_file(str(adapter / "expected.safetensors"))
        tmp = Path("/tmp/lethe-ref-verify-peft.safetensors")
        cmd_peft_logits(out / "llama-gqa", adapter, tmp)
        again = safetensors.torch.load_file(str(tmp))
        for k in ("logits", "merged_logits"):
            assert float((again[k] - exp[k]).abs().max()) < 1e-5, k
        print("peft-adapter: expected.safetensors reproduced")
    print("verify: OK")


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------


def main(argv: list[str]) -> None:
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    transformers.utils.logging.set_verbosity_error()

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("models", help="tokenizer, checkpoints and expected outputs")
    s.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("make-peft-adapter", help="random PEFT LoRA adapter for a model directory")
    s.add_argument("--model", type=Path, required=True)
    s.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("peft-logits", help="logits of a model directory plus a PEFT adapter")
    s.add_argument("--model", type=Path, required=True)
    s.add_argument("--adapter", type=Path, required=True)
    s.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("all", help="models, then llama-gqa/peft-adapter")
    s.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("verify", help="reload and re-check every fixture")
    s.add_argument("--out", type=Path, required=True)
    a = p.parse_args(argv)

    if a.cmd == "models":
        cmd_models(a.out)
    elif a.cmd == "make-peft-adapter":
        cmd_make_peft_adapter(a.model, a.out)
    elif a.cmd == "peft-logits":
        cmd_peft_logits(a.model, a.adapter, a.out)
    elif a.cmd == "all":
        cmd_models(a.out)
        adapter = a.out / "llama-gqa" / "peft-adapter"
        cmd_make_peft_adapter(a.out / "llama-gqa", adapter)
        cmd_peft_logits(a.out / "llama-gqa", adapter, adapter / "expected.safetensors")
    elif a.cmd == "verify":
        cmd_verify(a.out)


if __name__ == "__main__":
    main(sys.argv[1:])
