"""publiccode.yml against the standard (publiccodeYmlVersion "0", https://yml.publiccode.tools):
the mandatory keys, their types, lengths and enumerated values; the licence matches pyproject and LICENSE."""
from __future__ import annotations

import copy
import re
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web", "standalone/backend",
                  "standalone/other", "addon", "library", "configurationFiles"}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}  # other human-readable values are allowed
CATEGORIES = set("""
accounting agile-project-management applicant-tracking application-development appointment-scheduling backup
billing-and-invoicing blog budgeting business-intelligence business-process-management cad call-center-management
cloud-management collaboration communications compliance-management contact-management content-management crm
customer-service-and-support data-analytics data-collection data-visualization design design-system
digital-asset-management digital-citizenship document-management donor-management e-commerce e-signature
educational-content email-management email-marketing employee-management enterprise-project-management
enterprise-social-networking erp event-management facility-management feedback-and-reviews-management
financial-reporting fleet-management fundraising gamification geographic-information-systems grant-management
graphic-design help-desk hr ide identity-management instant-messaging inventory-management it-asset-management
it-development it-management it-security it-service-management knowledge-management learning-management-system
marketing mind-mapping mobile-marketing mobile-payment network-management office online-booking online-community
payment-gateway payroll predictive-analysis procurement productivity-suite project-collaboration project-management
property-management real-estate-management remote-support resource-management sales-management seo service-desk
social-media-management survey talent-management task-management taxes-management test-management time-management
time-tracking translation video-conferencing video-editing visitor-management voip warehouse-management
web-collaboration web-conferencing website-builder whistleblowing workflow-management""".split())
SCOPES = set("""
agriculture culture defence education emergency-services employment energy environment
finance-and-economic-development foreign-affairs healthcare infrastructures justice local-authorities manufacturing
research science-and-technology security society sport tourism transportation welfare""".split())
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # the primary language subtag cannot be omitted
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))  # the standard: UTF-8


def _is_url(value) -> bool:
    parsed = urlparse(value) if isinstance(value, str) else None
    return bool(parsed and parsed.scheme in ("http", "https") and parsed.netloc)


