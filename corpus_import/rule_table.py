"""The rule table: every cue, filter and meeting signal of the import, one row each.

A row says what it looks for, where, and what it does when it fires; its examples are what it
must and must not fire on, run by tests/test_rule_table.py inside a report of a recognized
meeting (`rule_examples.MEETING_LEAD`; meeting signal rows alone). `rule_engine` applies the
rows and records which fired; a commitment keeps the names of the rows that made it.

Effects:
- `keep`: a cue; the first kept cue of a sentence makes its item, of kind `kind`. Rows are tried
  in order and a later row never takes a span an earlier one matched ("mong muốn" before
  "mong").
- `drop`: a filter; the cue (or with `where="sentence"`/`"opening"`, the whole sentence) makes
  no item.
- `kind`: the item's kind becomes `kind`.
- `head` and `signal`: words a meeting report needs (the pre-check); a `head` also starts a
  meeting's name.
- `mention`: what the words around a meeting's name say of it (`kind`): `held` (the article
  reports it), `umbrella` (it only frames the reported ones), `future`, `occasion` (the event
  someone travelled to, where other talks are reported), `past` (talks appraised for their
  result). A name is recorded when a `held` row fires and no `umbrella` or `past` row does;
  talks named by a verb are held by it and take only the `future` and `past` rows.
- `meeting_kind`: the first row whose pattern is in a meeting's title gives its kind.

Where a pattern looks: `cue` the sentence (cue rows); `before` the sentence up to the cue,
searched (end a pattern with `$` to make it touch the cue; `reach` keeps only the last
characters); `after` the rest of the sentence, matched at its start; `at` matched at the cue;
`opening` matched at the sentence's start; `text` searched in the whole article; `title` a
meeting's title. For `mention` rows, before and after are the meeting name's. `unless` is a
pattern looked for in the same place that cancels the row; `check` names a test in code that
must also hold (see `rule_engine.check`); `cues` (words), `kind` and `strength` restrict a filter
to some cues.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_import import lexicon as lx
from corpus_import import patterns as pt

KEEP, DROP, KIND, HEAD, SIGNAL = "keep", "drop", "kind", "head", "signal"
MENTION, MEETING_KIND = "mention", "meeting_kind"
EFFECTS = (KEEP, DROP, KIND, HEAD, SIGNAL, MENTION, MEETING_KIND)
PLACES = ("cue", "before", "after", "at", "opening", "sentence", "text", "title")
MENTION_FLAGS = ("held", "umbrella", "future", "occasion", "past")

Example = str | tuple[str, str]


@dataclass(frozen=True)
class Rule:
    name: str
    effect: str
    pattern: str = ""
    where: str = "cue"
    reach: int = 0
    kind: str = ""
    strength: int = 0
    cues: tuple[str, ...] = ()
    unless: str = ""
    check: str = ""
    ignore_case: bool = False
    # Where the examples stand: after the meeting lead (item rows), alone (meeting rows), or
    # "headline": as the article's first line, the lead after it. A meeting row's example may
    # be (text, "kind,kind"): the kinds of the meetings the text must then give.
    example_at: str = ""
    # Sentences (or, for kept items, (sentence, kind)) it must fire on, and must not.
    matches: tuple[Example, ...] = ()
    misses: tuple[str, ...] = ()


def cue(name: str, pattern: str, kind: str, strength: int = 2, **rest) -> Rule:
    return Rule(name, KEEP, pattern, "cue", kind=kind, strength=strength, **rest)


def drop(name: str, pattern: str = "", where: str = "before", **rest) -> Rule:
    return Rule(name, DROP, pattern, where, **rest)


_ACTION = lx.alternation(lx.ACTION_VERBS)

CUE_ROWS: tuple[Rule, ...] = (
    cue(
        "agree",
        "nhất trí",
        "agreement",
        matches=("Hai bên nhất trí tăng cường hợp tác biển.",),
        misses=("Hai bên nhất trí về tầm quan trọng của hợp tác biển.",),
    ),
    cue(
        "agree_unified",
        "thống nhất",
        "agreement",
        matches=("Hai bên thống nhất tăng cường hợp tác y tế.",),
        misses=("Nhật Bản ủng hộ Việt Nam thống nhất đất nước.",),
    ),
    cue(
        "agree_consent",
        "đồng ý",
        "agreement",
        matches=("Hai bên đồng ý mở rộng hợp tác đầu tư.",),
        misses=("Hai bên đồng hành trong hợp tác đầu tư.",),
    ),
    cue(
        "agree_concur",
        "đồng tình",
        "agreement",
        matches=(("Nhật Bản đồng tình tăng cường hợp tác biển.", "agreement"),),
        misses=("Nhật Bản bày tỏ sự đồng cảm với Việt Nam.",),
    ),
    cue(
        "support",
        "ủng hộ",
        "support",
        matches=("Nhật Bản ủng hộ vai trò trung tâm của ASEAN.",),
        misses=("Việt Nam cảm ơn Nhật Bản đã ủng hộ ASEAN.",),
    ),
    cue(
        "support_valued",
        "tiếp tục coi trọng",
        "support",
        matches=("Nhật Bản tiếp tục coi trọng quan hệ với ASEAN.",),
        misses=("Nhật Bản coi trọng quan hệ với ASEAN.",),
    ),
    cue(
        "pledge",
        "cam kết",
        "pledge",
        matches=("Nhật Bản cam kết hỗ trợ ASEAN ứng phó thiên tai.",),
        misses=("Thực hiện cam kết của Nhật Bản là điều quan trọng.",),
    ),
    cue(
        "pledge_resolve",
        "(?:tái )?khẳng định quyết tâm",
        "pledge",
        matches=(("Hai bên khẳng định quyết tâm nâng cao hiệu quả hợp tác.", "agreement"),),
        misses=("Nhật Bản khẳng định vai trò của ASEAN là quan trọng.",),
    ),
    cue(
        "pledge_affirmed_action",
        r"(?:tái khẳng định|khẳng định|xác nhận)(?= (?:(?:sẽ|tiếp tục) )?" + _ACTION + r"\b)",
        "pledge",
        matches=(
            "Nhật Bản khẳng định tăng cường hợp tác với ASEAN.",
            "Nhật Bản xác nhận thúc đẩy các dự án kết nối.",
        ),
        misses=("Nhật Bản khẳng định vai trò của ASEAN là quan trọng.",),
    ),
    cue(
        "pledge_ready",
        "sẵn sàng",
        "pledge",
        matches=("Nhật Bản sẵn sàng chia sẻ kinh nghiệm với ASEAN.",),
        misses=("Nhật Bản đã chuẩn bị kinh nghiệm cho ASEAN.",),
    ),
    cue(
        "pledge_will",
        "sẽ",
        "pledge",
        1,
        matches=("Nhật Bản sẽ hỗ trợ ASEAN ứng phó thiên tai.",),
        misses=("Dự báo kinh tế ASEAN sẽ tăng trưởng mạnh.",),
    ),
    cue(
        "pledge_continue",
        "tiếp tục",
        "pledge",
        1,
        matches=("Nhật Bản tiếp tục hỗ trợ ASEAN ứng phó thiên tai.",),
        misses=("Thời gian qua, Nhật Bản đã tiếp tục hỗ trợ ASEAN.",),
    ),
    cue(
        "propose",
        "đề nghị",
        "proposal",
        matches=("Nhật Bản đề nghị ASEAN đẩy mạnh hợp tác y tế.",),
        misses=("ASEAN xem xét đề nghị của Nhật Bản về y tế.",),
    ),
    cue(
        "propose_call",
        "kêu gọi",
        "proposal",
        matches=("Nhật Bản kêu gọi các bên kiềm chế.",),
        misses=("Nhật Bản gọi điện cho các bên về việc kiềm chế.",),
    ),
    cue(
        "propose_urge",
        "thúc giục",
        "proposal",
        matches=("Nhật Bản thúc giục các bên sớm hoàn tất đàm phán.",),
        misses=("Nhật Bản giục giã các bên về đàm phán.",),
    ),
    cue(
        "propose_press",
        "hối thúc",
        "proposal",
        matches=("Việt Nam hối thúc các bên sớm hoàn tất đàm phán.",),
        misses=("Việt Nam hối hả hoàn tất các thủ tục đàm phán.",),
    ),
    cue(
        "propose_suggest",
        "đề xuất",
        "proposal",
        matches=("Việt Nam đề xuất lập quỹ chung về y tế.",),
        misses=("ASEAN hoan nghênh các đề xuất về quỹ chung của Việt Nam.",),
    ),
    cue(
        "propose_demand",
        "yêu cầu",
        "proposal",
        matches=("Nhật Bản yêu cầu các bên kiềm chế.",),
        misses=("Nhật Bản trao danh sách yêu cầu cho ASEAN.",),
    ),
    cue(
        "propose_encourage",
        "khuyến khích",
        "proposal",
        matches=("Nhật Bản khuyến khích doanh nghiệp đầu tư vào khu vực.",),
        misses=("Việc này sẽ khuyến khích doanh nghiệp đầu tư vào khu vực.",),
    ),
    cue(
        "propose_wish",
        "mong muốn",
        "proposal",
        matches=("Việt Nam mong muốn Nhật Bản mở rộng hợp tác y tế.",),
        misses=("Việt Nam không mong muốn xung đột với các nước láng giềng.",),
    ),
    cue(
        "propose_expect",
        "trông đợi",
        "proposal",
        matches=("Việt Nam trông đợi Nhật Bản mở rộng hợp tác y tế.",),
        misses=("Việt Nam chưa trông đợi nhiều vào các cuộc đàm phán.",),
    ),
    cue(
        "propose_look_forward",
        "mong đợi",
        "proposal",
        matches=("Việt Nam mong đợi Nhật Bản mở rộng hợp tác y tế.",),
        misses=("Việt Nam không mong đợi xung đột với các nước láng giềng.",),
    ),
    cue(
        "propose_hope",
        "mong",
        "proposal",
        matches=("Việt Nam mong Nhật Bản mở rộng hợp tác y tế.",),
        misses=("Việt Nam chưa mong có xung đột với các nước láng giềng.",),
    ),
    cue(
        "propose_want",
        "muốn",
        "proposal",
        matches=("Việt Nam muốn Nhật Bản mở rộng hợp tác y tế.",),
        misses=("Nhật Bản hỏi Việt Nam muốn tìm hiểu gì về công nghệ.",),
    ),
    # "hy vọng Pháp sẽ hỗ trợ": a hope about another party's act is a request; "hy vọng sẽ
    # sớm thăm" is only the speaker's plan.
    cue(
        "propose_hope_other",
        r"h[yi] vọng(?= [^,.;]{1,40} sẽ\b)",
        "proposal",
        matches=("Việt Nam hy vọng Nhật Bản sẽ mở rộng hợp tác y tế.",),
        misses=("Việt Nam hy vọng mở rộng hợp tác y tế với Nhật Bản.",),
    ),
    # Lower case only: "Tán thành ý kiến của X, ..." opening a sentence is a frame.
    cue(
        "support_approve",
        r"(?-i:tán thành)",
        "support",
        matches=("Nhật Bản tán thành sáng kiến của ASEAN về y tế.",),
        misses=("Tán thành ý kiến của Nhật Bản, các nước đã thảo luận về y tế.",),
    ),
    # An invitation to visit asks the guest to act; accepting it is the guest's pledge.
    # An initial's dot ("V.Putin") does not end the clause.
    cue(
        "propose_invite",
        r"mời(?= (?:[^,.;]|\.(?=\w)){0,60}\b(?:thăm|sang thăm|đến thăm)\b)",
        "proposal",
        matches=("Việt Nam mời Thủ tướng Nhật Bản sang thăm Hà Nội.",),
        misses=("Việt Nam mời Nhật Bản dự hội thảo về y tế.",),
    ),
    cue(
        "pledge_accept",
        "nhận lời",
        "pledge",
        matches=("Nhật Bản cảm ơn và vui vẻ nhận lời.",),
        misses=("Nhật Bản cảm ơn lời mời của Việt Nam.",),
    ),
    # "Hai bên ghi nhận sự cần thiết phải ...", "nhấn mạnh đến sự cần thiết của ...": a need
    # stated by its speakers (ghi nhận is no thanks here); the row "need" below takes "cần" as
    # a whole word only, never "cần thiết".
    cue(
        "need_stated",
        r"(?:nhấn mạnh|ghi nhận|khẳng định|thấy rõ)(?: đến)?"
        r" (?:sự cần thiết(?: của)?|cần thiết|cần)(?!\w)",
        "need",
        matches=(("Hai bên nhấn mạnh sự cần thiết tăng cường hợp tác biển.", "agreement"),),
        misses=("Hai bên nhấn mạnh tầm quan trọng của hợp tác biển.",),
    ),
    # "Hai bên thỏa thuận tiếp tục hợp tác": the verb; the noun ("thỏa thuận ngừng bắn") is not
    # followed by a will.
    cue(
        "agree_settled",
        r"thỏa thuận(?= (?:sẽ|tiếp tục) )",
        "agreement",
        matches=("Hai bên thỏa thuận sẽ mở rộng hợp tác đầu tư.",),
        misses=("Hai bên hoan nghênh thỏa thuận ngừng bắn ở Gaza.",),
    ),
    cue(
        "need",
        "cần",
        "need",
        1,
        matches=(
            ("Nhật Bản cần tăng cường đầu tư vào ASEAN.", "proposal"),
            ("Hai bên cần tăng cường hợp tác.", "agreement"),
        ),
        misses=("Quan hệ Việt Nam - Nhật Bản cần được nâng cấp.",),
    ),
)

# Whole sentences that make no item, before any cue is looked at.
SENTENCE_ROWS: tuple[Rule, ...] = (
    drop(
        "too_short",
        where="sentence",
        check="too_short",
        matches=("Hai bên nhất trí.",),
        misses=("Hai bên nhất trí tăng cường hợp tác.",),
    ),
    drop(
        "label_headline",
        where="sentence",
        check="label_headline",
        example_at="headline",
        matches=("Tin vắn: Hai bên nhất trí tăng cường hợp tác biển",),
        misses=("Hai bên nhất trí tăng cường hợp tác biển",),
    ),
    # Forecasts and background ("Dự kiến ...", "Trước đó ..."); "Việc ... sẽ khuyến khích ...":
    # an action as subject, not a party.
    drop(
        "non_item_opening",
        r"\s*" + lx.alternation(lx.NON_ITEM_OPENINGS, escape=True),
        where="opening",
        matches=("Trước đó, Nhật Bản cam kết hỗ trợ ASEAN ứng phó thiên tai.",),
        misses=("Nhật Bản cam kết hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    drop(
        "dated_background",
        where="sentence",
        check="dated_background",
        matches=("Ngày 22/6, Nhật Bản đã cam kết hỗ trợ ASEAN ứng phó thiên tai.",),
        misses=("Ngày 3/8, Nhật Bản cam kết hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
)

# Filters on one cue: when one fires, the cue makes no item and the next cue is tried.
FILTER_ROWS: tuple[Rule, ...] = (
    drop(
        "in_opening_frame",
        check="in_opening_frame",
        matches=("Cảm ơn Nhật Bản luôn ủng hộ, Việt Nam nêu rõ quan điểm của mình về biển.",),
        misses=("Nhật Bản ủng hộ Việt Nam về hợp tác biển.",),
    ),
    drop(
        "after_schedule",
        check="after_schedule",
        matches=("Nhật Bản sẽ tham dự hội thảo và ủng hộ sáng kiến của ASEAN.",),
        misses=("Nhật Bản ủng hộ sáng kiến của ASEAN và sẽ tham dự hội thảo.",),
    ),
    drop(
        "noun_before_cue",
        check="noun_before_cue",
        matches=("ASEAN xem xét đề nghị của Nhật Bản về y tế.",),
        misses=("Nhật Bản tái khẳng định sự ủng hộ đối với ASEAN.",),
    ),
    drop(
        "noun_after_cue",
        check="noun_after_cue",
        matches=("Nhật Bản nêu rõ cam kết của mình với ASEAN.",),
        misses=("Nhật Bản tái khẳng định cam kết của mình đối với khu vực.",),
    ),
    # Fixed phrases holding a cue word ("thống nhất đất nước": reunification).
    drop(
        "fixed_phrase",
        pt.NOT_CUE_AFTER,
        where="after",
        matches=("Nhật Bản nhắc lại ngày Việt Nam thống nhất đất nước năm 1975.",),
        misses=("Hai bên thống nhất tăng cường hợp tác y tế.",),
    ),
    # "muốn tìm hiểu gì", "cần gì": a wish or need left open is an offer's condition.
    drop(
        "open_wish",
        pt.OPEN_WISH_AFTER,
        where="after",
        cues=lx.OPEN_WISH_CUES,
        matches=("Nhật Bản hỏi Việt Nam muốn tìm hiểu gì về công nghệ.",),
        misses=("Việt Nam muốn Nhật Bản mở rộng hợp tác y tế.",),
    ),
    # "Mỹ chưa muốn làm như vậy": a wish denied asks nothing of anyone.
    drop(
        "denied_wish",
        pt.DENIED_WISH_BEFORE,
        cues=lx.DENIED_WISH_CUES,
        matches=("Việt Nam không mong muốn xung đột với các nước láng giềng.",),
        misses=("Việt Nam mong muốn Nhật Bản mở rộng hợp tác y tế.",),
    ),
    # "Các Tiểu vương quốc Arab thống nhất".
    drop(
        "inside_party_name",
        check="inside_party_name",
        matches=("Nhật Bản và Các Tiểu vương quốc Arab thống nhất đã ký hiệp định thương mại.",),
        misses=("Hai bên thống nhất tăng cường hợp tác y tế.",),
    ),
    # "Đảng “Nước Nga thống nhất”": the cue ends a quoted name.
    drop(
        "quoted_name_end",
        r"[”\"]",
        where="after",
        strength=2,
        matches=("Nhật Bản đón đoàn đảng “Nước Nga thống nhất” tới Tokyo.",),
        misses=("Hai bên thống nhất “tăng cường hợp tác y tế”.",),
    ),
    # "nhất trí," or "nhất trí cho rằng" + an assessment with no forward marker: an agreed view.
    drop(
        "agreed_assessment",
        pt.AGREED_ASSESSMENT,
        where="at",
        kind="agreement",
        matches=("Hai bên nhất trí về tầm quan trọng của hợp tác biển.",),
        misses=("Hai bên nhất trí cho rằng cần tăng cường hợp tác biển.",),
    ),
    # Thanks and welcomes take the other party's act as their object, unless "và" opens the
    # speaker's own next verb.
    drop(
        "appreciation",
        pt.APPRECIATION_SCOPE,
        unless=pt.OWN_VERB_AFTER_AND,
        matches=("Việt Nam hoan nghênh Nhật Bản tiếp tục ủng hộ ASEAN.",),
        misses=(
            "Việt Nam hoan nghênh Nhật Bản tham gia và sẵn sàng hỗ trợ các dự án.",
            "Nhật Bản cảm ơn và vui vẻ nhận lời.",
        ),
    ),
    drop(
        "forecast",
        pt.FORECAST_BEFORE_CUE,
        matches=("Các nước dự kiến nhất trí tăng cường hợp tác biển.",),
        misses=("Các nước nhất trí tăng cường hợp tác biển.",),
    ),
    drop(
        "accusation",
        pt.ACCUSATION_BEFORE_CUE,
        matches=("Nhật Bản cáo buộc Triều Tiên ủng hộ khủng bố ở khu vực.",),
        misses=("Nhật Bản ủng hộ nỗ lực chống khủng bố ở khu vực.",),
    ),
    # "đã nhất trí ... hồi tháng 4": an earlier agreement recalled, not this meeting's.
    drop(
        "recalled_agreement",
        pt.PAST_AGREEMENT,
        check="past_time_in_clause",
        matches=("Hai bên đã nhất trí mở rộng hợp tác hồi đầu tháng 4.",),
        misses=("Hai bên đã nhất trí mở rộng hợp tác, đáp lại đề nghị hồi năm ngoái.",),
    ),
    # "tiếp tục ủng hộ", "sẽ ủng hộ": the support is the statement.
    drop(
        "support_follows",
        pt.SUPPORT_NEXT,
        where="after",
        strength=1,
        matches=(("Nhật Bản tiếp tục ủng hộ vai trò trung tâm của ASEAN.", "support"),),
        misses=("Nhật Bản tiếp tục hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    # Hedges that make "sẽ" a forecast ("dự kiến sẽ", "nhiều khả năng ... sẽ").
    drop(
        "will_forecast",
        pt.FORECAST_BEFORE_WILL,
        cues=("sẽ",),
        ignore_case=True,
        matches=("Giới quan sát cho rằng Nhật Bản sẽ hỗ trợ ASEAN ứng phó thiên tai.",),
        misses=("Nhật Bản sẽ hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    # "sẽ" + a step of a schedule: the programme of a visit, not a commitment.
    drop(
        "will_schedule",
        pt.SCHEDULE_AFTER_WILL,
        where="after",
        cues=("sẽ",),
        matches=("Nhật Bản sẽ tham dự hội thảo về y tế của ASEAN.",),
        misses=("Nhật Bản sẽ hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    # "... sẽ thua nếu ...": a conditional prediction.
    drop(
        "will_condition",
        pt.CONDITION_AFTER_WILL,
        where="after",
        cues=("sẽ",),
        matches=("Nhật Bản sẽ hỗ trợ ASEAN nếu có điều kiện.",),
        misses=("Nhật Bản sẽ hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    drop(
        "will_without_subject",
        cues=("sẽ",),
        check="will_without_subject",
        matches=("Nhật Bản và ASEAN đẩy mạnh đầu tư, kinh tế khu vực sẽ phục hồi.",),
        misses=("Việt Nam cũng sẽ hỗ trợ Lào ứng phó thiên tai.",),
    ),
    # A scope that swallows weak cues after it ("nhấn mạnh tầm quan trọng của ..., tiếp tục").
    drop(
        "importance_scope",
        pt.IMPORTANCE_SCOPE,
        strength=1,
        matches=(
            "Nhật Bản nhấn mạnh tầm quan trọng của việc Nhật Bản tiếp tục hợp tác với ASEAN.",
        ),
        misses=("Nhật Bản sẽ hợp tác chặt chẽ với ASEAN.",),
    ),
    # "cần" is a proposal when someone says it, or when a party is its subject; alone ("cần có
    # thời gian") it is no one's.
    drop(
        "need_of_no_one",
        kind="need",
        strength=1,
        check="need_of_no_one",
        matches=("Nhật Bản và ASEAN đẩy mạnh đầu tư, các dự án cần thêm thời gian.",),
        misses=("Nhật Bản cho biết cần tăng cường hợp tác với ASEAN.",),
    ),
    drop(
        "continue_without_subject",
        cues=("tiếp tục",),
        check="continue_without_subject",
        matches=("Quan hệ Việt Nam - Nhật Bản tiếp tục phát triển tốt đẹp.",),
        misses=("Nhật Bản tiếp tục hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    # "3 năm qua, ... tiếp tục": past context turns it into a description.
    drop(
        "continue_in_past",
        pt.PAST_MARKERS,
        cues=("tiếp tục",),
        matches=("Trong năm qua, Nhật Bản tiếp tục hỗ trợ ASEAN ứng phó thiên tai.",),
        misses=("Nhật Bản tiếp tục hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    # Last, as it is the costly one: underthesea must see the cue as whole words ("cần" is not
    # "cần thiết").
    drop(
        "not_whole_word",
        check="not_whole_word",
        matches=("Nhật Bản cần thiết phải có mặt tại Hà Nội vào tháng sau.",),
        misses=("Nhật Bản cần tăng cường đầu tư vào ASEAN.",),
    ),
)

# How the kept cue's kind becomes the item's, given its actors.
KIND_ROWS: tuple[Rule, ...] = (
    Rule(
        "need_shared",
        KIND,
        kind="agreement",
        check="need_shared",
        matches=("Hai bên cần tăng cường hợp tác.",),
        misses=("Nhật Bản cần tăng cường đầu tư vào ASEAN.",),
    ),
    Rule(
        "need_one",
        KIND,
        kind="proposal",
        check="need_one",
        matches=("Nhật Bản cần tăng cường đầu tư vào ASEAN.",),
        misses=("Hai bên cần tăng cường hợp tác.",),
    ),
    Rule(
        "pledge_shared",
        KIND,
        kind="agreement",
        check="pledge_shared",
        matches=("Hai bên cam kết tăng cường hợp tác biển.",),
        misses=("Nhật Bản cam kết hỗ trợ ASEAN ứng phó thiên tai.",),
    ),
    # "mong muốn Nhật Bản sẽ tiếp tục hỗ trợ" said by Japan: the speaker's state will act.
    Rule(
        "own_wish",
        KIND,
        kind="pledge",
        check="own_wish",
        matches=("Nhật Bản mong muốn Nhật Bản sẽ tiếp tục hỗ trợ ASEAN.",),
        misses=("Việt Nam mong muốn Nhật Bản sẽ tiếp tục hỗ trợ ASEAN.",),
    ),
)


def head(
    name: str,
    words: tuple[str, ...],
    matches: tuple[str, ...],
    misses: tuple[str, ...],
    *,
    lower: bool = True,
) -> Rule:
    """A meeting head: each word as it opens a sentence and, unless `lower` is False, as it
    runs in one (generated)."""
    variants = lx.case_variants(words) if lower else words
    return Rule(
        name, HEAD, lx.alternation(variants, group=False), "text", matches=matches, misses=misses
    )


def signal(name: str, pattern: str, matches: tuple[str, ...], misses: tuple[str, ...]):
    return Rule(name, SIGNAL, pattern, "text", matches=matches, misses=misses)


# Words that start a meeting's name ("Hội nghị ...", "cuộc hội đàm"); the pre-check passes over
# an article with none of them and no signal below.
HEAD_ROWS: tuple[Rule, ...] = (
    head(
        "conference",
        ("Hội nghị",),
        ("Hội nghị ASEAN khai mạc tại Jakarta.",),
        ("Nghị quyết được thông qua tại Jakarta.",),
    ),
    head(
        "dialogue",
        ("Đối thoại",),
        ("Đối thoại Shangri-La khai mạc tại Singapore.",),
        ("Thoại bản được công bố tại Singapore.",),
    ),
    head(
        "talks",
        ("Hội đàm",),
        ("Hai Thủ tướng hội đàm tại Hà Nội.",),
        ("Hai ông đàm luận tại Hà Nội.",),
    ),
    head(
        "encounter",
        ("Cuộc gặp",),
        ("Cuộc gặp kéo dài hai giờ tại Hà Nội.",),
        ("Hai ông gặp nhau tại Hà Nội.",),
    ),
    head(
        "phone_call",
        ("Điện đàm",),
        ("Hai Thủ tướng điện đàm sáng nay.",),
        ("Hai ông gọi điện sáng nay.",),
    ),
    # Capitalised only: "diễn đàn" runs in text as any platform ("trên diễn đàn Liên Hợp Quốc").
    head(
        "forum",
        ("Diễn đàn",),
        ("Diễn đàn Kinh tế Thế giới khai mạc tại Davos.",),
        ("Các bên trao đổi trên diễn đàn trực tuyến ở Davos.",),
        lower=False,
    ),
    head(
        "session_meeting",
        ("Cuộc họp",),
        ("Cuộc họp kéo dài ba giờ tại Geneva.",),
        ("Họp chợ tại Geneva vào cuối tuần.",),
    ),
    head(
        "sitting",
        ("Phiên họp",),
        ("Phiên họp thứ ba kết thúc tại Geneva.",),
        ("Phiên chợ thứ ba kết thúc tại Geneva.",),
    ),
    head(
        "session",
        ("Kỳ họp",),
        ("Kỳ họp thứ 39 kết thúc tại Hà Nội.",),
        ("Kỳ thi thứ 39 kết thúc tại Hà Nội.",),
    ),
    head(
        "political_consultation",
        ("Tham vấn chính trị",),
        ("Tham vấn chính trị lần thứ 5 diễn ra tại Hà Nội.",),
        ("Tham vấn ý kiến chuyên gia tại Hà Nội.",),
    ),
    head(
        "courtesy_talks",
        ("Hội kiến",),
        ("Chủ tịch nước hội kiến nhà vua tại Hà Nội.",),
        ("Hội chợ diễn ra tại Hà Nội.",),
    ),
)

# Other words of a meeting report: with neither them nor a head, the article is passed over.
SIGNAL_ROWS: tuple[Rule, ...] = (
    signal(
        "contact", "tiếp xúc", ("Hai ông tiếp xúc tại Hà Nội.",), ("Hai ông tiếp tục ở Hà Nội.",)
    ),
    signal(
        "summit",
        lx.alternation(lx.case_variants(("thượng đỉnh",)), group=False),
        ("Thượng đỉnh G20 khai mạc tại Rome.",),
        ("Đỉnh núi cao nhất ở Rome.",),
    ),
    signal(
        "encounter_session",
        "buổi gặp",
        ("Buổi sáng có buổi gặp ở Hà Nội.",),
        ("Buổi sáng gặp mưa ở Hà Nội.",),
    ),
    signal(
        "working_session",
        "buổi làm việc",
        ("Trong buổi làm việc ở Hà Nội, hai ông trao đổi ý kiến.",),
        ("Ngày làm việc ở Hà Nội kéo dài.",),
    ),
    signal(
        "arf", r"\bARF\b", ("ARF khai mạc ở Viêng Chăn.",), ("HARFA khai trương ở Viêng Chăn.",)
    ),
    signal("eas", r"\bEAS\b", ("EAS khai mạc ở Viêng Chăn.",), ("EASY khai trương ở Viêng Chăn.",)),
    signal(
        "sidelines",
        "bên lề",
        ("Hai ông trao đổi bên lề sự kiện ở Rome.",),
        ("Hai ông trao đổi bên hồ ở Rome.",),
    ),
    signal(
        "round_table",
        lx.alternation(lx.case_variants(("tọa đàm",)), group=False),
        ("Tọa đàm về kinh tế diễn ra ở Hà Nội.",),
        ("Tọa lạc ở Hà Nội, tòa nhà rất cao.",),
    ),
    signal(
        "closed_session",
        "họp kín",
        ("Hội đồng Bảo an họp kín ở New York.",),
        ("Hội đồng Bảo an lên tiếng ở New York.",),
    ),
    signal(
        "phone_exchange",
        "trao đổi qua điện thoại",
        ("Hai ông trao đổi qua điện thoại sáng nay.",),
        ("Hai ông trao đổi thư sáng nay.",),
    ),
    signal(
        "joint_press_conference",
        "họp báo chung",
        ("Hai ông họp báo chung sáng nay.",),
        ("Hai ông họp báo sáng nay.",),
    ),
    # "tiếp", "đón", "gặp" are common words: a meeting only before a title or a delegation.
    signal(
        "reception",
        r"(?:tiếp|đón|gặp|gặp gỡ|chào xã giao)(?: thân mật| xã giao| riêng)? "
        + lx.alternation(lx.RECEIVED_TITLES),
        ("Thủ tướng tiếp Đại sứ Nhật Bản sáng nay.",),
        ("Thủ tướng tiếp tục công việc sáng nay.",),
    ),
)


def mention(name: str, pattern: str, where: str, flag: str, **rest) -> Rule:
    return Rule(name, MENTION, pattern, where, kind=flag, **rest)


_FM = "Hội nghị Bộ trưởng Ngoại giao ASEAN"
_KOREA_FIRST = f"{_FM} - Hàn Quốc diễn ra sáng 3/8. "
_RECEPTION = "Thủ tướng Nguyễn Xuân Phúc tiếp Bộ trưởng Quốc phòng Nhật Bản Tomomi Inada. "

# What the words around a meeting's name say of it.
MENTION_ROWS: tuple[Rule, ...] = (
    mention(
        "opened_by_tai",
        r"(?:^|\W)" + lx.alternation(lx.AT_MEETING) + r"\s+$",
        "before",
        "held",
        reach=40,
        matches=((f"Tại {_FM} - Nhật Bản, hai bên trao đổi ý kiến.", "foreign_ministers"),),
        misses=((f"Hai bên nhắc lại {_FM} - Nhật Bản năm ngoái.", ""),),
    ),
    mention(
        "attended",
        pt.MEETING_EVENT_BEFORE,
        "before",
        "held",
        reach=40,
        matches=(
            (f"Bộ trưởng Bùi Thanh Sơn tham dự {_FM} - Nhật Bản.", "foreign_ministers"),
            (f"Ngay sau khi kết thúc {_FM} - Nhật Bản, hai bên họp báo.", "foreign_ministers"),
            (f"Hôm qua, Việt Nam đã tổ chức {_FM} - Nhật Bản.", "foreign_ministers"),
        ),
        misses=((f"Hai bên nhắc lại {_FM} - Nhật Bản năm ngoái.", ""),),
    ),
    mention(
        "took_place",
        pt.MEETING_EVENT_AFTER,
        "after",
        "held",
        matches=((f"{_FM} - Nhật Bản diễn ra sáng 3/8.", "foreign_ministers"),),
        misses=((f"{_FM} - Nhật Bản là dịp quan trọng.", ""),),
    ),
    mention(
        "umbrella_after",
        pt.UMBRELLA_AFTER,
        "after",
        "umbrella",
        matches=((f"Tại {_FM} lần thứ 54 và các hội nghị liên quan, hai bên trao đổi.", ""),),
        misses=((f"Tại {_FM} lần thứ 54, hai bên trao đổi.", "foreign_ministers"),),
    ),
    mention(
        "umbrella_before",
        pt.UMBRELLA_BEFORE,
        "before",
        "umbrella",
        reach=40,
        matches=((f"Hai bên trao đổi bên lề {_FM} lần thứ 54 diễn ra sáng 3/8.", ""),),
        misses=((f"{_FM} lần thứ 54 diễn ra sáng 3/8, hai bên trao đổi.", "foreign_ministers"),),
    ),
    mention(
        "future_before",
        pt.FUTURE_BEFORE_MEETING,
        "before",
        "future",
        reach=100,
        matches=(
            (_KOREA_FIRST + f"Các nước sẽ tham dự {_FM} - Nhật Bản.", "foreign_ministers"),
            (
                _KOREA_FIRST + "Sắp tới, Ngoại trưởng Nhật Bản sẽ thăm Việt Nam, tham dự "
                f"{_FM} - Nhật Bản.",
                "foreign_ministers",
            ),
        ),
        misses=(
            (
                _KOREA_FIRST + f"Các nước tham dự {_FM} - Nhật Bản.",
                "foreign_ministers,foreign_ministers",
            ),
            (
                _KOREA_FIRST + "Hôm qua, Ngoại trưởng Nhật Bản đến Việt Nam, tham dự "
                f"{_FM} - Nhật Bản.",
                "foreign_ministers,foreign_ministers",
            ),
        ),
    ),
    mention(
        "future_after",
        pt.FUTURE_AFTER_MEETING,
        "after",
        "future",
        matches=(
            (
                _KOREA_FIRST + f"Các nước tham dự {_FM} - Nhật Bản vào tháng 11 tới.",
                "foreign_ministers",
            ),
        ),
        misses=(
            (
                _KOREA_FIRST + f"Các nước tham dự {_FM} - Nhật Bản.",
                "foreign_ministers,foreign_ministers",
            ),
        ),
    ),
    mention(
        "will_take_place",
        pt.WILL_TAKE_PLACE_AFTER,
        "after",
        "future",
        matches=(
            (
                _KOREA_FIRST + "Bộ trưởng Nhật Bản được chờ đợi nhiều tại "
                f"{_FM} - Nhật Bản, một diễn đàn quan trọng sẽ diễn ra tại Tokyo.",
                "foreign_ministers",
            ),
        ),
        misses=(
            (
                _KOREA_FIRST + "Bộ trưởng Nhật Bản được chờ đợi nhiều tại "
                f"{_FM} - Nhật Bản, một diễn đàn quan trọng diễn ra tại Tokyo.",
                "foreign_ministers,foreign_ministers",
            ),
        ),
    ),
    # "mời Tổng thống X thăm Việt Nam và dự Hội nghị ...", however long the name and title.
    mention(
        "invited",
        pt.INVITED_TO_MEETING,
        "before",
        "future",
        reach=100,
        check="not_reported_after",
        matches=(
            (
                _KOREA_FIRST + f"Việt Nam mời Ngoại trưởng Nhật Bản dự {_FM} - Nhật Bản.",
                "foreign_ministers",
            ),
            (
                _KOREA_FIRST + f"Nhật Bản nhận lời thăm Việt Nam và tham dự {_FM} - Nhật Bản.",
                "foreign_ministers",
            ),
        ),
        misses=(
            (
                _KOREA_FIRST
                + f"Việt Nam mời Ngoại trưởng Nhật Bản dự {_FM} - Nhật Bản diễn ra tại Hà Nội.",
                "foreign_ministers,foreign_ministers",
            ),
        ),
    ),
    # "đánh giá cao kết quả cuộc hội đàm ...": talks held before, named for what they gave.
    mention(
        "result_of",
        pt.RESULT_OF_MEETING,
        "before",
        "past",
        reach=40,
        matches=(
            (
                _RECEPTION + "Thủ tướng đánh giá cao kết quả cuộc hội đàm giữa Bộ trưởng Ngô "
                "Xuân Lịch và Bộ trưởng Quốc phòng Nhật Bản Tomomi Inada.",
                "bilateral",
            ),
        ),
        misses=(
            (
                _RECEPTION + "Sau đó, Bộ trưởng Ngô Xuân Lịch hội đàm với Bộ trưởng Quốc phòng "
                "Nhật Bản Tomomi Inada.",
                "bilateral,bilateral",
            ),
            (
                "Đó là kết quả cuộc hội đàm giữa Bộ trưởng Ngô Xuân Lịch và Bộ trưởng Quốc phòng "
                "Nhật Bản Tomomi Inada diễn ra sáng 9/7.",
                "bilateral",
            ),
        ),
    ),
    # "Nhân dịp tham dự Hội nghị Cấp cao ASEAN, Thủ tướng đã hội kiến ...": the summit is the
    # occasion of the talks the article reports; it is recorded only when nothing else is.
    mention(
        "occasion",
        pt.OCCASION_BEFORE,
        "before",
        "occasion",
        reach=100,
        matches=(
            (
                "Nhân dịp tham dự Hội nghị Cấp cao ASEAN, Thủ tướng Nguyễn Xuân Phúc hội kiến "
                "Thủ tướng Nhật Bản Abe Shinzo.",
                "bilateral",
            ),
        ),
        misses=(("Thủ tướng Nguyễn Xuân Phúc tham dự Hội nghị Cấp cao ASEAN.", "leaders"),),
    ),
)


def meeting_kind(name: str, pattern: str, kind: str, **rest) -> Rule:
    return Rule(name, MEETING_KIND, pattern, "title", kind=kind, **rest)


# A meeting's kind from its title, the first row that matches; with none, two states' meeting
# is bilateral and any other a foreign ministers' one.
MEETING_KIND_ROWS: tuple[Rule, ...] = (
    meeting_kind(
        "senior_officials_meeting",
        lx.alternation(lx.case_variants(lx.SENIOR_OFFICIALS, every_word=True)) + r"|\bSOM\b",
        "senior_officials",
        matches=(
            ("Hội nghị Quan chức Cấp cao ASEAN - Nhật Bản diễn ra sáng 3/8.", "senior_officials"),
        ),
        misses=(("Hội nghị Cấp cao ASEAN - Nhật Bản diễn ra sáng 3/8.", "leaders"),),
    ),
    meeting_kind(
        "leaders_meeting",
        lx.alternation(lx.case_variants(lx.LEADERS_MEETING)),
        "leaders",
        matches=(("Hội nghị Cấp cao ASEAN - Nhật Bản diễn ra sáng 3/8.", "leaders"),),
        misses=((f"{_FM} - Nhật Bản diễn ra sáng 3/8.", "foreign_ministers"),),
    ),
    meeting_kind(
        "dialogue_meeting",
        "^" + lx.alternation(lx.case_variants(lx.DIALOGUE_HEADS)),
        "dialogue",
        matches=(("Đối thoại ASEAN - Nhật Bản diễn ra sáng 3/8.", "dialogue"),),
        misses=(("Hội nghị ASEAN - Nhật Bản diễn ra sáng 3/8.", "foreign_ministers"),),
    ),
    meeting_kind(
        "talks_meeting",
        "^" + lx.alternation(lx.case_variants(lx.TALKS_HEADS)),
        "bilateral",
        matches=(("Cuộc gặp ASEAN - Nhật Bản diễn ra sáng 3/8.", "bilateral"),),
        misses=(("Hội nghị ASEAN - Nhật Bản diễn ra sáng 3/8.", "foreign_ministers"),),
    ),
    meeting_kind(
        "ministers_meeting",
        lx.alternation(lx.MINISTERS_MEETING),
        "foreign_ministers",
        matches=(
            (
                "Hội nghị Bộ trưởng Ngoại giao Việt Nam - Nhật Bản diễn ra sáng 3/8.",
                "foreign_ministers",
            ),
        ),
        misses=(("Hội nghị Việt Nam - Nhật Bản diễn ra sáng 3/8.", "bilateral"),),
    ),
)


ROWS: tuple[Rule, ...] = (
    CUE_ROWS
    + SENTENCE_ROWS
    + FILTER_ROWS
    + KIND_ROWS
    + HEAD_ROWS
    + SIGNAL_ROWS
    + MENTION_ROWS
    + MEETING_KIND_ROWS
)
