"""A customer's name never changes what a message means, through the real Rasa server: the
classifier reads every ledger name as one placeholder, so a sentence ranks the same whatever
name it carries, and coming to a customer records nothing. Names in every script, short and
long, and names made of ordinary words."""

from __future__ import annotations

import json
import time

import pytest

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import text_of

NAMES = {
    "C161": "新天地",
    "C162": "Santa Rosa",
    "C163": "大同",
    "C164": "Harbor Lights",
    "C165": "하나상사",
    "C166": "주식회사 한빛정밀산업",
    "C167": "深圳市恒通电子有限公司",
    "C168": "Ferretería La Esperanza",
    "C169": "HLT",
}
SENTENCES = [
    "{name}에 왔어요",
    "{name} 사장님 만나는 중",
    "剛到{name}",
    "到{name}了",
    "cambia a {name}",
    "estoy en {name}",
    "I'm at {name}",
    "meeting the boss of {name}",
    "{name} says the cheque is in the post",
    "{name}说上个月已经付清了",
    "{name} promised to pay 5000 on friday",
]
REFRESH_S = 2.5  # past the Rasa server's name refresh (CustomerNameMasker refresh_s: 2)


@pytest.fixture(scope="module")
def named(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep("R160", name="Rep R160", rest_id="names-rep", language="ko")
        for customer_id, name in NAMES.items():
            build.customer(customer_id, rep_id="R160", name=name)
    time.sleep(REFRESH_S)  # the server reads the new names at its next look, not a deadline
    return servers


def ranking(servers, text: str) -> dict[str, float]:
    status, body = servers.admin("/model/parse", {"text": text}, method="POST")
    assert status == 200, body
    return {r["name"]: r["confidence"] for r in json.loads(body)["intent_ranking"]}


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_sentence_ranks_the_same_whatever_name_it_carries(named, sentence):
    first, *others = [ranking(named, sentence.format(name=name)) for name in NAMES.values()]
    top = max(first, key=first.get)
    for name, other in zip(list(NAMES.values())[1:], others):
        assert max(other, key=other.get) == top, name
        for intent in set(first) | set(other):
            assert abs(first.get(intent, 0.0) - other.get(intent, 0.0)) <= 0.05, (name, intent)


@pytest.mark.parametrize(
    "said, customer_id",
    [
        ("하나상사에 왔어요", "C165"),
        ("大同 사장님 만나는 중", "C163"),
        ("剛到新天地", "C161"),
        ("cambia a Santa Rosa", "C162"),
        ("meeting the boss of Harbor Lights", "C164"),
    ],
)
def test_coming_to_a_customer_selects_it_and_records_nothing(named, said, customer_id):
    answer = text_of(named.say("names-rep", said))
    assert NAMES[customer_id] in answer
    with AccountStore(named.tmp / "accounts.db") as store:
        signs = [r for r in store.rows("warning_signs") if r["customer_id"] == customer_id]
        excuses = [r for r in store.excuse_log() if r["customer_id"] == customer_id]
    assert (signs, excuses) == ([], [])
