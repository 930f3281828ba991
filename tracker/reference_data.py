"""Reference rows every installation needs: parties with their aliases, and topics.

Used by a data migration (with historical models) and by `manage.py sync_reference_data`
(with the current ones), so a new alias in the catalog reaches existing databases too.
"""

from __future__ import annotations

from tracker.party_catalog import catalog

# (slug, English name, Vietnamese name)
TOPICS: tuple[tuple[str, str, str], ...] = (
    ("health", "Health", "Y tế"),
    ("covid-19", "COVID-19 response", "Ứng phó COVID-19"),
    ("climate", "Climate change", "Biến đổi khí hậu"),
    ("environment", "Environment", "Môi trường"),
    ("maritime-security", "Maritime security", "An ninh biển"),
    ("security", "Peace and security", "Hòa bình và an ninh"),
    ("trade-economy", "Trade and economy", "Thương mại và kinh tế"),
    ("investment", "Investment", "Đầu tư"),
    ("digital", "Digital transformation", "Chuyển đổi số"),
    ("energy", "Energy", "Năng lượng"),
    ("connectivity", "Connectivity and infrastructure", "Kết nối và cơ sở hạ tầng"),
    ("people-to-people", "People-to-people exchange", "Giao lưu nhân dân"),
    ("education", "Education and training", "Giáo dục và đào tạo"),
    ("science-technology", "Science and technology", "Khoa học và công nghệ"),
    ("development", "Development cooperation", "Hợp tác phát triển"),
    ("agriculture-food", "Agriculture and food security", "Nông nghiệp và an ninh lương thực"),
    ("disaster-management", "Disaster management", "Quản lý thiên tai"),
    ("culture-tourism", "Culture and tourism", "Văn hóa và du lịch"),
    ("regional-architecture", "Regional architecture", "Cấu trúc khu vực"),
    ("transnational-crime", "Transnational crime", "Tội phạm xuyên quốc gia"),
    ("humanitarian", "Humanitarian assistance", "Hỗ trợ nhân đạo"),
)


def sync_reference_data(party_model, alias_model, topic_model) -> dict[str, int]:
    """Create missing parties, aliases and topics; never delete or rename curated ones."""
    created = {"parties": 0, "aliases": 0, "topics": 0}
    entries = catalog()
    existing = {p.code: p for p in party_model.objects.all()}
    for entry in entries:
        if entry.code not in existing:
            existing[entry.code] = party_model.objects.create(
                code=entry.code, name_en=entry.name_en, name_vi=entry.name_vi, kind=entry.kind
            )
            created["parties"] += 1
    taken = set(alias_model.objects.values_list("text", flat=True))
    new_aliases = [
        alias_model(party=existing[entry.code], text=alias)
        for entry in entries
        for alias in entry.aliases
        if alias not in taken
    ]
    alias_model.objects.bulk_create(new_aliases, ignore_conflicts=True)
    created["aliases"] = len(new_aliases)
    for entry in entries:
        if entry.members:
            party = existing[entry.code]
            known = set(party.members.values_list("code", flat=True))
            missing = [existing[c] for c in entry.members if c not in known and c in existing]
            if missing:
                party.members.add(*missing)
    for slug, name_en, name_vi in TOPICS:
        _, was_created = topic_model.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_vi": name_vi}
        )
        created["topics"] += int(was_created)
    return created
