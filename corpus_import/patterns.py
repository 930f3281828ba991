"""The regex fragments the steps and the rule table are built from.

Word lists live in `lexicon`; here are the patterns around them (what stands before a cue,
what ends a meeting's name). Vietnamese phrases are data: the step modules hold none.
"""

from __future__ import annotations

# A photo credit: "Ảnh: BNG", "(Ảnh: Duy Quang)", "Ảnh minh họa: Reuters", "Ảnh:AP/TTXVN".
PHOTO_CREDIT = r"(?:Ảnh|ẢNH|Nguồn ảnh)(?:\s+minh\s+h[ọo]a)?\s*:"

# A sentence followed by a credit ("... Vương Nghị. (Nguồn: AFP)", "... Grepl. Ảnh: VGP/...") is
# a photo caption run into the body, never an item or a meeting report.
# A credit on the next line, or one trailing a sentence that itself follows a credit, may belong
# to a photo placed after a paragraph, so only a credit on the same line counts.
CREDIT_AFTER_SENTENCE = r"[ \t]*\(?[ \t]*(?:Ảnh|ẢNH|Nguồn)(?:[ \t]+minh[ \t]+h[ọo]a)?[ \t]*:"

CREDIT_OPENING = r"\W*(?:Ảnh|ẢNH|Nguồn)(?:\s+ảnh|\s+minh\s+h[ọo]a)?\s*:"

# Navigation and social lines ("Theo dõi Baoquocte.vn trên", "Phiên bản di động").
NAVIGATION_LINES = (
    r"^Theo dõi\b.{0,80}\btrên\b.{0,40}$",
    r"^Phiên bản di động$",
    r"^Nguồn\s*[^.]{0,80}:\s*https?://\S+$",
    r"^(?:Chia sẻ|Bình luận|In bài|Gửi bài|Trở về đầu trang)$",
)

# Words between a title and the person's country ("Đại sứ đặc mệnh toàn quyền Iran",
# "Thủ tướng Chính phủ CHDCND Lào").
TITLE_QUALIFIERS = r"(?:đặc mệnh toàn quyền|Chính phủ nước|Chính phủ)\s+"

ROLE_CUES: tuple[tuple[str, str], ...] = (
    (r"đồng chủ trì", "co_chair"),
    (r"(?:vai trò|cương vị|tư cách)(?: là)?(?: nước)? điều phối", "coordinator"),
    (r"\bchủ trì", "chair"),
)

# "Hội nghị nhất trí": the meeting itself as subject (only at the start of a clause).
MEETING_AS_SUBJECT = r"(?:Hội nghị|Đối thoại|Cuộc họp|hội nghị)"

# A bare "Ông ..."/"Bà ..." opening a sentence is the previous speaker.
ANAPHORIC_HONORIFIC = (
    r"(?:(?:(?<=^)|(?<=[.!?]\s)|(?<=\n))(?P<subject>Ông|Bà)|(?<=, )(?P<inner>ông|bà))"
    r"(?= (?:lại |cũng |đã )?[a-zđ])"
)

# A cue noun reaffirmed, stressed or upheld by its party is declared again ("tái khẳng định cam
# kết của Ấn Độ đối với ...", "nhấn mạnh cam kết lâu dài với ASEAN", "Mỹ giữ vững cam kết
# trong việc bảo vệ Tokyo").
REAFFIRMED_BEFORE_CUE = (
    r"(?<!\w)(?:tái khẳng định|khẳng định lại|khẳng định|nhấn mạnh|giữ vững)\s+$"
)

# A head noun opening a headline list of states ("Lãnh đạo Hàn Quốc, Pháp nhất trí ...").
LIST_OPENING = (
    r"\W*(?:Lãnh đạo|Ngoại trưởng|Bộ trưởng Ngoại giao|Nguyên thủ|Thủ tướng|Tổng thống"
    r"|Quốc phòng|Bộ Quốc phòng)\s+"
)

# A sentence with no subject of its own that goes on with the previous one's ("Đồng thời đề
# nghị ...", "Ngoài ra, cũng cam kết ..."): all that stands before its cue.
CONTINUATION_OPENING = (
    r"\W*(?:Đồng thời|Ngoài ra|Bên cạnh đó|Cũng|Và|Đồng thời cũng)?\s*,?\s*"
    r"(?:(?:cũng|còn|đã|sẽ|tiếp tục|khẳng định|nhấn mạnh|cho biết)\s+)*"
)

# Between an object and the cue: "... ủng hộ ASEAN và (sẽ) đề nghị": the subject's next verb.
AND_OWN_VERB = r"(?:[^,;.]*\s)?và\s+(?:[^\s,;.]+\s+){0,2}"

