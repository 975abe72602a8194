"""NHS number validation (the modulus 11 check digit), so that only real numbers become link keys."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s-]")


def nhs_check_digit_ok(digits: str) -> bool:
    """True when a 10-digit string's last digit is its modulus 11 check digit.

    Weights 10 down to 2 apply to the first nine digits; the check digit is 11 minus the remainder
    of the weighted sum divided by 11, where 11 means 0 and 10 means the number cannot be valid.
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def read_nhs_number(value: str | None) -> tuple[str, str | None]:
    """(status, digits) where status is valid | invalid_check_digit | invalid_format | missing.

    Spaces and hyphens are allowed as separators ('943 476 5919'); anything else is a format error.
    `digits` is returned only for a valid number.
    """
    if value is None or not value.strip():
        return "missing", None
    digits = _SEPARATORS.sub("", value)
    if len(digits) != 10 or not digits.isdigit():
        return "invalid_format", None
    if not nhs_check_digit_ok(digits):
        return "invalid_check_digit", None
    return "valid", digits
