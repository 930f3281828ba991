"""Every word list the pipeline matches against, in one place.

Vietnamese phrases are data: the regex fragments around them are in `patterns`, the rules that
use them in `rule_table`, the code in the step modules. Lists are ordered longest first where a
shorter entry is a prefix of a longer one, so the first match wins. Where both cases occur
("Hội nghị", "hội nghị"), write one and generate the other with `case_variants`; the text is
NFC and tone-normalized by clean-up (`cleanup.normalize_unicode`), so no tone variant is needed:
tests/test_rule_table.py checks every entry here and in `patterns` is written that way.
"""

from __future__ import annotations

import itertools
import re


def case_variants(words: tuple[str, ...], *, every_word: bool = False) -> tuple[str, ...]:
    """Each phrase as it opens a sentence and as it runs in one ("Hội nghị", "hội nghị");
    `every_word` also gives each word of it either case, as titles write them ("Quan chức Cấp
    cao")."""
    found: list[str] = []
    for phrase in words:
        if every_word:
            options = [(w[:1].upper() + w[1:], w[:1].lower() + w[1:]) for w in phrase.split(" ")]
            variants = [" ".join(combo) for combo in itertools.product(*options)]
        else:
            variants = [phrase[:1].upper() + phrase[1:], phrase[:1].lower() + phrase[1:]]
        for variant in variants:
            if variant not in found:
                found.append(variant)
    return tuple(found)


def alternation(
    words: tuple[str, ...] | frozenset[str], *, escape: bool = False, group: bool = True
) -> str:
    """A regex matching any of `words`, tried in the order given; a group unless `group` is
    False (a row pattern the engine joins with others: a flat alternation is faster)."""
    body = "|".join(re.escape(w) if escape else w for w in words)
    return "(?:" + body + ")" if group else body


# --- clean-up -------------------------------------------------------------------------------

# Lines that open a block of links to other stories; what follows them is not the article.
RELATED_HEADERS = (
    "TIN LIÊN QUAN",
    "Tin liên quan",
    "Đọc thêm",
    "ĐỌC THÊM",
    "Xem thêm",
    "XEM THÊM",
    "Bài viết cùng chủ đề",
    "Tin cùng chuyên mục",
    "Tin khác",
    "Có thể bạn quan tâm",
)

# Place names of one letter ("châu Á", "Đông Á", "nước Ý"): a full stop after them ends the
# sentence, where one after a name's initial ("V.Putin", "Ê. Ma-crông") does not.
ONE_LETTER_NAMES: tuple[str, ...] = ("Á", "Ý")

# --- people ---------------------------------------------------------------------------------

# Official titles, longest first. Without a country after them, Vietnamese reporting means a
# Vietnamese official ("Bộ trưởng Ngoại giao Bùi Thanh Sơn").
TITLES: tuple[str, ...] = (
    "Phó Thủ tướng Thường trực",
    "Phó Thủ tướng",
    "Thủ tướng",
    "Phó Tổng thống",
    "Tổng thống",
    "Chủ tịch Quốc hội",
    "Phó Chủ tịch nước",
    "Chủ tịch nước",
    "Phó Chủ tịch",
    "Tổng Bí thư",
    "Tổng bí thư",
    "Bộ trưởng Bộ Ngoại giao",
    "Bộ trưởng Ngoại giao",
    "Bộ trưởng Bộ Quốc phòng",
    "Bộ trưởng Quốc phòng",
    "Bộ trưởng",
    "Ngoại trưởng",
    "Thứ trưởng Thường trực Bộ Ngoại giao",
    "Thứ trưởng Bộ Ngoại giao",
    "Thứ trưởng Ngoại giao",
    "Thứ trưởng",
    "Tổng Thư ký",
    "Phó Tổng Thư ký",
    "Trưởng SOM",
    "Đại sứ",
    "Quốc vương",
    "quốc vương",
    "Nhà vua",
    "Thái tử",
    "thái tử",
    "Thượng tướng",
    "Đại tướng",
    "Trung tướng",
    "Người phát ngôn",
    "Đặc phái viên",
    "Cao ủy",
    "Thượng nghị sĩ",
    "Cố vấn An ninh quốc gia",
    "Cố vấn An ninh Quốc gia",
    "Chủ tịch",
    "Bí thư",
    "Thống đốc",
    "Thị trưởng",
)
# Honorifics that introduce a name already known from a title ("ông Vương", "bà Merkel").
HONORIFICS: tuple[str, ...] = ("ông", "bà", "Ông", "Bà", "ngài", "Ngài")
# Words heading a title; a bare one ("Bộ trưởng cũng đề nghị") refers back to the last person
# who carried it.
TITLE_HEADS: tuple[str, ...] = (
    "Phó Thủ tướng",
    "Thủ tướng",
    "Tổng thống",
    "Bộ trưởng",
    "Ngoại trưởng",
    "Thứ trưởng",
    "Tổng Thư ký",
    "Trưởng SOM",
    "Đại sứ",
    "Chủ tịch",
)
# Syllables that start a capitalised run but are not a name ("Bộ trưởng Ngoại giao Hội nghị").
NOT_NAME_WORDS: frozenset[str] = frozenset(
    {
        "Hội",
        "Bộ",
        "Ngoại",
        "Quan",
        "Trưởng",
        "Đối",
        "Tổng",
        "Phó",
        "Thủ",
        "Chủ",
        "Các",
        "Đoàn",
        "Cao",
        "SOM",
        "Thường",
        "Phát",
        "Diễn",
        "Liên",
        "Nhà",
        "Tại",
        "Trong",
        "Về",
        "Ủy",
    }
)

