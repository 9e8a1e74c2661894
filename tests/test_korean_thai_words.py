"""Korean and Thai words as the answer stage reads them (`rag/semantic.py` `content_words`): a Korean word without
the particle or ending written onto it, a run of Thai script split into its words (Thai writes no spaces between
them), Thai stop words left out; other scripts as before, empty input and emoji giving nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from index.scripts import korean_stem, thai_words
from rag.semantic import content_words

LANGUAGES = ("en", "it", "ru")


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("영화는", "영화"),
        ("그랑프리를", "그랑프리"),
        ("개국에서", "개국"),
        ("받았습니까", "받"),
        ("아이", "아이"),  # a two-syllable word ending in "이" keeps it
        ("상을", "상을"),  # nor is a one-syllable particle taken off a two-syllable word
        ("film", "film"),
        ("", ""),
    ],
)
def test_a_korean_word_loses_its_particle_or_ending_and_other_words_stay(word: str, stem: str) -> None:
    assert korean_stem(word) == stem


def test_a_korean_question_gives_its_stems_and_no_particle_standing_alone() -> None:
    words = [surface for surface, _ in content_words("「Ne Zha 2」의 제작비는 얼마였습니까?", LANGUAGES)]
    assert "제작비" in words
    assert "의" not in words  # after a quote, the particle stands alone


def test_a_thai_run_is_split_into_its_words_without_stop_words() -> None:
    words = thai_words("มีกี่ประเทศที่ส่งผลงานเข้าประกวด")
    assert {"ประเทศ", "ผลงาน", "ประกวด"} <= set(words)
    assert "ที่" not in words  # a stop word ("that")
    assert "".join(words) != "มีกี่ประเทศที่ส่งผลงานเข้าประกวด"  # split, not kept whole


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("มีกี่ประเทศที่ส่งผลงานเข้าประกวด Kling AI", {"ประเทศ", "kling"}),  # Thai words, then a Latin name
        ("ผู้กำกับชาวตุรกีคนใด", {"ผู้กำกับ", "ตุรกี"}),  # a word keeps its vowel and tone marks as written
        ("How many countries?", {"countries"}),
        ("Quanti Paesi?", {"paesi"}),
        ("Сколько стран?", {"стран"}),
        ("", set()),
        ("🎬🍿", set()),
    ],
)
def test_content_words_read_thai_as_words_and_other_scripts_as_before(text: str, expected: set[str]) -> None:
    assert expected <= {surface for surface, _ in content_words(text, LANGUAGES)}
    if not expected:
        assert content_words(text, LANGUAGES) == ()


def test_thai_words_write_nothing_outside_the_data_dir(tmp_path: Path) -> None:
    """pythainlp's import would create `~/pythainlp-data` (and fail under a home that is not writable); the words come
    from its bundled dictionary, read only. A fresh process: this one may have imported pythainlp already."""
    home = tmp_path / "home"
    home.mkdir()
    code = "from index.scripts import thai_words; print(thai_words('มีกี่ประเทศที่ส่งผลงาน'))"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "ประเทศ" in done.stdout
    assert list(home.iterdir()) == []
