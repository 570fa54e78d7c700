"""Judge a trainee's answer by meaning: the observable checks it meets, quoting the words that did.

The answer is split into clauses, judged alone, with the next clause of their sentence and as
whole sentences. Each check has a small logistic model over the sentence encoder's vectors and
the pieces' character n-grams (piece_features.py), fitted on that check's example clauses in
every language against every other check's examples and its own refusals, so a Korean answer is
judged with the Spanish examples too; then fitted again with whole answers labelled by hand,
whose near misses the examples alone do not teach. A
piece meets a check when the model is sure enough, unless it refuses what it mentions ("no need
for the cheque number"). A sum or a day counts only in a piece that asks to be paid, read by a
model of its own: the demanding checks' examples against every other clause and the languages'
`mentions` ("the 3,000 invoice went out on the 3rd"), then taught the labelled answers' sums and
days. A check may also be met by meeting others together (`MET_BY_OTHERS`: an offer for the
faulty goods with the rest set apart limits the remedy to them), unless the answer refuses it.
Conduct checks are met unless a piece breaks them; an answer that meets nothing else does
not keep the demand, and one the model reads as dropping it meets nothing else (what it met is
taken back, quoted).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from dunning_coach.language.languages import Language
from dunning_coach.training.answer_checks import (
    AMOUNT_CHECK,
    CONDUCT,
    DAY_CHECK,
    IMPLIES,
    MET_BY_OTHERS,
    LanguageChecks,
    way_met,
)
from dunning_coach.training.piece_features import Encoder, features
from dunning_coach.training.rubric import JUDGED_CHARS

REFUSAL_WEIGHT = 3.0  # a check's own refusals teach it more than other checks' examples
# Checks whose examples all ask to be paid: the demand model's examples (a clause like them is a
# demand, and a sum or a day in it counts).
DEMANDS = (
    AMOUNT_CHECK,
    DAY_CHECK,
    "asks_payment_now",
    "asks_part_payment_now",
    "proposes_dated_plan",
)
DEMAND_ROW = "asks_to_be_paid"  # the demand model's row, after the checks' (not a check itself)
# Answers read ahead and not judged yet, kept at most (the oldest go first): one per trainee
# whose answer is between the action server and Rasa's parse, so far more than ever wait.
READ_AHEAD = 64


@dataclass(frozen=True)
class JudgeSettings:
    """Chosen by scripts/calibrate_answer_judge.py, cross-validated on the labelled answers the
    judge learns from (answer_checks/labelled), and kept until settings it chooses agree better
    over several splits of them into folds."""

    threshold: float = 0.65  # how sure a check's model must be that a clause meets it
    # How sure, that a clause breaks a conduct check. Taught the words that broke one (below),
    # the models grew surer of breaks in kept answers too: of 0.7 to 0.99, 0.95 cross-validated
    # best (0.959; 0.956 before they were taught).
    conduct_threshold: float = 0.95
    # How sure the demand model must be that a piece asks to be paid, for a sum or day in it.
    # The labels score 0.4 to 0.7 alike (0.952 at the shared threshold, 0.953 with each
    # language's); the judge's own tests choose between: at 0.4 a Korean mention of a sum reads
    # as a demand (0.51), at 0.7 a plain Traditional Chinese demand does not (0.61).
    demand_threshold: float = 0.55
    # How sure, at most, that a refusing clause is about a check ("I don't need the cheque
    # number"): a refusal names a check more loosely than an answer meets it. The labels cannot
    # choose it (a refused check and a missed one are both unmet); it sits where the judge's
    # refusal tests pass in every language: the models, taught the labelled traps as near misses,
    # give a refused cheque number 0.44 (Simplified Chinese) to 0.68 (English), its neighbours at
    # most 0.02.
    mention_threshold: float = 0.15
    c: float = 3.0  # the models' inverse regularisation
    # How much a taught answer's piece that does not meet a check counts against it, beside one
    # example clause: the blind labels' weak answers and traps are the near misses it must learn.
    answer_weight: float = 9.0
    # How much the piece of a taught answer that meets a check counts for it, beside one example:
    # the labels' answers that meet a check in words its examples lack. (It made the models surer
    # of everything, small talk as a demand too, until the demand model was one of its own.)
    # Once every taught answer quoted its meeting words, 2 to 8 cross-validated alike (0.956 to
    # 0.957); 8 left the fewest checks below 0.90 (6, against 7).
    met_weight: float = 8.0
    # How much the piece of a taught answer that breaks a conduct check (the words a reader
    # quoted as dropping the demand, say) counts for breaking it, beside one example. 3 and 5
    # cross-validated alike (0.959); 5 left keeps_demand below 0.90 (0.898).
    broken_weight: float = 3.0
    # How much a piece's character n-grams count beside its meaning (piece_features.py).
    chars_weight: float = 1.0
    # A language's own `threshold`, chosen on that language's labelled answers: the models are
    # surer of some languages than others, and a trainee's score must not depend on which.
    by_language: tuple[tuple[str, float], ...] = (
        ("en", 0.6),
        ("es", 0.65),
        ("ko", 0.7),
        ("zh-Hans", 0.7),
        ("zh-Hant", 0.5),
    )
    # A check's own shift of its language's threshold (`shifts_threshold`), kept where it
    # agreed with at least 3 more of that check's learnt answers than no shift, on the folds of
    # the cross-validation that chose it: each check's model is surer or less sure than the
    # rest, as its examples meet it more or less often.
    by_check: tuple[tuple[str, float], ...] = (
        ("asks_other_documents", 0.1),
        ("next_step", 0.15),
        ("says_payment_not_tied_to_sales", 0.15),
        ("separates_undisputed", 0.15),
    )

    def threshold_for(self, language: Language, check_id: str | None = None) -> float:
        shift = dict(self.by_check).get(check_id, 0.0) if check_id else 0.0
        return dict(self.by_language).get(language.value, self.threshold) + shift


SETTINGS = JudgeSettings()
# The settings a fit depends on; the rest are thresholds its likelihoods are read against.
FITTING_SETTINGS = ("c", "answer_weight", "met_weight", "broken_weight", "chars_weight")


def shifts_threshold(check_id: str) -> bool:
    """Whether a check's model is read against a threshold a shift could move: a conduct check
    has its own (`conduct_threshold`), and a sum or a day is read, not judged by a model."""
    return check_id not in CONDUCT and check_id not in (AMOUNT_CHECK, DAY_CHECK)


def _refuse_unused_shifts(ids: Sequence[str], settings: JudgeSettings) -> None:
    # A shift the judge would never apply (a conduct check, a misspelt id) is a mistake in the
    # settings, not something to ignore.
    unused = sorted(c for c, _ in settings.by_check if c not in ids or not shifts_threshold(c))
    if unused:
        raise ValueError(f"by_check shifts checks whose threshold no shift moves: {unused}")


@dataclass(frozen=True)
class TaughtAnswer:
    """A whole answer labelled by hand: the checks it was labelled on, and those it meets."""

    language: Language
    answer: str
    checks: tuple[str, ...]
    met: frozenset[str]
    # The writer's words meeting a met check, where the labels quote them.
    quotes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # The words breaking a conduct check the answer breaks, where the labels quote some.
    breaks: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class _Pieces:
    """Taught answers' pieces for one check's model: each piece's vector, whether it is an
    example of what the model finds (meeting the check; breaking it, for a conduct check), and
    how much it counts."""

    vectors: sparse.csr_matrix
    meets: np.ndarray
    importance: np.ndarray

    @classmethod
    def none(cls, dimensions: int) -> _Pieces:
        return cls(
            sparse.csr_matrix((0, dimensions), dtype=np.float32), np.zeros(0, bool), np.zeros(0)
        )


@dataclass(frozen=True)
class CheckResult:
    check: str
    met: bool
    quote: str | None = None  # the trainee's words that met it (or broke a conduct check)
    refused: bool = False  # a clause mentioned it and refused it
    # Met, then taken back by dropping the demand in the same answer (`quote`: what met it).
    taken_back: bool = False


@dataclass(frozen=True)
class _Reading:
    """An answer's pieces, and what the models read in each (None for no piece)."""

    parts: list[str]
    features: sparse.csr_matrix | None