# "hy vọng ... sẽ": a hope about what someone will do ("hy vọng trong tuần này sẽ ...").
HOPE_THAT_WILL = r" (?!sẽ\b)[^,.;]{1,40} sẽ\b"

# First-person subjects of a quoted leader ("“Chúng tôi sẽ ...”, ông Trump nói").
FIRST_PERSON = r"(?<!\w)(?:[Cc]húng tôi|[Tt]ôi)(?!\w)"
OPENING_QUOTES = "“"
CLOSING_QUOTES = "”"

# A clause "X cho biết," in front of the report: X is the source, not the actor.
SOURCE_FRAME = r"^[^,]{0,60}\b(?:cho biết|thông báo|đưa tin|dẫn lời)\s*,"

# Openings that make the whole sentence a non-item: forecasts and background.
# A sentence opened by another day than the meeting's and told in the past ("Ngày 22/6, các
# nước ... đã đưa ra ...") is background. The day is matched by dates.find_dates.
DATED_OPENING = r"\W*(?:(?:Sáng|Chiều|Tối|Trưa|Đêm|Hôm|Ngày)\s+(?:ngày\s+)?)?\d{1,2}/\d{1,2}\b"

PAST_IN_DATED = r"(?<!\w)(?:đã|vừa)(?!\w)"

# The same for an earlier time that needs no day: "Hồi đầu tháng 6, ... đã ..." (hồi tells the
# past), "Năm 2014, ... đã ..." (a year other than the meeting's).
PAST_OPENING = r"\W*(?:Hồi|Vào hồi)(?!\w)[^,.;]{0,30},"

YEAR_OPENING = r"\W*(?:Vào |Cuối |Đầu |Giữa )?[Nn]ăm (?P<year>\d{4})(?!\w)[^,.;]{0,30},"

# Hedges that make "sẽ" a forecast, not a commitment ("dự kiến sẽ", "nhiều khả năng ... sẽ").
FORECAST_BEFORE_WILL = (
    r"(?:dự kiến|khả năng|có thể|được đánh giá|hy vọng|dự báo|ước tính|Ước tính|tin tưởng|tin rằng"
    r"|kỳ vọng|cho rằng|nói rằng|nhận định)[^,.;]{0,40}$"
)

# Analysts' views ("Giới phân tích cho rằng Nhật Bản cần ...", "Theo các chuyên gia, ..."):
# commentary on the parties, not their statement.
_COMMENTATORS = (
    r"(?:giới (?:phân tích|quan sát|chuyên gia)|chuyên gia|nhà phân tích|học giả|nhà nghiên cứu"
    r"|bình luận viên|nhà bình luận)"
)
COMMENTARY_BEFORE_CUE = (
    r"(?:^\W*Theo (?:các |nhiều |một số )?" + _COMMENTATORS + r"[^,.;:]{0,40},"
    r"|" + _COMMENTATORS + r"[^.;:]{0,60}\b(?:cho rằng|nhận định|đánh giá|nhận xét|bình luận"
    r"|lưu ý|dự báo)\b)"
)

# "... sẽ thua nếu ...": a conditional prediction.
CONDITION_AFTER_WILL = r"^[^,.;]{0,40}\bnếu\b"

# Fixed phrases holding a cue word ("thống nhất đất nước": reunification).
NOT_CUE_AFTER = r"^\s+(?:đất nước|non sông)\b"

# "muốn tìm hiểu gì", "cần gì": a wish or need left open is an offer's condition, not a request.
OPEN_WISH_AFTER = r"\s+(?:[^\s,.;]+\s+){0,3}(?:gì|nào|đâu)(?!\w)"

# A wish denied ("Mỹ chưa muốn làm như vậy", "không muốn bố trí ...") asks nothing of anyone:
# no gold item of any sample holds one.
DENIED_WISH_BEFORE = r"(?<!\w)(?:không|chưa|chẳng|chả)\s+(?:hề\s+|hề\s+có\s+)?$"

# Hedges that make any cue a forecast ("các nước dự kiến nhất trí").
FORECAST_BEFORE_CUE = r"(?:dự kiến|dự báo|ước tính|Ước tính)\s+(?:sẽ\s+)?$"

# An accusation reports what another party is said to do ("cáo buộc nước này ủng hộ khủng bố").
ACCUSATION_BEFORE_CUE = r"(?:cáo buộc|tố cáo|chỉ trích|lên án)\s+[^,.;]{0,30}$"

