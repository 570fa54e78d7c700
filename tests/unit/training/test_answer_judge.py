"""The answer judge on the shipped checks and the real sentence encoder: a check is met by what an
answer means in any of the five languages, with the trainee's own words quoted; a clause that
refuses a check never meets it; a sum or a day counts only as part of a demand."""

import dataclasses
import hashlib

import numpy as np
import pytest

from dunning_coach.language.languages import Language
from dunning_coach.nlu import sentence_encoder
from dunning_coach.training import answer_checks, answer_judge, shared_judge
from dunning_coach.training.answer_judge import (
    DEMAND_ROW,
    FITTING_SETTINGS,
    AnswerJudge,
    CheckResult,
    JudgeSettings,
    TaughtAnswer,
    candidates,
    clauses,
    share_met,
)

BOOK = answer_checks.load()
CHEQUE = ("asks_cheque_number", "asks_posting_date", "names_amount", "names_date", "keeps_demand")


@pytest.fixture(scope="module")
def judge() -> AnswerJudge:
    return shared_judge.shared()  # as servers have it: taught the labelled answers too


# Paraphrases written for this test, none of them among the checks' examples (asserted below).
@pytest.mark.parametrize(
    "language, answer",
    [
        (Language.EN, "Which number is printed on that cheque of yours?"),
        (Language.ES, "¿Qué número trae ese cheque que mandaron?"),
        (Language.KO, "보내셨다는 수표, 번호 좀 불러 주시겠어요?"),
        (Language.ZH_HANS, "那张支票的号码能报一下吗？"),
        (Language.ZH_HANT, "你講寄咗嗰張支票，號碼可唔可以讀俾我聽？"),
    ],
)
def test_a_check_is_met_by_meaning_in_every_language(judge, language, answer):
    examples = {e for c in BOOK.values() for k in c.checks.values() for e in k.examples}
    assert answer not in examples
    found = judge.judge(answer, language, CHEQUE)["asks_cheque_number"]
    assert found.met and found.quote and found.quote in answer


def test_the_quote_is_the_clause_that_met_it(judge):
    answer = "Thanks for letting me know. What's the cheque number, and when did you post it?"
    found = judge.judge(answer, Language.EN, CHEQUE)
    assert found["asks_cheque_number"].met
    assert "cheque number" in (found["asks_cheque_number"].quote or "")
    assert found["asks_posting_date"].met
    assert "post" in (found["asks_posting_date"].quote or "")


@pytest.mark.parametrize(
    "language, answer",
    [
        (Language.EN, "I don't need the cheque number, and there's no need for a date."),
        (Language.ES, "No hace falta el número del cheque, pague cuando pueda."),
        (Language.KO, "수표 번호는 필요 없습니다, 편하실 때 주세요."),
        (Language.ZH_HANS, "支票号码不用给我, 什么时候付都行."),
    ],
)
def test_a_clause_that_refuses_a_check_never_meets_it(judge, language, answer):
    found = judge.judge(answer, language, CHEQUE)
    assert not found["asks_cheque_number"].met
    assert found["asks_cheque_number"].refused, "a refusal counts against its criterion"
    assert not found["names_date"].met
    assert not found["keeps_demand"].met


# Written for these tests, not among any language's `mentions`: a sum and a day said without
# asking to be paid, and the same asked for.
MENTIONED = [
    (Language.EN, "The 3,000 invoice from May 15 is the one we sent."),
    (Language.ES, "La factura de 1.200 euros del 15 de mayo es la que enviamos."),
    (Language.KO, "5월 15일자 3,000유로 계산서가 저희가 보낸 거예요."),
    (Language.ZH_HANS, "5月15号那张3000元的发票就是我们寄的。"),
    (Language.ZH_HANT, "5月15號那張3,000元的發票就是我們寄的。"),
]
DEMANDED = [
    (Language.EN, "Please pay 4,860 euros by Friday."),
    (Language.ES, "Pague 4.860 € antes del viernes, por favor."),
    (Language.KO, "금요일까지 4,860유로 입금해 주세요."),
    (Language.ZH_HANS, "请周五前付4860欧元。"),
    (Language.ZH_HANT, "請週五前付4,860歐元。"),
]
SMALL_TALK = [
    (Language.ES, "qué buen tiempo hace hoy"),
    (Language.KO, "오늘 날씨 좋네요"),
    (Language.ZH_HANS, "今天天气真好"),
    (Language.ZH_HANT, "今天天氣真好"),
]


