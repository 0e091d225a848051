"""A network's site: the pinned base, the pages the tool composes, the local layer on top.

``open_network`` is what every adapter calls in a network repository: it makes
sure the base is checked out at the pin, composes the generated layer (shared
pages with their « Chez nous » block, the local directory, notes in place of
hidden pages) into ``.entraide-site/docs`` — rewriting only what changed, so
a watcher sees no change when there is none, and never writing into the
base's cache — and returns the one :class:`SiteModel` of the merged site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import git

from entraide.content.frontmatter import FrontMatterSyntaxError, parse_front_matter
from entraide.content.page import string_list
from entraide.content.problems import Problem, warning
from entraide.content.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from entraide.network import base
from entraide.network.compose import chez_nous_block, insert_block
from entraide.network.config import NetworkConfig, NetworkConfigError, Pin, load_config, load_pin
from entraide.network.contacts import Directory, load_contacts
from entraide.network.directory import (
    directory_markdown,
    hidden_page_markdown,
    local_index_markdown,
)
from entraide.network.layout import (
    BASE_CACHE,
    COMPLETIONS_DIR,
    DIRECTORY_PAGE,
    GENERATED_DIR,
    LOCAL_DIR,
)
from entraide.network.taxonomy import merge_local_taxonomy
from entraide.website.model import Layer, Side, SiteModel, is_markdown, walk

LOCAL_INDEX = "chez-nous/index.md"


@dataclass(frozen=True)
class Replacement:
    """A local page standing in for a shared one, as of a given base commit."""

    path: str
    shared_path: str
    base_commit: str
    line: int


@dataclass(frozen=True, eq=False)
class NetworkSite:
    root: Path
    config: NetworkConfig
    pin: Pin
    repo: git.Repo
    taxonomy: Taxonomy
    directory: Directory
    model: SiteModel
    completions: Mapping[str, Path]
    hidden: frozenset[str]
    today: date

    @property
    def base_dir(self) -> Path:
        return self.root / BASE_CACHE

    @property
    def version(self) -> str:
        """The base version people read: its tag, else its short commit."""
        return base.describe(self.repo, self.pin.commit)

    def replacements(self) -> list[Replacement]:
        found = []
        for file in self.model.pages():
            if file.layer.side is not Side.LOCAL:
                continue
            try:
                front = parse_front_matter(file.source.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, FrontMatterSyntaxError):
                continue
            replaces = front.data.get("replaces")
            if isinstance(replaces, Mapping):
                found.append(
                    Replacement(
                        file.path,
                        str(replaces.get("path") or file.path),
                        str(replaces.get("base_commit") or ""),
                        front.line_of(("replaces",)),
                    )
                )
        return found

    def layer_problems(self) -> list[Problem]:
        """What the build and ``check`` warn about the layering itself, file and line."""
        problems = list(self.directory.problems)
        local = self.model.layer(Side.LOCAL)
        assert local is not None
        replaced = {r.path: r for r in self.replacements()}
        for file in self.model.pages():
            if file.layer.side is not Side.LOCAL:
                continue
            shared = self.base_dir / "docs" / file.path
            if shared.is_file() and file.path not in replaced:
                problems.append(
                    warning(
                        file.display,
                        1,
                        "replaces-missing",
                        f"cette page locale remplace la page partagée docs/{file.path} sans dire "
                        "de quelle version : ajoutez à son en-tête « replaces: {path: "
                        f"{file.path}, base_commit: {self.pin.commit[:12]}}} », pour être "
                        "prévenu quand la page partagée changera.",
                    )
                )
        for replacement in replaced.values():
            display = local.display(local.docs_dir / replacement.path)
            changed = base.page_changed_since(
                self.repo, replacement.base_commit, replacement.shared_path
            )
            if changed is None:
                problems.append(
                    warning(
                        display,
                        replacement.line,
                        "replaces-unknown",
                        f"replaces.base_commit « {replacement.base_commit} » n'est pas une "
                        f"version de la base : écrivez base_commit: {self.pin.commit[:12]}.",
                    )
                )
            elif changed:
                problems.append(
                    warning(
                        display,
                        replacement.line,
                        "replaced-page-changed",
                        f"la page partagée docs/{replacement.shared_path} a changé depuis la "
                        f"version {replacement.base_commit[:12]} que cette page locale remplace : "
                        "relisez-la (git diff dans .entraide-base), reportez ce qui compte, puis "
                        f"mettez base_commit: {self.pin.commit[:12]}.",
                    )
                )
        for path, source in sorted(self.completions.items()):
            target = self.model.get(path)
            if target is None or target.layer.side is Side.LOCAL:
                problems.append(
                    warning(
                        f"local : {source.relative_to(self.root).as_posix()}",
                        1,
                        "completion-target",
                        f"ce bloc « Chez nous » complète docs/{path}, qui n'est pas une page "
                        "partagée publiée (renommée, supprimée, masquée ou remplacée "
                        "localement) : déplacez-le ou supprimez-le.",
                    )
                )
        return problems


def _hidden_paths(config: NetworkConfig, base_docs: Path, taxonomy: Taxonomy) -> set[str]:
    hidden: set[str] = set()
    prefixes = tuple(p.rstrip("/") + "/" for p in config.hidden_pages if not is_markdown(p))
    for path, source in walk(base_docs):
        if not is_markdown(path):
            continue
        if path in config.hidden_pages or path.startswith(prefixes):
            hidden.add(path)
            continue
        if config.hidden_values:
            try:
                data = parse_front_matter(source.read_text(encoding="utf-8")).data
            except (OSError, UnicodeDecodeError, FrontMatterSyntaxError):
                continue
            for key, values in config.hidden_values.items():
                if set(string_list(data.get(key))) & set(values):
                    hidden.add(path)
    return hidden


def _write_if_changed(target: Path, text: str) -> None:
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _completions(root: Path) -> dict[str, Path]:
    return {path: source for path, source in walk(root / COMPLETIONS_DIR) if is_markdown(path)}


def _fragment(source: Path) -> str:
    text = source.read_text(encoding="utf-8")
    try:
        return parse_front_matter(text).body
    except FrontMatterSyntaxError:
        return text


def _compose(
    config: NetworkConfig,
    base_docs: Path,
    local_docs: Path,
    directory: Directory,
    completions: Mapping[str, Path],
    hidden: set[str],
    taxonomy: Taxonomy,
) -> dict[str, str]:
    """The generated layer's files: docs path -> text."""
    generated: dict[str, str] = {}
    local = {path for path, _ in walk(local_docs)}
    for path, source in walk(base_docs):
        if not is_markdown(path) or path in local:
            continue
        if path in hidden:
            generated[path] = hidden_page_markdown(config.name)
            continue
        text = source.read_text(encoding="utf-8")
        try:
            data = parse_front_matter(text).data
        except FrontMatterSyntaxError:
            data = {}
        contacts = []
        if data.get("type") == "procedure":
            contacts = directory.for_organisations(string_list(data.get("organisations")))
        completion = _fragment(completions[path]) if path in completions else None
        if contacts or completion:
            block = chez_nous_block(config.name, path, completion, contacts)
            generated[path] = insert_block(text, block)
    generated[DIRECTORY_PAGE] = directory_markdown(config.name, directory, taxonomy)
    local_pages = sorted(p for p in local if is_markdown(p) and p not in (LOCAL_INDEX,))
    generated[LOCAL_INDEX] = local_index_markdown(config.name, local_pages, local_docs)
    return generated