# The state whose press this is: a title with no country is its official's.
HOME_PARTY = "VN"

# Names the party catalog lacks that Vietnamese reporting uses for states (transliterations and
# the seats of government used as metonyms).
EXTRA_PARTY_ALIASES: dict[str, str] = {
    "Cộng hòa Czech": "CZ",
    "Czech": "CZ",
    "Nhà Xanh": "KR",
    "Nhật": "JP",
    "Các Tiểu vương quốc Arab thống nhất": "AE",
    "Các Tiểu vương quốc Arab Thống nhất": "AE",
    "Cộng hòa Hồi giáo Iran": "IR",
    "VN": "VN",
    "TQ": "CN",
}

# Capitalised words that head a state's side or organ ("Phía Nga khẳng định", "Chính phủ Nhật
# Bản", "Quốc hội Hoa Kỳ"): the state after them is a party, not part of a longer name.
PARTY_HEADS: tuple[str, ...] = (
    "Phía",
    "Chính phủ",
    "Nhà nước",
    "Quốc hội",
    "Nhân dân",
    "Bộ Ngoại giao",
    "Đoàn",
    "Lãnh đạo",
    "Quân đội",
)

# The usual Vietnamese family names: a person named with one of them is Vietnamese.
VIETNAMESE_SURNAMES: frozenset[str] = frozenset(
    (
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Trịnh",
        "Mai",
        "Tô",
        "Đào",
        "Lương",
        "Hà",
        "Tạ",
        "Lưu",
        "Chu",
        "Cao",
        "Đoàn",
        "Vương",
        "Thái",
        "Lâm",
        "Triệu",
        "Trương",
        "Lại",
        "Quách",
        "Tống",
        "Thân",
        "Kiều",
        "Phùng",
        "Doãn",
        "Khuất",
        "Hứa",
        "Mạc",
        "Diệp",
        "Lã",
    )
)
# "các Bộ trưởng", "hai Ngoại trưởng": a title after these is a collective, not a person.
PLURAL_MARKERS: tuple[str, ...] = ("các", "hai", "những")
# "người đồng cấp": the counterpart, a title of its own.
COUNTERPART = "người đồng cấp"

# --- collective actors ----------------------------------------------------------------------

# Subjects that stand for the parties of the meeting being reported.
COLLECTIVE_ACTORS: tuple[str, ...] = (
    "các Bộ trưởng Ngoại giao",
    "các Bộ trưởng",
    "các Ngoại trưởng",
    "các nhà lãnh đạo",
    "các lãnh đạo",
    "các trưởng đoàn",
    "các nước thành viên",
    "các nước tham gia",
    "các nước",
    "các bên",
    "hai bên",
    "ba bên",
    "hai nước",
    "hai Bộ trưởng",
    "hai Ngoại trưởng",
    "hai nhà lãnh đạo",
    "các thành viên",
)
# Subjects that refer back to the actors of the previous sentence.
ANAPHORIC_ACTORS: tuple[str, ...] = (
    "các nước này",
    "các nước trên",
    "nước này",
    "phía này",
    "hai nước này",
)
# Addressees meaning the meeting's partners, without the host grouping or the speaker.
PARTNER_TARGETS: tuple[str, ...] = ("các đối tác", "các nước đối tác")