@pytest.mark.parametrize("language, answer", MENTIONED + DEMANDED)
def test_a_sum_and_a_day_count_in_every_language_only_when_asked_for(judge, language, answer):
    words = BOOK[language]
    assert answer not in {m for c in BOOK.values() for m in c.mentions}
    assert words.amount.search(answer) and words.day.search(answer)  # written as sums and days
    found = judge.judge(answer, language, CHEQUE)
    asked = (language, answer) in DEMANDED
    assert found["names_amount"].met is asked and found["names_date"].met is asked


@pytest.mark.parametrize("language, answer", SMALL_TALK)
def test_small_talk_about_today_names_no_day(judge, language, answer):
    assert BOOK[language].day.search(answer)
    assert not judge.judge(answer, language, CHEQUE)["names_date"].met


def test_an_off_topic_answer_keeps_no_demand_and_meets_nothing(judge):
    found = judge.judge("Lovely weather today, did you see the match?", Language.EN, CHEQUE)
    assert not any(f.met for f in found.values())
    assert share_met(found) == 0


# A bare demand meets no other check, yet keeps the demand on the table; small talk does not.
@pytest.mark.parametrize(
    "language, answer",
    [
        (Language.EN, "I hear you, but the invoice still has to be paid."),
        (Language.ES, "Entiendo, pero la factura hay que pagarla igual."),
        (Language.KO, "그래도 대금은 결제해 주셔야 합니다."),
        (Language.ZH_HANS, "货的事我知道了，可这笔钱还是得付。"),
        (Language.ZH_HANT, "我了解，不過這筆貨款還是要付喔。"),
    ],
)
def test_a_bare_demand_that_meets_nothing_else_keeps_the_demand(judge, language, answer):
    found = judge.judge(answer, language, CHEQUE)
    assert not any(f.met for check, f in found.items() if check != "keeps_demand"), found
    assert found["keeps_demand"].met


@pytest.mark.parametrize(
    "language,said,dropped",
    [
        (
            Language.EN,
            "Paying isn't tied to how fast the stock sells.",
            "But honestly, just pay us once things calm down on your side.",
        ),
        (Language.KO, "결제는 판매랑 상관없는 거예요.", "그래도 뭐, 팔리는 대로 조금씩 주세요."),
        (
            Language.ES,
            "El pago no depende de lo que vendan.",
            "Pero bueno, ya me irán pagando cuando se vaya vendiendo.",
        ),
    ],
)
def test_an_answer_that_drops_the_demand_takes_back_what_it_said_before(
    judge, language, said, dropped
):
    checks = ["says_payment_not_tied_to_sales", "keeps_demand"]
    assert judge.judge(said, language, checks)["says_payment_not_tied_to_sales"].met
    found = judge.judge(f"{said} {dropped}", language, checks)
    taken = found["says_payment_not_tied_to_sales"]
    assert not taken.met and taken.taken_back and taken.quote and taken.quote in said
    assert not found["keeps_demand"].met
    assert found["keeps_demand"].quote and found["keeps_demand"].quote in dropped


# A soft word beside a firm demand drops nothing.
@pytest.mark.parametrize(
    "language,answer",
    [
        (Language.EN, "I know it's a hard month, but I need the 3,000 by Friday."),
        (Language.ES, "Sé que es un mes difícil, pero necesito los 3.000 € el viernes."),
        (Language.KO, "이번 달 힘드신 건 알지만, 금요일까지 300만 원은 꼭 주셔야 해요."),
        (Language.ZH_HANS, "我知道这个月不好过，但3,000元周五前一定要付。"),
        (Language.ZH_HANT, "我知道這個月不好過，但3,000元週五前一定要付。"),
    ],
)
def test_a_firm_demand_with_a_soft_word_keeps_everything_it_asked_for(judge, language, answer):
    found = judge.judge(answer, language, ["names_amount", "names_date", "keeps_demand"])
    assert all(f.met and not f.taken_back for f in found.values()), found


