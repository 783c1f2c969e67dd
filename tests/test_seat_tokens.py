"""The seat tokens a terminal keeps: only the user can read them, the newest are kept, a
damaged file is an empty one."""

from __future__ import annotations

import os
import stat

from quizapp import seat_tokens


def test_tokens_are_kept_privately_and_the_oldest_forgotten(tmp_path):
    path = tmp_path / "live_seats.json"
    assert seat_tokens.token_for("123456", "张三", path) is None
    assert seat_tokens.keep("123456", " 张三 ", "tok-1", path)
    assert seat_tokens.token_for("123456", "张三", path) == "tok-1"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for i in range(seat_tokens.KEEP + 5):
        seat_tokens.keep(f"{i:06d}", "李四", f"t{i}", path)
    kept = seat_tokens.load(path)
    assert len(kept) == seat_tokens.KEEP and seat_tokens.token_for("123456", "张三", path) is None
    assert seat_tokens.token_for(f"{seat_tokens.KEEP + 4:06d}", "李四", path) == \
        f"t{seat_tokens.KEEP + 4}"


def test_a_damaged_or_huge_file_is_an_empty_one(tmp_path):
    path = tmp_path / "live_seats.json"
    for content in (b"\xff\xfe not json", b"[1, 2]", b'{"a": 1}',
                    b" " * (seat_tokens.MAX_BYTES + 1)):
        path.write_bytes(content)
        assert seat_tokens.load(path) == {}
    assert seat_tokens.keep("123456", "张三", "tok", path)  # and is replaced
    assert seat_tokens.load(path) == {"123456\n张三": "tok"}
