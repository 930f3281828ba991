"""The parties articles name: every ISO 3166-1 state plus the organizations and groupings of
diplomatic reporting, with the Vietnamese aliases under which articles refer to them.

Pure Python (no Django), so the import pipeline can use the aliases without a database. State
names come from CLDR through Babel and the ISO list from pycountry; only the aliases articles use
beyond the CLDR name are written here.

Aliases are matched case-sensitively as whole words. Some are also ordinary words or parts of
Vietnamese personal names ("Anh", "Đức", "Nga", "Mỹ"): the matcher must not take an alias that
sits inside a run of capitalised syllables forming a person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pycountry
from babel import Locale

STATE = "state"
ORGANIZATION = "organization"
GROUPING = "grouping"

ASEAN_MEMBERS = ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL")


@dataclass(frozen=True)
class PartyEntry:
    code: str
    name_en: str
    name_vi: str
    kind: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = field(default=())


# Names articles use for states beyond CLDR's Vietnamese name: short forms, older
# transliterations and capitals used as metonyms ("Washington", "Bắc Kinh").
STATE_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("Mỹ", "Hoa Kỳ", "Washington", "Nhà Trắng"),
    "GB": ("Anh", "Vương quốc Anh", "Liên hiệp Vương quốc Anh", "London"),
    "JP": ("Nhật Bản", "Tokyo", "Xứ sở mặt trời mọc"),
    "KR": ("Hàn Quốc", "Đại Hàn Dân Quốc", "Seoul"),
    "KP": ("Triều Tiên", "CHDCND Triều Tiên", "Bình Nhưỡng"),
    "CN": ("Trung Quốc", "Bắc Kinh"),
    "RU": ("Nga", "Liên bang Nga", "LB Nga", "Moskva", "Moscow", "Điện Kremlin"),
    "AU": ("Australia", "Úc", "Ốt-xtrây-li-a", "Canberra"),
    "IN": ("Ấn Độ", "New Delhi"),
    "NZ": ("New Zealand", "Niu Di-lân", "Wellington"),
    "ZA": ("Nam Phi",),
    "CA": ("Canada", "Ca-na-đa", "Ottawa"),
    "FR": ("Pháp", "Paris"),
    "DE": ("Đức", "Berlin"),
    "IT": ("Italy", "Italia", "I-ta-li-a"),
    "TH": ("Thái Lan", "Bangkok"),
    "BN": ("Brunei", "Bru-nây", "Brunei Darussalam"),
    "KH": ("Campuchia", "Cam-pu-chia", "Phnom Penh", "Phnôm Pênh"),
    "ID": ("Indonesia", "In-đô-nê-xi-a", "Jakarta"),
    "LA": ("Lào", "CHDCND Lào", "Viêng Chăn", "Vientiane"),
    "MY": ("Malaysia", "Ma-lai-xi-a", "Kuala Lumpur"),
    "MM": ("Myanmar", "Mi-an-ma", "Miến Điện"),
    "PH": ("Philippines", "Phi-líp-pin", "Manila"),
    "SG": ("Singapore", "Xin-ga-po"),
    "VN": ("Việt Nam", "Hà Nội"),
    "TL": ("Timor-Leste", "Timor Leste", "Đông Timor", "Đông Ti-mo"),
    "UA": ("Ukraine", "U-crai-na", "Kiev", "Kyiv"),
    "TR": ("Thổ Nhĩ Kỳ",),
    "SA": ("Saudi Arabia", "Ả-rập Xê-út", "Ả Rập Saudi"),
    "AE": ("UAE", "Các Tiểu vương quốc Ả-rập Thống nhất"),
    "BR": ("Brazil", "Bra-xin"),
    "MX": ("Mexico", "Mê-hi-cô"),
    "AR": ("Argentina", "Ác-hen-ti-na"),
    "CU": ("Cuba", "Cu-ba"),
    "IR": ("Iran", "I-ran"),
    "IL": ("Israel", "I-xra-en"),
    "MN": ("Mông Cổ",),
    "BD": ("Bangladesh", "Băng-la-đét"),
    "PK": ("Pakistan", "Pa-ki-xtan"),
    "LK": ("Sri Lanka", "Xri Lan-ca"),
    "NL": ("Hà Lan",),
    "CH": ("Thụy Sĩ",),
    "ES": ("Tây Ban Nha",),
    "PL": ("Ba Lan",),
    "HU": ("Hungary", "Hung-ga-ri"),
    "CZ": ("Séc", "CH Séc", "Cộng hòa Séc"),
    "BY": ("Belarus", "Bê-la-rút"),
    "KZ": ("Kazakhstan", "Ca-dắc-xtan"),
    "EG": ("Ai Cập",),
    "NG": ("Nigeria", "Ni-giê-ri-a"),
    "CL": ("Chile", "Chi-lê"),
    "PE": ("Peru", "Pê-ru"),
    "PG": ("Papua New Guinea", "Pa-pua Niu Ghi-nê"),
    "TW": ("Đài Loan",),
    "VA": ("Vatican", "Tòa Thánh Vatican", "Tòa Thánh"),
}

# Organizations and groupings: (code, English name, Vietnamese name, kind, aliases, members).
ORGANIZATIONS: tuple[PartyEntry, ...] = (
    PartyEntry(
        "ASEAN",
        "Association of Southeast Asian Nations",
        "Hiệp hội các quốc gia Đông Nam Á",
        ORGANIZATION,
        ("ASEAN", "Hiệp hội các quốc gia Đông Nam Á", "Hiệp hội các Quốc gia Đông Nam Á"),
        ASEAN_MEMBERS,
    ),
    PartyEntry(
        "ASEAN+3",
        "ASEAN Plus Three",
        "ASEAN+3",
        GROUPING,
        ("ASEAN+3", "ASEAN + 3", "ASEAN cộng 3", "APT"),
        ("ASEAN", "CN", "JP", "KR"),
    ),
    PartyEntry(
        "EAS",
        "East Asia Summit",
        "Hội nghị Cấp cao Đông Á",
        GROUPING,
        ("EAS", "Cấp cao Đông Á", "Hội nghị Cấp cao Đông Á", "Hội nghị thượng đỉnh Đông Á"),
        ("ASEAN", "AU", "CN", "IN", "JP", "KR", "NZ", "RU", "US"),
    ),
    PartyEntry(
        "ARF",
        "ASEAN Regional Forum",
        "Diễn đàn Khu vực ASEAN",
        GROUPING,
        ("ARF", "Diễn đàn Khu vực ASEAN", "Diễn đàn khu vực ASEAN"),
    ),
    PartyEntry(
        "EU",
        "European Union",
        "Liên minh châu Âu",
        ORGANIZATION,
        ("EU", "Liên minh châu Âu", "Liên minh Châu Âu", "Brussels"),
    ),
    PartyEntry(
        "UN",
        "United Nations",
        "Liên hợp quốc",
        ORGANIZATION,
        ("Liên hợp quốc", "Liên Hợp Quốc", "Liên Hiệp Quốc", "LHQ", "UN"),
    ),
    PartyEntry(
        "UNSC",
        "United Nations Security Council",
        "Hội đồng Bảo an Liên hợp quốc",
        ORGANIZATION,
        ("Hội đồng Bảo an", "HĐBA", "Hội đồng Bảo an Liên hợp quốc", "UNSC"),
    ),
    PartyEntry(
        "WHO",
        "World Health Organization",
        "Tổ chức Y tế Thế giới",
        ORGANIZATION,
        ("WHO", "Tổ chức Y tế Thế giới", "Tổ chức Y tế thế giới"),
    ),
    PartyEntry(
        "WTO",
        "World Trade Organization",
        "Tổ chức Thương mại Thế giới",
        ORGANIZATION,
        ("WTO", "Tổ chức Thương mại Thế giới", "Tổ chức Thương mại thế giới"),
    ),
    PartyEntry(
        "IMF",
        "International Monetary Fund",
        "Quỹ Tiền tệ Quốc tế",
        ORGANIZATION,
        ("IMF", "Quỹ Tiền tệ Quốc tế", "Quỹ Tiền tệ quốc tế"),
    ),
    PartyEntry(
        "WB",
        "World Bank",
        "Ngân hàng Thế giới",
        ORGANIZATION,
        ("World Bank", "Ngân hàng Thế giới", "Ngân hàng thế giới", "WB"),
    ),
    PartyEntry(
        "ADB",
        "Asian Development Bank",
        "Ngân hàng Phát triển châu Á",
        ORGANIZATION,
        ("ADB", "Ngân hàng Phát triển châu Á", "Ngân hàng Phát triển Châu Á"),
    ),
    PartyEntry(
        "AIIB",
        "Asian Infrastructure Investment Bank",
        "Ngân hàng Đầu tư Cơ sở hạ tầng châu Á",
        ORGANIZATION,
        ("AIIB", "Ngân hàng Đầu tư Cơ sở hạ tầng châu Á"),
    ),
    PartyEntry(
        "OECD",
        "Organisation for Economic Co-operation and Development",
        "Tổ chức Hợp tác và Phát triển Kinh tế",
        ORGANIZATION,
        ("OECD", "Tổ chức Hợp tác và Phát triển Kinh tế"),
    ),
    PartyEntry(
        "APEC",
        "Asia-Pacific Economic Cooperation",
        "Diễn đàn Hợp tác Kinh tế châu Á - Thái Bình Dương",
        GROUPING,
        ("APEC", "Diễn đàn Hợp tác Kinh tế châu Á - Thái Bình Dương"),
    ),
    PartyEntry(
        "G7",
        "Group of Seven",
        "Nhóm các nước công nghiệp phát triển G7",
        GROUPING,
        ("G7", "G-7", "Nhóm G7", "nhóm G7"),
        ("CA", "FR", "DE", "IT", "JP", "GB", "US", "EU"),
    ),
    PartyEntry(
        "G20",
        "Group of Twenty",
        "Nhóm các nền kinh tế lớn G20",
        GROUPING,
        ("G20", "G-20", "Nhóm G20", "nhóm G20"),
    ),
    PartyEntry(
        "BRICS", "BRICS", "Nhóm BRICS", GROUPING, ("BRICS",), ("BR", "RU", "IN", "CN", "ZA")
    ),
    PartyEntry(
        "QUAD",
        "Quadrilateral Security Dialogue",
        "Bộ Tứ",
        GROUPING,
        ("Quad", "Bộ Tứ", "Nhóm Bộ Tứ"),
        ("AU", "IN", "JP", "US"),
    ),
    PartyEntry(
        "NATO",
        "North Atlantic Treaty Organization",
        "Tổ chức Hiệp ước Bắc Đại Tây Dương",
        ORGANIZATION,
        ("NATO", "Tổ chức Hiệp ước Bắc Đại Tây Dương"),
    ),
    PartyEntry(
        "SCO",
        "Shanghai Cooperation Organisation",
        "Tổ chức Hợp tác Thượng Hải",
        ORGANIZATION,
        ("SCO", "Tổ chức Hợp tác Thượng Hải"),
    ),
    PartyEntry(
        "MLC",
        "Mekong-Lancang Cooperation",
        "Hợp tác Mekong - Lan Thương",
        GROUPING,
        ("Mekong - Lan Thương", "Mekong-Lan Thương", "Mê Công - Lan Thương"),
    ),
    PartyEntry(
        "MRC",
        "Mekong River Commission",
        "Ủy hội sông Mekong quốc tế",
        ORGANIZATION,
        ("MRC", "Ủy hội sông Mekong quốc tế", "Ủy hội sông Mê Công quốc tế"),
    ),
    PartyEntry(
        "AIPA",
        "ASEAN Inter-Parliamentary Assembly",
        "Đại hội đồng Liên nghị viện ASEAN",
        ORGANIZATION,
        ("AIPA", "Đại hội đồng Liên nghị viện ASEAN"),
    ),
    PartyEntry(
        "IPU",
        "Inter-Parliamentary Union",
        "Liên minh Nghị viện thế giới",
        ORGANIZATION,
        ("IPU", "Liên minh Nghị viện thế giới", "Liên minh Nghị viện Thế giới"),
    ),
    PartyEntry(
        "UNDP",
        "United Nations Development Programme",
        "Chương trình Phát triển Liên hợp quốc",
        ORGANIZATION,
        ("UNDP", "Chương trình Phát triển Liên hợp quốc"),
    ),
    PartyEntry(
        "UNICEF",
        "United Nations Children's Fund",
        "Quỹ Nhi đồng Liên hợp quốc",
        ORGANIZATION,
        ("UNICEF", "Quỹ Nhi đồng Liên hợp quốc"),
    ),
    PartyEntry(
        "UNESCO",
        "United Nations Educational, Scientific and Cultural Organization",
        "Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc",
        ORGANIZATION,
        ("UNESCO",),
    ),
    PartyEntry(
        "FAO",
        "Food and Agriculture Organization",
        "Tổ chức Lương thực và Nông nghiệp Liên hợp quốc",
        ORGANIZATION,
        ("FAO", "Tổ chức Lương thực và Nông nghiệp Liên hợp quốc"),
    ),
    PartyEntry(
        "ILO",
        "International Labour Organization",
        "Tổ chức Lao động Quốc tế",
        ORGANIZATION,
        ("ILO", "Tổ chức Lao động Quốc tế"),
    ),
    PartyEntry(
        "IAEA",
        "International Atomic Energy Agency",
        "Cơ quan Năng lượng Nguyên tử Quốc tế",
        ORGANIZATION,
        ("IAEA", "Cơ quan Năng lượng Nguyên tử Quốc tế"),
    ),
    PartyEntry(
        "UNHCR",
        "UN Refugee Agency",
        "Cao ủy Liên hợp quốc về người tị nạn",
        ORGANIZATION,
        ("UNHCR", "Cao ủy Liên hợp quốc về người tị nạn"),
    ),
    PartyEntry(
        "WFP",
        "World Food Programme",
        "Chương trình Lương thực Thế giới",
        ORGANIZATION,
        ("WFP", "Chương trình Lương thực Thế giới"),
    ),
    PartyEntry("COVAX", "COVAX Facility", "Cơ chế COVAX", ORGANIZATION, ("COVAX", "Cơ chế COVAX")),
    PartyEntry(
        "GCC",
        "Gulf Cooperation Council",
        "Hội đồng Hợp tác vùng Vịnh",
        ORGANIZATION,
        ("GCC", "Hội đồng Hợp tác vùng Vịnh"),
    ),
    PartyEntry(
        "OIC",
        "Organisation of Islamic Cooperation",
        "Tổ chức Hợp tác Hồi giáo",
        ORGANIZATION,
        ("OIC", "Tổ chức Hợp tác Hồi giáo"),
    ),
    PartyEntry(
        "AFRICAN-UNION",
        "African Union",
        "Liên minh châu Phi",
        ORGANIZATION,
        ("Liên minh châu Phi", "Liên minh Châu Phi"),
    ),
    PartyEntry(
        "MERCOSUR",
        "Mercosur",
        "Khối Thị trường chung Nam Mỹ",
        GROUPING,
        ("MERCOSUR", "Mercosur", "Khối Thị trường chung Nam Mỹ"),
    ),
)

_PARENTHETICAL = re.compile(r"^(?P<main>[^()]+?)\s*\((?P<alt>[^()]+)\)$")


def _name_variants(name: str) -> tuple[str, ...]:
    """CLDR writes some names as 'Myanmar (Miến Điện)': both halves are names in use."""
    match = _PARENTHETICAL.match(name)
    if match:
        return (name, match["main"], match["alt"])
    return (name,)


def _states() -> list[PartyEntry]:
    vi, en = Locale("vi"), Locale("en")
    entries = []
    for country in pycountry.countries:
        code = country.alpha_2
        name_vi = vi.territories.get(code) or country.name
        name_en = en.territories.get(code) or country.name
        aliases = (*_name_variants(name_vi), *STATE_ALIASES.get(code, ()))
        entries.append(PartyEntry(code, name_en, name_vi, STATE, tuple(dict.fromkeys(aliases))))
    return entries


@cache
def catalog() -> tuple[PartyEntry, ...]:
    """Every party, states first, with aliases unique across parties (first claim wins)."""
    claimed: set[str] = set()
    entries = []
    for entry in (*ORGANIZATIONS, *_states()):
        aliases = tuple(a for a in dict.fromkeys(entry.aliases) if a and a not in claimed)
        claimed.update(aliases)
        entries.append(
            PartyEntry(entry.code, entry.name_en, entry.name_vi, entry.kind, aliases, entry.members)
        )
    return tuple(entries)


@cache
def alias_index() -> dict[str, str]:
    """Alias text -> party code, for matching without a database."""
    return {alias: entry.code for entry in catalog() for alias in entry.aliases}
