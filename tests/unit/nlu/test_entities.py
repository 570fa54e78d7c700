import pytest

from dunning_coach.nlu.entities import build_pipeline, extract, load_patterns
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(load_patterns(ROOT / "entity_patterns.jsonl"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("we pay in 90 days", [("duration", "90 days")]),
        ("it's a 90-day cycle", [("duration", "90-day")]),
        ("they pay on the 25th", [("date", "the 25th")]),
        ("cheque mailed 2026-11-20", [("date", "2026-11-20")]),
        ("we'll pay next friday", [("date", "next friday")]),
        ("sent $1,200 yesterday", [("amount", "$1,200")]),
        ("paid 1.5k eur", [("amount", "1.5k eur")]),
        ("never got INV-2024-0042", [("invoice_no", "INV-2024-0042")]),
        ("invoice no. 204 is missing", [("invoice_no", "invoice no. 204")]),
        ("chq#123456 is in the post", [("cheque_no", "chq#123456")]),
        ("cheque no.123456 went out", [("cheque_no", "cheque no.123456")]),
        ("they said cheque # 445566", [("cheque_no", "cheque # 445566")]),
        ("hello there", []),
    ],
)
def test_extracts_entities_with_their_words(nlp, text, expected):
    found = extract(nlp, text)
    assert [(e["entity"], e["value"]) for e in found] == expected
    for e in found:
        assert text[e["start"] : e["end"]] == e["value"]
