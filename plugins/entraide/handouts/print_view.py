"""The print view of a handout: one A4 page (two at most), readable in black and white.

A standalone HTML document rather than a themed site page: no navigation, no
search, no mediator content, nothing but what the person takes home. The QR
code is an inline SVG made by segno (pure Python) when the site is built, so
the page works offline and prints sharp at any size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape as escape_attribute
from pathlib import PurePosixPath

import markdown
import segno

from entraide.content.frontmatter import FrontMatterSyntaxError, parse_front_matter
from entraide.content.page import string_list
from entraide.content.review import french_date
from entraide.handouts.model import BLOCK_NAME, FOLDER, Handout, find_handouts
from entraide.handouts.rules import PROOFREAD, HandoutRules
from entraide.presentation.print_links import short_address
from entraide.website.model import url_for

STYLESHEET = "assets/entraide/fiche.css"
SCRIPT = "assets/entraide/emporter.js"
# nl2br: one idea per line, as written, even inside a paragraph.
_MARKDOWN_EXTENSIONS = ["sane_lists", "attr_list", "nl2br"]


@dataclass(frozen=True)
class HandoutSheet:
    """A handout with what the page around it knows: title, date, status, address."""

    handout: Handout
    page_path: str
    page_title: str
    reviewed_on: date | None
    falc_status: str
    page_address: str
    themes: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.handout.title or self.page_title

    @property
    def path(self) -> str:
        """Where the print view goes in the site, e.g. ``a-remettre/procedures/caf/rsa.html``."""
        return f"{FOLDER}/{PurePosixPath(self.page_path).with_suffix('.html').as_posix()}"

    @property
    def proofread(self) -> bool:
        return self.falc_status == PROOFREAD


def escape(text: str) -> str:
    """Text for an HTML text node; attributes use :func:`escape_attribute`."""
    return escape_attribute(text, quote=False)


def relative(from_path: str, to_path: str) -> str:
    """``to_path`` as a link from the file ``from_path`` (both relative to the site root)."""
    depth = len(PurePosixPath(from_path).parts) - 1
    return "../" * depth + to_path


def qr_svg(url: str) -> str:
    """The QR code as inline SVG, black on white, with its quiet zone."""
    code = segno.make(url, error="m", micro=False)
    svg: str = code.svg_inline(
        scale=4,
        dark="#000",
        light="#fff",
        omitsize=True,
        title=f"Code QR vers {short_address(url)}",
    )
    return svg


def _markdown(text: str) -> str:
    """Handout Markdown as HTML, raw HTML shown as text: a print view is a file of its own,
    outside the site's page sanitizing, so it never passes markup through."""
    md = markdown.Markdown(extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(text)


def sheet_body(sheet: HandoutSheet, rules: HandoutRules) -> str:
    """The handout itself (without page chrome): shared by the print view and the PDFs."""
    handout = sheet.handout
    label = f'<p class="fiche__falc">{escape(rules.proofread_label)}</p>' if sheet.proofread else ""
    intro = f'<div class="fiche__intro">{_markdown(handout.intro)}</div>' if handout.intro else ""
    parts = "".join(
        f'<section class="fiche__partie"><h2>{escape(part.title)}</h2>'
        f"{_markdown(part.markdown)}</section>"
        for part in handout.parts
    )
    qr = ""
    if handout.qr:
        qr = (
            '<aside class="fiche__qr">'
            f"{qr_svg(handout.qr)}"
            "<p><strong>Le site officiel</strong><br>"
            f'<span class="fiche__adresse">{escape(short_address(handout.qr))}</span></p>'
            "<p>Scannez le code avec l'appareil photo d'un téléphone.</p></aside>"
        )
    checked = (
        f"Fiche vérifiée le {french_date(sheet.reviewed_on)}."
        if sheet.reviewed_on
        else "Fiche pas encore vérifiée."
    )
    return (
        f'<article class="fiche" data-fiche="{escape_attribute(sheet.page_path)}">'
        '<header class="fiche__entete">'
        f'<p class="fiche__sorte">{escape(rules.label)}</p>{label}'
        f"<h1>{escape(sheet.title)}</h1></header>"
        f"{qr}{intro}{parts}"
        '<footer class="fiche__pied">'
        f"<p>{checked} Les démarches changent : en cas de doute, demandez à un médiateur.</p>"
        f'<p>Cette fiche sur Entraide : <span class="fiche__adresse">'
        f"{escape(sheet.page_address)}</span></p></footer></article>"
    )


def print_view_html(sheet: HandoutSheet, rules: HandoutRules, page_url: str) -> str:
    """The whole print view document; ``page_url`` is the guide's URL from the site root."""
    page_href = relative(sheet.path, page_url)
    return (
        '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(sheet.title)} — fiche à remettre — Entraide</title>"
        f'<link rel="stylesheet" href="{escape_attribute(relative(sheet.path, STYLESHEET))}">'
        "</head>"
        '<body class="fiche-page">'
        '<nav class="fiche__ecran" aria-label="Fiche à remettre">'
        f'<a href="{escape_attribute(page_href)}">Retour au guide pour les médiateurs</a>'
        ' <button type="button" class="fiche__imprimer" data-entraide-imprimer hidden>'
        "Imprimer la fiche</button></nav>"
        f"<main>{sheet_body(sheet, rules)}</main>"
        f'<script src="{escape_attribute(relative(sheet.path, SCRIPT))}"></script>'
        "</body></html>\n"
    )


def sheet_for(docs_path: str, text: str, site_url: str) -> HandoutSheet | None:
    """The first handout of a page's source, with its front matter; None without one.

    Broken front matter gives no sheet: ``entraide check`` reports it.
    """
    if BLOCK_NAME not in text:
        return None
    try:
        front = parse_front_matter(text)
    except FrontMatterSyntaxError:
        return None
    handouts = find_handouts(front.body, front.body_line)
    if not handouts:
        return None
    data = front.data
    reviewed = data.get("last_reviewed_on")
    falc = data.get("falc")
    status = str(falc.get("status", "")) if isinstance(falc, dict) else ""
    address = site_url.rstrip("/") + "/" + url_for(docs_path, use_directory_urls=True)
    return HandoutSheet(
        handout=handouts[0],
        page_path=docs_path,
        page_title=str(data.get("title") or PurePosixPath(docs_path).stem),
        reviewed_on=reviewed if isinstance(reviewed, date) else None,
        falc_status=status,
        page_address=address if site_url else url_for(docs_path, use_directory_urls=True),
        themes=string_list(data.get("themes")),
        organisations=string_list(data.get("organisations")),
    )
