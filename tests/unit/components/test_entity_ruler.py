"""components/entity_ruler.py: the patterns travel inside the trained model, and a loaded model
finds the same entities without the patterns file."""

from __future__ import annotations

import json

from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.entity_ruler import SpacyEntityRuler
from tests.conftest import ROOT
from tests.rasa_components import Components

TEXT = "they will pay 1,500 euros on friday for invoice INV-2041"


def entities_of(ruler: SpacyEntityRuler, text: str = TEXT) -> list[tuple[str, str]]:
    [message] = ruler.process([Message.build(text=text)])
    return [(e["entity"], e["value"]) for e in message.get(ENTITIES, [])]


def test_trained_then_loaded_from_the_model_without_the_patterns_file(tmp_path):
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text((ROOT / "entity_patterns.jsonl").read_text())
    components = Components(tmp_path / "model")
    config = {"patterns_path": str(patterns)}
    ruler = components.create(SpacyEntityRuler, "ruler", config)
    ruler.train(TrainingData())
    found = entities_of(ruler)
    assert found == [
        ("amount", "1,500 euros"),
        ("date", "on friday"),
        ("invoice_no", "invoice INV-2041"),
    ]
    patterns.unlink()  # the model must not need it any more
    loaded = components.load(SpacyEntityRuler, "ruler", config)
    assert entities_of(loaded) == found
    [message] = loaded.process([Message.build(text=TEXT)])
    assert all(e["extractor"] == "SpacyEntityRuler" for e in message.get(ENTITIES))


def test_the_fingerprint_changes_when_the_patterns_do(tmp_path):
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text(json.dumps({"label": "amount", "pattern": "lots"}) + "\n")
    before = SpacyEntityRuler.fingerprint_addon({"patterns_path": str(patterns)})
    patterns.write_text(json.dumps({"label": "amount", "pattern": "heaps"}) + "\n")
    assert SpacyEntityRuler.fingerprint_addon({"patterns_path": str(patterns)}) != before