# "sẽ" + a step of a schedule: the programme of a visit or meeting, not a commitment.
SCHEDULE_AFTER_WILL = (
    r"^\s+(?:cũng\s+)?(?:không\s+bị|bị|có (?:cuộc|buổi|chuyến)|diễn ra|tham dự|dự|dẫn đầu"
    r"|đồng chủ trì|chủ trì"
    r"|thăm|bay|trở về|đến|tới|thảo luận|đánh giá|gặp|hội đàm|hội kiến|họp|công bố|phát biểu"
    r"|chiếm|góp phần|ký kết|ký|làm sâu sắc|được)\b"
)

# What may stand between the subject and its "sẽ" ("Việt Nam cũng sẽ", "ông cho biết sẽ").
BEFORE_WILL = (
    r"(?:\s+(?:cũng|đều|vẫn|luôn|khẳng định|tái khẳng định|cho biết|tuyên bố|nhấn mạnh|cam kết"
    r"|sẵn sàng|khẳng định lại))*\s*$"
)

# Words before an entity that make it an object, never the subject of the next verb.
NOT_SUBJECT_BEFORE = (
    r"(?:(?<!\w)(?:của|với|vào|được|bởi|[Qq]uan hệ|giữa|cho|tại|ở|lời mời)\s+"
    r"|(?<!\w)[Qq]uan hệ [^,.;]{0,20}[-–]\s*)$"
)

# Agreements recalled with a time in the past ("đã nhất trí ... hồi đầu tháng 4").
PAST_AGREEMENT = r"\bđã\s+$"

PAST_TIME = r"\b(?:hồi|trước đó|trước đây|năm ngoái|từng)\b"

# A scope that swallows weak cues after it ("nhấn mạnh tầm quan trọng của ..., tiếp tục ...").
IMPORTANCE_SCOPE = r"tầm quan trọng"

# "tiếp tục ủng hộ", "sẽ ủng hộ": the support is the statement, not the weak cue before it.
SUPPORT_NEXT = r"^\s+(?:(?:cũng|sẽ|tiếp tục|luôn)\s+)*ủng hộ\b"
# "tiếp tục khuyến khích", "sẽ kêu gọi": the request is the statement.
PROPOSAL_NEXT = (
    r"^\s+(?:(?:cũng|sẽ|tiếp tục|luôn)\s+)*"
    r"(?:khuyến khích|kêu gọi|đề nghị|thúc giục|hối thúc|yêu cầu)\b"
)
# "được đề xuất", "đã được thống nhất", "bị nhiều nghị sĩ ... đề nghị": a passive cue says what
# was done to its subject, not what the subject commits to.
PASSIVE_BEFORE_CUE = r"(?<!\w)(?:được|bị)\s+$|(?<!\w)bị(?:\s+[^\s,;.:]+){1,8}\s+$"
# A question ("Việt Nam sẽ ứng xử như thế nào ...?") asks; it commits no one.
QUESTION = r"[^\n]*\?[”\"’]?\s*$"

# Past-tense context that turns a weak cue into a description ("3 năm qua, ... tiếp tục").
PAST_MARKERS = r"\b(?:đã|thời gian qua|năm qua|vừa qua|trước đây)\b"

# "nhất trí," or "nhất trí cho rằng" + an assessment with no forward marker: an agreed view,
# not a commitment.
# "nhất trí về tầm quan trọng của ...": agreeing that something matters commits no one.
AGREED_ASSESSMENT = (
    r"nhất trí\s*(?:,|cho rằng\b(?![^.;]*\b(?:tiếp tục|sẽ|cần)\b)"
    r"|(?:về|rằng)\s+(?:tầm quan trọng|sự cần thiết)\b)"
)

# Thanks and welcomes take the other party's act as their object ("cảm ơn Nhật Bản đã ủng hộ",
# "hoan nghênh Mỹ tiếp tục ủng hộ"): a cue in their clause is not the speaker's commitment,
# unless "và" opens the speaker's own next verb ("hoan nghênh ... và sẵn sàng hỗ trợ", "cảm ơn
# và vui vẻ nhận lời").
APPRECIATION_VERBS = r"(?:hoan nghênh|cảm ơn|cám ơn|đánh giá cao|ghi nhận|chúc mừng)"

# "đánh giá cao sự ủng hộ": thanks for support received, not support declared.
APPRECIATION_OF_NOUN = r"(?:đánh giá cao|cảm ơn|hoan nghênh|ghi nhận|trân trọng)\s+sự$"

APPRECIATION_SCOPE = r"(?<!\w)" + APPRECIATION_VERBS + r"(?!\w)[^,;.:]*$"

