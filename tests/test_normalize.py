import pytest

from polarscan.models.normalize import URL_TOKEN, USER_TOKEN, fold_for_matching, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Hallo @Jan_123 kijk https://t.co/abc!", f"hallo {USER_TOKEN} kijk {URL_TOKEN}"),
        ("@USER شوف هاد الخبر URL", f"{USER_TOKEN} شوف هاد الخبر {URL_TOKEN}"),
        ("عـــربـي", "عربي"),  # tatweel
        ("مُحَمَّد", "محمد"),  # diacritics
        ("أحمد إلى آخر", "احمد الي اخر"),  # alef variants, alef maqsura
        ("٣ و ۴", "3 و 4"),  # Arabic-Indic and Persian digits
        ("ＦＵＬＬ ｗｉｄｔｈ", "full width"),  # NFKC
        ("n\u200bazi", "nazi"),  # zero-width space removed
        ("sooooo gooood 😂😂😂😂😂", "sooo goood 😂😂😂"),
        ("line<LF>break|LBR|here\n\tnow", "line break here now"),
        ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),  # ZWJ emoji kept
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_is_idempotent():
    for raw in ["Hallo @Jan https://x.be/a 😂😂😂😂", "أحمد ٣", "Wach nta 7mar??"]:
        once = normalize(raw)
        assert normalize(once) == once


def test_normalize_rejects_non_str():
    with pytest.raises(TypeError, match="expects str, got int"):
        normalize(3)


@pytest.mark.parametrize(
    "raw, expected",
    [("k4nker", "kanker"), ("n.a.z.i", "nazi"), ("n a z i zijn", "nazi zijn"), ("MAKAAAAKKEN!!", "makaken"), ("#Remigratie", "#remigratie")],
)
def test_fold_for_matching(raw, expected):
    assert fold_for_matching(raw) == expected
