"""Handout checks (``/// a-remettre``): complete, official QR target, FALC warnings, file:line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from entraide.handouts.model import find_handouts
from entraide.handouts.readability import reading_ease, sentences
from tests.pages import VALID_BODY, VALID_FRONT_MATTER, page

PROCEDURE = "docs/procedures/caf/essai.md"
QR = "https://www.service-public.fr/particuliers/vosdroits/F2882"
HANDOUT = f"""
/// a-remettre | Demander l'aide
    qr: {QR}

### Ce qu'il faut avoir

- Votre numéro CAF.

### Les étapes

1. Allez sur le site caf.fr.
2. Ouvrez « Mon compte ».

### Qui appeler

- La CAF : 3230.
///
"""
FALC = "falc: {status: brouillon}\n"


def handout_page(handout: str = HANDOUT, falc: str = FALC) -> str:
    return page(VALID_FRONT_MATTER + falc, VALID_BODY + handout)


def problems(taxonomy: Taxonomy, tmp_path: Path, text: str) -> list[tuple[str, int, str]]:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    result = check_page(PROCEDURE, PROCEDURE.removeprefix("docs/"), text, context)
    return [(p.code, p.line, str(p.severity)) for p in result.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_complete_handout_passes(taxonomy: Taxonomy, tmp_path: Path) -> None:
    assert problems(taxonomy, tmp_path, handout_page()) == []


def test_parser_keeps_parts_and_lines() -> None:
    text = handout_page()
    [handout] = find_handouts(text)
    assert handout.title == "Demander l'aide"
    assert handout.qr == QR
    assert handout.qr_line == line_of(text, "    qr:")
    assert [p.title for p in handout.parts] == ["Ce qu'il faut avoir", "Les étapes", "Qui appeler"]
    assert handout.end_line == len(text.rstrip("\n").split("\n"))


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("http://www.service-public.fr/particuliers/vosdroits/F2882", "handout-qr-not-https"),
        ("https://www.caf-aides-en-ligne.com/demande", "handout-qr-not-official"),
        ("https://caf.fr.example.com/", "handout-qr-not-official"),
        ("https://user@www.caf.fr/", "handout-qr-not-official"),
    ],
)
def test_unsafe_qr_target_fails_on_its_line(
    taxonomy: Taxonomy, tmp_path: Path, target: str, code: str
) -> None:
    text = handout_page(HANDOUT.replace(QR, target))
    assert problems(taxonomy, tmp_path, text) == [(code, line_of(text, "    qr:"), "error")]


def test_subdomain_of_an_official_domain_is_accepted(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = handout_page(HANDOUT.replace(QR, "https://wwwd.caf.fr/wps/portal/"))
    assert problems(taxonomy, tmp_path, text) == []


def test_missing_qr_target_fails(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = handout_page(HANDOUT.replace(f"    qr: {QR}\n", ""))
    assert problems(taxonomy, tmp_path, text) == [
        ("handout-qr-missing", line_of(text, "/// a-remettre"), "error")
    ]


def test_missing_required_part_fails_at_the_block_end(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = handout_page(HANDOUT.replace("### Qui appeler\n\n- La CAF : 3230.\n", ""))
    [(code, line, severity)] = problems(taxonomy, tmp_path, text)
    assert (code, severity) == ("handout-missing-part", "error")
    assert line == len(text.rstrip("\n").split("\n"))


def test_empty_part_unknown_part_and_misspelt_heading(taxonomy: Taxonomy, tmp_path: Path) -> None:
    handout = HANDOUT.replace("### Qui appeler\n\n- La CAF : 3230.\n", "### Qui appeler\n\n")
    handout = handout.replace("### Les étapes", "### les etapes").replace(
        "///\n", "### Divers\n\nTexte.\n///\n"
    )
    text = handout_page(handout)
    found = problems(taxonomy, tmp_path, text)
    assert ("handout-part-heading", line_of(text, "### les etapes"), "error") in found
    assert ("handout-empty-part", line_of(text, "### Qui appeler"), "error") in found
    assert ("handout-unknown-part", line_of(text, "### Divers"), "warning") in found


def test_unclosed_block_and_mediator_track_inside(taxonomy: Taxonomy, tmp_path: Path) -> None:
    handout = HANDOUT.replace("- La CAF : 3230.\n///\n", "- La CAF : 3230.\n")
    found = problems(taxonomy, tmp_path, handout_page(handout))
    assert [code for code, _, _ in found] == ["handout-unclosed"]
    nested = HANDOUT.replace("### Qui appeler", "/// urgence\nFaites pour elle.\n///\n\n### Qui")
    text = handout_page(nested)
    assert ("handout-mediator-content", line_of(text, "/// urgence"), "error") in problems(
        taxonomy, tmp_path, text
    )


def test_personal_data_in_a_handout_fails_on_its_line(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = handout_page(HANDOUT.replace("- La CAF : 3230.", "- Mme Martin : 06 12 34 56 78."))
    assert ("personal-data-phone", line_of(text, "Mme Martin"), "error") in problems(
        taxonomy, tmp_path, text
    )


def test_falc_status_is_required_and_validated(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = handout_page(falc="")
    assert problems(taxonomy, tmp_path, text) == [
        ("handout-falc-missing", line_of(text, "/// a-remettre"), "error")
    ]
    for value in (
        "{status: relu}",
        "{status: fini}",
        "{status: relu, by: Atelier, date: hier}",
        "{status: relu, by: Atelier, on: 2026-11-02}",
    ):
        text = handout_page(falc=f"falc: {value}\n")
        found = problems(taxonomy, tmp_path, text)
        assert set(found) == {("invalid-falc", line_of(text, "falc:"), "error")}, value
    proofread = "falc: {status: relu, by: Atelier FALC de l'EPN, date: 2026-11-02}\n"
    assert problems(taxonomy, tmp_path, handout_page(falc=proofread)) == []


def test_falc_without_handout_is_a_warning(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = page(VALID_FRONT_MATTER + FALC)
    assert problems(taxonomy, tmp_path, text) == [
        ("falc-without-handout", line_of(text, "falc:"), "warning")
    ]


DIFFICULT = """
/// a-remettre
    qr: https://www.caf.fr/