OWN_VERB_AFTER_AND = r"\svà\s+(?:[^\s,;.]+\s+){0,2}$"

FOLLOW_UP_CUES: tuple[tuple[str, str], ...] = (
    (r"đạt tỷ lệ 100\s*%", "fulfilled"),
    (r"\bhoàn thành\b", "fulfilled"),
    (r"đạt tỷ lệ \d+(?:,\d+)?\s*%", "in_progress"),
    (r"\bđã (?:giải ngân|bàn giao|viện trợ|tài trợ|trao tặng|cung cấp|đóng góp)", "in_progress"),
    (r"\b(?:đóng góp|tài trợ) \d+(?:[.,]\d+)* (?:triệu|tỷ|nghìn)? ?USD", "in_progress"),
)

# Verbs of a meeting between two states: the parties are the subject before the verb and the
# person or state after it ("Thủ tướng X hội đàm với Thủ tướng Lào Y", "Thủ tướng tiếp Đại sứ
# Iran"). "tiếp", "đón" and "gặp" are common words, so they count only before a title; "buổi
# làm việc với Đại sứ quán" is a visit to an embassy, not talks.
BILATERAL_VERBS = (
    r"(?:hội đàm|Hội đàm|hội kiến|Hội kiến|điện đàm|Điện đàm|cuộc gặp thượng đỉnh|cuộc gặp"
    r"|Cuộc gặp|buổi tiếp|hội đàm trực tuyến|tham vấn chính trị|Tham vấn chính trị"
    r"|(?:tiếp|đón|gặp|gặp gỡ|tiếp xã giao|chào xã giao)(?= (?:{titles}|người đồng cấp|đoàn|Đoàn))"
    r"|(?:cuộc họp|buổi họp)(?= với (?:{titles}|người đồng cấp))"
    r"|(?:buổi gặp|buổi làm việc)(?=(?: và [^\s,.;]+(?: [^\s,.;]+)?)? với (?:{titles}|đại sứ|Đại sứ"
    r"|người đồng cấp|đoàn|Đoàn)(?! quán)))"
)

# After the verb: "với", "cùng", "giữa" join the other side (matched at the verb's end), after
# words that say what talks they were ("cuộc gặp đầu tiên với", "điện đàm riêng rẽ với").
BILATERAL_JOINERS = (
    r"\s*(?:(?:chính thức|trực tuyến|đầu tiên|lần đầu|song phương|riêng rẽ|riêng|gỡ|mặt"
    r"|thượng đỉnh|quan trọng|trực tiếp|cấp cao|chớp nhoáng|bí mật|kín|hẹp)\s+){0,2}"
    r"(?:với|cùng|giữa)?\s*"
)

# "Sau khi gặp X, S nói ...": the subject of the verb follows the clause.
BILATERAL_SUBJECT_AFTER = (
    r"(?:[Ss]au khi|[Tt]rước khi|[Kk]hi|[Ss]au|[Tt]rước|[Tt]rong)\s+(?:đã\s+)?(?:cuộc\s+|buổi\s+)?$"
)

# A grouping met through its officials ("gặp Tổng Thư ký ASEAN", "gặp đại sứ các nước ASEAN").
GROUPING_SIDE = (
    r"(?:(?:và [^\s,.;]+(?: [^\s,.;]+)? )?với\s+)?"
    r"(?:Tổng [Tt]hư ký|[Đđ]ại sứ các nước|các [Đđ]ại sứ|lãnh đạo các nước|Ngoại trưởng các nước"
    r"|Bộ trưởng Ngoại giao các nước)\s+"
    r"(?:ASEAN|Đông Nam Á|Hiệp hội các quốc gia Đông Nam Á)(?!\w)"
)

# "cuộc hội đàm xây dựng Bản ghi nhớ giữa A và B": the sides follow a later "giữa".
BETWEEN_LATER = r"[^,.;:]{0,40}?\bgiữa\s+"

# How the sides are listed in that clause ("cả Tổng thống Mỹ X và người đồng cấp Hàn Quốc Y").
SIDE_JOINER = r"\s*(?:và|,|cùng|cùng với)\s*(?:người đồng cấp\s*)?"

# What may stand between the verb and the other side ("đón người đồng cấp Nga").
BILATERAL_OBJECT_GAP = r"(?:người đồng cấp|[Đđ]oàn đại biểu|[Đđ]oàn|phái đoàn)?\s*"

# Verbs that name the meeting only with both sides given; the others may take the state the
# article names most as the other side.
BILATERAL_NEEDS_BOTH = r"(?:[Cc]uộc gặp|gặp|gặp gỡ)$"

