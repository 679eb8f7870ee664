"""Generic words that tell what a printed line is: an organisation name, an address, a heading.

No shop or person names: only legal-form suffixes, trade words, street and place words, the
states and large towns of Malaysia and Singapore, Chinese address characters, the 56 Chinese
ethnic groups and words that start a non-address line (TEL, GST, INVOICE ...).

>>> org_score("MR D.I.Y. (JOHOR) SDN BHD") > org_score("TAX INVOICE")
True
>>> address_score("81100 JOHOR BAHRU, JOHOR.") > address_score("THANK YOU PLEASE COME AGAIN")
True
>>> address_score("北京市东城区景山前街4号") > 0
True
>>> closest_ethnicity("汊"), closest_ethnicity("维吾尓"), closest_ethnicity("仏佬")   # 仫佬 or 仡佬: unsure
('汉', '维吾尔', None)
"""

from __future__ import annotations

import re

__all__ = ["LEGAL_FORM_RE", "ORG_SUFFIX_RE", "org_score", "address_score", "is_heading", "is_stop_line",
           "is_watermark", "is_place_only", "names_place", "strip_watermark_tail", "CN_SURNAMES",
           "is_cn_surname_start", "surname_reread", "ETHNIC_GROUPS", "closest_ethnicity"]

#: legal forms and trade words that end or mark an organisation's name
ORG_SUFFIX_RE = re.compile(
    r"\b(?:SDN\.?\s*BHD|S\s*/\s*B|BHD|BERHAD|PTE\.?\s*LTD|PTY\.?\s*LTD|LTD|LIMITED|LLC|LLP|PLC|INC|CORP|CORPORATION"
    r"|GMBH|S\.?A\.?R\.?L|ENTERPRISES?|TRADING|HOLDINGS|INDUSTRIES|COMPANY|CO\.)(?:\.|\b)", re.I)
#: legal forms alone (a name ending in one is complete)
LEGAL_FORM_RE = re.compile(r"\b(?:SDN\.?\s*BHD|S\s*/\s*B|BHD|BERHAD|PTE\.?\s*LTD|PTY\.?\s*LTD|LTD|LIMITED|LLC"
                           r"|LLP|PLC|INC|CORP|GMBH)\.?\s*$|(?:有限公司|公司)$", re.I)
_ORG_WORDS = re.compile(
    r"\b(?:RESTAURANTS?|RESTORAN|CAFE|KEDAI|STORES?|SHOP|MART|SUPERMARKET|HYPERMARKET|MINIMARKET|PHARMACY|FARMASI"
    r"|HARDWARE|BAKERY|BAKERIES|STATIONERY|BOOKSTORES?|BOOK|PASARAYA|SYARIKAT|PERNIAGAAN|MARKETING|SERVICES?"
    r"|DISTRIBUTORS?|DISTRIBUTION|TRADERS?|AGENCY|CONFECTIONERY|KITCHEN|FOOD|GROUP|HOTEL|PETROL|STATION|CENTRE"
    r"|CENTER|OUTLET|BOUTIQUE|ELECTRICAL|SUPPLIES|SUPPLY|MOTOR|GALLERY|PIZZA|SEAFOOD|BISTRO|BAR|DELI)\b", re.I)
_ORG_CJK = re.compile(r"(?:有限公司|公司|商店|商行|超市|便利店|餐厅|饭店|酒店|酒家"
                      r"|药房|药店|书店|商场|百货|门市|分店|集团)")