def test_a_refusal_takes_nothing_back(judge):
    """Refusing one thing drops the demand by the labels' reading, but the sum and the day asked
    for in the same answer still count."""
    said = "I don't need the cheque number, but pay the 3,000 by Friday."
    found = judge.judge(said, Language.EN, CHEQUE)
    assert found["asks_cheque_number"].refused
    assert found["names_amount"].met and found["names_date"].met


def test_a_checks_own_shift_moves_its_threshold_and_no_other(judge):
    said = "What's the cheque number, and when did you post it?"
    settings = judge.settings
    beyond_any_likelihood = ("asks_cheque_number", 1.0)
    raised = judge.with_settings(
        dataclasses.replace(settings, by_check=(*settings.by_check, beyond_any_likelihood))
    )
    assert raised.settings.threshold_for(Language.EN, "asks_cheque_number") == pytest.approx(
        settings.threshold_for(Language.EN) + 1.0
    )
    before, after = judge.judge(said, Language.EN, CHEQUE), raised.judge(said, Language.EN, CHEQUE)
    assert before["asks_cheque_number"].met and not after["asks_cheque_number"].met
    assert (
        before["asks_posting_date"].met
        and after["asks_posting_date"] == before["asks_posting_date"]
    )


@pytest.mark.parametrize("check", ["keeps_demand", "names_amount", "no_such_check"])
def test_a_shift_the_judge_would_never_apply_is_refused(judge, check):
    settings = judge.settings
    with pytest.raises(ValueError, match=check):
        judge.with_settings(dataclasses.replace(settings, by_check=((check, 0.1),)))


def test_settings_that_would_fit_other_models_are_refused(judge):
    with pytest.raises(ValueError, match="met_weight"):
        judge.with_settings(dataclasses.replace(judge.settings, met_weight=1.0))


def test_apologising_for_asking_breaks_the_conduct_check_and_is_quoted(judge):
    checks = ("no_apology_for_asking", "courteous", "asks_cheque_number")
    found = judge.judge(
        "Sorry to bother you about the money again. What's the cheque number?", Language.EN, checks
    )
    assert not found["no_apology_for_asking"].met
    assert "Sorry" in (found["no_apology_for_asking"].quote or "")
    assert found["courteous"].met and found["asks_cheque_number"].met


def test_an_empty_answer_meets_nothing_and_an_unknown_check_is_refused(judge):
    assert judge.judge("", Language.EN, CHEQUE) == {c: CheckResult(c, False) for c in CHEQUE}
    with pytest.raises(KeyError):
        judge.judge("hello", Language.EN, ("no_such_check",))


@pytest.mark.parametrize(
    "language, text, parts",
    [
        (Language.EN, "What's the number? And when, so I can check", 3),
        (Language.KO, "번호 알려주시고 그리고 날짜도, 오늘 주세요", 3),
        (Language.ZH_HANS, "支票号码是多少，然后什么时候寄的？", 2),
        (Language.ES, "¿Cuál es el número? pero dígame la fecha", 2),
    ],
)
def test_clauses_split_at_punctuation_and_connectives(language, text, parts):
    assert len(clauses(text, BOOK[language])) == parts


def test_clauses_are_also_judged_with_their_neighbour_and_as_a_sentence():
    text = "I'll check with our bank. If it isn't here by Wednesday, stop it and pay by transfer."
    pieces = candidates(text, BOOK[Language.EN])
    assert pieces[:4] == [
        "I'll check with our bank",
        "If it isn't here by Wednesday",
        "stop it",
        "pay by transfer",
    ]
    assert "If it isn't here by Wednesday, stop it" in pieces
    assert "If it isn't here by Wednesday, stop it and pay by transfer" in pieces
    # Never across sentences: a quote is words the trainee said together.
    assert not [p for p in pieces if "bank" in p and "Wednesday" in p]


def test_a_clause_alone_and_its_neighbour_alone_miss_what_the_two_together_meet(judge):
    said = "If it isn't here by Wednesday, stop it and pay another way."
    found = judge.judge(said, Language.EN, ["asks_transfer_instead"])["asks_transfer_instead"]
    # Neither "stop it" nor "pay another way" alone asks it (0.08 and 0.04 when written); the two
    # together do (0.84), without the day (the labels quote "cancel it and pay by transfer that
    # day" so).
    assert found.met and "stop it" in found.quote and "another way" in found.quote


