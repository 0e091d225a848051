"""Moving a network's pin to a newer base, and saying what that changes for the network.

Only ``entraide-base.yml`` is rewritten: the network's files are read, never
written, so an update cannot lose local work nor ask anyone to resolve a
conflict. The report says which shared pages were added, changed, removed or
renamed (Git's rename detection between the two pins), and which local pages,
« Chez nous » blocks and contacts depend on them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import git

from entraide.content.taxonomy import TaxonomyError, load_taxonomy
from entraide.network import base
from entraide.network.config import NetworkConfigError, Pin, load_config, load_pin, write_pin
from entraide.network.contacts import load_contacts
from entraide.network.layout import (
    BASE_CACHE,
    COMPLETIONS_DIR,
    CONTACTS_FILE,
    LOCAL_DIR,
    PIN_FILE,
)
from entraide.network.taxonomy import merge_local_taxonomy
from entraide.website.model import is_markdown, walk

STATUS_LABELS = {
    "added": "ajoutées",
    "changed": "modifiées",
    "removed": "supprimées",
    "renamed": "renommées",
}


@dataclass(frozen=True)
class UpdateReport:
    old: Pin
    new: Pin
    old_version: str
    new_version: str
    commits: int
    changes: tuple[base.SharedChange, ...]
    affected: tuple[str, ...]
    local_files: int = 0

    @property
    def moved(self) -> bool:
        return self.old.commit != self.new.commit


def _local_files(root: Path) -> list[Path]:
    files = [source for _, source in walk(root / LOCAL_DIR)]
    files += [source for _, source in walk(root / COMPLETIONS_DIR)]
    return [*files, *(p for p in (root / CONTACTS_FILE,) if p.is_file())]


def _affected_pages(
    root: Path, changes: Iterable[base.SharedChange], replaced: dict[str, str], commit: str
) -> list[str]:
    """Local pages and « Chez nous » blocks standing on a shared page that moved."""
    notes = []
    local = {path for path, _ in walk(root / LOCAL_DIR) if is_markdown(path)}
    completions = {path for path, _ in walk(root / COMPLETIONS_DIR) if is_markdown(path)}
    what = {
        "changed": "a changé",
        "removed": "a été supprimée",
        "renamed": "a été renommée",
        "added": "vient d'être ajoutée",
    }
    for change in changes:
        touched = change.old_path or change.path
        after = f" en docs/{change.path}" if change.status == "renamed" else ""
        for path in sorted(p for p, shared in replaced.items() if shared == touched) or (
            [touched] if touched in local else []
        ):
            advice = (
                "relisez-la et reportez ce qui compte dans votre page, puis écrivez "
                f"« base_commit: {commit[:12]} » sous replaces"
                if change.status != "removed"
                else "votre page reste publiée seule : gardez-la ou supprimez-la"
            )
            notes.append(
                f"{LOCAL_DIR}/{path} remplace la page partagée docs/{touched}, qui "
                f"{what[change.status]}{after} : {advice}."
            )
        if change.status == "added" and change.path in local and change.path not in replaced:
            notes.append(
                f"{LOCAL_DIR}/{change.path} porte le chemin d'une nouvelle page partagée, qu'elle "
                "masque désormais : renommez la vôtre, ou ajoutez « replaces » si c'est voulu."
            )
        if touched in completions and change.status != "added":
            advice = (
                "vérifiez qu'il s'y applique toujours"
                if change.status == "changed"
                else f"déplacez-le en {COMPLETIONS_DIR}/{change.path}"
                if change.status == "renamed"
                else "il ne s'affiche plus : supprimez-le ou rattachez-le à une autre page"
            )
            notes.append(
                f"{COMPLETIONS_DIR}/{touched} complète la page partagée docs/{touched}, qui "
                f"{what[change.status]}{after} : {advice}."
            )
    return notes


def _replaced(root: Path) -> dict[str, str]:
    """Local page -> the shared page it says it replaces."""
    from entraide.content.frontmatter import FrontMatterSyntaxError, parse_front_matter

    found = {}
    for path, source in walk(root / LOCAL_DIR):
        if not is_markdown(path):
            continue
        try:
            data = parse_front_matter(source.read_text(encoding="utf-8")).data
        except (OSError, UnicodeDecodeError, FrontMatterSyntaxError):
            continue
        replaces = data.get("replaces")
        if isinstance(replaces, dict):
            found[path] = str(replaces.get("path") or path)
    return found


def _orphan_contacts(root: Path, repo: git.Repo, commit: str) -> list[str]:
    """Contacts naming an organisation the new base's taxonomy no longer has."""
    text = base.file_at(repo, commit, "taxonomy.yml")
    if text is None:
        return []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "taxonomy.yml"
        path.write_text(text, encoding="utf-8")
        try:
            taxonomy = merge_local_taxonomy(load_taxonomy(path), root)
        except (TaxonomyError, NetworkConfigError) as exc:
            return [f"la taxonomie de la nouvelle version ne se lit pas avec la vôtre : {exc}"]
    notes = []
    for problem in load_contacts(root, taxonomy).problems:
        if problem.code == "contact-taxonomy":
            message = problem.message.split(" ; ")[0]
            notes.append(
                f"{CONTACTS_FILE}, ligne {problem.line} : {message} dans la nouvelle version "
                "(retirée de la taxonomie partagée) : choisissez la valeur qui la remplace, ou "
                "ajoutez-la dans taxonomie-locale.yml."
            )
    return notes


