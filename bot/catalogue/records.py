"""Turning parsed catalogue rows into database rows (ids resolved, texts tidied)."""
from __future__ import annotations

from datetime import date
from typing import Any

from bot.catalogue.datafiles import Catalogue, is_yes
from bot.catalogue.validate import zone_lookup


def text(value: Any) -> str | None:
    """One line of text, or None when empty (YAML folded blocks, stray spaces)."""
    if value is None:
        return None
    joined = " ".join(str(value).split())
    return joined or None


def themes(cat: Catalogue) -> list[dict]:
    """Theme rows keyed by code."""
    return [{"code": t["code"], "name": text(t["name"]), "aliases": t.get("aliases") or []} for t in cat.themes]


def offices(cat: Catalogue) -> list[dict]:
    """Office rows; contacts stay empty unless the file has them."""
    return [{"code": o["code"], "name": text(o["name"]), "area": text(o.get("area")),
             "email": text(o.get("email")), "phone": text(o.get("phone")),
             "source": text(o.get("source")) or ""} for o in cat.offices]


def zones(cat: Catalogue) -> list[dict]:
    """Zone rows; `is_capoluogo` keeps Milano apart from the zone omogenee."""
    return [{"code": z["code"], "name": z["name"], "is_capoluogo": is_yes(z["is_capoluogo"]),
             "aliases": [a.strip() for a in z["aliases"].split("|") if a.strip()],
             "reference_comune": z["reference_comune"] or None, "source": z["source"]} for z in cat.zones]


def comuni(cat: Catalogue, zone_ids: dict[str, int]) -> list[dict]:
    """Comune rows, their zone given in the file by name or code."""
    zones = zone_lookup(cat)
    return [{"istat_code": c["istat_code"], "name": c["name"],
             "zone_id": zone_ids[zones[c["zona_omogenea"].casefold()]["code"]],
             "population": int(c["population"]) if c["population"] else None,
             "population_year": int(c["population_year"]) if c["population_year"] else None,
             "source": c["source"]} for c in cat.comuni]


def services(cat: Catalogue, theme_ids: dict[str, int], office_ids: dict[str, int]) -> list[dict]:
    """Service rows with theme and office ids."""
    return [{"code": s["code"], "name": text(s["name"]), "description": text(s["description"]) or "",
             "theme_id": theme_ids[s["theme"]], "office_id": office_ids.get(s.get("office")),
             "status": s["status"], "legal_basis": text(s.get("legal_basis")),
             "joining": text(s.get("joining")), "contact": text(s.get("contact")),
             "synonyms": s.get("synonyms") or [], "acronyms": s.get("acronyms") or [],
             "source": text(s["source"]) or ""} for s in cat.services]


def coverage(cat: Catalogue, service_ids: dict, zone_ids: dict, comune_ids: dict) -> list[dict]:
    """Coverage rows: scope `zone:<code>` or `comune:<istat>`, example flag from the file."""
    rows = []
    for c in cat.coverage:
        rows.append({"service_id": service_ids[c["service"]],
                     "scope_key": f"zone:{c['zone']}" if c["zone"] else f"comune:{c['comune']}",
                     "zone_id": zone_ids[c["zone"]] if c["zone"] else None,
                     "comune_id": comune_ids[c["comune"]] if c["comune"] else None,
                     "status": c["status"], "since": date.fromisoformat(c["since"]) if c["since"] else None,
                     "note": c["note"] or None, "recorded_by": c["recorded_by"] or None,
                     "is_example": is_yes(c["example"]), "source": c.get("source") or None})
    return rows


def details(cat: Catalogue, kind: str) -> dict[str, dict]:
    """code -> field -> Detail of the `details:` mappings of offices.yaml or services.yaml."""
    from bot.catalogue.details import from_file

    rows = cat.offices if kind == "office" else cat.services
    return {r["code"]: found for r in rows if (found := from_file(r))}