_ADDR_WORDS = re.compile(
    r"\b(?:JALAN|JLN|LORONG|LRG|TAMAN|TMN|BANDAR|KAMPUNG|KG|LOT|NO|BLOK|BLOCK|BLK|LEVEL|LVL|FLOOR|TINGKAT|WISMA"
    r"|PLAZA|BANGUNAN|KAWASAN|PERINDUSTRIAN|PERSIARAN|LEBUH|LEBUHRAYA|SEKSYEN|SECTION|PUSAT|KOMPLEKS|MEDAN"
    r"|DESA|BUKIT|SUNGAI|SG|SRI|SERI|UTAMA|JAYA|BARU|INDAH|STREET|ST|ROAD|RD|AVENUE|AVE|BOULEVARD|BLVD|LANE|DRIVE"
    r"|SUITE|UNIT|BUILDING|BLDG|MALL|INDUSTRIAL|ESTATE|PARK|SQUARE|HIGHWAY|PO\s*BOX|P\.O\.?\s*BOX|FLR|GND|GRD|GROUND|MEZZANINE"
    r"|CENTRE|CENTER|COMPLEX|SHOPPING|ARCADE|TOWER|MUKIM|DAERAH|BATU|OFF|PERMAI|HEIGHTS|HIGHLANDS|CITY"
    r"|DARUL\s+[A-Z]+)\b",
    re.I)
_PLACES = re.compile(
    r"\b(?:JOHOR|KEDAH|KELANTAN|MELAKA|MALACCA|NEGERI\s+SEMBILAN|PAHANG|PERAK|PERLIS|PULAU\s+PINANG|PENANG|SABAH"
    r"|SARAWAK|SELANGOR(?:\s+D\.?\s*E\.?)?|TERENGGANU|KUALA\s+LUMPUR|PUTRAJAYA|LABUAN|W\.?\s*P\.?|WILAYAH\s+PERSEKUTUAN"
    r"|MALAYSIA|SINGAPORE|JOHOR\s+BAHRU|PETALING\s+JAYA|SHAH\s+ALAM|KLANG|SUBANG(?:\s+JAYA)?|PUCHONG|SERI\s+KEMBANGAN"
    r"|CHERAS|AMPANG|KAJANG|SEREMBAN|IPOH|GEORGETOWN|BUTTERWORTH|KUANTAN|KOTA\s+KINABALU|KUCHING|MIRI|SANDAKAN"
    r"|ALOR\s+SETAR|KOTA\s+BHARU|KUALA\s+TERENGGANU|RAWANG|SEMENYIH|BANGI|SEPANG|CYBERJAYA|NILAI|MUAR|BATU\s+PAHAT"
    r"|KLUANG|SKUDAI|PASIR\s+GUDANG|SETAPAK|KEPONG|DAMANSARA|BALAKONG|SEGAMBUT|SENTUL|BANGSAR|MONT\s+KIARA)\b", re.I)
_POSTCODE = re.compile(r"(?<![\d\-])\d{5,6}(?![\d\-])")
_HOUSE_NO = re.compile(r"\b(?:NO|LOT|UNIT)\s*[.:,]?\s*\d|^\s*\d{1,5}[A-Z]?\s*[,&\-]|\b\d{1,3}/\d{1,3}\b"
                       r"|^\s*[A-Z0-9]{1,4}(?:-[A-Z0-9]{1,4}){1,3}\s*,|^\s*\d{1,5}[A-Z]?\s+(?:JALAN|JLN|LORONG"
                       r"|TAMAN)\b", re.I)
_ADDR_CJK = re.compile(r"[省市区县镇乡村路街道巷弄号楼室栋幢]|大厦|广场|大道|花园|小区|社区|组")

_STOP = re.compile(
    r"^\W*(?:TEL|TELEPHONE|PHONE|PH|FAX|H/?P|MOBILE|EMAIL|E-MAIL|WEBSITE|WWW|HTTP|GST|SST|TAX|INVOICE|RECEIPT"
    r"|CASH|DATE|CO\.?\s*REG|COMPANY\s*(?:REG|NO)|REG\.?\s*NO|ROC|BUSINESS\s*REG|VAT|ABN|电话|传真|税号)\b|电话|TEL\s*[:.]|"
    r"\bFAX\s*[:.]|\bGST\s*(?:ID|REG|NO)|@|\bNUMBER\b|\bWWW\.|\.COM\b|^\W*\(?\+?[\d\s\-()]{9,}\W*$"
    r"|\bGOODS\s+SOLD\b|\bNOT\s+(?:RETURNABLE|REFUNDABLE|EXCHANGEABLE)\b|\bNON[- ]?REFUNDABLE\b", re.I)
