"""Korean words split into morphemes and Chinese text into words: what decides past against future
is a morpheme of its own, and both Chinese scripts read as the same words."""

import itertools
import os
import subprocess
import sys
import textwrap

from dunning_coach.nlu import morphemes
from tests.offline import run_offline


def test_paid_and_will_pay_share_the_stem_and_differ_in_the_tense():
    paid = set(morphemes.morphemes("어제 송금했대요"))
    will_pay = set(morphemes.morphemes("금요일에 송금하겠대요"))
    assert "송금/NNG" in paid & will_pay
    assert "었/EP" in paid - will_pay
    assert "겠/EP" in will_pay - paid


def test_text_with_neither_hangul_nor_han_has_no_morphemes():
    for text in ("they paid yesterday", "ya pagaron", "", "12,000", "¡¿...?!"):
        assert morphemes.morphemes(text) == []
        assert list(morphemes.grams(text)) == []


def test_punctuation_is_no_morpheme():
    assert morphemes.morphemes("입금했어요!!") == morphemes.morphemes("입금했어요")


def test_grams_are_the_morphemes_then_each_neighbouring_pair():
    found = morphemes.morphemes("돈이 없대요")
    assert list(morphemes.grams("돈이 없대요")) == found + [
        f"{a} {b}" for a, b in itertools.pairwise(found)
    ]


def test_a_mixed_message_splits_its_korean_and_keeps_latin_words():
    found = morphemes.morphemes("Northwind 사장님 출장 갔대요")
    assert "출장/NNG" in found
    assert any(m.startswith("Northwind/") for m in found)


def test_traditional_and_simplified_chinese_read_as_the_same_words():
    traditional = morphemes.morphemes("店門口貼了跳樓大拍賣")
    assert traditional == morphemes.morphemes("店门口贴了跳楼大拍卖")
    assert "大拍卖/zh" in traditional  # a word, not a character: the n-grams saw the whole clause


def test_chinese_punctuation_and_spaces_are_no_words():
    assert morphemes.morphemes("他说：上个月 已经付了！") == morphemes.morphemes(
        "他说上个月已经付了"
    )


def test_another_analyser_release_changes_the_rule_digest(monkeypatch):
    digest = morphemes.rule_digest()
    assert digest == morphemes.rule_digest()
    real = morphemes.metadata.version
    monkeypatch.setattr(morphemes.metadata, "version", lambda p: "9.9" if p == "jieba" else real(p))
    assert morphemes.rule_digest() != digest


def test_the_analysers_load_and_split_without_the_network():
    done = run_offline("""
        from dunning_coach.nlu import morphemes
        print(" ".join(morphemes.morphemes("송금했대요 已付清")))
    """)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == morphemes.morphemes("송금했대요 已付清")


def test_a_mixed_message_is_split_once_by_each_analyser_and_pairs_stay_within_one():
    found = morphemes.morphemes("新天地에 왔어요")
    chinese = [m for m in found if m.endswith("/zh")]
    assert chinese == ["新天地/zh"]  # the Korean ending is no Chinese word
    assert {"오/VV", "었/EP"} <= set(found)  # and the Korean is Kiwi's
    pairs = [g for g in morphemes.grams("新天地에 왔어요") if " " in g]
    assert all(a.endswith("/zh") == b.endswith("/zh") for a, b in (p.split(" ") for p in pairs))


def test_zero_width_characters_are_not_read():
    assert morphemes.morphemes("입금\u200b했어요") == morphemes.morphemes("입금했어요")
    assert morphemes.morphemes("已经\u200d付了") == morphemes.morphemes("已经付了")


def test_a_jieba_cache_planted_in_the_shared_temp_folder_is_not_read(tmp_path):
    # jieba's own default reads $TMPDIR/jieba.cache unchecked: a planted one would change the split.
    script = textwrap.dedent("""
        import marshal, os, tempfile
        with open(os.path.join(tempfile.gettempdir(), "jieba.cache"), "wb") as f:
            marshal.dump(({"门": 1, "口": 1}, 2), f)
        from dunning_coach.nlu import morphemes
        print(" ".join(morphemes.morphemes("店门口贴了跳楼大拍卖")))
    """)
    done = _run_in_temp_folder(script, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == morphemes.morphemes("店门口贴了跳楼大拍卖")


def test_a_killed_process_leaves_no_jieba_cache_behind(tmp_path):
    # os._exit skips the finalizers, as a killed server does: the cache must already be gone.
    script = textwrap.dedent("""
        import os
        from dunning_coach.nlu import morphemes
        morphemes.warm_up()
        os._exit(0)
    """)
    done = _run_in_temp_folder(script, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(tmp_path.iterdir()) == []


def _run_in_temp_folder(script: str, tmp_path) -> subprocess.CompletedProcess:
    """Run `script` in a fresh Python whose temp folder is `tmp_path`."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
