"""model.errors: one-line messages and summarise() for lists in messages (issue #9)."""

import pytest

from model.errors import MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT, InputError, summarise


@pytest.mark.parametrize(
    ("items", "kwargs", "expected"),
    [
        (range(2026, 2201), {"noun": "years"}, "2026-2200 (175 years)"),  # 2200 - 2026 + 1
        ([2, 3, 4, 9, 12, 13], {}, "2-4, 9, 12, 13"),  # a pair stays two items
        ([13, 2, 4, 3, 3], {}, "2-4, 13"),  # sorted, duplicates once
        (list(range(1, 100, 2)), {}, "1, 3, 5, 7, 9 and 45 more"),  # 50 odd numbers
        ([2020, 2021, 2022, 2030, 2031, 2032, 2040], {"limit": 2, "noun": "years"},
         "2020-2022, 2030-2032 and 1 more (7 years)"),
        ([1, 2, 3, 10, 11, 12, 13], {"limit": 1}, "1-3 and 4 more"),  # 'more' counts items
        ([-3, -2, -1, 0], {}, "-3 to 0"),
        (["b", "a", "c"], {"limit": 2}, "'b', 'a' and 1 more"),  # text keeps its order
        (["x "], {}, "'x '"),  # repr shows a stray space
        ([], {"noun": "rows"}, "none (0 rows)"),
        ([True, 2], {}, "True, 2"),  # booleans are not whole numbers
    ],
)
def test_summarise(items, kwargs, expected):
    assert summarise(items, **kwargs) == expected


def test_summarise_numpy_integers():
    np = pytest.importorskip("numpy")
    assert summarise(np.arange(2020, 2026), noun="years") == "2020-2025 (6 years)"


def test_input_error_is_one_line_whatever_its_parts_hold():
    e = InputError("t.csv\nrow 3", "Error tokenizing data.\r\nC error: saw 6\n", "5 fields",
                   "quote\n it")
    assert str(e) == ("t.csv row 3: found Error tokenizing data. C error: saw 6; "
                      "expected 5 fields (quote it)")
    assert "\n" not in str(e) and e.where == "t.csv row 3"


def test_magnitude_limit_text():
    assert MAX_MAGNITUDE == 1e15 and MAX_MAGNITUDE_TEXT == "1e15"
