"""Rule-based entities (amounts, durations, dates, invoice and cheque numbers) with a blank spaCy
pipeline: no downloaded model, so it works offline and on a fresh machine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler


def load_patterns(path: Path) -> list[dict[str, Any]]:
    """EntityRuler patterns, one JSON object a line; blank lines are allowed."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def build_pipeline(patterns: list[dict[str, Any]]) -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    assert isinstance(ruler, EntityRuler)  # add_pipe is typed for any component
    ruler.add_patterns(patterns)
    return nlp


def extract(nlp: Language, text: str) -> list[dict[str, Any]]:
    """Entities in Rasa's shape: entity, value (the words as said), start, end."""
    return [
        {"entity": span.label_, "value": span.text, "start": span.start_char, "end": span.end_char}
        for span in nlp(text).ents
    ]