# Context that makes a named bilateral meeting background, not the reported one.
BILATERAL_PAST = (
    r"\b(?:vừa qua|trước đó|trước đây|hồi|từng|năm ngoái|lần trước|các cuộc gặp gỡ|nhân dịp dự"
    r"|phớt lờ|từ chối|hủy bỏ|hoãn|chưa có|không có)\b"
)

# Verbs next to a meeting name that show the article reports it, not only mentions it.
MEETING_EVENT_BEFORE = (
    r"(?:tham dự|dự|đồng chủ trì|chủ trì|khai mạc|bế mạc|kết thúc|họp|tham gia|đã tổ chức"
    r"|đăng cai)\s+"
    r"(?:(?:cuộc|buổi|phiên)\s+)?$"
)

MEETING_EVENT_AFTER = (
    r"^\s*(?:(?:đã|vừa|đã được|vừa được)\s+)?(?:diễn ra|được tổ chức|tổ chức|khai mạc|họp|bế mạc)"
)

# Meetings named as the umbrella of the reported ones ("... lần thứ 58 và các hội nghị liên quan").
UMBRELLA_AFTER = r"^[^,.]{0,40}\bvà các hội nghị liên quan"

UMBRELLA_BEFORE = r"(?:khuôn khổ|chuỗi hoạt động|bên lề)\s+$"

# A meeting someone travelled to attend, told as the occasion of another ("Nhân dịp tham dự ...",
# "Trong khuôn khổ chuyến tham dự ...", "bên lề ... dự").
OCCASION_BEFORE = (
    r"(?:[Nn]hân dịp|[Dd]ịp|chuyến|khuôn khổ|[Bb]ên lề)[^,.;]{0,30}?"
    r"(?:tham dự|dự|tham gia|công tác tại|công tác|tới|đến)\s+(?:các\s+)?$"
)

# Several meetings reported together ("Phát biểu tại các hội nghị").
CHAIN_REFERENCE = r"\b(?:tại|Tại) các (?:hội nghị|Hội nghị|cuộc họp)\b"

FORMAT_CUES: tuple[tuple[str, str], ...] = (
    (r"trực tuyến|qua video|qua truyền hình|qua điện thoại", "online"),
    (
        r"trực tiếp|(?:diễn ra|tổ chức|họp|khai mạc|bế mạc|hội đàm|hội kiến|tiếp|đón)"
        r" (?:ở|tại) (?:thủ đô |trụ sở |[Tt]hủ phủ )?[A-ZĐÂĂÊÔƠƯ]"
        r"|(?:thăm chính thức|thăm cấp nhà nước|chuyến thăm|thăm làm việc|chào xã giao)",
        "in_person",
    ),
)

# A place put before the clause ("Chiều 24/5, tại Trụ sở Chính phủ, ..."): the meeting was held
# there. Meeting names and "tại buổi tiếp" are occasions, not places.
FRONTED_VENUE = (
    r"(?:^|,\s)[Tt]ại (?!(?:buổi|cuộc|các|hội|Hội|kỳ|Kỳ|phiên|Phiên|Đối|đối|đây|đó|này|lễ|Lễ)\b)"
    r"(?:[Tt]rụ sở|[Tt]hủ đô|[Pp]hủ|[Nn]hà|[Dd]inh|[Cc]ung|[A-ZĐ])[^,]{1,50},"
)

# Meeting verbs that say how two sides met: receptions, talks and visits face to face; calls
# by phone. Consultations and dialogues do not say.
FORMAT_BY_VERB: tuple[tuple[str, str], ...] = (
    (r"^(?:[Đđ]iện đàm)", "online"),
    (r"^(?:[Hh]ội đàm|[Hh]ội kiến|[Cc]uộc gặp|buổi tiếp|tiếp|đón|gặp|chào xã giao)", "in_person"),
)

# Guests named after the meeting ("mời ... dự hội nghị ..., trong đó có ASEAN, Australia").
GUEST_LIST = r"\b(?:trong đó có|với sự tham dự của|với sự tham gia của)\b"

# A meeting word that names no meeting, checked where a signal matched (the lead meeting's
# test): a press conference ("cuộc họp báo"; a joint one follows talks) and dialogue as a
# means or a wish, lower case and without a classifier ("giải quyết thông qua đối thoại",
# "sẵn sàng đối thoại với Mỹ"); "cuộc đối thoại", "Đối thoại Shangri-La" and "đối thoại chiến
# lược" still name one.
NOT_A_MEETING_AT = (
    r"(?:[Cc]uộc |[Bb]uổi )?họp báo\b(?! chung)"
    r"|(?<!cuộc )(?<!buổi )(?<!phiên )(?<!vòng )(?<!Cuộc )(?<!Buổi )"
    r"đối thoại(?! (?:chiến lược|cấp cao|an ninh|chính sách|lần|[A-ZĐ0-9]))"
)

