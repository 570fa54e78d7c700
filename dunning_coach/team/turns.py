"""A question about the team's figures, answered for whoever asks: a manager gets the team's, a
rep their own, and a button that names a rep (`Entity.REP_ID`) that rep's alone, if the asker
oversees them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from dunning_coach.accounts.models import ROLE_REP, Rep
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.common.rasa_names import Intent
from dunning_coach.common.reply import Reply
from dunning_coach.language import messages, periods
from dunning_coach.language.formatting import day
from dunning_coach.team import figures, replies
from dunning_coach.team.figures import Viewer
from dunning_coach.team.replies import Names


def _scope(turn: TurnContext, rep_id: str | None) -> Rep | None:
    """Whose figures: the asker's, or one rep's the asker oversees (as a plain rep, their own
    customers only); None when the asker may not see that rep."""
    if not rep_id or rep_id == turn.rep.rep_id:
        return turn.rep
    target = turn.store.rep(rep_id)
    if target is None or not turn.rep.oversees(rep_id):
        return None
    return dataclasses.replace(target, role=ROLE_REP, team=())


def answer(turn: TurnContext, intent: str, rep_id: str | None = None, text: str = "") -> Reply:
    scope = _scope(turn, rep_id)
    if scope is None:
        return replies.not_your_rep(turn.language)
    viewer = Viewer(turn.store, scope, turn.today, turn.playbook, turn.settings, turn.language)
    focus = None if scope is turn.rep else scope.rep_id
    answer_for = _ANSWERS.get(intent, _overview)
    return answer_for(viewer, _Ask(turn, focus, text))


@dataclasses.dataclass(frozen=True)
class _Ask:
    turn: TurnContext
    focus: str | None  # the rep a button went down to
    text: str
    currency: str | None = None  # the main currency of the figures asked about

    def names(self, customer_ids: Iterable[str] = ()) -> Names:
        turn = self.turn
        return Names.read(
            turn.store,
            turn.today,
            turn.language,
            turn.playbook,
            customer_ids,
            turn.rep,
            self.currency,
        )


def _overview(viewer: Viewer, ask: _Ask) -> Reply:
    names = ask.names()
    turn = ask.turn
    if ask.focus:
        title = messages.text(
            "team.overview_rep", turn.language, name=names.rep(ask.focus), date=_day(turn)
        )
    elif turn.rep.is_manager:
        title = messages.text("team.overview_team", turn.language, date=_day(turn))
    else:
        title = messages.text("team.overview_own", turn.language, date=_day(turn))
    month = _this_month(turn.today)
    # The promises are judged on another connection while this one sums the money: two cores.
    promised = viewer.store.alongside(
        lambda store: figures.promise_record(dataclasses.replace(viewer, store=store))
    )
    overdue = figures.overdue_by_rep(viewer)
    return replies.overview(
        title,
        overdue,
        promised.result(),
        figures.excuse_counts(viewer, month.start, month.end),
        len(figures.signs_reported(viewer, limit=10_000)),
        names,
        ask.focus,
    )


def _day(turn: TurnContext) -> str:
    return day(turn.today, turn.today, turn.language)


def _this_month(today: dt.date) -> periods.Period:
    return periods.Period(today.replace(day=1), today)


def _overdue(viewer: Viewer, ask: _Ask) -> Reply:
    main = figures.currencies(viewer).main
    names = dataclasses.replace(ask, currency=main).names()
    return replies.overdue(figures.overdue_by_rep(viewer), names)


def _top_debtors(viewer: Viewer, ask: _Ask) -> Reply:
    owed_in = figures.currencies(viewer)
    owing = figures.most_overdue(viewer, replies.SHOWN, owed_in.main)
    return replies.top_debtors(owing, ask.names(), owed_in.others)


def _excuses(viewer: Viewer, ask: _Ask) -> Reply:
    turn = ask.turn
    asked = periods.find(ask.text, turn.today, language=turn.language) if ask.text else None
    period = asked or _this_month(turn.today)
    end = min(period.end, turn.today)
    counts = figures.excuse_counts(viewer, period.start, end)
    most = figures.excusers(viewer, period.start, end)
    label = period.label(turn.today, turn.language)
    return replies.excuses(counts, most, label, ask.names(e.customer_id for e in most))


def _promises(viewer: Viewer, ask: _Ask) -> Reply:
    record = figures.promise_record(viewer)
    return replies.promises(record, figures.PROMISE_WEEKS, ask.names())


def _warning_signs(viewer: Viewer, ask: _Ask) -> Reply:
    signed = figures.signs_reported(viewer, replies.SHOWN)
    days = viewer.settings.warning_signs.reported_for_days
    return replies.warning_signs(signed, days, ask.names(s.customer_id for s in signed))


def _unvisited(viewer: Viewer, ask: _Ask) -> Reply:
    owed_in = figures.currencies(viewer)
    unseen = figures.not_seen(viewer, limit=replies.SHOWN, currency=owed_in.main)
    names = ask.names(u.customer_id for u in unseen)
    return replies.unvisited(unseen, figures.NOT_SEEN_DAYS, names, owed_in.others)


def _trainee_misses(viewer: Viewer, ask: _Ask) -> Reply:
    return replies.trainee_misses(figures.trainee_misses(viewer), ask.names())


_ANSWERS: dict[str, Callable[[Viewer, _Ask], Reply]] = {
    Intent.TEAM_OVERVIEW: _overview,
    Intent.TEAM_OVERDUE: _overdue,
    Intent.TEAM_TOP_DEBTORS: _top_debtors,
    Intent.TEAM_EXCUSES: _excuses,
    Intent.TEAM_PROMISES: _promises,
    Intent.TEAM_WARNING_SIGNS: _warning_signs,
    Intent.TEAM_UNVISITED: _unvisited,
    Intent.TEAM_TRAINEE_MISSES: _trainee_misses,
}
