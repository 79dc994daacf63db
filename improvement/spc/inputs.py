"""Checks on what callers pass in: each bad argument is refused with a ValueError that
names it, before any arithmetic."""

import math
import operator

from .rules import DIRECTIONS


def number(value, name):
    # str and bytes would pass float() ("1.5"); bool is an int but almost surely a bug.
    if isinstance(value, (str, bytes, bool)):
        raise ValueError(f"{name} must be a number; got {value!r}")
    try:
        number = float(value)  # also takes Decimal, as DecimalFields give
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite; got {value!r}")
    return number


def numbers(values, name="values"):
    if isinstance(values, (str, bytes)):
        raise ValueError(f"{name} must be a sequence of numbers, not a string")
    values = list(values)
    # Fast path for plain floats and ints, checked with C-level loops; anything else
    # (Decimal from a DecimalField, a bad value) goes one by one for a precise message.
    if set(map(type, values)) <= {float, int}:
        xs = list(map(float, values))
        if all(map(math.isfinite, xs)):
            return xs
    return [number(v, f"{name}[{i}]") for i, v in enumerate(values)]


def direction(value):
    if value not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {value!r}")
    return value


def indices(rebase_at):
    """The rebase indices as ints; what counts as in range is the caller's rule."""
    checked = []
    for index in rebase_at:
        if isinstance(index, bool):
            raise ValueError(f"rebase_at holds indices; got {index!r}")
        try:
            checked.append(operator.index(index))
        except TypeError:
            raise ValueError(f"rebase_at holds integer indices; got {index!r}") from None
    return checked


def count(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer; got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return value
