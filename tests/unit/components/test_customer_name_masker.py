"""components/customer_name_masker.py: the featurizers read each customer name as one
placeholder, from the training data's lookup in training and from the ledger at run time,
while the message's own text (what the actions read) is left as the rep wrote it."""

from __future__ import annotations

from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.customer_name_masker import CustomerNameMasker
from dunning_coach.nlu.name_masking import LOOKUP, MASKED_TEXT, PLACEHOLDER


def masker() -> CustomerNameMasker:
    return CustomerNameMasker(CustomerNameMasker.get_default_config())


def words(message: Message) -> list[str]:
    return [t.text for t in message.get(TOKENS_NAMES[TEXT])]


def test_training_hides_the_names_the_lookup_lists():
    examples = [
        Message.build(text="剛到新天地", intent="select_customer"),
        Message.build(text="Harbor Lights promised 500 on friday", intent="promise_to_pay"),
        Message.build(text="the cheque is in the post", intent="excuse_cheque_mailed"),
    ]
    data = TrainingData(
        examples, lookup_tables=[{"name": LOOKUP, "elements": ["新天地", "Harbor Lights"]}]
    )
    masker().process_training_data(data)
    first, second, third = data.training_examples
    assert first.get(MASKED_TEXT) == f"剛到 {PLACEHOLDER}"
    assert words(second)[0] == PLACEHOLDER and "Harbor" not in words(second)
    assert third.get(MASKED_TEXT) is None
    assert first.get(TEXT) == "剛到新天地"  # the text as written is kept


def test_at_run_time_the_ledgers_names_are_hidden(build, fresh_db, monkeypatch):
    build.customer("C1", name="하나상사")
    monkeypatch.setenv("DUNNING_DB", str(fresh_db.path))
    [message] = masker().process([Message.build(text="하나상사에 왔어요")])
    assert message.get(MASKED_TEXT) == f"{PLACEHOLDER} 에 왔어요"
    assert words(message) == [PLACEHOLDER, "에", "왔어요"]
    assert message.get(TEXT) == "하나상사에 왔어요"


def test_a_button_payload_is_left_alone(build, fresh_db, monkeypatch):
    build.customer("C1", name="Select")
    monkeypatch.setenv("DUNNING_DB", str(fresh_db.path))
    [message] = masker().process([Message.build(text='/select_customer{"customer_id":"C1"}')])
    assert message.get(MASKED_TEXT) is None


def test_training_adds_a_copy_of_each_named_example_with_another_name():
    examples = [Message.build(text="剛到新天地", intent="select_customer")]
    lookup = [{"name": LOOKUP, "elements": ["新天地", "大同", "Harbor Lights"]}]
    out = masker().process_training_data(TrainingData(examples, lookup_tables=lookup))
    texts = [(m.get(TEXT), m.get("intent")) for m in out.training_examples]
    assert texts == [("剛到新天地", "select_customer"), ("剛到大同", "select_customer")]
    assert words(out.training_examples[1]) == ["剛到大同"]
    assert out.training_examples[1].get(MASKED_TEXT) is None  # as written


def test_the_cache_key_follows_the_code_that_finds_names():
    import hashlib

    from tests.conftest import ROOT

    code = hashlib.sha256()
    for path in ("dunning_coach/accounts/matching.py", "dunning_coach/nlu/name_masking.py"):
        code.update((ROOT / path).read_bytes())
    assert CustomerNameMasker.fingerprint_addon({}) == code.hexdigest()[:16]