# A visit abroad: its talks are a meeting even when the report never names them.
VISIT = r"thăm chính thức|thăm cấp nhà nước|thăm làm việc|chuyến thăm"

# A meeting named with a future marker ("sẽ tham dự Hội nghị ...", "... vào tháng 11 tới"):
# the article's own meeting when it leads, a forthcoming one when another was reported first.
# A plan told at more length too ("sắp tới Tổng bí thư ... sẽ thăm Việt Nam, dự Hội nghị ...",
# "bày tỏ vui mừng sẽ tiến hành chuyến thăm ... và tham dự Hội nghị ...", "chuẩn bị lên đường
# dự ..."), within the sentence.
FUTURE_BEFORE_MEETING = r"(?:\bsẽ|\bsắp tới|\bdự kiến|\bchuẩn bị)\b[^.;]{0,90}$"

# An invitation ("mời Tổng thống X thăm Việt Nam và dự Hội nghị ...", or one accepted: "nhận
# lời thăm ... và tham dự ...") names a meeting to come too, however long the invitee's name
# and title, unless the text goes on to report it ("mời ... dự hội nghị G7 diễn ra tại
# Liverpool").
INVITED_TO_MEETING = r"\b(?:mời|nhận lời)\b(?:[^,.;]|\.(?=\w)){0,80}$"

# Talks whose result is appraised or reported on ("đánh giá cao kết quả cuộc hội đàm giữa
# ...", "báo cáo về kết quả hội đàm với ..."), held before the reported meeting; "Đó là kết
# quả cuộc hội đàm ..." may be the reported one.
RESULT_OF_MEETING = (
    r"\b(?:đánh giá(?: cao)?|hài lòng (?:về|với)|hoan nghênh|ghi nhận|về)"
    r" (?:những |các )?kết quả (?:của )?(?:các |cuộc |buổi )?$"
)

FUTURE_AFTER_MEETING = r"^[^,.;]{0,30}\b(?:tới|sắp tới)\b"

# "Đối thoại Shangri-La (...), một diễn đàn ..., sẽ diễn ra tại Singapore": a meeting to come,
# however long the apposition after its name.
WILL_TAKE_PLACE_AFTER = (
    r"^[^.;]{0,100}?\b(?:sẽ|dự kiến sẽ|dự kiến)\s+(?:được\s+)?(?:diễn ra|tổ chức|khai mạc|nhóm họp)"
)

# The Nth ASEAN Foreign Ministers' Meeting (AMM) is held in 1967 + N.
AMM_ORDINAL = (
    r"Hội nghị Bộ trưởng [Nn]goại giao ASEAN(?: \(AMM\))? (?:lần thứ|lần) (\d{1,2})\b"
    r"|\bAMM[- ]?(\d{2})\b"
)

# "năm ASEAN 2021", "Năm Chủ tịch ASEAN 2024", "Năm APEC 2017": the grouping's year the report
# is set in.
ASEAN_YEAR = r"\b[Nn]ăm (?:[Cc]hủ tịch )?(?:ASEAN|APEC) (\d{4})\b"

MONTH_YEAR_PAREN = r"\((\d{1,2})/(\d{4})\)"

# "hội nghị APEC 2017", "Năm APEC 2017": the year of a grouping's events, as MONTH_YEAR_PAREN its
# second group.
GROUPING_YEAR = r"\b(APEC|ASEAN|G20|G7)\s+(\d{4})\b(?!\s*[-–]\s*\d)"

# Years the text states for its own events: full dates and "năm 2017" ("trong năm 2017",
# "tại Việt Nam năm 2017"); not "(năm 2016)" dating a figure, nor "Năm 2016, Moscow đã bán
# ..." opening a recalled event. Deadlines and plans ("đến năm 2020", "tầm nhìn 2030"), earlier acts
# ("ký năm 2015") and the Law of the Sea ("Luật Biển năm 1982") are not.
STATED_YEAR = r"(?<![\d/.])\d{1,2}/\d{1,2}/(\d{4})\b|(?<!\()\bnăm (\d{4})\b(?!\s*[-–]\s*\d)"

