"""Simplified Chinese: "下周五", "25号", "月底", "90天", "5千", "3万"."""

from __future__ import annotations

import datetime as dt

from dunning_coach.language.languages import Language
from dunning_coach.language.unit import (
    Files,
    LanguageUnit,
    Reading,
    Resolver,
    Words,
    Writing,
    day_of_month,
    in_days,
    month_day,
    month_end,
    symbol_first,
    weekday,
    with_year,
)

WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# Dates as both Chinese scripts write them: a rep may mix the two in one message.
DATE_RULES: tuple[tuple[str, Resolver], ...] = (
    (r"大后天|大後天", in_days(3)),
    (r"后天|後天", in_days(2)),
    (r"明天|明日", in_days(1)),
    (r"今天|今日", in_days(0)),
    (r"(?P<next>下个?|下個?)?月底", month_end),
    (
        r"(?P<next>下)?(?:个|個)?(?:周|週|星期|礼拜|禮拜)(?P<day>[一二三四五六日天])",
        weekday(WEEKDAYS),
    ),
    (r"(?P<month>\d{1,2})月(?P<day>\d{1,2})(?:日|号|號)", month_day()),
    (r"(?P<day>\d{1,2})(?:号|號|日)", day_of_month),
)


def day(date: dt.date, shown: bool) -> str:
    return with_year(date, shown, "{}年") + f"{date.month}月{date.day}日"


UNIT = LanguageUnit(
    Language.ZH_HANS,
    "简体中文",
    Writing(
        money=symbol_first,
        thousands_mark=",",
        day=day,
        day_of_month=lambda n: f"{n}号",
        weekdays=("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
        weekday_day="{day}({weekday})",
        last_day_unit="日",
    ),
    Words(spaced=False, bounded=False, all="全部|全额", half="一半"),
    Files(
        nlu=("data/nlu/zh-Hans.yml",),
        answer_checks="answer_checks/zh-Hans.yml",
        playbook="playbook_translations/zh-Hans.yml",
    ),
    {"百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000},
    Reading(
        date_rules=DATE_RULES,
        day_of_month=r"(\d{1,2})\s*(?:号|號)|(?:每月|每个月|每個月)\s*(\d{1,2})\s*日",
        duration_units={"天": 1, "日": 1, "周": 7, "个月": 30},
        day_units=("天",),
        cheque_words=("支票", "支票号", "票号"),
        number_words=("号码",),
        weeks={
            "this": r"本周|这周|这星期|这礼拜",
            "next": r"下周|下星期|下礼拜",
            "last": r"上周|上星期|上礼拜",
        },
        months={"this": r"本月|这个月", "next": r"下个月|下月", "last": r"上个月|上月"},
        next_days=r"(?:未来|接下来)\s*(\d+)\s*[天日]|(\d+)\s*天内",
        weekday_after_week=r"[一二三四五六日天]",
        month_end_after_month="底末",
    ),
)
