"""core.params.int_param: numbers from the query string, always within bounds."""

import pytest

from core.params import int_param


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        (" 7 ", 7),
        ("-3", 0),  # below the minimum
        ("99999999999999999999999", 100),  # far above the maximum
        ("abc", 5),
        ("1.5", 5),
        ("", 5),
        (None, 5),
        (40, 40),
    ],
)
def test_int_param_is_bounded_or_the_default(value, expected):
    assert int_param(value, 5, minimum=0, maximum=100) == expected


def test_bounds_must_make_sense():
    with pytest.raises(ValueError):
        int_param("1", 0, minimum=10, maximum=1)
