"""Plausible people and places for generated Chinese documents: names, regions, addresses, ID numbers.

Region codes are the current county-level codes of GB/T 2260 as shipped in python-stdnum's
``cn/loc`` table, so every generated ID number has a real region and a valid check digit.

>>> rng = rng_for("people", 1)
>>> p = person(rng)
>>> from stdnum.cn import ric
>>> ric.is_valid(p["id_number"]) and p["birth_date"].replace("-", "") == p["id_number"][6:14]
True
>>> (int(p["id_number"][16]) % 2 == 1) == (p["sex"] == "male")
True
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from .common import rng_for

__all__ = ["regions", "chinese_name", "address", "id_number", "person", "issuing_authority", "company_name",
           "REFERENCE_DATE", "rng_for"]

#: generated documents are dated around this day (fixed, so a seed gives the same document every year)
REFERENCE_DATE = _dt.date(2025, 6, 1)

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
            "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁志国庆海燕鹏飞晓云峰浩宇轩梓涵子墨欣怡"
         "佳琪诗雨梦瑶俊杰思源晨阳博文嘉怡雅婷振宇天佑一鸣金凤淑珍德胜春梅秋菊冬生永福长江新民卫东红旗建华丹丹婉清")
UYGHUR_GIVEN = ("买买提", "艾力", "阿不都", "热依拉", "古丽", "吐尔逊", "努尔", "帕提古丽", "依明", "阿依努尔")
ROADS = ("人民路", "解放路", "中山路", "建设路", "和平街", "新华路", "幸福路", "文化路", "胜利街", "长江路", "黄河路",
         "青年路", "朝阳街", "光明路", "东风路", "北京路", "花园路", "学府路", "滨江大道", "工业大道", "科技园路")
COMMUNITIES = ("阳光小区", "锦绣花园", "翠苑", "金色家园", "和谐家园", "碧桂园", "万科城", "丽景苑", "春华里",
               "东湖新村")
TOWNS = ("城关镇", "新华镇", "太平镇", "永安镇", "大石乡", "青山镇", "白沙镇", "河口乡")
VILLAGES = ("王家村", "李庄村", "新民村", "红星村", "东风村", "柳树屯", "石桥村", "前进村")

_BRACKET = re.compile(r"^\[(\d{4})?-(\d{4})?\](.*)$")


def _current(name: str) -> str | None:
    """The current name from a stdnum entry such as ``[-1991]东郊区,[1992-]东丽区``; None if abolished."""
    out = None
    for part in name.split(","):
        m = _BRACKET.match(part.strip())
        if not m:
            out = part.strip()
        elif m.group(2) is None:
            out = m.group(3)
        else:
            out = None
    return out


@lru_cache(maxsize=1)
def regions() -> tuple[tuple[str, str, str, str], ...]:
    """``(code, province, prefecture, county)`` for every current county-level region (prefecture may be '')."""
    from stdnum import numdb

    out = []
    for _, pcode, _, pprops, children in numdb.get("cn/loc").prefixes:
        province = _current(pprops.get("province", ""))
        if not province:
            continue
        names = {c: _current(props.get("county", "")) for _, c, _, props, _ in children}
        for code, county in names.items():
            if not county or code.endswith("00") or county in ("市辖区", "县", "省直辖县级行政区划"):
                continue
            pref = names.get(code[:2] + "00") or ""
            if pref in ("市辖区", "县") or "直辖" in pref:
                pref = ""
            out.append((pcode + code, province, pref, county))
    return tuple(out)


def chinese_name(rng, ethnicity: str = "汉") -> str:
    if ethnicity == "维吾尔" and rng.random() < 0.7:
        return f"{rng.choice(UYGHUR_GIVEN)}·{rng.choice(UYGHUR_GIVEN)}"
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.04 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))


def address(rng, region: tuple[str, str, str, str]) -> str:
    """A street address in ``region``, as printed on an ID card (without spaces)."""
    _, province, pref, county = region
    head = province + (pref if pref and pref != province else "") + (county if county != pref else "")
    kind = rng.random()
    if kind < 0.45:
        tail = f"{rng.choice(ROADS)}{rng.randint(1, 399)}号"
        if rng.random() < 0.6:
            tail += (f"{rng.choice(COMMUNITIES)}{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元"
                     f"{rng.randint(1, 30)}0{rng.randint(1, 4)}室")
    elif kind < 0.75:
        tail = (f"{rng.choice(ROADS)}{rng.randint(1, 200)}号{rng.randint(1, 20)}号楼"
                f"{rng.randint(1, 3)}0{rng.randint(1, 9)}")
    else:
        tail = f"{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
    return head + tail


def id_number(rng, region_code: str, birth: _dt.date, sex: str) -> str:
    """An 18-character citizen ID number with a valid check digit (GB 11643-1999)."""
    from stdnum.cn import ric

    seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "male" else (0, 2, 4, 6, 8))
    body = f"{region_code}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def person(rng) -> dict:
    """Name, sex, ethnicity, birth date (ISO), address, id_number — consistent with each other."""
    from ..checks.idcard import ETHNICITIES

    ethnicity = "汉" if rng.random() < 0.8 else rng.choice(ETHNICITIES[1:])
    sex = rng.choice(("male", "female"))
    birth = REFERENCE_DATE - _dt.timedelta(days=rng.randint(17 * 365, 80 * 365))
    from stdnum.cn import ric

    while True:  # a region code that already existed when the person was born (stdnum checks that)
        region = rng.choice(regions())
        number = id_number(rng, region[0], birth, sex)
        if ric.is_valid(number):
            break
    return {"name": chinese_name(rng, ethnicity), "sex": sex, "ethnicity": ethnicity,
            "birth_date": birth.isoformat(), "address": address(rng, region), "id_number": number,
            "_region": region}


def issuing_authority(region: tuple[str, str, str, str]) -> str:
    """The public security bureau that issues cards in ``region``: 深圳市公安局南山分局, 某某县公安局 …"""
    _, province, pref, county = region
    city = pref or province
    if county.endswith("区") and city.endswith("市"):
        return f"{city}公安局{county[:-1] if len(county) > 2 else county}分局"
    return f"{county}公安局"


def company_name(rng, city: str | None = None) -> str:
    """A company name such as 深圳市华信科技有限公司."""
    city = city or rng.choice(("北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "苏州", "厦门"))
    brand = "".join(rng.choice("华信达通利恒泰安鑫源盛隆宏远博创新德瑞丰嘉佳明星") for _ in range(2))
    trade = rng.choice(("科技", "贸易", "商贸", "餐饮管理", "信息技术", "电子", "物流", "文化传媒", "建材", "医疗器械"))
    form = rng.choice(("有限公司", "有限公司", "股份有限公司", "有限责任公司"))
    suffix = "" if city.endswith(("市", "州", "地区", "盟", "县", "区")) else "市"
    return f"{city}{suffix}{brand}{trade}{form}"
