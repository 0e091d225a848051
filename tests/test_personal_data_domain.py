"""The personal-data domain function other adapters call, and the taxonomy's public contacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from entraide.content.personal_data import (
    ContactError,
    Kind,
    PublicContacts,
    find_personal_data,
)
from entraide.content.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

REFERENT = "Référente CAF : 06 12 34 56 78, marie.martin@orange.fr, ou le 01 40 20 30 40."


def test_offsets_point_into_the_text_as_written() -> None:
    text = "Écrire à jean.dupont&#64;gmail.com ou au 06/12/34/56/78."
    found = find_personal_data(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [
        (Kind.EMAIL, "jean.dupont&#64;gmail.com"),
        (Kind.PHONE, "06/12/34/56/78"),
    ]
    assert found[1].mobile


def test_a_networks_contacts_page_can_allow_professional_numbers() -> None:
    assert len(find_personal_data(REFERENT)) == 3
    contacts = PublicContacts.of(["06 12 34 56 78", "+33 1 40 20 30 40"], allow_mobile=True)
    assert [f.kind for f in find_personal_data(REFERENT, contacts)] == [Kind.EMAIL]


def test_public_contacts_refuse_mobiles_and_webmail_unless_asked() -> None:
    with pytest.raises(ContactError, match="mobile"):
        PublicContacts.of(["06 12 34 56 78"])
    with pytest.raises(ContactError, match="messagerie de particuliers"):
        PublicContacts.of(domains=["laposte.net"])
    with pytest.raises(ContactError, match="valide"):
        PublicContacts.of(["01 23 45"])


def test_the_taxonomy_lists_the_public_contacts(taxonomy: Taxonomy) -> None:
    public = taxonomy.public_contacts
    assert {"+33969390000", "+33974753646", "+33177863949", "+33155762005"} <= public.numbers
    assert public.has_domain("cnil.fr") and public.has_domain("mail.caf.fr")
    assert not public.has_domain("laposte.net")


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ('  caf:\n    label: CAF\n    numbers: ["06 12 34 56 78"]\n', 4, "mobile"),
        ("  caf:\n    label: CAF\n    domains:\n      - gmail.com\n", 5, "particuliers"),
        ("  caf:\n    numbers: [3230]\n", 2, "label"),
        ("  caf:\n    label: CAF\n    phones: [3230]\n", 2, "clé inconnue : phones"),
        ("  caf:\n    label: CAF\n    numbers: 3230\n", 4, "liste"),
    ],
)
def test_a_wrong_public_contact_is_reported_with_its_line(
    tmp_path: Path, repo_root: Path, entry: str, line: int, message: str
) -> None:
    path = tmp_path / "taxonomy.yml"
    base = (repo_root / "taxonomy.yml").read_text(encoding="utf-8").split("\npublic_contacts:")[0]
    path.write_text("public_contacts:\n" + entry + base, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message) as raised:
        load_taxonomy(path)
    assert f"{path}:{line}" in str(raised.value)