_QUOTES = " \t-\"'“”‘’「」"
_TRIMMED = ".,;:!?。，、；：！？"  # what ends a sentence or clause, and so no piece ends with
# A sentence ends at these, in any script; a point between digits belongs to a number ("1.200").
_SENTENCE_END = re.compile(r"(?<!\d)\.|\.(?!\d)|[!?;\n。！？；]+")


def clauses(text: str, language: LanguageChecks) -> list[str]:
    parts = (p.strip(_QUOTES) for p in language.clause_break.split(text[:JUDGED_CHARS]))
    return [p for p in parts if len(p) > 1]


def candidates(text: str, language: LanguageChecks) -> list[str]:
    """The pieces an answer is judged in: its clauses, each clause with the next one in its
    sentence, and each whole sentence. A clause alone can lose what it refers to ("if it isn't
    here by Wednesday | stop it"); clauses come first, so a check met by one quotes the fewest
    words."""
    parts: list[str] = []
    pairs: list[str] = []
    sentences: list[str] = []
    for sentence in _SENTENCE_END.split(text[:JUDGED_CHARS]):
        own = clauses(sentence.strip(), language)
        parts += own
        # A pair is the trainee's own words from the first clause to the end of the second.
        spans, cursor = [], 0
        for clause in own:
            start = max(sentence.find(clause, cursor), cursor)  # always found: split from it
            cursor = start + len(clause)
            spans.append((start, cursor))
        pairs += [sentence[a[0] : b[1]] for a, b in itertools.pairwise(spans)]
        if len(own) > 2:
            sentences.append(sentence.strip(_QUOTES))
    return list(dict.fromkeys([*parts, *pairs, *sentences]))


