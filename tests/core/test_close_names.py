"""Did-you-mean for names: another case or spacing first, then difflib's close ones."""

from quizapp.core.roster import close_names


def test_the_same_name_in_another_case_or_spacing_comes_first():
    assert close_names("alice", ["Bob", "Alicia", "Alice"]) == ["Alice", "Alicia"]
    assert close_names("王 小明", ["王小明", "王小红"])[0] == "王小明"


def test_a_one_character_typo_in_a_chinese_name_is_found():
    assert close_names("小名", ["小明", "Alice", "李雷"]) == ["小明"]


def test_nothing_close_nothing_offered():
    assert close_names("Zed", ["Alice", "小明"]) == []
    assert close_names("  ", ["Alice"]) == []


def test_at_most_limit_names_each_once():
    names = ["Ann", "Anna", "Anne", "Annie", "Ann"]
    found = close_names("Ann", names, limit=3)
    assert found[0] == "Ann" and len(found) == 3 and len(set(found)) == 3
