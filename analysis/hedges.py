"""Hedges: the words a source puts before a figure, and every rule that follows from them.

One vocabulary, used by the series, the park and exchanges observations, the formatting of
figures for readers, the sentences and the fact check:

============  =========================  ===============  ============================
qualifier     what the source said       bound            rounded for readers
============  =========================  ===============  ============================
``exact``     "US$5.08 billion"          ``exact``        half to even
``about``     "about US$30 million"      ``approximate``  half to even
``over``      "over 7,000", "exceeds"    ``lower``        down (never claims more)
``nearly``    "nearly 83 times"          ``upper``        up
============  =========================  ===============  ============================

Rules (all tested):

- **Preference.** Where several sources give the same figure, the least hedged wins: exact, then
  about, then nearly/over (``PREFERENCE``).
- **Sums.** All exact -> exact; exact with 'over' -> over; exact with 'nearly' -> nearly; any
  'about', or 'over' mixed with 'nearly' -> about (``combine_qualifiers``).
- **Ratios and differences.** A quantity that rises with one input (a ratio's end, a change's
  later value) and falls with another (a ratio's start, a change's earlier value) is a lower
  bound when the rising input is a lower bound or the falling one an upper bound, and the mirror
  image; 'about' anywhere, or bounds pulling both ways, make it approximate
  (``ratio_qualifier`` in qualifier words, ``derived_bound`` / ``derived_bounds`` in bound words).
- **Rounding.** A lower bound is rounded down and an upper bound up, so that a rounded bound is
  still a bound (``round_to``, ``rounding_of``, ``Bounded.rounded``).
- **Tolerance** (what a figure admits; ``u`` is one unit of its last significant digit as
  written, ``precision_unit``):

  - a *claimed* figure (``tolerance_band``): exact v ± u/2; about v ± max(u/2, 10% of v);
    over v .. no upper limit; nearly v - min(u, 10% of v) .. v;
  - a *data* value (``value_range``): exact is a point; 'over x' is x .. x + min(u, 10% of x)
    (a lower bound in the data cannot make any larger claim look consistent); about and nearly
    as for claims;
  - a claim holds where the two ranges overlap (``holds``).

The qualifier list is the data contract's (``analysis.schema.QUALIFIERS``); a test keeps the two
equal. This module imports nothing heavier than NumPy, so that it can sit under every other one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import numpy as np

from analysis.errors import ArgumentError

__all__ = [
    "BOUNDS",
    "PREFERENCE",
    "QUALIFIERS",
    "SYMBOLS",
    "WORDS",
    "Bounded",
    "check_qualifier",
    "combine_qualifiers",
    "derived_bound",
    "derived_bounds",
    "holds",
    "precision_unit",
    "qualifier_bound",
    "ratio_qualifier",
    "round_to",
    "rounding_of",
    "tolerance_band",
    "value_range",
]

QUALIFIERS = ("exact", "about", "over", "nearly")
BOUNDS = ("exact", "lower", "upper", "approximate")
BOUND_OF_QUALIFIER = {"exact": "exact", "about": "approximate", "over": "lower", "nearly": "upper"}
WORDS = {"exact": "", "about": "about ", "over": "over ", "nearly": "nearly "}  # put before a figure
SYMBOLS = {"exact": "", "about": "≈", "over": "▲", "nearly": "▼"}  # marked beside a point on a chart
PREFERENCE = {"exact": 0, "about": 1, "nearly": 2, "over": 2}  # lower is preferred
RELATIVE_BAND = 0.1  # 'about', 'nearly' and a data 'over' admit at most 10% of the figure

_FLIP = {"over": "nearly", "nearly": "over"}
_ROUNDING = {None: ROUND_HALF_EVEN, "lower": ROUND_FLOOR, "upper": ROUND_CEILING}


# ---------------------------------------------------------------------------------------------
# the vocabulary
# ---------------------------------------------------------------------------------------------


def check_qualifier(qualifier: object, name: str = "qualifier") -> str:
    """``qualifier`` if it is one of ``QUALIFIERS``, else an ``ArgumentError`` naming ``name``."""
    if not isinstance(qualifier, str) or qualifier not in QUALIFIERS:
        raise ArgumentError(f"unknown qualifier {qualifier!r}: {name} must be one of {', '.join(QUALIFIERS)}")
    return qualifier


def _check_array(qualifiers: np.ndarray, name: str) -> None:
    unknown = ~np.isin(qualifiers, QUALIFIERS)
    if unknown.any():
        check_qualifier(qualifiers[unknown][0], name)


def qualifier_bound(qualifier: str) -> str:
    """What a hedged figure is: 'exact', a 'lower' bound ('over'), an 'upper' bound ('nearly'), 'approximate'.

    >>> qualifier_bound("over"), qualifier_bound("about")
    ('lower', 'approximate')
    """
    return BOUND_OF_QUALIFIER[check_qualifier(qualifier)]


def rounding_of(qualifier: str) -> str | None:
    """The direction to round a hedged figure in: 'lower' (down) for 'over', 'upper' (up) for 'nearly', else None.

    >>> rounding_of("over"), rounding_of("nearly"), rounding_of("about")
    ('lower', 'upper', None)
    """
    return _direction(qualifier_bound(qualifier))


def _direction(bound: str) -> str | None:
    return bound if bound in ("lower", "upper") else None


# ---------------------------------------------------------------------------------------------
# sums and ratios
# ---------------------------------------------------------------------------------------------


def _combine(parts: list[np.ndarray]) -> np.ndarray:
    """The sum rule, element-wise over equally long arrays of qualifiers."""
    about = np.logical_or.reduce([p == "about" for p in parts])
    over = np.logical_or.reduce([p == "over" for p in parts])
    nearly = np.logical_or.reduce([p == "nearly" for p in parts])
    return np.select([about | (over & nearly), over, nearly], ["about", "over", "nearly"], "exact").astype(object)


def combine_qualifiers(qualifiers: Iterable[str]) -> str:
    """Hedge of a sum of hedged values.

    All exact -> exact; exact with 'over' (lower bounds) -> over; exact with 'nearly' (upper
    bounds) -> nearly; any 'about', or lower mixed with upper bounds -> about.

    >>> combine_qualifiers(["exact", "over"])
    'over'
    >>> combine_qualifiers(["over", "nearly"])
    'about'
    """
    parts = [np.array([check_qualifier(q)], dtype=object) for q in qualifiers]
    return str(_combine(parts)[0]) if parts else "exact"


def _ratio_qualifiers(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    flipped = np.select([start == "over", start == "nearly"], ["nearly", "over"], start).astype(object)
    return _combine([end, flipped])


def ratio_qualifier(start_qualifier: str, end_qualifier: str) -> str:
    """Hedge of a ratio end/start from the hedges of its parts.

    An 'over' end (a lower bound) makes the ratio a lower bound ('over'); an 'over' start makes
    it an upper bound ('nearly'), and vice versa for 'nearly'; 'about', or bounds pulling both
    ways, give 'about'. The same holds for a difference end - start.

    >>> ratio_qualifier("exact", "over"), ratio_qualifier("nearly", "exact"), ratio_qualifier("over", "over")
    ('over', 'over', 'about')
    """
    start = np.array([check_qualifier(start_qualifier, "start_qualifier")], dtype=object)
    end = np.array([check_qualifier(end_qualifier, "end_qualifier")], dtype=object)
    return str(_ratio_qualifiers(start, end)[0])


def derived_bounds(up: np.ndarray, down: np.ndarray) -> np.ndarray:
    """Element-wise bound of a quantity that rises with the ``up`` values and falls with the ``down`` ones.

    ``up`` and ``down`` are arrays of qualifiers (a ratio's end and start, a change's later and
    earlier value); the result is an object array of ``BOUNDS``: ``over`` on an ``up`` input (or
    ``nearly`` on a ``down`` input) makes a ``lower`` bound, the mirror image an ``upper`` bound,
    ``about`` anywhere or both at once ``approximate``. The rule of ``ratio_qualifier``.
    """
    up = np.asarray(up, dtype=object)
    down = np.asarray(down, dtype=object)
    if up.shape != down.shape:
        raise ArgumentError(f"up and down must have the same length, got {up.shape} and {down.shape}")
    _check_array(up, "up")
    _check_array(down, "down")
    qualifiers = _ratio_qualifiers(down, up)
    return np.array([BOUND_OF_QUALIFIER[q] for q in qualifiers], dtype=object)


def derived_bound(up: str, down: str) -> str:
    """``derived_bounds`` of one pair of qualifiers.

    >>> derived_bound("over", "exact"), derived_bound("exact", "over"), derived_bound("over", "nearly")
    ('lower', 'upper', 'lower')
    """
    return str(derived_bounds(np.array([up], dtype=object), np.array([down], dtype=object))[0])


# ---------------------------------------------------------------------------------------------
# rounding toward safety
# ---------------------------------------------------------------------------------------------


def round_to(value: float, decimals: int, bound: str | None = None) -> float:
    """Round to ``decimals`` places; ``bound='lower'`` floors and ``'upper'`` ceils.

    >>> round_to(12.149, 1, "lower"), round_to(12.149, 1), round_to(12.141, 1, "upper")
    (12.1, 12.1, 12.2)
    """
    if value is None or not math.isfinite(value):
        raise ArgumentError(f"value must be a finite number, got {value!r}")
    if bound not in _ROUNDING:
        raise ArgumentError(f"bound must be 'lower', 'upper' or None, got {bound!r}")
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(q, rounding=_ROUNDING[bound]))


@dataclass(frozen=True)
class Bounded:
    """A derived number and what it is: ``exact``, a ``lower`` or ``upper`` bound, or ``approximate``."""

    value: float
    bound: str
    unit: str = ""

    def __post_init__(self) -> None:
        if self.bound not in BOUNDS:
            raise ArgumentError(f"bound must be one of {', '.join(BOUNDS)}, got {self.bound!r}")

    def rounded(self, ndigits: int = 0) -> float:
        """``value`` rounded to ``ndigits`` decimals (negative: tens, thousands...) toward safety.

        A lower bound is rounded down and an upper bound up, so the rounded figure is still a
        bound; exact and approximate values are rounded half to even.

        >>> Bounded(12_149_532.71, "lower").rounded(-5)
        12100000.0
        >>> Bounded(2.41, "upper").rounded(1)
        2.5
        """
        if isinstance(ndigits, bool) or not isinstance(ndigits, int | np.integer):
            raise ArgumentError(f"ndigits must be an integer, got {type(ndigits).__name__}")
        return round_to(float(self.value), int(ndigits), _direction(self.bound))


# ---------------------------------------------------------------------------------------------
# tolerance: what a hedged figure admits
# ---------------------------------------------------------------------------------------------


def precision_unit(value: float) -> float:
    """One unit of the last significant digit of ``value`` as written.

    >>> precision_unit(5.08e9), precision_unit(60.8e6), precision_unit(83), precision_unit(134.1)
    (10000000.0, 100000.0, 1.0, 0.1)
    """
    if not math.isfinite(value) or value <= 0:
        raise ArgumentError(f"a claimed value must be a positive number, got {value!r}")
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return float(Decimal(1).scaleb(int(exponent)))


def tolerance_band(value: float, qualifier: str) -> tuple[float, float]:
    """The range of true values a claimed figure admits (see the module docstring).

    >>> tolerance_band(83, "nearly"), tolerance_band(7000, "over")
    ((82.0, 83), (7000, inf))
    """
    check_qualifier(qualifier)
    u = precision_unit(value)
    if qualifier == "exact":
        return value - u / 2, value + u / 2
    if qualifier == "about":
        half = max(u / 2, RELATIVE_BAND * value)
        return value - half, value + half
    if qualifier == "over":
        return value, math.inf
    return value - min(u, RELATIVE_BAND * value), value


def value_range(value: float, qualifier: str) -> tuple[float, float]:
    """What a published *data* value stands for: exact values are points; hedged ones a band.

    As for claims, except that 'over x' is read as x .. x + min(u, 10% of x): a source that says
    "over US$3.8 billion" is taken to mean less than US$3.9 billion, so that a lower bound in
    the data cannot make any larger claim look consistent.

    >>> value_range(3.8e9, "over")
    (3800000000.0, 3900000000.0)
    """
    if check_qualifier(qualifier) == "exact":
        return value, value
    if qualifier == "over":
        return value, value + min(precision_unit(value), RELATIVE_BAND * value)
    return tolerance_band(value, qualifier)


def holds(
    claimed: float,
    qualifier: str,
    computed: float,
    computed_qualifier: str = "exact",
    span: tuple[float, float] | None = None,
) -> bool:
    """Whether a claim (value, hedge) admits a computed value (itself possibly hedged, or a ``span``).

    >>> holds(83, "nearly", 82.54), holds(83, "nearly", 83.54)
    (True, False)
    """
    lo, hi = tolerance_band(claimed, qualifier)
    clo, chi = span if span is not None else value_range(computed, computed_qualifier)
    # a relative epsilon so that values equal in print are not split by float noise
    eps = 1e-9 * max(abs(claimed), 1.0)
    return clo <= hi + eps and chi >= lo - eps
