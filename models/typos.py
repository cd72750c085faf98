"""Which cell a typo most likely sits in, when a sum does not add up.

An identity such as H-4 (一 + 二 = 三（七）+ 四) is off by some difference d. For each cell taking
part, the value it would need for the identity to hold is known; when what was typed is one
slip away from that value — an extra digit (12 → 120, 12 → 112), a dropped digit (120 → 12),
two neighbouring digits swapped (12 → 21) or one digit off by one (15 → 16, 15 → 25) — that
cell is a suspect. A handful of suspects is worth showing; more say nothing and none are shown."""

from __future__ import annotations

from collections.abc import Iterable

MAX_SUSPECTS = 3


def slips(intended: int) -> dict[int, bool]:
    """Every value a clerk may type instead of `intended` (≥ 0) by one usual slip, with True for
    the commonest (a zero or a doubled digit added or lost, two neighbours swapped)."""
    digits = str(intended)
    found: dict[str, bool] = {}

    def add(text: str, common: bool) -> None:
        if text and not (len(text) > 1 and text[0] == "0") and text != digits:
            found[text] = found.get(text, False) or common

    for i in range(len(digits) + 1):                     # an extra digit
        for d in "0123456789":
            doubled = d == "0" or d in digits[max(0, i - 1):i + 1]
            add(digits[:i] + d + digits[i:], doubled)
    if len(digits) > 1:
        for i in range(len(digits)):                     # a dropped digit (90 → 0 is no slip: 0 is left blank)
            dropped = digits[:i] + digits[i + 1:]
            if dropped.strip("0"):
                add(dropped, digits[i] == "0" or digits[i] in digits[max(0, i - 1):i] + digits[i + 1:i + 2])
    for i in range(len(digits) - 1):                     # neighbours swapped
        add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:], True)
    for i, d in enumerate(digits):                       # one digit off by one
        for step in (-1, 1):
            n = int(d) + step
            if 0 <= n <= 9:
                add(digits[:i] + str(n) + digits[i + 1:], False)
    return {int(text): common for text, common in found.items()}


def suspects(terms: Iterable[tuple[str, int, int]], difference: int) -> tuple[str, ...]:
    """`terms` are (cell key, value, sign) of an identity Σ sign·value = 0 that is off by
    `difference` (= Σ sign·value). The cells whose value is one slip away from the value that
    would make it hold — the commonest slips first; empty when there are none or too many."""
    if not difference:
        return ()
    common, other = [], []
    for key, value, sign in terms:
        intended = value - sign * difference
        if intended < 0:
            continue
        kind = slips(intended).get(value)
        if kind is not None:
            (common if kind else other).append(key)
    for found in (common, common + other):
        if 0 < len(found) <= MAX_SUSPECTS:
            return tuple(found)
    return ()
