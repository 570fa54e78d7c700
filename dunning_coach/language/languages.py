"""The languages a rep may write in, and which one a message is in.

- Korean and Chinese are told by their script (Hangul; Han characters without Hangul).
- Simplified and Traditional Chinese are told by characters that differ between the two: each
  list below holds common characters of one script whose counterpart in the other is a different
  character (这/這, 钱/錢, 说/說), so a message written in one shows at least one of them.
- Spanish and English are told by their words: accented letters, ñ, ¿ ¡, and common words only
  one of the two uses. No model is involved, so nothing is downloaded.
- A message too short to tell ("ok", "sí", "1", a name) keeps the current language.
"""

from __future__ import annotations

import logging
import re
from enum import Enum

logger = logging.getLogger(__name__)


class Language(str, Enum):
    EN = "en"
    ZH_HANS = "zh-Hans"
    ZH_HANT = "zh-Hant"
    KO = "ko"
    ES = "es"


DEFAULT = Language.EN
CODES = tuple(language.value for language in Language)

# Character ranges, for regular expression classes: Hangul syllables and jamo; Han characters;
# and every script written without spaces between words (Han, kana, Hangul).
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
HAN = "\u4e00-\u9fff\u3400-\u4dbf"
CJK = HAN + HANGUL + "\u3040-\u30ff"
_HANGUL = re.compile(f"[{HANGUL}]")
_HAN = re.compile(f"[{HAN}]")

# Common characters whose form differs between the scripts, as pairs written side by side.
_PAIRS = (
    "这這们們说說没沒钱錢还還会會发發单單账賬帐帳个個来來时時对對为為经經过過开開关關实實现現后後"
    "电電脑腦坏壞邮郵银銀货貨卖賣买買给給问問题題签簽准準财財务務转轉号號万萬周週点點张張纸紙"
    "书書记記让讓请請谢謝见見听聽话話样樣么麼里裡长長东東车車门門间間头頭难難专專业業订訂"
    "额額应應该該从從几幾岁歲两兩员員总總办辦处處动動机機构構资資产產设設计計统統项項数數据據"
    "质質际際检檢验驗证證负負责責联聯系係约約条條审審复複"
)
_SIMPLIFIED = frozenset(_PAIRS[0::2]) - frozenset(_PAIRS[1::2])
_TRADITIONAL = frozenset(_PAIRS[1::2]) - frozenset(_PAIRS[0::2])

_SPANISH_MARKS = re.compile(r"[ñáéíóúü¿¡]", re.IGNORECASE)
_WORD = re.compile(r"[a-záéíóúüñ']+", re.IGNORECASE)
_SPANISH_WORDS = frozenset(
    re.findall(
        r"\S+",
        "el la los las un una unos unas de del que y en es son no por para con su sus al lo le les "
        "pero como muy ya hay está están estamos tenemos tiene tienen dice dicen dijo pago pagar "
        "pagamos factura facturas cheque cliente jefe dinero semana mes mañana hoy viernes lunes "
        "martes miércoles jueves sábado domingo todavía nada nos nuestro nuestra porque cuando "
        "hemos han ha recibido mandamos enviamos ahora luego después aquí también",
    )
)
_ENGLISH_WORDS = frozenset(
    re.findall(
        r"\S+",
        "the a an of to and is are was were it they we he she you i my our their this that "
        "with for on in at by not no but have has had will would can could pay paid invoice "
        "cheque check boss money week month tomorrow today friday monday what who when which "
        "said says say sent received yet still due please",
    )
)
MIN_WORDS_TO_TELL = 2  # distinctive words needed to switch between Spanish and English


def known(code: object) -> Language:
    """`code` as a Language; English for none, or for a code that is not one of ours, which is
    logged (once per code in a process) so a misspelt language in reps.csv is found."""
    if not isinstance(code, str):  # a slot a button payload set to a number or an object
        return DEFAULT
    if code in CODES:
        return Language(code)
    if code and code not in _UNKNOWN_SEEN and len(_UNKNOWN_SEEN) < UNKNOWN_LOGGED:
        _UNKNOWN_SEEN.add(code)
        logger.warning(
            "Language %r is not one of %s: English is used instead.", code[:20], ", ".join(CODES)
        )
    return DEFAULT


# Codes said once each, up to a bound: a rep typing /greet{"language": "x1"}, "x2", ... gets
# neither memory nor the log to grow.
UNKNOWN_LOGGED = 20
_UNKNOWN_SEEN: set[str] = set()


def detect(text: str, current: Language = DEFAULT) -> Language:
    """The language `text` is written in, or `current` when the text cannot tell."""
    if _HANGUL.search(text):
        return Language.KO
    if _HAN.search(text):
        return _chinese(text, current)
    return _latin(text, current)


def decided(text: str) -> Language | None:
    """The language `text` is written in when the text alone tells, whatever was spoken before;
    None for "ok", "1" or Chinese written only in characters both scripts share."""
    first = detect(text, Language.EN)
    return first if detect(text, Language.ZH_HANT) is first else None


def _chinese(text: str, current: Language) -> Language:
    simplified = sum(ch in _SIMPLIFIED for ch in text)
    traditional = sum(ch in _TRADITIONAL for ch in text)
    if simplified > traditional:
        return Language.ZH_HANS
    if traditional > simplified:
        return Language.ZH_HANT
    # Only characters both scripts share: keep the rep's Chinese, else the commoner script.
    return current if current in (Language.ZH_HANS, Language.ZH_HANT) else Language.ZH_HANS


def _latin(text: str, current: Language) -> Language:
    words = [w.lower() for w in _WORD.findall(text)]
    spanish = sum(w in _SPANISH_WORDS for w in words) + len(_SPANISH_MARKS.findall(text))
    english = sum(w in _ENGLISH_WORDS for w in words)
    if spanish >= MIN_WORDS_TO_TELL and spanish > english:
        return Language.ES
    if english >= MIN_WORDS_TO_TELL and english > spanish:
        return Language.EN
    return current
