"""Spanish: "el viernes que viene", "el 25", "a fin de mes", "90 días", "1.500,50 €"."""

from __future__ import annotations

import datetime as dt

from dunning_coach.language.languages import Language
from dunning_coach.language.unit import (
    Files,
    LanguageUnit,
    Reading,
    Words,
    Writing,
    day_of_month,
    in_days,
    month_day,
    month_end,
    weekday,
    with_year,
)

WEEKDAYS = {
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sábado": 5,
    "sabado": 5,
    "domingo": 6,
}
MONTHS = {
    name: n
    for n, names in enumerate(
        (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        1,
    )
    for name in names.split(" ")
}
_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MO = "|".join(sorted(MONTHS, key=len, reverse=True))
_SHORT_MONTHS = (
    "ene",
    "feb",
    "mar",
    "abr",
    "may",
    "jun",
    "jul",
    "ago",
    "sept",
    "oct",
    "nov",
    "dic",
)


def _day(date: dt.date, shown: bool) -> str:
    return f"{date.day} {_SHORT_MONTHS[date.month - 1]}" + with_year(date, shown, " {}")


def _money(amount: str, symbol: str | None, code: str) -> str:
    # The marks swap ("1.234,50") and the symbol follows.
    return f"{amount.translate(str.maketrans(',.', '.,'))} {symbol or code}"


UNIT = LanguageUnit(
    Language.ES,
    "Español",
    Writing(
        money=_money,
        thousands_mark=".",
        day=_day,
        day_of_month=str,
        weekdays=("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
        weekday_day="{weekday} {day}",
        last_day_unit=None,
    ),
    Words(
        spaced=True,
        bounded=True,
        all=r"\b(?:todo|toda la deuda|completo)\b",
        half=r"\b(?:la mitad|mitad)\b",
    ),
    Files(
        nlu=("data/nlu/es.yml",),
        answer_checks="answer_checks/es.yml",
        playbook="playbook_translations/es.yml",
    ),
    {"mil": 1000},
    Reading(
        date_rules=(
            (r"\bpasado\s+mañana\b", in_days(2)),
            (r"\bmañana\b", in_days(1)),
            (r"\bhoy\b", in_days(0)),
            (
                r"\b(?:a\s+|al\s+|para\s+)?(?:fin(?:al)?|finales)\s+de(?:l)?\s+mes"
                r"(?P<next>\s+que\s+viene|\s+próximo|\s+siguiente)?\b",
                month_end,
            ),
            (
                rf"\b(?:el\s+)?(?:próximo\s+)?(?P<day>{_WD})"
                r"(?P<next>\s+de\s+la\s+(?:semana\s+que\s+viene|próxima\s+semana))?"
                r"(?:\s+que\s+viene)?\b",
                weekday(WEEKDAYS),
            ),
            (rf"\b(?P<day>\d{{1,2}})\s+de\s+(?P<month>{_MO})\b", month_day(MONTHS)),
            (
                r"\bel\s+(?:día\s+|dia\s+)?(?P<day>\d{1,2})\b(?!\s*(?:%|€|euros?|días?|dias?))",
                day_of_month,
            ),
        ),
        day_of_month=r"\bd[ií]a\s+(\d{1,2})\b|\bel\s+(\d{1,2})\b(?!\s*(?:%|€|d[ií]as?))",
        duration_units={"día": 1, "días": 1, "dia": 1, "dias": 1, "semana": 7, "semanas": 7}
        | {"mes": 30, "meses": 30},
        day_units=("día", "días", "dia", "dias"),
        cheque_words=("cheque", "talón", "talon"),
        number_words=(r"n[ºo°.]*",),
        weeks={
            "this": r"esta\s+semana",
            "next": r"semana\s+que\s+viene|pr[oó]xima\s+semana",
            "last": r"semana\s+pasada",
        },
        months={
            "this": r"este\s+mes",
            "next": r"mes\s+que\s+viene|pr[oó]ximo\s+mes",
            "last": r"mes\s+pasado",
        },
        next_days=r"pr[oó]ximos\s+(\d+)\s+d[ií]as",
        weekday_after_week="",
        month_end_after_month="",
    ),
    grouping_is_sure=False,
)