### Ce qu'il faut avoir

- Le justificatif de domicile.
- Le certificat d'immatriculation.

### Les étapes

1. La déclaration trimestrielle des ressources conditionne le versement mensuel de votre allocation.

### Qui appeler

- La CAF.
///
"""


def test_drafts_get_falc_warnings_on_their_lines(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = handout_page(DIFFICULT)
    found = problems(taxonomy, tmp_path, text)
    sentence = line_of(text, "1. La déclaration")
    assert ("falc-rare-word", line_of(text, "justificatif"), "warning") in found
    assert ("falc-rare-word", sentence, "warning") in found  # ressources, conditionne
    assert ("falc-long-word", line_of(text, "immatriculation"), "warning") in found
    assert ("falc-reading-ease", line_of(text, "/// a-remettre"), "warning") in found
    assert all(severity == "warning" for _, _, severity in found)
    proofread = handout_page(DIFFICULT, "falc: {status: relu, by: Atelier, date: 2026-11-02}\n")
    assert problems(taxonomy, tmp_path, proofread) == []


def test_long_sentence_warning(taxonomy: Taxonomy, tmp_path: Path) -> None:
    long = "Vous devez aller sur le site de la CAF avec votre numéro et votre mot de passe ce soir."
    text = handout_page(HANDOUT.replace("2. Ouvrez « Mon compte ».", f"2. {long}"))
    assert problems(taxonomy, tmp_path, text) == [
        ("falc-long-sentence", line_of(text, long), "warning")
    ]


def test_reading_ease_is_kandel_moles() -> None:
    """207 - 1.015 x words/sentence - 73.6 x syllables/word, checked by hand."""
    [handout] = find_handouts("/// a-remettre\n\n### Les étapes\n\nLe chat dort. Il a faim.\n///\n")
    # 6 words, 2 sentences, 6 syllables (one each): 207 - 1.015 x 3 - 73.6 x 1.
    assert len(list(sentences(handout.text))) == 2
    assert reading_ease(handout.text).reading_ease == round(207 - 1.015 * 3 - 73.6, 1)


def test_check_command_fails_with_file_and_line(project: Path) -> None:
    target = project / "docs" / "procedures" / "caf" / "prime-activite.md"
    text = target.read_text(encoding="utf-8")
    assert "    qr: https://" in text
    target.write_text(text.replace("    qr: https://", "    qr: http://"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", "check", "--format", "json", str(target)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    [finding] = [f for f in json.loads(result.stdout) if f["code"] == "handout-qr-not-https"]
    assert finding["path"] == "docs/procedures/caf/prime-activite.md"
    assert finding["line"] == line_of(target.read_text(encoding="utf-8"), "    qr: http://")