@pytest.mark.parametrize(
    "language,answer",
    [
        (Language.KO, "금요일까지 4,860유로 입금해 주세요."),
        (Language.ZH_HANS, "请周五前付4860欧元。"),
        (Language.ZH_HANT, "請週五前付4,860歐元。"),
    ],
)
def test_a_sum_written_into_the_words_is_a_sum(judge, language, answer):
    assert judge.judge(answer, language, ["names_amount"])["names_amount"].met


def test_a_day_said_in_another_language_still_counts(judge):
    found = judge.judge("4,860유로 by Friday 입금해 주세요.", Language.KO, ["names_date"])
    assert found["names_date"].met


def test_a_taught_answer_gives_its_misses_and_its_likeliest_piece(judge):
    """Every piece of an answer missing a check counts against it; of an answer meeting it, only
    the likeliest piece that refuses nothing is an example. A kept conduct check's pieces count
    against breaking it, a broken one's say nothing; sums and days are read, and teach only the
    demand model (nothing here: neither answer names one)."""
    trap = "I won't ask for the cheque number, we'll just wait"
    meets = "I don't need the cheque number. Lovely weather today. What's the cheque number?"
    checks = ("asks_cheque_number", "keeps_demand", "names_amount")
    pieces = judge._taught_pieces(
        [
            TaughtAnswer(Language.EN, trap, checks, frozenset({"names_amount"})),
            TaughtAnswer(Language.EN, meets, checks, frozenset(checks)),
        ]
    )
    learnt = pieces["asks_cheque_number"]
    assert len(learnt.meets) == len(candidates(trap, BOOK[Language.EN])) + 1
    assert learnt.meets.sum() == 1
    assert learnt.importance[learnt.meets].tolist() == [judge.settings.met_weight]
    assert set(learnt.importance[~learnt.meets]) == {judge.settings.answer_weight}
    (example,) = learnt.vectors[np.flatnonzero(learnt.meets)].toarray()
    wanted = judge.features(["What's the cheque number"]).toarray()[0]
    assert np.allclose(example, wanted, atol=1e-5)  # not the refusal, though it says as much
    # keeps_demand: kept by the second answer only, so only its pieces count, all against.
    assert not pieces["keeps_demand"].meets.any()
    assert len(pieces["keeps_demand"].meets) == len(candidates(meets, BOOK[Language.EN]))
    assert "names_amount" not in pieces and DEMAND_ROW not in pieces


def test_a_taught_answer_that_quotes_its_words_teaches_the_shortest_piece_holding_them(judge):
    """The writer's quote, trimmed as pieces are, not the likeliest piece; a quote no single
    piece holds (it runs across sentences) falls back to the likeliest."""
    answer = "When's he back? I'll drop by that day, so have it paid then, please"
    checks = ("asks_payment_on_return", "keeps_demand")

    def example(quote: str) -> np.ndarray:
        said = TaughtAnswer(Language.EN, answer, checks, frozenset(checks), {checks[0]: quote})
        learnt = judge._taught_pieces([said])[checks[0]]
        (row,) = learnt.vectors[np.flatnonzero(learnt.meets)].toarray()
        return row

    # No quote: the model's choice, which for this check is still the question (the judge reads
    # "When's he back" as asking for payment on return at 0.84).
    likeliest = example("")
    quoted = example("so have it paid then,")
    assert np.allclose(quoted, judge.features(["so have it paid then"]).toarray()[0], atol=1e-5)
    assert not np.allclose(quoted, likeliest, atol=1e-3)
    assert np.allclose(example("back? I'll drop by"), likeliest, atol=1e-5)


def test_a_taught_answer_that_breaks_a_conduct_check_teaches_the_piece_quoted_as_breaking_it(
    judge,
):
    """A reader's quote of the words that drop the demand makes the shortest piece holding them an
    example of breaking keeps_demand; without a quote, a broken check teaches nothing."""
    answer = (
        "I can split off the undisputed part. But let's not bother, we'll wait till it's sorted"
    )
    checks = ("separates_undisputed", "keeps_demand")
    assert judge.settings.broken_weight > 0

    def learnt(breaks: dict[str, str]) -> np.ndarray:
        said = TaughtAnswer(Language.EN, answer, checks, frozenset(), {}, breaks)
        pieces = judge._taught_pieces([said]).get("keeps_demand")
        if pieces is None:
            return np.zeros((0, 0))
        assert set(pieces.importance[pieces.meets]) == {judge.settings.broken_weight}
        return pieces.vectors[np.flatnonzero(pieces.meets)].toarray()

    assert learnt({}).size == 0
    (row,) = learnt({"keeps_demand": "we'll wait till it's sorted"})
    assert np.allclose(row, judge.features(["we'll wait till it's sorted"]).toarray()[0], atol=1e-5)