# "hai nước đang kỷ niệm 45 năm quan hệ ngoại giao" with "thiết lập quan hệ ngoại giao ... năm
# 1972" elsewhere: the report is set in 1972 + 45.
ANNIVERSARY = r"kỷ niệm (\d{1,3}) năm (?:ngày )?(?:(?:chính thức )?thiết lập )?quan hệ ngoại giao"
RELATIONS_FOUNDED = r"thiết lập quan hệ ngoại giao[^.;]{0,40}?(?<!trong )\bnăm (\d{4})\b"

# Nor is the year of a figure ("500 triệu USD năm 2023", "tăng 5% năm 2016") or of a past event
# ("hồi năm 2015", "Hôm 14/12/2016", "so với năm 2015", "sinh ngày 10/11/1945").
NOT_EVENT_YEAR_BEFORE = (
    r"(?:(?<!\w)(?i:đến|tới|trước|vào|sau|từ|tầm nhìn|giai đoạn|kế hoạch|mục tiêu|chiến lược|ký"
    r"|hôm|so với|sinh ngày|sinh"
    r"|ký kết|thành lập|thiết lập|Luật Biển|Luật biển|hồi|từng|USD|EUR|euro|đồng|yên|nghìn|ngàn"
    r"|triệu|tỷ|tỉ|tấn)|%)"
    r"\s+(?:(?:cuối|đầu|giữa)\s+)?$"
)

# A year of a founding act or of a relationship's upgrade in the same clause ("thiết lập quan hệ
# ngoại giao cấp Đại sứ năm 1972", "quan hệ đối tác toàn diện Việt Nam - Mỹ năm 2013", "được xác
# lập năm 2013"), an anniversary's or an election's is history, however many words stand between.
FOUNDING_BEFORE_YEAR = (
    r"(?<!\w)(?:thiết lập|thành lập|ký kết|ra đời|bình thường hóa|kể từ|từ khi|xác lập|nâng cấp"
    r"|quan hệ|đối tác|kỷ niệm|bầu cử)[^,.;]{0,50}$"
)

# "năm 1973 đến năm 1978": a span of years in a life or a history.
YEAR_SPAN_AFTER = r"\s*(?:[-–]|đến|tới)\s*(?:năm\s+)?\d{4}\b"

# "kỷ niệm 45 năm thiết lập quan hệ ngoại giao ... năm 2018": the year is the anniversary's.
ANNIVERSARY_BEFORE_FOUNDING = r"kỷ niệm \d{1,3} năm (?:ngày )?(?:chính thức )?$"

# A year that dates a figure ("năm 2016, kim ngạch đạt ...") is a finished year, not the report's.
FIGURE_AFTER_YEAR = r"[^.;]{0,40}\b(?:đạt|kim ngạch|tăng|giảm)\b"

DATELINE = r"^\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?\s*"

PART_OF_DAY = r"(?:sáng|chiều|tối|trưa|đêm|Sáng|Chiều|Tối|Trưa|Đêm)"

PERIOD = r"giai đoạn (\d{4})\s*[-–]\s*(\d{4})"

TARGET_YEAR = r"(?:đến|trước|vào|tới|trong|tại [^,.]{1,30}) năm (\d{4})|(?:năm) (\d{4})"

# --- moved from the step modules ---------------------------------------------------------