def _shortest_holding(
    quote: str | None, parts: Sequence[str], excluded: np.ndarray | None = None
) -> int | None:
    """The shortest of `parts` holding the quoted words (trimmed as pieces are), if any."""
    words = _trimmed(quote)
    holding = [
        n
        for n, p in enumerate(parts)
        if words and words in p and not (excluded is not None and excluded[n])
    ]
    return min(holding, key=lambda n: len(parts[n])) if holding else None


def _met_by_others_in_their_words(answer: TaughtAnswer, check_id: str) -> bool:
    """Whether a taught answer meets `check_id` by meeting one of its ways (`MET_BY_OTHERS`),
    in words the writer quoted for one check of that way (or in none quoted): "I'll credit the
    faulty ones" meets the offer, and beside "the rest isn't in dispute" the limit, which the
    judge then finds from the two. Taught as the limit's own example, such words taught its
    model that any offer limits the remedy (limits_remedy_to_faulty cross-validated 0.898 with
    them, 0.902 without). Words of its own, or running across the way's, are still taught."""
    way = way_met(check_id, answer.met)
    quote = _trimmed(answer.quotes.get(check_id))
    return way is not None and (
        not quote or any(quote in _trimmed(answer.quotes.get(i)) for i in way)
    )


def _trimmed(quote: str | None) -> str:
    return (quote or "").strip(_QUOTES + _TRIMMED)


def met_by_others(findings: Mapping[str, CheckResult], answer: str) -> dict[str, CheckResult]:
    """`findings`, with each check of `MET_BY_OTHERS` met where all the checks of one of its
    ways are, unless the answer refused it; quoting the words that met them (`joined_quote`)."""
    found = dict(findings)
    met = {i for i, f in findings.items() if f.met}
    for check_id in MET_BY_OTHERS:
        finding = found.get(check_id)
        way = way_met(check_id, met)
        if finding is None or finding.met or finding.refused or way is None:
            continue  # a refusal of it still never meets it
        quote = joined_quote([findings[i].quote or "" for i in way], answer)
        found[check_id] = CheckResult(check_id, True, quote)
    return found


# How far apart, in characters, the quotes of the checks meeting a check together may be, to be
# quoted as one stretch of the trainee's words; further apart, each is quoted, joined by "…".
QUOTE_GAP = 40


