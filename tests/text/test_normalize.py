"""Titles, emoji and hashtags of a text."""

from statements.text.normalize import extract_hashtags, fold, split_title, strip_emoji


def test_titles_lose_emoji_and_the_body_follows():
    assert split_title("🇷🇺🇷🇸📞 On May 6, calls\nBody\n#Tag") == ("On May 6, calls", "Body\n#Tag")
    assert strip_emoji("☝️Such meetings 🤝 matter") == "Such meetings matter"


def test_hashtags_in_order_once_each_case_insensitively():
    assert extract_hashtags("#RussiaSerbia text #russiaserbia #Kosovo #123 a#b") == [
        "#RussiaSerbia",
        "#Kosovo",
    ]


def test_fold_drops_arabic_vowel_marks_the_tatweel_and_transliteration_marks():
    assert fold("المسلِمات") == fold("المسلمات") == "المسلمات"
    assert fold("مـــحمد") == "محمد"  # tatweel
    assert fold("ʿUthaymīn") == fold("Uthaymin") == "uthaymin"
    assert fold("Qurʾān") == "quran"