def _hashed(texts):
    """A stand-in encoder: a fixed random vector per text, so a fit takes a second."""
    rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), np.uint8) for t in texts]
    vectors = np.array(rows, np.float32) - 127.5
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_taught_answer_teaches_the_demand_model_its_sums_said_and_asked_for(judge):
    """Labelled as not naming the sum, every piece with a sum is a counterexample; labelled as
    naming it, the piece with it that reads most as a demand is an example."""
    mention = "The 4,860 invoice went out last week. Anything else?"
    demand = "Thanks. Pay the 4,860, please"
    checks = ("names_amount", "keeps_demand")
    words = BOOK[Language.EN]
    pieces = judge._taught_pieces(
        [
            TaughtAnswer(Language.EN, mention, checks, frozenset({"keeps_demand"})),
            TaughtAnswer(Language.EN, demand, checks, frozenset(checks)),
        ]
    )[DEMAND_ROW]
    said = [p for p in candidates(mention, words) if words.amount.search(p)]
    assert len(pieces.meets) == len(said) + 1
    assert pieces.meets.sum() == 1
    assert set(pieces.importance[~pieces.meets]) == {judge.settings.answer_weight}
    (example,) = pieces.vectors[np.flatnonzero(pieces.meets)].toarray()
    asked = [p for p in candidates(demand, words) if words.amount.search(p)]  # not "Thanks"
    assert any(np.allclose(example, v, atol=1e-5) for v in judge.features(asked).toarray())


def test_a_piece_holding_what_the_answer_was_labelled_as_naming_is_no_mention(judge):
    answer = "Please pay by Friday, the 4,860 invoice is late"
    met = frozenset({"names_date", "keeps_demand"})  # the day asked for; the sum only mentioned
    said = TaughtAnswer(Language.EN, answer, ("names_amount", "names_date", "keeps_demand"), met)
    pieces = judge._taught_pieces([said])[DEMAND_ROW]
    words = BOOK[Language.EN]
    only_the_sum = [
        p for p in candidates(answer, words) if words.amount.search(p) and not words.day.search(p)
    ]
    assert only_the_sum == ["the 4,860 invoice is late"]
    assert pieces.meets.tolist() == [True, False]  # the pair with both is neither
    assert pieces.importance.tolist() == [1.0, judge.settings.answer_weight]
    wanted = judge.features(only_the_sum).toarray()[0]
    assert np.allclose(pieces.vectors[1].toarray()[0], wanted, atol=1e-5)


def test_a_taught_mention_makes_its_sum_read_less_as_a_demand():
    mention = "The 4,860 invoice went out on Friday"
    checks = ("names_amount", "names_date", "keeps_demand")
    settings = JudgeSettings(answer_weight=200.0)

    def demanding(judge: AnswerJudge) -> float:
        """In log-odds: the n-grams alone already read this mention as unlikely (0.11), and
        teaching it takes it further down (0.01), a drop a difference of likelihoods hides."""
        vectors = judge.features(candidates(mention, BOOK[Language.EN]))
        sure = float(judge._likelihoods(vectors, [DEMAND_ROW])[DEMAND_ROW].max())
        return float(np.log(sure / (1 - sure)))

    untaught = AnswerJudge.fit(BOOK, _hashed, settings)
    said = TaughtAnswer(Language.EN, mention, checks, frozenset({"keeps_demand"}))
    taught = AnswerJudge.fit(BOOK, _hashed, settings, [said])
    assert demanding(taught) < demanding(untaught) - 1.5