_HEADING = re.compile(
    r"^\W*(?:(?:SIMPLIFIED\s+|FULL\s+)?TAX\s+INVOICE|INVOICE|(?:OFFICIAL\s+|CASH\s+)?RECEIPT|CASH\s*BILL|BILL"
    r"|WELCOME|THANK\s*YOU"
    r"|(?:CUSTOMER|MERCHANT|OFFICE)\s+COPY|COPY|DUPLICATE|REPRINT|ORDER|TABLE|CHECK"
    r"|收据|收银小票|小票|发票|欢迎光临)\W*$", re.I)

#: the 56 officially recognised ethnic groups of China, as printed on ID cards (without 族)
ETHNIC_GROUPS = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔",
    "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯",
    "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",)
_LOOKALIKE = {"汊": "汉", "汶": "汉", "仅": "汉", "又": "汉", "漢": "汉", "囬": "回", "冋": "回", "壯": "壮",
              "滿": "满", "瑤": "瑶", "彞": "彝"}


def org_score(text: str) -> float:
    """How much ``text`` looks like an organisation's name (0 = not at all)."""
    t = text.strip()
    if not t or is_heading(t):
        return 0.0
    score = 0.0
    if ORG_SUFFIX_RE.search(t):
        score += 2.0
    if _ORG_WORDS.search(t):
        score += 1.0
    if _ORG_CJK.search(t):
        score += 2.0
    letters = [c for c in t if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        score += 0.3
    return score


def address_score(text: str) -> float:
    """How much ``text`` looks like (part of) a postal address."""
    t = text.strip()
    if not t:
        return 0.0
    score = 1.0 * len(_ADDR_WORDS.findall(t)) + 1.5 * len(_PLACES.findall(t))
    if _has_postcode(t):
        score += 1.5
    if _HOUSE_NO.search(t):
        score += 1.0
    score += 0.7 * min(4, len(_ADDR_CJK.findall(t)))
    if t.endswith(","):
        score += 0.5
    if is_stop_line(t):
        score -= 3.0
    return score


def names_place(text: str) -> bool:
    """Whether ``text`` holds a postcode or a known state or town.

    >>> names_place("81200 JOHOR BAHRU"), names_place("JALAN BENTONG"), names_place("THANK YOU")
    (True, False, False)
    """
    return bool(_PLACES.search(text or "")) or _has_postcode(text or "")


def _has_postcode(text: str) -> bool:
    """A five- or six-digit postcode, on a line that prints no long number (a phone, a tax id)."""
    return bool(_POSTCODE.search(text)) and not re.search(r"\d{7,}", text)


def is_place_only(text: str) -> bool:
    """A line that only names places (``MALAYSIA``, ``KUALA LUMPUR, SELANGOR``): part of an address,
    never an organisation's name.

    >>> is_place_only("MALAYSIA"), is_place_only("55100 KUALA LUMPUR."), is_place_only("MALAYSIA AIRLINES")
    (True, True, False)
    """
    rest = _PLACES.sub(" ", text or "")
    rest = _POSTCODE.sub(" ", rest)
    return bool(_PLACES.search(text or "")) and not re.search(r"[^\W\d_]", rest)


def is_stop_line(text: str) -> bool:
    """A line that ends an address block: phone, fax, e-mail, tax registration, a heading."""
    return bool(_STOP.search(text.strip())) or is_heading(text)


#: the characters of what people write across copies of ID cards (仅供办理业务使用, 此复印件再次复印无效, 仅供备案)
_WATERMARK_CHARS = set("仅供办理业务使用此复印件再次无效备案他用专")


#: common Chinese surnames (single characters; about 290 cover the great majority of people) and
#: compound ones, for checking the first character of a name read from an ID card
CN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伏仝区郜")
CN_COMPOUND_SURNAMES = ("欧阳", "上官", "司马", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
                        "宇文", "司徒", "夏侯", "端木", "申屠", "轩辕", "独孤", "南宫", "西门", "百里", "呼延")


def is_cn_surname_start(text: str) -> bool:
    """Whether ``text`` (a name) starts with a known Chinese surname.

    >>> is_cn_surname_start("张三"), is_cn_surname_start("诸葛磊飞"), is_cn_surname_start("殊三")
    (True, True, False)
    """
    t = (text or "").strip()
    return bool(t) and (t[0] in CN_SURNAMES or t.startswith(CN_COMPOUND_SURNAMES))


def surname_reread(line, k: int) -> str | None:
    """``line``'s text with the name starting at character ``k`` given the surname the recogniser
    nearly read there, when what it read is no known surname and exactly one runner-up is; else None.

    >>> from docextract.types import Line
    >>> surname_reread(Line("姓名殊三", alternatives=((2, "朱", 0.3, 0.6),)), 2)
    '姓名朱三'
    >>> surname_reread(Line("姓名张三", alternatives=((2, "弓", 0.3, 0.6),)), 2) is None
    True
    """
    text = line.text
    if not 0 <= k < len(text) or is_cn_surname_start(text[k:]):
        return None
    options = {ch for pos, ch, *_ in getattr(line, "alternatives", ()) or () if pos == k and ch in CN_SURNAMES}
    if len(options) != 1:
        return None
    return text[:k] + options.pop() + text[k + 1:]


def is_watermark(text: str) -> bool:
    """A fragment of a watermark written across a copied ID card (``仅供备案``, ``复印无效``, ``使用``).

    >>> is_watermark("仅供备"), is_watermark("使用"), is_watermark("4组17号"), is_watermark("")
    (True, True, False, False)
    """
    t = re.sub(r"\s+", "", text or "")
    return 2 <= len(t) <= 10 and all(c in _WATERMARK_CHARS for c in t)


#: watermark characters (and 元先天未, what the recogniser makes of 无 and 效 half covered) after an address's end
_WATERMARK_TAIL = re.compile(r"(?<=[室号楼组栋层户\d])[" + "".join(sorted(_WATERMARK_CHARS)) + r"元先天未]{1,3}$")


def strip_watermark_tail(text: str) -> str:
    """A Chinese address without the watermark characters read onto its end (``802室印元``).

    >>> [strip_watermark_tail(t) for t in ("和谐家园8栋1单元802室印元", "12号楼301使", "8栋1单元")]
    ['和谐家园8栋1单元802室', '12号楼301', '8栋1单元']
    """
    return _WATERMARK_TAIL.sub("", text or "")


def is_heading(text: str) -> bool:
    return bool(_HEADING.match(text.strip()))


def closest_ethnicity(text: str) -> str | None:
    """The ethnic group ``text`` names, allowing ``族`` and common OCR look-alikes; None if none."""
    t = re.sub(r"\s+", "", text or "").removesuffix("族")
    if t in ETHNIC_GROUPS:
        return t
    fixed = "".join(_LOOKALIKE.get(c, c) for c in t)
    if fixed in ETHNIC_GROUPS:
        return fixed
    if fixed and fixed == fixed[0] * len(fixed) and fixed[0] in ETHNIC_GROUPS:   # 漢汉: read twice
        return fixed[0]
    for g in sorted(ETHNIC_GROUPS, key=len, reverse=True):
        if len(g) > 1 and t.startswith(g):
            return g
    near = [g for g in ETHNIC_GROUPS if len(g) == len(fixed) >= 2 and sum(a != b for a, b in zip(g, fixed)) == 1]
    return near[0] if len(near) == 1 else None   # one character misread in a longer name (维吾尓)
