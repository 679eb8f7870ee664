"""Countries: ISO 3166-1 alpha-3 from an alpha-3 or alpha-2 code, an ICAO MRZ code or a name.

Names come from babel's territory names (English, Chinese and a few more languages) plus a small
alias list (P.R.China, PRC, USA, UK, 中国香港, …). ICAO codes that are not ISO countries (UNO,
XXA stateless, GBD …, and the specimen state UTO) are returned as printed; ``D`` is Germany.

>>> parse_country("中国"), parse_country("CN"), parse_country("P.R.China"), parse_country("D<<")
('CHN', 'CHN', 'CHN', 'DEU')
>>> parse_country("Germany"), parse_country("德国"), parse_country("中国/CHINA"), parse_country("UTO")
('DEU', 'DEU', 'CHN', 'UTO')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import FieldError, InvalidFormat
from ._util import prepare

__all__ = ["parse_country", "is_valid_country", "alpha2", "alpha3", "ALPHA3", "ICAO_CODES"]

_TABLE = """
ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE
BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS
BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN
COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST
EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF
GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD
HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM
JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA
LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD
MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM
NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG
PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY REREU ROROU RSSRB RURUS RWRWA SASAU
SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP
SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR
TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR VNVNM
VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE
"""
#: ISO alpha-2 → alpha-3
ALPHA3: dict[str, str] = {pair[:2]: pair[2:] for pair in _TABLE.split()}
_ALPHA2 = {v: k for k, v in ALPHA3.items()}

#: ICAO 9303 codes that are not ISO 3166 countries, returned as printed
ICAO_CODES = {"GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA", "XXB", "XXC", "XXX", "EUE",
              "UTO", "XOM", "XPO", "XBA", "XIM", "XCC", "XCE", "XCO", "XDC", "XEC", "XES", "XMP", "RKS"}

_ALIASES = {
    "CN": ("prchina", "prc", "peoplesrepublicofchina", "中华人民共和国", "中國", "mainlandchina", "中国大陆",
           "chinese", "chinamainland"),
    "HK": ("hongkong", "hongkongsar", "香港", "中国香港", "香港特别行政区"),
    "MO": ("macau", "macao", "macaosar", "澳门", "中国澳门", "澳門"),
    "TW": ("taiwan", "台湾", "中国台湾", "臺灣", "taiwanprovinceofchina"),
    "US": ("usa", "unitedstatesofamerica", "america", "american", "美国", "美國"),
    "GB": ("uk", "greatbritain", "britain", "england", "scotland", "wales", "british", "英国",
           "unitedkingdomofgreatbritainandnorthernireland"),
    "KR": ("korea", "southkorea", "republicofkorea", "korean", "韩国"),
    "KP": ("northkorea", "dprk", "democraticpeoplesrepublicofkorea", "朝鲜"),
    "RU": ("russianfederation",), "VN": ("vietnam",), "CZ": ("czechrepublic",), "TR": ("turkey", "türkiye"),
    "CI": ("ivorycoast",), "NL": ("holland",), "MM": ("burma",), "AE": ("uae",), "MY": ("malaysian",),
    "SG": ("singaporean",), "JP": ("japanese",), "DE": ("german",), "FR": ("french",), "IN": ("indian",),
}


_PARTS = re.compile(r"[/|,;()（）、]+|(?<=[\u4e00-\u9fff])\s+(?=[A-Za-z])|(?<=[A-Za-z.])\s+(?=[\u4e00-\u9fff])")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\W_]+", "", text)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for alpha, words in _ALIASES.items():
        for word in words:
            names[_key(word)] = alpha
    for loc in ("en", "zh", "zh_Hant", "fr", "de", "es", "ja", "ko", "ms"):
        for alpha, name in Locale.parse(loc).territories.items():
            if alpha in ALPHA3:
                names.setdefault(_key(name), alpha)
    return names


def alpha3(code: str) -> str | None:
    """ISO alpha-3 for an alpha-2 code (None if unknown).

    >>> alpha3("cn"), alpha3("XK")
    ('CHN', None)
    """
    return ALPHA3.get(code.strip().upper()) if isinstance(code, str) else None


def alpha2(code: str) -> str | None:
    """ISO alpha-2 for an alpha-3 code or ICAO ``D`` (None if unknown).

    >>> alpha2("CHN"), alpha2("D"), alpha2("UTO")
    ('CN', 'DE', None)
    """
    if not isinstance(code, str):
        return None
    code = code.strip().upper().strip("<")
    return "DE" if code == "D" else _ALPHA2.get(code)


def _one(text: str) -> str | None:
    code = text.strip().upper().strip("<").strip()
    if code == "D":
        return "DEU"
    if re.fullmatch("[A-Z]{3}", code) and (code in _ALPHA2 or code in ICAO_CODES):
        return code
    if re.fullmatch("[A-Z]{2}", code) and code in ALPHA3:
        return ALPHA3[code]
    alpha = _names().get(_key(text))
    return ALPHA3[alpha] if alpha else None


def parse_country(s: str) -> str:
    """ISO 3166-1 alpha-3 (or an ICAO special code) for ``s``; ``InvalidFormat`` if unknown."""
    text = prepare(s, "country", max_len=80)
    found = _one(text)
    if found:
        return found
    parts = [p for p in _PARTS.split(text) if p and p.strip()]
    codes = {c for c in map(_one, parts) if c}
    if len(codes) == 1:
        return codes.pop()
    if len(codes) > 1:
        raise InvalidFormat(f"{text!r} names more than one country: {', '.join(sorted(codes))}", value=s)
    raise InvalidFormat(f"{text!r} is not a known country code or name", value=s)


def is_valid_country(s: object) -> bool:
    """True when :func:`parse_country` accepts ``s``; never raises.

    >>> is_valid_country("Atlantis"), is_valid_country("JPN")
    (False, True)
    """
    try:
        parse_country(s)  # type: ignore[arg-type]
    except FieldError:
        return False
    return True