# --- commitments ----------------------------------------------------------------------------

# Verbs of a forward action: after "khẳng định" or "xác nhận" they make the statement a pledge
# ("Hai bên khẳng định tăng cường hợp tác"), where a bare "khẳng định" only reports a view.
ACTION_VERBS: tuple[str, ...] = (
    "tăng cường",
    "thúc đẩy",
    "đẩy mạnh",
    "mở rộng",
    "hợp tác",
    "duy trì",
    "phối hợp",
    "làm sâu sắc",
    "triển khai",
    "hỗ trợ",
    "tạo điều kiện",
)
# Words before a cue that make it a noun or a quoted past fact ("sự ủng hộ", "có đề xuất",
# "xem xét đề nghị", "thực hiện cam kết", "đi ngược lại cam kết").
NOUN_BEFORE_CUE: tuple[str, ...] = (
    "sự",
    "các",
    "những",
    "có",
    "xem xét",
    "thực hiện",
    "đi ngược lại",
    "gia hạn",
    "lời",
    "bản",
    "với",
    "theo",
    "về",
    "mọi",
    "đã dành",
    "dành",
    "nhận được",
    "đến",
    "việc",
    "danh sách",
)
# Words after a cue that make it a noun or passive ("Cam kết được G7 đưa ra", "cam kết của").
NOUN_AFTER_CUE: tuple[str, ...] = ("được", "của", "này", "đó", "trong", "trên", "là", "chung")
# "nhất trí ... cần": the sides' agreed need, said by them.
AGREED = "nhất trí"
# "sự ủng hộ": the noun marker; after a verb of saying it still declares ("tái khẳng định sự
# ủng hộ").
NOUN_MARKER = "sự"
# What may stand between a verb of saying and the cue it carries ("nhấn mạnh sẽ", "cho biết,").
BETWEEN_SPEAKER_AND_CUE: tuple[str, ...] = ("", "sẽ", "mong muốn", "cũng")
# "và" ends a list ("A, B và C"); "cả" opens one ("cả A và B").
AND = "và"
BOTH: tuple[str, ...] = ("cả", "Cả")
# Verbs of saying that carry a cue after them: the speaker is their subject.
REPORTING_VERBS: tuple[str, ...] = (
    "tái khẳng định",
    "khẳng định",
    "nhấn mạnh",
    "bày tỏ",
    "cho rằng",
    "cho biết",
    "tuyên bố",
    "chia sẻ đánh giá",
    "chia sẻ nhu cầu",
    "chia sẻ",
    "đánh giá",
    "nêu rõ",
    "lưu ý",
)
# Opening clauses of a sentence that are not its subject ("Tại Hội nghị ASEAN - Nga, ...").
LEADING_FRAMES: tuple[str, ...] = (
    "Tại",
    "tại",
    "Phát biểu",
    "Chia sẻ",
    "Trao đổi",
    "Về",
    "Trong",
    "trong",
    "Theo",
    "Đồng thời",
    "Trước",
    "Khai mạc",
    "Kết thúc",
    "Là",
    "Hoan nghênh",
    "Đánh giá cao",
    "Để",
    "Được biết",
    "Bên cạnh",
    "Ngoài ra",
    "Với",
    "Sau",
    "Nhân",
    "Trên",
    "Thay mặt",
    "Mặt khác",
    "Cùng với",
    "Cũng tại",
    "Cảm ơn",
    "Tán thành",
    "Ghi nhận",
    "Nhận thấy",
    "Cho rằng",
    "Thông qua",
    "Nhân dịp",
    "Dịp này",
)
NON_ITEM_OPENINGS: tuple[str, ...] = (
    "Dự kiến",
    "Theo kế hoạch",
    "Trước đó",
    "Năm ngoái",
    "Lâu nay",
    "Từ lâu",
    # "Việc ... sẽ khuyến khích ...": an action as subject, not a party.
    "Việc ",
)
OPEN_WISH_CUES: frozenset[str] = frozenset({"muốn", "mong muốn", "cần"})
DENIED_WISH_CUES: frozenset[str] = frozenset({"muốn", "mong muốn", "mong", "mong đợi", "trông đợi"})

