"""The sentence encoder: all-MiniLM-L6-v2 in numpy gives the published similarities, unit vectors of 384
dimensions, and the same vector for a sentence whatever it is batched with."""

from __future__ import annotations

import numpy as np
import pytest

from wirecoder.encoder import minilm
from wirecoder.errors import ConfigError

try:
    minilm.require()
except ConfigError as exc:
    pytest.skip(f"encoder not installed (make setup installs it): {exc}", allow_module_level=True)


@pytest.fixture(scope="module")
def encoder():
    return minilm.load_encoder()


def test_encoder_matches_published_similarities(encoder):
    # the sentence-transformers documentation's own example for this model (sbert.net, "Usage"): cosine
    # similarities 0.6660, 0.1046 and 0.1411
    v = encoder.encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    sims = v @ v.T
    assert sims[0, 1] == pytest.approx(0.6660, abs=5e-4)
    assert sims[0, 2] == pytest.approx(0.1046, abs=5e-4)
    assert sims[1, 2] == pytest.approx(0.1411, abs=5e-4)


def test_encoder_shapes_and_unit_length(encoder):
    v = encoder.encode(["Rebels shelled the town.", "Police arrested twelve protesters in the capital on Monday."])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_encoder_paraphrase_closer_than_other_event(encoder):
    shelling, paraphrase, protest = encoder.encode(
        [
            "Artillery shells hit a residential district of the city overnight.",
            "Overnight, shelling struck homes in a neighbourhood of the city.",
            "Teachers marched peacefully to the ministry to demand their salaries.",
        ]
    )
    assert shelling @ paraphrase > 0.6
    assert shelling @ protest < 0.3


def test_encoder_batch_padding_does_not_change_a_vector(encoder):
    short = "Gunmen kidnapped a priest."
    long = "Security forces said on Tuesday that gunmen on motorbikes had kidnapped a priest and two nuns."
    alone = encoder.encode([short])[0]
    batched = encoder.encode([long, short, long])[1]
    assert np.allclose(alone, batched, atol=1e-5)


def test_encoder_truncates_long_text(encoder):
    v = encoder.encode(["Troops fought rebels near the river. " * 200])
    assert v.shape == (1, 384) and np.isfinite(v).all()