def test_only_the_fitting_settings_change_what_a_fit_learns():
    """The settings `with_settings` lets change without a refit are the ones a fit never reads."""
    taught = [
        TaughtAnswer(
            Language.EN,
            "What's the cheque number? I need the 3,000 by Friday.",
            CHEQUE,
            frozenset({"asks_cheque_number", "names_amount", "names_date", "keeps_demand"}),
        )
    ]
    defaults = JudgeSettings()
    moved = {
        f.name: () if isinstance(value, tuple) else value / 2 + 0.01
        for f in dataclasses.fields(JudgeSettings)
        if f.name not in FITTING_SETTINGS and (value := getattr(defaults, f.name)) is not None
    }
    assert moved, "no setting left to move"
    before = AnswerJudge.fit(BOOK, _hashed, defaults, taught)
    after = AnswerJudge.fit(BOOK, _hashed, dataclasses.replace(defaults, **moved), taught)
    assert np.array_equal(before.weights, after.weights)
    assert np.array_equal(before.bias, after.bias)


# Written for this test, none of them among the checks' examples (asserted below).
ASKS_THE_UNDISPUTED_PART = {
    Language.EN: "Please settle the part nobody is disputing today",
    Language.ES: "Lo que nadie discute, transfiéralo hoy",
    Language.KO: "이견 없는 부분 대금은 오늘 보내 주세요",
    Language.ZH_HANS: "没有争议的那部分今天先付",
    Language.ZH_HANT: "沒有爭議的部分今天先付",
}


def test_a_check_implied_by_another_learns_from_its_examples_too():
    # Without IMPLIES the examples of asking for the undisputed part are counterexamples of
    # separating it, and these read 0.06 (English) to 0.34 (Simplified Chinese).
    examples = {e for c in BOOK.values() for k in c.checks.values() for e in k.examples}
    assert not set(ASKS_THE_UNDISPUTED_PART.values()) & examples
    untaught = AnswerJudge.fit(BOOK, sentence_encoder.encode)
    vectors = untaught.features(list(ASKS_THE_UNDISPUTED_PART.values()))
    sure = untaught._likelihoods(vectors, ["separates_undisputed"])["separates_undisputed"]
    assert sure.min() > 0.5, dict(zip(ASKS_THE_UNDISPUTED_PART, sure.round(2)))


def test_teaching_an_answer_that_misses_a_check_makes_its_pieces_less_likely_to_meet_it():
    trap = "I won't ask for the cheque number, we'll just wait"
    checks = ("asks_cheque_number", "keeps_demand")
    settings = JudgeSettings(answer_weight=200.0)

    def sure(judge: AnswerJudge) -> float:
        vectors = judge.features(candidates(trap, BOOK[Language.EN]))
        return float(
            judge._likelihoods(vectors, ["asks_cheque_number"])["asks_cheque_number"].max()
        )

    untaught = AnswerJudge.fit(BOOK, _hashed, settings)
    missed = TaughtAnswer(Language.EN, trap, checks, frozenset({"keeps_demand"}))
    taught = AnswerJudge.fit(BOOK, _hashed, settings, [missed])
    assert sure(taught) < sure(untaught) - 0.2
    other = taught.ids.index("asks_payee")  # a check it was not labelled on is fitted as before
    assert np.allclose(taught.weights[other], untaught.weights[other])


def _counting(judge: AnswerJudge) -> tuple[AnswerJudge, list[str]]:
    """A copy of `judge` with readings of its own, counting the texts it encodes."""
    copy = judge.with_settings(judge.settings)
    encoded: list[str] = []

    def counting(texts):
        encoded.extend(texts)
        return judge.encode(texts)

    copy.encode = counting
    return copy, encoded


def test_an_answer_read_ahead_is_judged_from_that_reading_once(judge):
    answer = "What's the cheque number? If the 3,750 isn't in by Wednesday, cancel it and wire it."
    counted, encoded = _counting(judge)
    counted.read_ahead(answer, Language.EN)
    counted.read_ahead(answer, Language.EN)  # read once however often it is sent
    read = list(encoded)
    assert read == candidates(answer, BOOK[Language.EN])
    assert counted.judge(answer, Language.EN, CHEQUE) == judge.judge(answer, Language.EN, CHEQUE)
    assert encoded == read  # nothing encoded again
    counted.judge(answer, Language.EN, CHEQUE)
    assert encoded == read * 2  # the reading was taken: the next judging reads it itself