# --- follow-up evidence ---------------------------------------------------------------------

# --- meetings -------------------------------------------------------------------------------

# Words of a meeting's title that give its kind (rule_table.MEETING_KIND_ROWS).
SENIOR_OFFICIALS: tuple[str, ...] = ("quan chức cao cấp", "quan chức cấp cao")
LEADERS_MEETING: tuple[str, ...] = ("thượng đỉnh", "cấp cao", "lãnh đạo")
DIALOGUE_HEADS: tuple[str, ...] = ("Đối thoại", "Tham vấn")
TALKS_HEADS: tuple[str, ...] = ("Hội đàm", "Điện đàm", "Cuộc gặp", "Hội kiến")
MINISTERS_MEETING: tuple[str, ...] = ("Bộ trưởng", "Ngoại trưởng", "ngoại trưởng", r"ASEAN\s*\+")
# "Tại Hội nghị ...": the article reports the meeting it opens with.
AT_MEETING: tuple[str, ...] = ("Tại", "tại", "Cũng tại")
# "cuộc gặp giữa A và B": both sides after the verb.
BETWEEN = "giữa"
# "tham vấn chính trị": consultations are a dialogue, not bilateral talks.
CONSULTATION = "tham vấn"
# "Hội đàm" between two foreign ministers is bilateral talks, not a ministers' meeting.
TALKS = "Hội đàm"
# A meeting inside a chain of ministers' meetings keeps its own kind if its title says so.
OWN_KIND_IN_CHAIN: tuple[str, ...] = ("thượng đỉnh", "Cấp cao", "SOM", "Đối thoại")
# Groupings that annotation expands into their members.
EXPANDED_GROUPINGS: frozenset[str] = frozenset({"ASEAN+3", "EAS"})
# Lower-case words that can sit inside a meeting's name ("Hội nghị Bộ trưởng Ngoại giao ...",
# "Ủy ban chỉ đạo hợp tác song phương", "Đối thoại hợp tác nông nghiệp Việt Nam - Nhật Bản").
MEETING_TITLE_WORDS: frozenset[str] = frozenset(
    (
        "bộ",
        "trưởng",
        "ngoại",
        "giao",
        "cấp",
        "cao",
        "thượng",
        "đỉnh",
        "trực",
        "tuyến",
        "ba",
        "bên",
        "mở",
        "rộng",
        "giữa",
        "các",
        "với",
        "và",
        "đối",
        "tác",
        "quan",
        "chức",
        "hẹp",
        "ở",
        "đặc",
        "biệt",
        "kinh",
        "tế",
        "quốc",
        "phòng",
        "hợp",
        "chiến",
        "lược",
        "lãnh",
        "đạo",
        "nhà",
        "phát",
        "triển",
        "thường",
        "niên",
        "không",
        "chính",
        "thức",
        "an",
        "ninh",
        "nghị",
        "thoại",
        "lần",
        "thứ",
        "hai",
        "tư",
        "liên",
        "phủ",
        "ban",
        "đàn",
        "châu",
        "chỉ",
        "song",
        "phương",
        "hỗn",
        "ủy",
        "nông",
        "nghiệp",
        "thương",
        "mại",
        "đầu",
        "năng",
        "lượng",
        "y",
        "giáo",
        "dục",
        "khoa",
        "học",
        "công",
        "nghệ",
        "văn",
        "hóa",
        "du",
        "lịch",
        "biển",
        "hàng",
        "hải",
        "vấn",
        "toàn",
        "diện",
        "phụ",
        "trách",
    )
)
# Words a meeting's name does not end on ("... với", "... và").
NOT_TITLE_END: frozenset[str] = frozenset({"với", "và", "các", "giữa", "ở", "nhà"})
# A photo credit glued to a name ("(Ảnh: ...").
CREDIT_START = "(Ảnh"
# Titles and delegations whose reception ("tiếp Đại sứ", "đón đoàn") is a meeting.
RECEIVED_TITLES: tuple[str, ...] = (
    "Đại sứ",
    "Thủ tướng",
    "Tổng thống",
    "Bộ trưởng",
    "Ngoại trưởng",
    "Chủ tịch",
    "Phó Thủ tướng",
    "Thứ trưởng",
    "Quốc vương",
    "người đồng cấp",
    "Đoàn",
    "đoàn",
    "[Nn]gài",
    "Phó Tổng thống",
    "Tổng Thư ký",
    "Phó Chủ tịch",
    "Tổng Bí thư",
    "Tổng bí thư",
    "Thái tử",
    "Thượng tướng",
    "Đại tướng",
    "Trung tướng",
    "Bí thư",
    "Thống đốc",
    "Thị trưởng",
)