def update_base(root: Path, ref: str | None = None) -> UpdateReport:
    """Fetch the base, move the pin to ``ref`` (default: its newest version), report."""
    load_config(root)
    old = load_pin(root)
    before = {path: path.stat().st_mtime_ns for path in _local_files(root)}
    repo = base.fetch_base(old.url, root / BASE_CACHE)
    target = ref or base.default_ref(repo)
    commit = base.resolve(repo, target)
    new = Pin(old.url, target, commit)
    changes = tuple(base.shared_changes(repo, old.commit, commit))
    affected = _affected_pages(root, changes, _replaced(root), commit)
    affected += _orphan_contacts(root, repo, commit)
    report = UpdateReport(
        old=old,
        new=new,
        old_version=base.describe(repo, old.commit),
        new_version=base.describe(repo, commit),
        commits=base.commits_between(repo, old.commit, commit) if commit != old.commit else 0,
        changes=changes,
        affected=tuple(affected),
        local_files=len(before),
    )
    base.checkout(repo, commit)
    write_pin(root, new)
    after = {path: path.stat().st_mtime_ns for path in _local_files(root)}
    assert after == before, "a local file changed during an update"
    _commit_pin(root, report)
    return report


def _commit_pin(root: Path, report: UpdateReport) -> None:
    """Record the new pin in the network's history (that file alone), when it is a Git repo."""
    if not report.moved:
        return
    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return
    message = f"Base Entraide : {report.old_version} → {report.new_version}"
    reader = repo.config_reader()
    identity: list[str] = []
    if not reader.has_option("user", "name") or not reader.has_option("user", "email"):
        # A volunteer's laptop may have no Git identity: the tool signs its own commit.
        identity = [
            "-c",
            "user.name=entraide network update",
            "-c",
            "user.email=entraide@localhost",
        ]
    try:
        repo.git.add("--", PIN_FILE)
        repo.git.execute(
            ["git", *identity, "commit", "-q", "-m", message, "--only", "--", PIN_FILE]
        )
    except git.GitCommandError:
        return


def render_report(report: UpdateReport) -> str:
    """The update, in French, for the person who ran it."""
    if not report.moved:
        return (
            f"La base est déjà à la version {report.new_version} "
            f"({report.new.commit[:12]}) : rien à faire."
        )
    lines = [
        f"Base Entraide : {report.old_version} ({report.old.commit[:12]}) → "
        f"{report.new_version} ({report.new.commit[:12]}), {report.commits} enregistrement(s) "
        "Git dans la base entre les deux.",
        "",
        "Pages partagées :",
    ]
    if not report.changes:
        lines.append("  aucune page partagée n'a changé.")
    for status, label in STATUS_LABELS.items():
        selected = [c for c in report.changes if c.status == status]
        if not selected:
            continue
        lines.append(f"  {label} ({len(selected)}) :")
        for change in selected:
            shown = f"{change.old_path} → {change.path}" if change.old_path else change.path
            lines.append(f"    {shown}")
    lines += ["", "Vos pages et contacts concernés :"]
    lines += [f"  - {note}" for note in report.affected] or ["  aucun."]
    lines += [
        "",
        f"Aucun de vos {report.local_files} fichier(s) locaux n'a été modifié ; seule la "
        f"version épinglée ({PIN_FILE}) a changé.",
    ]
    return "\n".join(lines)
