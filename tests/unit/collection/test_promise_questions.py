import datetime as dt

import pytest

from dunning_coach.collection.promise_questions import Asked, read
from dunning_coach.collection.promises import PromiseStatus, State
from dunning_coach.language.languages import Language
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("text", "asked", "has_period"),
    [
        ("which promises are due this week?", Asked.DUE, True),
        ("promises next week", Asked.DUE, True),
        ("what's due in the next 7 days?", Asked.DUE, True),
        ("show promises to pay", Asked.OPEN, False),
        ("what promises are open?", Asked.OPEN, False),
        ("which promises were broken", Asked.BROKEN, False),
        ("who broke their promise this month", Asked.BROKEN, True),
    ],
)
def test_what_a_promise_question_asks(text, asked, has_period):
    question = read(text, TODAY)
    assert (question.asked, question.period is not None) == (asked, has_period)


def status(build, state: State, due_in: int) -> PromiseStatus:
    build.customer("C1") if build.store.customer("C1") is None else None
    promise_id = build.promise(due_in=due_in)
    (promise,) = [p for p in build.store.promises() if p.promise_id == promise_id]
    return PromiseStatus(promise, state, 0)


def test_each_question_takes_only_its_promises(build):
    kept, broken, open_, cancelled = (
        status(build, State.KEPT, 2),
        status(build, State.BROKEN, -10),
        status(build, State.OPEN, 3),
        status(build, State.CANCELLED, 2),
    )
    every = [kept, broken, open_, cancelled]
    assert [s for s in every if read("due this week", TODAY).matches(s)] == [kept, open_]
    assert [s for s in every if read("open promises", TODAY).matches(s)] == [open_]
    assert [s for s in every if read("broken ones", TODAY).matches(s)] == [broken]
    assert not read("broken this week", TODAY).matches(broken)  # 10 days ago: last week
    assert read("broken ones", TODAY + dt.timedelta(days=30)).matches(broken)


@pytest.mark.parametrize(
    ("text", "language", "asked", "has_period"),
    [
        ("本周有哪些承诺到期", Language.ZH_HANS, Asked.DUE, True),
        ("违约的承诺", Language.ZH_HANS, Asked.BROKEN, False),
        ("跳票的承諾", Language.ZH_HANT, Asked.BROKEN, False),
        ("看看未兑现的承诺", Language.ZH_HANS, Asked.OPEN, False),
        ("다음 주에 누가 입금하기로 했어요?", Language.KO, Asked.DUE, True),
        ("약속 불이행한 곳", Language.KO, Asked.BROKEN, False),
        ("promesas incumplidas este mes", Language.ES, Asked.BROKEN, True),
    ],
)
def test_a_promise_question_in_another_language(text, language, asked, has_period):
    question = read(text, TODAY, language)
    assert (question.asked, question.period is not None) == (asked, has_period)