# --- dates ----------------------------------------------------------------------------------

AMM_BASE_YEAR = 1967

# --- amounts --------------------------------------------------------------------------------

NUMBER_WORDS: dict[str, int] = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
MULTIPLIERS: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}
CURRENCIES: dict[str, str] = {
    "USD": "USD",
    "đô la Mỹ": "USD",
    "đôla Mỹ": "USD",
    "đô la": "USD",
    "EUR": "EUR",
    "euro": "EUR",
    "Euro": "EUR",
    "yên": "JPY",
    "Yên": "JPY",
    "NDT": "CNY",
    "nhân dân tệ": "CNY",
    "VND": "VND",
    "đồng": "VND",
    "bảng Anh": "GBP",
    "won": "KRW",
}
QUANTITY_UNITS: tuple[str, ...] = ("liều", "tấn", "suất học bổng", "học bổng", "dự án", "người")

# --- target dates ---------------------------------------------------------------------------

# --- topics ---------------------------------------------------------------------------------

# Keys are the slugs of tracker.reference_data.TOPICS; keywords match case-insensitively.
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "health": ("y tế", "vaccine", "vắc xin", "thuốc", "dịch bệnh", "sức khỏe"),
    "covid-19": ("covid", "đại dịch", "vaccine", "vắc xin"),
    "climate": ("biến đổi khí hậu", "khí thải", "phát thải", "cop26", "khí hậu", "carbon"),
    "environment": ("môi trường", "tăng trưởng xanh", "kinh tế xanh", "methane"),
    "maritime-security": (
        "biển đông",
        "hàng hải",
        "unclos",
        "luật biển",
        "coc",
        "doc",
        "an ninh biển",
        "hợp tác biển",
    ),
    "security": ("hòa bình", "an ninh", "ổn định", "xung đột", "kiềm chế", "bạo lực"),
    "trade-economy": (
        "thương mại",
        "kinh tế",
        "thị trường",
        "chuỗi cung ứng",
        "hiệp định",
        "doanh nghiệp",
        "phục hồi",
    ),
    "investment": ("đầu tư", "nguồn lực", "tài chính"),
    "digital": ("kinh tế số", "chuyển đổi số", "kết nối số", "trí tuệ nhân tạo", "điện toán", "số"),
    "energy": ("năng lượng", "điện"),
    "connectivity": ("kết nối", "cơ sở hạ tầng", "hạ tầng", "hành lang"),
    "people-to-people": ("giao lưu nhân dân", "nhân dân", "giao lưu", "kỷ niệm"),
    "education": ("giáo dục", "đào tạo", "học bổng", "năng lực"),
    "science-technology": ("khoa học", "công nghệ", "đổi mới sáng tạo", "nghiên cứu"),
    "development": (
        "khoảng cách phát triển",
        "phát triển bền vững",
        "tiểu vùng",
        "mekong",
        "hỗ trợ kỹ thuật",
    ),
    "agriculture-food": ("lương thực", "nông nghiệp", "an ninh lương thực"),
    "disaster-management": ("thiên tai", "thảm họa", "cứu nạn", "ứng phó khẩn cấp"),
    "culture-tourism": ("du lịch", "văn hóa"),
    "regional-architecture": (
        "vai trò trung tâm",
        "cấu trúc khu vực",
        "cơ chế do asean",
        "chủ nghĩa đa phương",
        "đa phương",
        "aoip",
    ),
    "transnational-crime": ("tội phạm", "lừa đảo", "khủng bố", "ma túy", "an ninh mạng"),
    "humanitarian": ("nhân đạo", "cứu trợ", "người tị nạn", "myanmar"),
}