# "sẽ": a will, a plan or a forecast.
WILL = r"(?<!\w)sẽ(?!\w)"
# An entity after these words is an object or a possessor, never the subject.
OBJECT_BEFORE = (
    r"(?<!\w)(?:của|với|cho|về|đối với|tại|ở|trong|giữa|như|việc|" + APPRECIATION_VERBS + r")\s+$"
)
# What joins the parties of a list ("A, B và C", "Nga-Pháp", "Việt Nam – Lào").
LIST_JOINER = r"\s*(?:,|và|,\s*và|cùng|cùng với|-|–)\s*"
# "Bộ Quốc phòng Việt Nam và Bộ Quốc phòng Campuchia": a head repeated inside a list.
HEAD_REPEATED = r"\s*(?:,|và|,\s*và)\s+(?P<head>(?:[A-ZĐ]\w*|[a-zđ]\w*)(?: \w+){0,3}) "
# What may stand between a subject and its cue ("Việt Nam cũng sẽ tiếp tục").
BETWEEN_SUBJECT_AND_CUE = r"(?:\s+(?:cũng|sẽ|đều|luôn|vẫn|khẳng định|cam kết|sẵn sàng))*\s*$"
# Words before the party a pledge is made to ("hỗ trợ Lào", "cho các nước ASEAN").
TARGET_BEFORE = r"(?:cho|đối với|hỗ trợ|giúp|giúp đỡ|tới|đến|viện trợ|tài trợ)\s+(?:các nước\s+)?$"
# "mong muốn Nhật Bản sẽ ...": a will after the party wished about.
OWN_WILL = r"\s+(?:sẽ|tiếp tục)(?!\w)"
# The plan, fund or programme a follow-up reports on.
FOLLOW_UP_REFERENCE = (
    r"(?:Kế hoạch|Chương trình|Dự án|Quỹ|Hiệp định|Sáng kiến|Tuyên bố|Khung)"
    r"(?: (?!đạt|của|cho|với|và|đã|được)[^\s,.;]+){1,8}"
)
# "Đại sứ Việt Nam tiếp đoàn ...": a delegation of no named country is one's own.
BARE_DELEGATION = r"[Đđ]oàn(?! đại biểu| cấp cao)\b"
# Where the list of sides after "giữa" ends.
SIDES_END = r"[,.;:]|\s(?:diễn ra|được tổ chức|tại)\s"
# A phone call is online whatever later sentences say.
PHONE_CALL = r"(?:[Cc]uộc\s+)?[Đđ]iện đàm\b"
# "lần thứ 39": the number of a meeting in its series.
ORDINAL = r"lần thứ \w+"
# "chiều nay", "hôm qua": days told against the article's own.
RELATIVE_DAY = r"\b(?:" + PART_OF_DAY + r")\s+nay\b|\bhôm nay\b|\bhôm qua\b"
# "hoan nghênh ông X", "tiếp bà Y": a person after these is the object, not the speaker.
PERSON_AS_OBJECT = (
    r"(?<!\w)(?:hoan nghênh|cảm ơn|mời|gửi|chúc mừng|của|với|tiếp|đón)\s+"
    r"(?:(?:ông|bà|[Nn]gài)\s+)?$"
)
# What follows a title that is of an organ or a place ("Bí thư Khu ủy ...", "Thống đốc tỉnh
# Chiba"), not a verb ("Bộ trưởng cảm ơn ...").
ORGAN_START = r" (?:[A-ZĐÂĂÊÔƠƯ]|(?:tỉnh|bang|thành phố|vùng|khu vực|hạt) )"
# Where the organ's name ends: a clause break or a verb ("... Bành Thanh Hoa đang thăm ...").
ORGAN_END = r"[,.;:]|\s(?:đã|đang|và|cùng|sẽ|nhân dịp|trong|tới|đến)\s"
# A state after these is a place or a possessor, not the organ's ("Đại sứ Việt Nam tại Nhật").
PLACE_BEFORE = r"(?:tại|ở|với|của)\s+$"
# "tiếp Phó Chủ tịch ...": a title received is a visitor's, never the host's named before.
RECEIVED_BEFORE = r"(?<!\w)(?:tiếp|đón|hội kiến|gặp)\s+$"
# Between two titles of one person ("Phó Thủ tướng, Bộ trưởng ...", "... kiêm Bộ trưởng").
TITLE_JOINER = r",\s+|\s+kiêm\s+"
# A title put after a name ("Phạm Trường Long - Phó Chủ tịch ...", "Vương Nghị, Ngoại trưởng
# ..."): what joins them.
APPOSITIVE_TITLE = r"\s*(?:-|–|,)\s*"
# "Hội nghị nhất trí": the meeting as subject is followed by its verb.
PREDICATE_AFTER_SUBJECT = r"(?= (?:đã |cũng |đều )?[a-zđ])"
# "24/5", "24/5/2017", the first day of a range "7 - 8/2/2017", and "ngày 7.2" or "ngày 29-6"
# (a dotted or hyphenated day and month, only after "ngày" or a part of the day, where it
# cannot be a number or a range).
DAY_MONTH = (
    r"(?:(?P<part>" + PART_OF_DAY + r")\s+)?(?:[Nn]gày\s+)?"
    r"(?<![\d/.,])(?P<day>\d{1,2})(?:\s*[-–]\s*\d{1,2})?/(?P<month>\d{1,2})"
    r"(?:/(?P<year>\d{4}))?(?![\d/])"
    r"|(?:" + PART_OF_DAY + r"|[Nn]gày)\s+(?P<dday>\d{1,2})[.-](?P<dmonth>\d{1,2})"
    r"(?![\d/-]|[.,]\d)"
)
# "tháng 6", "tháng 6/2024", "tháng 6 năm 2024".
MONTH_ONLY = r"\btháng (\d{1,2})(?:/(\d{4})| năm (\d{4}))?\b"