def test_a_reading_is_for_its_own_answer_and_language(judge):
    answer = "¿Cuál es el número del cheque?"
    counted, encoded = _counting(judge)
    counted.read_ahead(answer, Language.ES)
    read = len(encoded)
    counted.judge(answer, Language.EN, CHEQUE)  # the same words, another language
    counted.judge(answer + " ¿Y cuándo lo mandó?", Language.ES, CHEQUE)  # another answer
    others = len(encoded)
    assert others > read
    counted.judge(answer, Language.ES, CHEQUE)  # its own is still there
    assert len(encoded) == others


def test_readings_not_judged_are_kept_to_a_bound_oldest_dropped(judge, monkeypatch):
    monkeypatch.setattr(answer_judge, "READ_AHEAD", 3)
    counted, encoded = _counting(judge)
    answers = [f"Please pay the {n},000 today." for n in range(1, 5)]
    for answer in answers:
        counted.read_ahead(answer, Language.EN)
    read = len(encoded)
    counted.judge(answers[-1], Language.EN, CHEQUE)
    assert len(encoded) == read  # the newest was kept
    counted.judge(answers[0], Language.EN, CHEQUE)
    assert len(encoded) > read  # the oldest was dropped, and read again


def test_another_settings_copy_keeps_readings_of_its_own(judge):
    answer = "When did you post the cheque?"
    counted, encoded = _counting(judge)
    counted.read_ahead(answer, Language.EN)
    other = counted.with_settings(counted.settings)
    read = len(encoded)
    other.judge(answer, Language.EN, CHEQUE)
    assert len(encoded) == read * 2


COMPLAINT = (
    "offers_remedy_for_faulty",
    "limits_remedy_to_faulty",
    "separates_undisputed",
    "asks_undisputed_payment",
    "keeps_demand",
)


def _limits_only_by_others(judge: AnswerJudge) -> AnswerJudge:
    """`judge` with the limiting check's own model never sure enough: it is met only by meeting
    the checks of one of its ways (MET_BY_OTHERS)."""
    shifts = dict(judge.settings.by_check) | {"limits_remedy_to_faulty": 1.0}
    return judge.with_settings(
        dataclasses.replace(judge.settings, by_check=tuple(sorted(shifts.items())))
    )


# An offer for the faulty goods, then the rest set apart or asked for; none says the limit outright.
@pytest.mark.parametrize(
    "language, answer",
    [
        (
            Language.EN,
            "We'll swap the cracked jars for new ones. The rest of the order isn't in question.",
        ),
        (Language.EN, "I'll credit the two broken chairs. Please pay the other £2,400 today."),
        (
            Language.ES,
            "Las cajas dañadas se las cambiamos. "
            "El resto del pedido llegó bien y no está en discusión.",
        ),
        (
            Language.KO,
            "깨진 제품은 새 걸로 교환해 드리겠습니다. "
            "나머지 물건은 문제가 없으니 따로 봐야 합니다.",
        ),
        (Language.ZH_HANS, "坏了的那几箱我们给您换新的。其他的货没有问题，这部分不在投诉范围里。"),
        (Language.ZH_HANT, "壞掉的那幾箱我們幫您換新的。其他沒問題的NT$30,000請今天先付。"),
    ],
)
def test_an_offer_for_the_faulty_goods_with_the_rest_apart_limits_the_remedy(
    judge, language, answer
):
    found = _limits_only_by_others(judge).judge(answer, language, COMPLAINT)
    offer, limit = found["offers_remedy_for_faulty"], found["limits_remedy_to_faulty"]
    apart = [found[c] for c in ("separates_undisputed", "asks_undisputed_payment") if found[c].met]
    assert offer.met and apart and limit.met
    # Quoted as the trainee's own words from the offer to the rest set apart.
    assert limit.quote and limit.quote in answer
    assert offer.quote in limit.quote and any(f.quote in limit.quote for f in apart)


def test_an_offer_alone_does_not_limit_the_remedy(judge):
    answer = "We'll swap the cracked jars for new ones, just send me the batch number."
    found = _limits_only_by_others(judge).judge(answer, Language.EN, COMPLAINT)
    assert found["offers_remedy_for_faulty"].met
    assert not found["limits_remedy_to_faulty"].met


