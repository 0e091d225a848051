"""A Decap CMS or Sveltia CMS configuration generated from the editor's form fields.

A network that publishes its site from GitHub or GitLab can give mediators a
form instead of a YAML header without running ``entraide serve --edit``: a
Git-based CMS served as a static page commits each change on a branch and
opens a pull request. Its collections and fields are generated here from
:func:`entraide.editing.fields.form_fields`, so the CMS offers the same keys,
the same taxonomy choices and the same required fields as ``entraide check``.
Both CMS read the same configuration format (Sveltia CMS is a rewrite that
keeps Decap's); only the script the admin page loads differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath
from typing import Any

import yaml

from entraide.content.page import content_type_for
from entraide.content.taxonomy import Taxonomy
from entraide.editing.fields import DEFAULT_PERIOD, FieldKind, FormField, form_fields
from entraide.website.model import SiteModel

NO_CMS = "none"
# Exact versions: the admin page runs this code with a contributor's Git-host token,
# so an update is a reviewed change here, never whatever the CDN serves that day.
CMS_SCRIPTS = {
    "decap": "https://unpkg.com/decap-cms@3.17.3/dist/decap-cms.js",
    "sveltia": "https://unpkg.com/@sveltia/cms@0.196.0/dist/sveltia-cms.js",
}
BACKENDS = ("github", "gitlab")
ADMIN_FOLDER = "admin"
BODY_FIELD = "body"
# Decap's own widget names; Sveltia CMS accepts the same.
_WIDGETS = {
    FieldKind.TEXT: "string",
    FieldKind.LONG_TEXT: "text",
    FieldKind.CHOICE: "select",
    FieldKind.MULTIPLE: "select",
    FieldKind.DATE: "datetime",
    FieldKind.STRINGS: "list",
    FieldKind.PERIOD: "string",
    FieldKind.YES_NO: "boolean",
}
_PATTERN_MESSAGES = {
    "sources": "Un identifiant service-public (F1427, N31477, R…) ou une adresse https://.",
}
_NO_MARKUP_MESSAGE = "Du texte simple, sans « < » ni « > »."
_DATE_FORMAT = "YYYY-MM-DD"


class CmsConfigError(Exception):
    """The CMS settings cannot make a working configuration; the message is French."""


@dataclass(frozen=True)
class CmsSettings:
    """Which CMS, and the repository it commits to (``owner/name`` on the Git host)."""

    name: str = NO_CMS
    backend: str = "github"
    repo: str = ""
    branch: str = "main"
    open_authoring: bool = False
    site_url: str = ""
    # Sign-in: the OAuth server (GitHub), or the GitLab instance; its API for a
    # self-hosted GitLab; a GitLab application's ID for sign-in without any server (PKCE).
    base_url: str = ""
    api_root: str = ""
    app_id: str = ""

    def checked(self) -> CmsSettings:
        """These settings, or :class:`CmsConfigError` saying what to fix."""
        if self.name not in (NO_CMS, *CMS_SCRIPTS):
            raise CmsConfigError(
                f"cms.name « {self.name} » inconnu : choisissez none, decap ou sveltia."
            )
        if self.backend not in BACKENDS:
            raise CmsConfigError(
                f"cms.backend « {self.backend} » inconnu : choisissez github ou gitlab."
            )
        if self.name != NO_CMS and self.repo.count("/") < 1:
            raise CmsConfigError(
                "cms.repo manque : indiquez le dépôt où le CMS enregistre les pages, "
                "par exemple « reseau-drome/entraide »."
            )
        if self.open_authoring and self.backend != "github":
            raise CmsConfigError(
                "cms.open_authoring ne fonctionne qu'avec GitHub : retirez-le, ou donnez aux "
                "contributeurs un accès au projet GitLab."
            )
        if self.app_id and self.backend != "gitlab":
            raise CmsConfigError(
                "cms.app_id sert à la connexion GitLab sans serveur : avec GitHub, indiquez "
                "plutôt le serveur de connexion dans cms.base_url."
            )
        return self

    def backend_config(self) -> dict[str, Any]:
        """The ``backend:`` section: where pages are committed and how people sign in."""
        backend: dict[str, Any] = {
            "name": self.backend,
            "repo": self.repo,
            "branch": self.branch,
            "squash_merges": True,
        }
        if self.open_authoring:
            backend["open_authoring"] = True
        if self.base_url:
            backend["base_url"] = self.base_url
        if self.api_root:
            backend["api_root"] = self.api_root
        if self.app_id:
            backend.update(auth_type="pkce", app_id=self.app_id)
        return backend


_TEXT_SETTINGS = ("name", "backend", "repo", "branch", "base_url", "api_root", "app_id")


def settings_from(data: object, site_url: str = "") -> CmsSettings:
    """Settings written as a YAML mapping (a network's ``cms:`` section), checked.

    Raises :class:`CmsConfigError` in French for an unknown key or a wrong type.
    """
    if data is None:
        return CmsSettings(site_url=site_url)
    if not isinstance(data, Mapping):
        raise CmsConfigError("« cms » regroupe name, backend, repo, branch… (une clé par ligne).")
    values: dict[str, Any] = {"site_url": site_url}
    for key, value in data.items():
        if key == "open_authoring" and isinstance(value, bool):
            values[key] = value
        elif key in _TEXT_SETTINGS and isinstance(value, str):
            values[key] = value.strip()
        elif key in (*_TEXT_SETTINGS, "open_authoring"):
            kind = "true ou false" if key == "open_authoring" else "un texte"
            raise CmsConfigError(f"cms.{key} doit être {kind}.")
        else:
            known = ", ".join((*_TEXT_SETTINGS, "open_authoring"))
            raise CmsConfigError(f"cms.{key} inconnu ; clés possibles : {known}.")
    return CmsSettings(**values).checked()


@dataclass(frozen=True)
class Collection:
    """A folder of the repository whose pages all have one type."""

    folder: str  # relative to the repository root, POSIX
    page_type: str
    label: str


def _folder_label(taxonomy: Taxonomy, page_type: str, sub: str) -> str:
    plural = taxonomy.types[page_type].plural
    if not sub:
        return plural
    for key in ("organisations", "themes"):
        if sub in taxonomy.facet(key):
            return f"{plural} : {taxonomy.label(key, sub)}"
    return f"{plural} : {sub}"


def collections(taxonomy: Taxonomy, site: SiteModel) -> list[Collection]:
    """One collection per folder holding pages of one type, in the taxonomy's order.

    Folders are those of the whole site (a network's shared pages included) but
    point into its top layer, the repository the CMS commits to: a network files
    its own guides where the shared ones are. Procedures sit one folder down
    (``procedures/caf/``) and a folder collection lists only its own files, so
    each such folder is its own collection. A type's own folder is one too when
    pages sit in it, or when the type has no page yet (so a first one can be
    created).
    """
    top = site.top
    prefix = PurePosixPath(top.docs_dir.resolve().relative_to(top.root.resolve()).as_posix())
    found: dict[str, str] = {}
    for file in site.written_pages():
        slug = content_type_for(file.path, taxonomy)
        if slug is not None:
            found.setdefault(str(PurePosixPath(file.path).parent), slug)
    for slug, declared in taxonomy.types.items():
        if declared.folder and slug not in found.values():
            found[declared.folder] = slug
    order = list(taxonomy.types)
    result = []
    for folder, page_type in sorted(found.items(), key=lambda i: (order.index(i[1]), i[0])):
        sub = folder.removeprefix(taxonomy.types[page_type].folder).strip("/")
        label = _folder_label(taxonomy, page_type, sub)
        result.append(Collection((prefix / folder).as_posix().removeprefix("./"), page_type, label))
    return result


def _widget(form_field: FormField, page_type: str) -> dict[str, Any]:
    """One CMS field for a form field, required exactly when ``check`` requires it."""
    widget: dict[str, Any] = {
        "name": form_field.path[-1],
        "label": form_field.label,
        "widget": _WIDGETS[form_field.kind],
        "required": form_field.required(page_type),
        "hint": form_field.help,
    }
    if form_field.choices:
        widget["options"] = [
            {"label": label, "value": value} for value, label in form_field.choices
        ]
    if form_field.kind is FieldKind.MULTIPLE:
        widget["multiple"] = True
        if form_field.min_items and widget["required"]:
            widget["min"] = form_field.min_items
    if form_field.kind is FieldKind.DATE:
        widget.update(format=_DATE_FORMAT, date_format=_DATE_FORMAT, time_format=False)
        widget["picker_utc"] = True
    if form_field.kind is FieldKind.PERIOD:
        widget["default"] = DEFAULT_PERIOD
    pattern = [form_field.pattern, _PATTERN_MESSAGES.get(form_field.key, _NO_MARKUP_MESSAGE)]
    if form_field.kind is FieldKind.STRINGS:
        # A list of single strings, each checked like the schema checks list items.
        item: dict[str, Any] = {
            "name": form_field.key,
            "label": form_field.label,
            "widget": "string",
        }
        if form_field.pattern:
            item["pattern"] = pattern
        widget["field"] = item
    elif form_field.pattern:
        widget["pattern"] = pattern
    return widget


def _fields(fields: Iterable[FormField], page_type: str) -> list[dict[str, Any]]:
    """The CMS fields of one page type: the type itself hidden, nested keys as objects."""
    result: list[dict[str, Any]] = []
    objects: dict[str, dict[str, Any]] = {}
    for form_field in fields:
        if form_field.key == "type":  # one collection, one type: written for new pages
            hidden = {"name": "type", "label": form_field.label, "widget": "hidden"}
            result.append({**hidden, "default": page_type})
            continue
        if len(form_field.path) == 1:
            result.append(_widget(form_field, page_type))
            continue
        parent = form_field.path[0]
        if parent not in objects:
            objects[parent] = {
                "name": parent,
                "label": form_field.label.split(" : ")[0],
                "widget": "object",
                "required": False,
                "collapsed": True,
                "fields": [],
            }
            result.append(objects[parent])
        objects[parent]["fields"].append(_widget(form_field, page_type))
    result.append(
        {
            "name": BODY_FIELD,
            "label": "Texte de la page",
            "widget": "markdown",
            # The rich-text mode rewrites Markdown it does not know (the posture blocks,
            # attribute lists): contributors edit the text as written.
            "modes": ["raw"],
            "required": True,
            "hint": "En Markdown, comme dans le modèle de la page ; « entraide check » "
            "vérifie les sections demandées.",
        }
    )
    return result


def _collection(
    collection: Collection, taxonomy: Taxonomy, fields: tuple[FormField, ...]
) -> dict[str, Any]:
    page_type = taxonomy.types[collection.page_type]
    return {
        "name": collection.folder.replace("/", "-"),
        "label": collection.label,
        "label_singular": page_type.label,
        "description": page_type.explanation,
        "folder": collection.folder,
        "create": True,
        # Section pages (index.md) have no type: they are not listed.
        "filter": {"field": "type", "value": collection.page_type},
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["title", "last_reviewed_on"],
        "media_folder": "",
        "public_folder": "",
        "editor": {"preview": False},
        "fields": _fields(fields, collection.page_type),
    }


def cms_config(taxonomy: Taxonomy, site: SiteModel, settings: CmsSettings) -> dict[str, Any]:
    """The CMS configuration (``admin/config.yml``) for the pages of ``site``'s top layer,
    whose repository the CMS commits to (its paths are relative to that root).

    Every change goes through a pull (or merge) request: ``publish_mode:
    editorial_workflow``, so a reviewer and CI's ``entraide check`` see it first.
    """
    settings = settings.checked()
    fields = form_fields(taxonomy)
    top = site.top
    prefix = top.docs_dir.resolve().relative_to(top.root.resolve()).as_posix()
    config: dict[str, Any] = {
        "backend": settings.backend_config(),
        "publish_mode": "editorial_workflow",
        # File names as `entraide new` makes them: lower case, no accents, dashes.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "media_folder": f"{prefix}/assets/images".removeprefix("./"),
        "public_folder": "/assets/images",
    }
    if settings.name == "decap":
        config["locale"] = "fr"  # Sveltia CMS follows the browser's language, French included
    if settings.site_url:
        config["site_url"] = config["display_url"] = settings.site_url
    config["collections"] = [
        _collection(collection, taxonomy, fields) for collection in collections(taxonomy, site)
    ]
    return config


CONFIG_HEADER = (
    "# Généré par « entraide build » à partir de taxonomy.yml et du schéma des pages :\n"
    "# ne le modifiez pas à la main, changez l'option « cms » de mkdocs.yml.\n"
)


def config_text(config: dict[str, Any]) -> str:
    """``admin/config.yml``: YAML both CMS read, with a French header saying where it comes from."""
    dumped: str = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
    return CONFIG_HEADER + dumped


def admin_page(settings: CmsSettings) -> str:
    """``admin/index.html``: the page that loads the CMS, which reads ``config.yml`` beside it."""
    script = escape(CMS_SCRIPTS[settings.checked().name], quote=True)
    return (
        "<!doctype html>\n"
        '<html lang="fr">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        "<title>Proposer une modification — Entraide</title>\n"
        "</head>\n"
        "<body>\n"
        f'<script src="{script}"></script>\n'
        "</body>\n"
        "</html>\n"
    )