def _strings(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def problems(doc: dict) -> list[str]:
    """What the standard's mandatory rules find wrong in `doc` (empty: valid)."""
    found: list[str] = []

    def need(ok: bool, message: str) -> None:
        if not ok:
            found.append(message)

    need(doc.get("publiccodeYmlVersion") == "0", "publiccodeYmlVersion must be the string \"0\"")
    need(isinstance(doc.get("name"), str) and doc["name"].strip() != "", "name: a non-empty string")
    need(_is_url(doc.get("url")), "url: the URL of the source repository")
    platforms = doc.get("platforms")
    platforms = [platforms] if isinstance(platforms, str) else platforms
    need(_strings(platforms), "platforms: one or more")
    need(doc.get("developmentStatus") in DEVELOPMENT_STATUSES, "developmentStatus: not an allowed value")
    need(doc.get("softwareType") in SOFTWARE_TYPES, "softwareType: not an allowed value")
    categories = doc.get("categories", [])
    need(isinstance(categories, list) and set(categories) <= CATEGORIES, "categories: outside the vocabulary")
    audience = doc.get("intendedAudience", {})
    need(set(audience.get("scope", [])) <= SCOPES, "intendedAudience.scope: outside the vocabulary")
    need(all(re.fullmatch(r"[a-z]{2}", c) for c in audience.get("countries", [])),
         "intendedAudience.countries: lowercase ISO 3166-1 alpha-2")
    for key in ("releaseDate",):
        if key in doc:
            need(isinstance(doc[key], str) and DATE.match(doc[key]) is not None, f"{key}: YYYY-MM-DD as a string")

    description = doc.get("description")
    need(isinstance(description, dict) and bool(description), "description: at least one language")
    description = description if isinstance(description, dict) else {}
    for lang, text in description.items():
        need(BCP47.match(str(lang)) is not None, f"description.{lang}: not a BCP 47 tag")
        short = text.get("shortDescription") if isinstance(text, dict) else None
        need(isinstance(short, str) and 0 < len(short) <= 150 and "\n" not in short,
             f"description.{lang}.shortDescription: one line of at most 150 characters")
        long = text.get("longDescription") if isinstance(text, dict) else None
        need(long is None or (isinstance(long, str) and 150 <= len(long) <= 10000),
             f"description.{lang}.longDescription: 150 to 10000 characters")
        features = text.get("features") if isinstance(text, dict) else None
        need(features is None or _strings(features), f"description.{lang}.features: a list of strings")
    texts = [t for t in description.values() if isinstance(t, dict)]
    need(any("longDescription" in t for t in texts), "longDescription: mandatory for at least one language")
    need(any("features" in t for t in texts), "features: mandatory for at least one language")

    legal = doc.get("legal", {})
    need(isinstance(legal.get("license"), str) and legal["license"].strip() != "", "legal.license: an SPDX expression")

    maintenance = doc.get("maintenance", {})
    kind = maintenance.get("type")
    need(kind in MAINTENANCE_TYPES, "maintenance.type: not an allowed value")
    contacts = maintenance.get("contacts")
    if kind in ("internal", "community"):
        named = isinstance(contacts, list) and all(isinstance(c, dict) and isinstance(c.get("name"), str)
                                                   and c["name"].strip() for c in contacts)
        need(bool(contacts) and named,
             "maintenance.contacts: mandatory for internal/community maintenance, each with a name")
    contractors = maintenance.get("contractors")
    if kind == "contract":
        need(isinstance(contractors, list) and bool(contractors) and all(
            isinstance(c, dict) and c.get("name") and DATE.match(str(c.get("until", ""))) for c in contractors),
            "maintenance.contractors: mandatory for contract maintenance, each with name and until")
    else:
        need(contractors is None, "maintenance.contractors: only for contract maintenance")

    localisation = doc.get("localisation", {})
    need(isinstance(localisation.get("localisationReady"), bool), "localisation.localisationReady: a boolean")
    languages = localisation.get("availableLanguages")
    need(_strings(languages) and all(BCP47.match(lang) for lang in languages),
         "localisation.availableLanguages: one or more BCP 47 tags")

    for group in ("open", "proprietary", "hardware"):
        for dependency in doc.get("dependsOn", {}).get(group, []):
            need(isinstance(dependency, dict) and isinstance(dependency.get("name"), str),
                 f"dependsOn.{group}: each dependency has a name")
    return found


def test_publiccode_yml_follows_the_standard():
    assert problems(load()) == []


def test_it_describes_the_software_in_italian_and_english():
    doc = load()
    assert set(doc["description"]) == {"it", "en"}
    for text in doc["description"].values():
        assert {"shortDescription", "longDescription", "features"} <= set(text)
        assert 5 <= len(text["features"]) <= 20  # the standard's suggested number
    assert len(doc["description"]["it"]["features"]) == len(doc["description"]["en"]["features"])
    assert "it" in doc["localisation"]["availableLanguages"]


def test_licence_and_version_agree_with_the_package_and_the_licence_file():
    doc = load()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert doc["legal"]["license"] == project["license"] == "EUPL-1.2"
    assert doc["softwareVersion"] == project["version"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    assert "15.Applicable Law" in text and text.rstrip().endswith("require the production of a new EUPL version.")


def test_a_placeholder_repository_url_says_so():
    """The repository URL is CMM's to give: until then the placeholder says plainly that it is one."""
    url = load()["url"]
    assert "example." not in url or "DA-COMPILARE" in url


@pytest.mark.parametrize(("path", "value", "complaint"), [
    (("publiccodeYmlVersion",), 0, "publiccodeYmlVersion"),
    (("url",), "zobot.git", "url"),
    (("developmentStatus",), "alpha", "developmentStatus"),
    (("softwareType",), "standalone", "softwareType"),
    (("categories",), ["chatbot"], "categories"),
    (("description", "it", "shortDescription"), "x" * 151, "shortDescription"),
    (("description", "en", "shortDescription"), "two\nlines", "shortDescription"),
    (("description", "it", "longDescription"), "troppo breve", "longDescription"),
    (("description", "en", "longDescription"), "x" * 10001, "longDescription"),
    (("description", "it", "features"), "una stringa", "features"),
    (("maintenance", "type"), "volunteers", "maintenance.type"),
    (("maintenance", "contacts"), [], "maintenance.contacts"),
    (("maintenance", "contractors"), [{"name": "Ditta", "until": "2030-01-01"}], "maintenance.contractors"),
    (("localisation", "localisationReady"), "yes", "localisationReady"),
    (("localisation", "availableLanguages"), ["Italian"], "availableLanguages"),
    (("releaseDate",), date(2026, 1, 1), "releaseDate"),
])
def test_each_rule_finds_what_breaks_it(path, value, complaint):
    doc = copy.deepcopy(load())
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert any(complaint in p for p in problems(doc)), problems(doc)


@pytest.mark.parametrize("key", ["publiccodeYmlVersion", "name", "url", "platforms", "developmentStatus",
                                 "softwareType", "description", "legal", "maintenance", "localisation"])
def test_a_missing_mandatory_key_is_found(key):
    doc = copy.deepcopy(load())
    del doc[key]
    assert problems(doc) != []
