"""Row heights for wrapped messages: CJK characters take two column units."""

from report_kit.textwidth import display_width, lines_height, row_height, wrapped_lines


def test_cjk_counts_double_and_lines_wrap():
    assert display_width("表三D5") == 6
    assert wrapped_lines("一二三", 4) == 2  # 6 units in 3 usable
    assert wrapped_lines("第一行\n\n第三行", 90) == 3  # an empty line is still a line
    assert (wrapped_lines("一二三四", 9), wrapped_lines("一二三四", 9, font_size=22)) == (1, 2)  # twice the size: half the room
    # LibreOffice's own optimal heights for 11 pt CJK text were 17.15, 32.8 and 48.5 pt
    assert [lines_height(n) for n in (1, 2, 3)] == [17.25, 33.0, 48.75]
    assert row_height([("短", 10), ("一二三四五六七八九十" * 3, 21)]) == lines_height(3)
