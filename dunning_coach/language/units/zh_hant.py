"""Traditional Chinese: "下週五", "25號", "月底", "90天", "3萬". Dates read as Simplified Chinese
reads them (zh_hans.DATE_RULES holds both scripts' characters)."""

from __future__ import annotations

from dunning_coach.language.languages import Language
from dunning_coach.language.unit import Files, LanguageUnit, Reading, Words, Writing, symbol_first
from dunning_coach.language.units import zh_hans

UNIT = LanguageUnit(
    Language.ZH_HANT,
    "繁體中文",
    Writing(
        money=symbol_first,
        thousands_mark=",",
        day=zh_hans.day,
        day_of_month=lambda n: f"{n}號",
        weekdays=("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
        weekday_day="{day}({weekday})",
        last_day_unit="日",
    ),
    Words(spaced=False, bounded=False, all="全部|全額", half="一半"),
    Files(
        nlu=("data/nlu/zh-Hant.yml",),
        answer_checks="answer_checks/zh-Hant.yml",
        playbook="playbook_translations/zh-Hant.yml",
    ),
    {"百": 100, "千": 1000, "萬": 10_000, "億": 100_000_000},
    Reading(
        date_rules=zh_hans.DATE_RULES,
        day_of_month=r"(\d{1,2})\s*(?:号|號)|(?:每月|每個月)\s*(\d{1,2})\s*日",
        duration_units={"天": 1, "日": 1, "週": 7, "個月": 30},
        day_units=("天",),
        cheque_words=("支票", "支票號", "票號"),
        number_words=("號碼",),
        weeks={
            "this": r"本週|這週|這禮拜",
            "next": r"下週|下禮拜",
            "last": r"上週|上禮拜",
        },
        months={"this": r"這個月", "next": r"下個月", "last": r"上個月"},
        next_days=r"(?:未來|接下來)\s*(\d+)\s*[天日]|(\d+)\s*天內",
        weekday_after_week=r"[一二三四五六日天]",
        month_end_after_month="底末",
    ),
)