def joined_quote(quotes: Sequence[str], answer: str | None = None) -> str:
    """The words of several quotes as one: the stretch of `answer` from the first to the last,
    where they are close together in it, else each in the answer's order, joined by "…"."""
    parts = list(dict.fromkeys(q for q in quotes if q))
    places = [answer.find(q) if answer else -1 for q in parts]
    if answer and all(p >= 0 for p in places):
        ordered = sorted(zip(places, parts))
        start, end = ordered[0][0], max(p + len(q) for p, q in ordered)
        if end - start <= sum(len(q) for q in parts) + QUOTE_GAP:
            return answer[start:end]
        parts = [q for _, q in ordered]
    return " … ".join(parts)


def _one_piece(
    vectors: sparse.csr_matrix, n: int, weight: float
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Piece `n` of a taught answer alone, as an example of what a check's model finds."""
    return vectors[n : n + 1], np.ones(1, bool), np.full(1, weight)


class AnswerJudge:
    """Fitted models as one weight row per check: a clause's likelihood for every check is one
    matrix product, and the fitted judge is saved and loaded as two arrays (shared_judge.py)."""

    def __init__(
        self,
        book: Mapping[Language, LanguageChecks],
        encode: Encoder,
        settings: JudgeSettings,
        weights: np.ndarray,
        bias: np.ndarray,
    ) -> None:
        self.book = book
        self.encode = encode
        self.settings = settings
        self.ids = tuple(next(iter(book.values())).checks)
        _refuse_unused_shifts(self.ids, settings)
        if DEMAND_ROW in self.ids:
            raise ValueError(f"{DEMAND_ROW} names the demand model; a check needs another id")
        rows = len(self.ids) + 1  # each check's model, then the demand model
        if weights.shape[0] != rows or bias.shape != (rows,):
            raise ValueError(f"fitted weights have {weights.shape[0]} rows, not {rows}")
        self.weights, self.bias = weights, bias
        self._read_ahead: OrderedDict[tuple[str, Language], _Reading] = OrderedDict()
        self._row = {check_id: n for n, check_id in enumerate((*self.ids, DEMAND_ROW))}
        # A sum or a day written any language's way ("by Friday" in a Korean round).
        self._written = {
            AMOUNT_CHECK: [checks.amount for checks in book.values()],
            DAY_CHECK: [checks.day for checks in book.values()],
        }

    @classmethod
    def fit(
        cls,
        book: Mapping[Language, LanguageChecks],
        encode: Encoder,
        settings: JudgeSettings = SETTINGS,
        taught: Sequence[TaughtAnswer] = (),
    ) -> AnswerJudge:
        """Each check's model learns from every language's example clauses (and those of the
        checks that imply it, `IMPLIES`), against the other checks' examples and its own
        refusals; then, given `taught` answers, once more with their
        pieces: every piece of an answer that does not meet a check is a counterexample of it,
        and one piece of an answer that does is an example (`_meeting_piece`). The demand
        model learns the same way (`_demand_pieces`)."""
        ids = tuple(next(iter(book.values())).checks)
        texts: list[str] = []
        labels: list[str] = []
        refusal_of: list[str] = []
        for checks in book.values():
            for check in checks.checks.values():
                texts += check.examples
                labels += [check.id] * len(check.examples)
                refusal_of += [""] * len(check.examples)
                texts += check.refusals
                labels += [""] * len(check.refusals)
                refusal_of += [check.id] * len(check.refusals)
        mentions = [m for checks in book.values() for m in checks.mentions]
        vectors = features([*texts, *mentions], encode, settings.chars_weight)
        label_array = np.array([*labels, *[""] * len(mentions)])
        refusal_array = np.array([*refusal_of, *[""] * len(mentions)])
        mentioned = np.arange(vectors.shape[0]) >= len(texts)

        def fitted(check_id: str, extra: _Pieces) -> tuple[np.ndarray, float]:
            if check_id == DEMAND_ROW:
                # The demanding checks' examples against every other clause; a mention teaches
                # it as much as a check's own refusals teach that check.
                rows = np.ones(vectors.shape[0], bool)
                meets = np.isin(label_array, DEMANDS)
                importance = np.where(mentioned, REFUSAL_WEIGHT, 1.0)
            else:
                # A mention may meet another check ("I'll be there tomorrow to see the boxes").
                rows = ~mentioned
                implying = [i for i, implied in IMPLIES.items() if check_id in implied]
                meets = np.isin(label_array, [check_id, *implying])
                importance = np.where(refusal_array == check_id, REFUSAL_WEIGHT, 1.0)
            model = LogisticRegression(C=settings.c, class_weight="balanced", max_iter=2000)
            model.fit(
                sparse.vstack([vectors[np.flatnonzero(rows)], extra.vectors], format="csr"),
                np.concatenate([meets[rows], extra.meets]),
                np.concatenate([importance[rows], extra.importance]),
            )
            return model.coef_[0], float(model.intercept_[0])

        first = [fitted(i, _Pieces.none(vectors.shape[1])) for i in (*ids, DEMAND_ROW)]
        judge = cls(
            book,
            encode,
            settings,
            np.array([w for w, _ in first], np.float32),
            np.array([b for _, b in first], np.float32),
        )
        if not taught:
            return judge
        pieces = judge._taught_pieces(taught)
        second = [
            fitted(i, pieces[i]) if i in pieces else first[n]
            for n, i in enumerate((*judge.ids, DEMAND_ROW))
        ]
        judge.weights = np.array([w for w, _ in second], np.float32)
        judge.bias = np.array([b for _, b in second], np.float32)
        return judge

    def _taught_pieces(self, taught: Sequence[TaughtAnswer]) -> dict[str, _Pieces]:
        """Per check, the taught answers' pieces to learn from. A sum or a day is read, not
        learnt, but teaches the demand model; a conduct check learns what keeps it, and what
        breaks it where the labels quote the words that do (`breaks`)."""
        split = [candidates(a.answer, self.book[a.language]) for a in taught]
        vectors = self.features([p for parts in split for p in parts])
        learnt: dict[str, list[tuple[sparse.csr_matrix, np.ndarray, np.ndarray]]] = {}
        start = 0
        for answer, parts in zip(taught, split):
            own, start = vectors[start : start + len(parts)], start + len(parts)
            if not parts:
                continue
            refused = np.array([bool(self.book[answer.language].refusal.search(p)) for p in parts])
            demand = self._demand_pieces(answer, parts, own, refused)
            if demand is not None:
                learnt.setdefault(DEMAND_ROW, []).append(demand)
            for check_id in answer.checks:
                met, conduct = check_id in answer.met, check_id in CONDUCT
                if check_id in self._written:
                    continue
                if conduct and not met:
                    # A conduct check's model finds what breaks it: the piece with the words a
                    # reader quoted as breaking it. Where none did, no piece is taught: guessing
                    # the likeliest taught keeps_demand worse (cross-validated 0.897 to 0.871).
                    broke = _shortest_holding(answer.breaks.get(check_id), parts)
                    if broke is not None and self.settings.broken_weight:
                        learnt.setdefault(check_id, []).append(
                            _one_piece(own, broke, self.settings.broken_weight)
                        )
                    continue
                if met == conduct:  # no piece meets the check (or breaks the conduct check)
                    weight = np.full(len(parts), self.settings.answer_weight)
                    learnt.setdefault(check_id, []).append(
                        (own, np.zeros(len(parts), bool), weight)
                    )
                    continue
                if _met_by_others_in_their_words(answer, check_id):
                    continue
                best = self._meeting_piece(
                    answer.quotes.get(check_id), check_id, parts, own, refused
                )
                if best is not None:
                    learnt.setdefault(check_id, []).append(
                        _one_piece(own, best, self.settings.met_weight)
                    )
        return {
            check_id: _Pieces(
                sparse.vstack([v for v, _, _ in rows], format="csr"),
                np.concatenate([m for _, m, _ in rows]),
                np.concatenate([w for _, _, w in rows]),
            )
            for check_id, rows in learnt.items()
        }

    def _meeting_piece(
        self,
        quote: str | None,
        check_id: str,
        parts: Sequence[str],
        vectors: sparse.csr_matrix,
        refused: np.ndarray,
    ) -> int | None:
        """The piece of a taught answer that meets a check: the shortest holding the quoted
        words (trimmed as pieces are), else the one the first model finds likeliest (refusing
        nothing). Without the quote, "When's he back?" was taught as asking for payment on return,
        from "When's he back? I'll pop in that day, can you have it paid then?". A quote running
        across sentences is in no piece: 40 of the 4,762 learnt quotes."""
        holding = _shortest_holding(quote, parts, refused)
        if holding is not None:
            return holding
        row = self._row[check_id]
        likely = np.where(refused, -np.inf, vectors @ self.weights[row] + self.bias[row])
        return int(np.argmax(likely)) if np.isfinite(likely).any() else None

    def _demand_pieces(
        self,
        answer: TaughtAnswer,
        parts: Sequence[str],
        vectors: sparse.csr_matrix,
        refused: np.ndarray,
    ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray] | None:
        """What one taught answer's sums and days teach the demand model. Labelled as naming the
        sum (or the day), the piece with it that reads most as a demand is an example; labelled
        as not naming it, every piece with it is a mention, a counterexample, unless the piece
        also holds what the answer was labelled as naming ("pay by Friday, the 4,860 invoice is
        late" demands the day)."""
        row = self._row[DEMAND_ROW]
        likely = vectors @ self.weights[row] + self.bias[row]
        examples: set[int] = set()
        demanded: set[int] = set()  # every piece with what the answer was labelled as naming
        mentions: set[int] = set()
        for check_id in sorted(set(answer.checks) & set(self._written)):
            said = [
                n
                for n, p in enumerate(parts)
                if not refused[n] and any(x.search(p) for x in self._written[check_id])
            ]
            if said and check_id in answer.met:
                examples.add(max(said, key=lambda n: likely[n]))
                demanded.update(said)
            else:
                mentions.update(said)
        mentions -= demanded
        if not examples and not mentions:
            return None
        rows = [*sorted(examples), *sorted(mentions)]
        meets = np.array([n in examples for n in rows], bool)
        # An example weighs 1, as one of the demanding checks' own clauses do. At met_weight the
        # few taught demands outweighed the mentions, and a plain mention read as a demand.
        return vectors[rows], meets, np.where(meets, 1.0, self.settings.answer_weight)

    def with_settings(self, settings: JudgeSettings) -> AnswerJudge:
        """The same fitted models read with `settings`' thresholds. Settings that would fit other
        models (`FITTING_SETTINGS`) are refused: fit a judge with them instead."""
        refit = [f for f in FITTING_SETTINGS if getattr(settings, f) != getattr(self.settings, f)]
        if refit:
            raise ValueError(f"{', '.join(refit)} change the fitted models: fit the judge again")
        _refuse_unused_shifts(self.ids, settings)
        judge = copy.copy(self)
        judge.settings = settings
        judge._read_ahead = OrderedDict()
        return judge

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """What each model reads in each of `texts`."""
        return features(texts, self.encode, self.settings.chars_weight)

    def _likelihoods(self, vectors: sparse.csr_matrix, ids: Sequence[str]) -> dict[str, np.ndarray]:
        rows = [self._row[i] for i in ids]
        logits = np.asarray(vectors @ self.weights[rows].T) + self.bias[rows]
        sure = 1.0 / (1.0 + np.exp(-logits))
        return {i: sure[:, n] for n, i in enumerate(ids)}

    def _read(self, answer: str, language: Language) -> _Reading:
        parts = candidates(answer, self.book[language])
        return _Reading(parts, self.features(parts) if parts else None)

    def read_ahead(self, answer: str, language: Language) -> None:
        """Reads `answer` (its pieces, and what the models read in each) before it is judged,
        for `judge` to take: most of judging an answer, done while Rasa parses the message
        (rasa_patches/send_ahead.py). Each reading is taken once."""
        key = (answer, language)
        if key not in self._read_ahead:
            self._read_ahead[key] = self._read(answer, language)
            while len(self._read_ahead) > READ_AHEAD:
                self._read_ahead.popitem(last=False)

    def judge(
        self, answer: str, language: Language, check_ids: Sequence[str]
    ) -> dict[str, CheckResult]:
        """A finding for each of `check_ids`, in that order."""
        unknown = [i for i in check_ids if i not in self._row or i == DEMAND_ROW]
        if unknown:
            raise KeyError(f"unknown answer checks: {unknown}")
        words = self.book[language]
        answer = answer or ""
        reading = self._read_ahead.pop((answer, language), None) or self._read(answer, language)
        parts, vectors = reading.parts, reading.features
        if vectors is None:
            return {i: CheckResult(i, False) for i in check_ids}
        sure = self._likelihoods(vectors, list(dict.fromkeys((*check_ids, DEMAND_ROW))))
        refused = [bool(words.refusal.search(p)) for p in parts]
        demand = sure[DEMAND_ROW]
        findings: dict[str, CheckResult] = {}
        for check_id in check_ids:
            if check_id in CONDUCT:
                hits = sure[check_id] >= self.settings.conduct_threshold
                broken = [p for p, hit in zip(parts, hits) if hit]
                findings[check_id] = CheckResult(
                    check_id, not broken, broken[0] if broken else None
                )
                continue
            if check_id in self._written:
                patterns = self._written[check_id]
                hits = np.array([any(x.search(p) for x in patterns) for p in parts]) & (
                    demand >= self.settings.demand_threshold
                )
                mentions = hits
            else:
                threshold = self.settings.threshold_for(language, check_id)
                hits = sure[check_id] >= threshold
                mentions = sure[check_id] >= min(self.settings.mention_threshold, threshold)
            meeting = [p for p, hit, no in zip(parts, hits, refused) if hit and not no]
            refusing = [p for p, said, no in zip(parts, mentions, refused) if said and no]
            findings[check_id] = CheckResult(
                check_id,
                bool(meeting),
                meeting[0] if meeting else (refusing[0] if refusing else None),
                bool(refusing) and not meeting,
            )
        findings = met_by_others(findings, answer)
        # An answer the model reads as dropping the demand meets nothing it asked for on the way
        # ("officially it doesn't depend on sales, but just pay us as they go"): of the 612 learnt
        # answers labelled as not keeping it, off topic aside, 31 meet another check. A refusal
        # drops the demand too (below) but takes nothing back: "I don't need the number, but pay
        # the 3,000 by Friday" still names the sum and the day.
        keeps = findings.get("keeps_demand")
        if keeps is not None and not keeps.met:
            taken_back = [i for i, f in findings.items() if f.met and i not in CONDUCT]
            findings.update(
                {i: CheckResult(i, False, findings[i].quote, taken_back=True) for i in taken_back}
            )
        met_other = any(f.met for i, f in findings.items() if i not in CONDUCT)
        # Off topic is not keeping the demand on the table (nothing to quote), but a bare demand
        # that meets nothing else, in words of paying (`payment`: "돈은 주셔야죠"), is: the blind
        # labels read it so, and cross-validated the rule agreed with 26 to 34 more of their
        # decisions on each of three splits, held out fewer (docs/architecture.md). Refusing
        # what it mentions drops it (the refusal is quoted): the blind labels read "no need for
        # the number" so, and the rule agrees with them better than the model alone (0.914 to
        # 0.907).
        # Searched only for an answer that meets nothing else: the one the words decide.
        dropped = not met_other and not any(words.payment.search(p) for p in parts)
        if keeps is not None and keeps.met and (dropped or any(refused)):
            quote = next((p for p, no in zip(parts, refused) if no), None)
            findings["keeps_demand"] = CheckResult("keeps_demand", False, quote)
        return findings


# A judge as role-play and the agreement measure call it: each check's finding for one answer.
Judge = Callable[[str, Language, Sequence[str]], Mapping[str, CheckResult]]


def share_met(findings: Mapping[str, CheckResult]) -> float:
    """Partial credit: the share of checks met."""
    return sum(f.met for f in findings.values()) / len(findings) if findings else 0.0
