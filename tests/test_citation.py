"""CITATION.cff names the licence, URL and holder the site declares, so a citation never disagrees with the page."""

from __future__ import annotations

import pytest
import yaml

from sitegen.testing import ROOT

pytestmark = pytest.mark.campaign  # CITATION.cff is edited by hand for each campaign (README)


def test_citation_matches_the_site(data):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["license"] == data.campaign["licence"]["id"]
    assert cff["url"] == data.campaign["site_url"]
    assert data.campaign["licence"]["holder"]["en"] in cff["authors"][0]["name"]