def _offered_with_the_rest_apart(judge: AnswerJudge, then: str) -> dict[str, CheckResult]:
    """An English offer with the rest set apart, then `then`, judged as `_limits_only_by_others`."""
    answer = "We'll swap the cracked jars for new ones. The rest of the order isn't in question. "
    return dict(_limits_only_by_others(judge).judge(answer + then, Language.EN, COMPLAINT))


def test_a_refused_limit_is_not_met_by_the_others(judge):
    found = _offered_with_the_rest_apart(judge, "No need to keep the credit to the cracked ones.")
    assert found["offers_remedy_for_faulty"].met and found["separates_undisputed"].met
    assert found["limits_remedy_to_faulty"].refused
    assert not found["limits_remedy_to_faulty"].met


def test_a_limit_met_by_the_others_is_taken_back_with_them_when_the_demand_is_dropped(judge):
    found = _offered_with_the_rest_apart(judge, "But honestly, pay whenever you can, no rush.")
    assert not found["keeps_demand"].met
    for check in ("offers_remedy_for_faulty", "limits_remedy_to_faulty"):
        assert found[check].taken_back and not found[check].met


@pytest.mark.parametrize("apart", ["separates_undisputed", "asks_undisputed_payment"])
def test_each_way_meets_the_limit_with_the_words_of_both(apart):
    found = {
        "offers_remedy_for_faulty": CheckResult(
            "offers_remedy_for_faulty", True, "I'll credit them"
        ),
        apart: CheckResult(apart, True, "the rest stands"),
        "limits_remedy_to_faulty": CheckResult("limits_remedy_to_faulty", False),
    }
    answer = "I'll credit them, but the rest stands."
    limit = answer_judge.met_by_others(found, answer)["limits_remedy_to_faulty"]
    assert limit == CheckResult(
        "limits_remedy_to_faulty", True, "I'll credit them, but the rest stands"
    )
    alone = {c: f for c, f in found.items() if c != apart}
    assert not answer_judge.met_by_others(alone, answer)["limits_remedy_to_faulty"].met
    refused = found | {
        "limits_remedy_to_faulty": CheckResult("limits_remedy_to_faulty", False, "x", refused=True)
    }
    assert (
        answer_judge.met_by_others(refused, answer)["limits_remedy_to_faulty"]
        == refused["limits_remedy_to_faulty"]
    )


def test_quotes_far_apart_or_from_other_answers_are_each_quoted():
    near = "We'll credit those two. The other 48 stand."
    assert answer_judge.joined_quote(["The other 48 stand", "We'll credit those two"], near) == (
        "We'll credit those two. The other 48 stand"
    )
    far = (
        "We'll credit those two. "
        + "Which delivery was it, and who signed for it? " * 3
        + "The rest stands."
    )
    assert answer_judge.joined_quote(["We'll credit those two", "The rest stands"], far) == (
        "We'll credit those two … The rest stands"
    )
    assert answer_judge.joined_quote(["a credit", "the rest"]) == "a credit … the rest"


def test_words_that_limit_the_remedy_only_beside_others_are_not_taught_as_limiting_it():
    """Labelled as limiting the remedy by offering one and separating the rest, in words the
    writer quoted for the offer: those words teach the offer, not the limit. Words of its own
    that say the limit still teach it."""
    offer = "I'll credit the faulty ones"
    answer = f"{offer}. The rest isn't in dispute, so please pay that today."
    met = frozenset(COMPLAINT)
    quotes = {"offers_remedy_for_faulty": offer, "limits_remedy_to_faulty": offer + "."}
    settings = JudgeSettings(met_weight=200.0)
    untaught = AnswerJudge.fit(BOOK, _hashed, settings)
    row = untaught.ids.index("limits_remedy_to_faulty")

    def taught(answer: TaughtAnswer) -> np.ndarray:
        return AnswerJudge.fit(BOOK, _hashed, settings, [answer]).weights[row]

    by_others = TaughtAnswer(Language.EN, answer, COMPLAINT, met, quotes)
    assert np.allclose(taught(by_others), untaught.weights[row])
    outright = "The credit covers only those"
    said = TaughtAnswer(
        Language.EN,
        f"{answer} {outright}.",
        COMPLAINT,
        met,
        quotes | {"limits_remedy_to_faulty": outright},
    )
    assert not np.allclose(taught(said), untaught.weights[row])