def _materialise(folder: Path, files: Mapping[str, str]) -> None:
    """Write the generated layer: changed files only, stale ones removed."""
    for path, text in files.items():
        _write_if_changed(folder / path, text)
    for path, source in list(walk(folder)):
        if path not in files:
            source.unlink()
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()


def open_network(root: Path, today: date | None = None) -> NetworkSite:
    """The merged site of the network at ``root``; raises NetworkConfigError or BaseError."""
    root = root.resolve()
    config = load_config(root)
    pin = load_pin(root)
    repo = base.ensure_base(root / BASE_CACHE, pin)
    cache = root / BASE_CACHE
    try:
        shared = load_taxonomy(cache / "taxonomy.yml")
    except TaxonomyError as exc:
        raise NetworkConfigError(f"base : {exc}") from exc
    taxonomy = merge_local_taxonomy(shared, root)
    directory = load_contacts(root, taxonomy)
    taxonomy = replace(
        taxonomy, public_contacts=taxonomy.public_contacts | directory.public_contacts
    )
    base_docs, local_docs = cache / "docs", root / LOCAL_DIR
    completions = _completions(root)
    hidden = _hidden_paths(config, base_docs, shared)
    generated_docs = root / GENERATED_DIR / "docs"
    files = _compose(config, base_docs, local_docs, directory, completions, hidden, taxonomy)
    _materialise(generated_docs, files)
    model = SiteModel(
        (
            Layer(Side.BASE, cache, base_docs),
            # Shown by their docs path: they are pages of the site, not files anyone edits.
            Layer(Side.GENERATED, generated_docs, generated_docs),
            Layer(Side.LOCAL, root, local_docs),
        )
    )
    return NetworkSite(
        root,
        config,
        pin,
        repo,
        taxonomy,
        directory,
        model,
        completions,
        frozenset(hidden),
        today or date.today(),
    )
