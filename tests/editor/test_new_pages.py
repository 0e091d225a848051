"""Where a page proposed from a section goes, and the text it starts from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.editing.new_pages import (
    PLACEHOLDER_TITLE,
    NewPageError,
    new_page_path,
    section_template,
    section_type,
)
from entraide.editing.page_text import values_of
from entraide.website.model import SiteModel, generated_pages

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def site(repo_root: Path) -> SiteModel:
    return SiteModel.plain(repo_root / "docs", repo_root)


def _path(
    taxonomy: Taxonomy, site: SiteModel, page_type: str, title: str, **facets: list[str]
) -> str:
    return new_page_path(
        taxonomy,
        site,
        page_type,
        title,
        themes=facets.get("themes", []),
        organisations=facets.get("organisations", []),
        generated=generated_pages(taxonomy),
        today=TODAY,
    )


def test_sections_name_their_page_type(taxonomy: Taxonomy) -> None:
    assert section_type(taxonomy, "faq") == "faq"
    assert section_type(taxonomy, "procedures/caf") == "procedure"
    assert section_type(taxonomy, "entrainement/foyers") == "persona"
    assert section_type(taxonomy, "assets") is None
    assert section_type(taxonomy, "procedures-bis") is None


def test_pages_are_filed_as_entraide_new_files_them(taxonomy: Taxonomy, site: SiteModel) -> None:
    assert _path(taxonomy, site, "faq", "Un mot de passe perdu ?") == "faq/un-mot-de-passe-perdu.md"
    path = _path(taxonomy, site, "procedure", "Déclarer un changement", organisations=["caf"])
    assert path == "procedures/caf/declarer-un-changement.md"


@pytest.mark.parametrize(
    ("page_type", "title", "facets", "key"),
    [
        ("faq", "", {}, "title"),
        ("procedure", "Déclarer un changement", {}, "organisations"),
        ("procedure", "Aide au logement", {"organisations": ["caf"]}, "title"),
    ],
)
def test_refusals_name_the_field_to_fix(
    taxonomy: Taxonomy,
    site: SiteModel,
    page_type: str,
    title: str,
    facets: dict[str, list[str]],
    key: str,
) -> None:
    with pytest.raises(NewPageError) as refused:
        _path(taxonomy, site, page_type, title, **facets)
    assert refused.value.key == key
    assert refused.value.message[0].isupper()


def test_a_section_without_organisation_leaves_it_to_choose(
    taxonomy: Taxonomy, site: SiteModel
) -> None:
    values, body = values_of(section_template(taxonomy, site, "procedures", "procedure", TODAY))
    assert values["organisations"] == []
    assert values["title"] == PLACEHOLDER_TITLE
    assert "## Étapes" in body
    values, _ = values_of(section_template(taxonomy, site, "procedures/caf", "procedure", TODAY))
    assert values["organisations"] == ["caf"]
