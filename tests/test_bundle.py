"""The offline bundle's parts: the home page notice, what would leave the folder, the zip."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

from entraide.bundle.archive import zip_folder
from entraide.bundle.notice import notice_html, stale_dates, with_notice
from entraide.bundle.remote import remote_resources
from entraide.bundle.version import BaseVersion, base_version
from entraide.content.page import Page


def page(review_in: str) -> Page:
    return Page(
        "faq/x.md",
        "X",
        "Une page de test.",
        "faq",
        ("urgence",),
        ("logement",),
        review_in=review_in,
    )


def test_stale_dates_follow_each_review_period() -> None:
    built = date(2026, 12, 2)
    dates = stale_dates([page("1 an"), page("3 mois"), page("")], built)
    assert dates == [date(2027, 3, 2), date(2027, 12, 2)]


def test_notice_names_version_build_date_and_first_stale_date() -> None:
    html = notice_html(
        BaseVersion("v1.2-3-gabc", date(2026, 11, 30)),
        date(2026, 12, 2),
        [
            date(2027, 3, 2),
            date(2027, 12, 2),
        ],
    )
    assert "<code>v1.2-3-gabc</code> du 30 novembre 2026" in html
    assert "construite le 2 décembre 2026" in html
    assert "Remplacez-la avant le 2 mars 2027" in html
    assert 'data-stale-dates="2027-03-02 2027-12-02"' in html
    assert "<script" not in html
    outside_git = notice_html(BaseVersion(None), date(2026, 12, 2), [])
    assert "hors Git" in outside_git and "Remplacez-la" not in outside_git


def test_notice_goes_under_the_title() -> None:
    home = '<article class="md-content__inner md-typeset"><h1 id="e">Entraide</h1><p>Texte</p>'
    assert with_notice(home, "<div>N</div>").endswith("</h1><div>N</div><p>Texte</p>")


def test_base_version_outside_git(tmp_path: Path) -> None:
    assert base_version(tmp_path) == BaseVersion(None)


def test_remote_resources_are_found_links_are_not(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="https://www.caf.fr">CAF</a><script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/f.css"><img src="img/local.png">',
        encoding="utf-8",
    )
    (tmp_path / "s.css").write_text("body{background:url('https://x.example.org/b.png')}")
    assert sorted(remote_resources(tmp_path)) == [
        ("a.html", "//fonts.example.org/f.css"),
        ("a.html", "https://cdn.example.org/x.js"),
        ("s.css", "https://x.example.org/b.png"),
    ]


def test_zip_has_one_top_folder_and_no_build_stamp(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "faq").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Accueil</h1>")
    (site / "faq" / "index.html").write_text("<h1>FAQ</h1>")
    (site / ".entraide-build.json").write_text("{}")
    archive = zip_folder(site, tmp_path / "out" / "copie.zip", "copie")
    assert archive.files == 2
    with zipfile.ZipFile(archive.path) as zf:
        assert sorted(zf.namelist()) == ["copie/faq/index.html", "copie/index.html"]


def test_bundle_refuses_an_output_that_is_not_a_zip(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", "bundle", "--output", "copie.tar"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "doit finir par .zip" in result.stderr
