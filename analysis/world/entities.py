"""Countries of the IMF DOTS matrix: resolving a code or name, and the rules every world indicator shares.

Every function of ``analysis.world`` takes the frame returned by ``analysis.dots.load_dots`` (or any
frame with the columns of ``analysis.schema.DotsModel``) and resolves its country arguments here:

- A country can be given as its ISO3 code (``"BLR"``, any case) or its exact IMF name
  (``"Belarus, Rep. of"``). Unknown codes, aggregates or residual rows where a country is needed and
  years outside the data raise ``analysis.errors.ArgumentError`` saying why (``resolve_entity``,
  ``check_year``).
- **Countries** are the entity types economy, historical and composite (``COUNTRY_TYPES``). Dissolved
  economies keep their own codes (USSR = SUN, Yugoslavia = YUG, Czechoslovakia = CSK ...) and are never
  merged into successors. Belgium-Luxembourg is one partner, code BLX (assigned by ``load_dots``).
- **Aggregates** (World, the IMF regions and groups, "Other Countries n.i.e.") and **residual rows**
  ("Countries & Areas not specified", ...) are never countries.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import ArgumentError

__all__ = [
    "COUNTRY_TYPES",
    "ECONOMY",
    "RESIDUAL",
    "Entity",
    "as_str_category",
    "check_year",
    "names_to",
    "resolve_entity",
    "rows_where",
]

COUNTRY_TYPES = ("economy", "historical", "composite")
ECONOMY = ("economy",)
RESIDUAL = "residual"


@dataclass(frozen=True)
class Entity:
    """A reporter or partner of the DOTS matrix, as found in the data."""

    name: str
    iso3: str | None
    entity_type: str
    is_reporter: bool
    is_partner: bool

    @property
    def label(self) -> str:
        return f"{self.iso3} ({self.name})" if self.iso3 else repr(self.name)


def _find(dots: pd.DataFrame, side: str, code: str) -> tuple[str, str | None, str] | None:
    """(name, iso3, entity type) of the first row whose ``side`` has this ISO3 code or IMF name."""
    for column in (f"{side}_iso3", f"{side}_name"):
        value = code.upper() if column.endswith("iso3") else code
        hit = (dots[column] == value).to_numpy()
        if hit.any():
            row = dots.iloc[int(np.argmax(hit))]
            iso3 = row[f"{side}_iso3"]
            return str(row[f"{side}_name"]), (None if pd.isna(iso3) else str(iso3)), str(row[f"{side}_entity_type"])
    return None


def resolve_entity(dots: pd.DataFrame, code: object, *, what: str, role: str, types: tuple[str, ...]) -> Entity:
    """Resolve an ISO3 code or IMF name, or raise ArgumentError saying why it cannot be used as ``what``.

    ``role`` is "reporter" (must publish statistics), "partner" (must appear as a partner) or anything
    else (either); ``types`` the entity types allowed (``COUNTRY_TYPES``, ``ECONOMY``).
    """
    if not isinstance(code, str) or not code.strip():
        raise ArgumentError(f"{what} must be an ISO3 code such as 'CHN' or an IMF name, got {code!r}")
    code = code.strip()
    as_reporter = _find(dots, "reporter", code)
    as_partner = _find(dots, "partner", code)
    found = as_reporter or as_partner
    if found is None:
        names = {str(n) for s in ("reporter", "partner") for n in dots[f"{s}_name"].cat.categories}
        codes = {str(c) for s in ("reporter", "partner") for c in dots[f"{s}_iso3"].cat.categories}
        close = difflib.get_close_matches(code, sorted(names), n=3) + difflib.get_close_matches(
            code.upper(), sorted(codes), n=3
        )
        hint = f" (close: {', '.join(repr(c) for c in close)})" if close else ""
        raise ArgumentError(
            f"unknown {what} {code!r}: no reporter or partner in the DOTS data has this ISO3 code or IMF name{hint}"
        )
    name, iso3, kind = found
    entity = Entity(name, iso3, kind, as_reporter is not None, as_partner is not None)
    if kind == "aggregate":
        raise ArgumentError(
            f"{entity.label} is an aggregate (a sum of other partners); {what} must be a country, e.g. 'CHN'"
        )
    if kind == RESIDUAL:
        raise ArgumentError(f"{entity.label} is a residual row (partners not specified), not a country")
    if kind not in types:
        allowed = " or ".join(types)
        raise ArgumentError(
            f"{entity.label} is {kind}; {what} must be of entity type {allowed} (the mirror distribution covers "
            "current economies only, so that dissolved states and composites are not compared with their parts)"
        )
    if role == "reporter" and not entity.is_reporter:
        raise ArgumentError(f"{entity.label} publishes no statistics in DOTS (it appears only as a partner)")
    if role == "partner" and not entity.is_partner:
        raise ArgumentError(f"{entity.label} appears in DOTS only as a reporter, never as a partner")
    return entity


def check_year(dots: pd.DataFrame, year: object) -> int:
    """``year`` as an int if the data has values for it, else an ``ArgumentError`` giving the covered years."""
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise ArgumentError(f"year must be a whole number such as 2019, got {year!r}")
    years = dots["year"].to_numpy()
    if not len(years):
        raise ArgumentError("the DOTS frame is empty")
    low, high = int(years.min()), int(years.max())
    if not low <= int(year) <= high:
        raise ArgumentError(f"year {year} is outside the data ({low}-{high})")
    if not (years == year).any():
        raise ArgumentError(f"the data has no values for {year} (it covers {low}-{high} with gaps)")
    return int(year)


def rows_where(dots: pd.DataFrame, column: str, value: str) -> np.ndarray:
    """Boolean mask of the rows whose ``column`` equals ``value``."""
    return (dots[column] == value).to_numpy()


def names_to(dots: pd.DataFrame, side: str, attribute: str) -> dict[str, object]:
    """Map each name on ``side`` to its ``attribute`` (iso3 or entity type), from one row per name."""
    codes = dots[f"{side}_name"].cat.codes.to_numpy()
    _, first = np.unique(codes, return_index=True)
    rows = dots.iloc[first]
    return dict(zip(rows[f"{side}_name"].astype("str"), rows[f"{side}_{attribute}"].astype("object"), strict=True))


def as_str_category(values: pd.Series) -> pd.Series:
    """Values as a categorical of strings (the dtype of the name and code columns of the results)."""
    return values.astype("str").astype("category")
