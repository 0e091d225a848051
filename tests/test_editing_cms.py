"""The Git-host CMS configuration written by a real build: what Decap CMS / Sveltia CMS expect,
generated from the same schema and taxonomy as ``entraide check``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from entraide.content.page import content_type_for
from entraide.content.schema import front_matter_schema
from entraide.content.taxonomy import load_taxonomy
from entraide.editing.cms import CMS_SCRIPTS, CmsConfigError, CmsSettings, admin_page, cms_config
from entraide.mkdocs_plugin.cms import write_admin
from entraide.network.config import NetworkConfigError, load_config
from entraide.sitebuild import BuildError
from entraide.website.model import SiteModel, walk
from tests.build_helpers import build, captured_mkdocs_logs
from tests.conftest import copy_sources
from tests.network_helpers import make_base

# Decap's widgets (decap-cms-app registers these); Sveltia CMS reads the same names.
DECAP_WIDGETS = {
    "boolean", "code", "color", "datetime", "file", "hidden", "image", "list", "map",
    "markdown", "number", "object", "relation", "select", "string", "text", "uuid",
}  # fmt: skip
# What Decap's own config check (decap-cms-core/src/constants/configSchema.js and the select,
# datetime, list and markdown widget schemas) demands of the parts we write.
_FIELD: dict[str, Any] = {
    "type": "object",
    "required": ["name", "label", "widget"],
    "properties": {
        "name": {"type": "string"},
        "label": {"type": "string"},
        "widget": {"enum": sorted(DECAP_WIDGETS)},
        "required": {"type": "boolean"},
        "hint": {"type": "string"},
        "pattern": {
            "type": "array",
            "prefixItems": [{"type": "string"}, {"type": "string"}],
            "minItems": 2,
            "maxItems": 2,
        },
        "field": {"$ref": "#/$defs/field"},
        "fields": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/field"}},
        "options": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["label", "value"],
                "properties": {"label": {"type": "string"}, "value": {"type": "string"}},
                "additionalProperties": False,
            },
        },
        "multiple": {"type": "boolean"},
        "min": {"type": "integer"},
        "format": {"type": "string"},
        "date_format": {"type": ["string", "boolean"]},
        "time_format": {"type": ["string", "boolean"]},
        "picker_utc": {"type": "boolean"},
        "modes": {
            "type": "array",
            "minItems": 1,
            "items": {"enum": ["raw", "rich_text"]},
        },
    },
    "allOf": [
        {
            "if": {"properties": {"widget": {"const": "select"}}},
            "then": {"required": ["options"]},
        },
        {
            "if": {"properties": {"widget": {"const": "object"}}},
            "then": {"required": ["fields"]},
        },
    ],
}
DECAP_CONFIG_SCHEMA: dict[str, Any] = {
    "$defs": {"field": _FIELD},
    "type": "object",
    "required": ["backend", "collections", "media_folder"],
    "properties": {
        "backend": {
            "type": "object",
            "required": ["name", "repo", "branch"],
            "properties": {
                "name": {"enum": ["github", "gitlab"]},
                "open_authoring": {"type": "boolean"},
            },
        },
        "publish_mode": {"enum": ["simple", "editorial_workflow", ""]},
        "locale": {"type": "string"},
        "slug": {
            "type": "object",
            "properties": {
                "encoding": {"enum": ["unicode", "ascii"]},
                "clean_accents": {"type": "boolean"},
            },
        },
        "collections": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "label", "folder", "fields", "extension", "format"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                    "create": {"type": "boolean"},
                    "filter": {
                        "type": "object",
                        "required": ["field", "value"],
                        "properties": {"field": {"type": "string"}, "value": {"type": "string"}},
                        "additionalProperties": False,
                    },
                    "format": {"const": "frontmatter"},
                    "fields": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/field"}},
                },
            },
        },
    },
}

CMS_OPTIONS = """\
  - entraide:
      cms:
        name: decap
        repo: reseau-drome/entraide
        open_authoring: true
"""


def with_cms(project: Path, options: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - entraide:\n", options, 1), encoding="utf-8")


def fields_of(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in collection["fields"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build of the repository's site with a CMS and one theme added to the taxonomy."""
    project = copy_sources(tmp_path_factory.mktemp("cms") / "project")
    taxonomy = project / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(
        text.replace("themes:\n", "themes:\n  jardinage:\n    label: Jardins partagés\n", 1),
        encoding="utf-8",
    )
    with_cms(project, CMS_OPTIONS)
    build(project, strict=True)
    return project


def test_the_generated_configuration_is_what_decap_accepts(built: Path) -> None:
    config = yaml.safe_load((built / "site" / "admin" / "config.yml").read_text("utf-8"))
    errors = sorted(Draft202012Validator(DECAP_CONFIG_SCHEMA).iter_errors(config), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {
        "name": "github",
        "repo": "reseau-drome/entraide",
        "branch": "main",
        "squash_merges": True,
        "open_authoring": True,
    }
    assert config["locale"] == "fr"
    for collection in config["collections"]:
        body = fields_of(collection)["body"]
        assert body["widget"] == "markdown" and body["modes"] == ["raw"]


def test_every_content_page_is_in_the_collection_of_its_folder(built: Path) -> None:
    taxonomy = load_taxonomy(built / "taxonomy.yml")
    config = yaml.safe_load((built / "site" / "admin" / "config.yml").read_text("utf-8"))
    by_folder = {c["folder"]: c for c in config["collections"]}
    assert len(by_folder) == len(config["collections"])
    pages = [(path, content_type_for(path, taxonomy)) for path, _ in walk(built / "docs")]
    pages = [(path, kind) for path, kind in pages if kind is not None]
    assert len(pages) > 100
    for path, kind in pages:
        collection = by_folder[f"docs/{Path(path).parent.as_posix()}"]
        assert collection["filter"] == {"field": "type", "value": kind}, path
        assert fields_of(collection)["type"] == {
            "name": "type",
            "label": "Type de page",
            "widget": "hidden",
            "default": kind,
        }
    assert by_folder["docs/procedures/caf"]["label"] == (
        "Procédures : Caisse d'allocations familiales (CAF)"
    )
    assert "docs/procedures" not in by_folder  # guides are filed by organisation


def test_choices_and_required_flags_come_from_the_schema(built: Path) -> None:
    taxonomy = load_taxonomy(built / "taxonomy.yml")
    schema = front_matter_schema(taxonomy)
    config = yaml.safe_load((built / "site" / "admin" / "config.yml").read_text("utf-8"))
    for collection in config["collections"]:
        page_type = collection["filter"]["value"]
        fields = fields_of(collection)
        themes = fields["themes"]
        assert themes["multiple"] is True and themes["min"] == 1
        assert {"label": "Jardins partagés", "value": "jardinage"} in themes["options"]
        for key in ("mediation", "themes", "organisations", "publics"):
            options = fields[key]["options"]
            assert [o["value"] for o in options] == list(taxonomy.facet(key))
            assert set(schema["properties"][key]["items"]["enum"]) == {o["value"] for o in options}
        required = set(schema["required"]) | {
            key
            for rule in schema["allOf"]
            if rule["if"]["properties"]["type"]["const"] == page_type
            for key in rule["then"]["required"]
        }
        for name, field in fields.items():
            if name in ("type", "body"):
                continue
            assert field["required"] is (name in required), (page_type, name)
        assert (
            fields["sources"]["field"]["pattern"][0]
            == (schema["properties"]["sources"]["items"]["pattern"])
        )
        assert fields["last_reviewed_on"]["format"] == "YYYY-MM-DD"
    kinds = {c["filter"]["value"] for c in config["collections"]}
    assert kinds == set(taxonomy.types)


def test_admin_page_loads_the_pinned_cms_outside_the_reader_policy(built: Path) -> None:
    site = built / "site"
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == [f'<script src="{CMS_SCRIPTS["decap"]}">']
    assert re.search(r"@\d+\.\d+\.\d+/", CMS_SCRIPTS["decap"])
    assert "Content-Security-Policy" not in page
    assert "Content-Security-Policy" in (site / "faq" / "index.html").read_text("utf-8")


def test_a_self_hosted_gitlab_signs_in_without_a_server() -> None:
    settings = CmsSettings(
        "decap",
        "gitlab",
        "france-services/entraide",
        base_url="https://gitlab.adullact.net",
        api_root="https://gitlab.adullact.net/api/v4",
        app_id="0123abcd",
    )
    assert settings.checked().backend_config() == {
        "name": "gitlab",
        "repo": "france-services/entraide",
        "branch": "main",
        "squash_merges": True,
        "base_url": "https://gitlab.adullact.net",
        "api_root": "https://gitlab.adullact.net/api/v4",
        "auth_type": "pkce",
        "app_id": "0123abcd",
    }


def test_sveltia_reads_the_same_configuration_from_its_own_script(repo_root: Path) -> None:
    sveltia = CmsSettings("sveltia", "gitlab", "reseau/entraide")
    page = admin_page(sveltia)
    assert f'<script src="{CMS_SCRIPTS["sveltia"]}"></script>' in page
    assert re.search(r"@\d+\.\d+\.\d+/", CMS_SCRIPTS["sveltia"])
    taxonomy = load_taxonomy(repo_root / "taxonomy.yml")
    site = SiteModel.plain(repo_root / "docs", repo_root)
    decap = cms_config(taxonomy, site, CmsSettings("decap", "gitlab", "reseau/entraide"))
    assert cms_config(taxonomy, site, sveltia) == {k: v for k, v in decap.items() if k != "locale"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (CmsSettings("decap"), r"cms\.repo manque"),
        (CmsSettings("wordpress", repo="a/b"), "choisissez none, decap ou sveltia"),
        (CmsSettings("decap", "gitlab", "a/b", open_authoring=True), "qu'avec GitHub"),
        (CmsSettings("decap", "github", "a/b", app_id="x"), "connexion GitLab sans serveur"),
    ],
)
def test_unusable_settings_are_refused_in_french(settings: CmsSettings, message: str) -> None:
    with pytest.raises(CmsConfigError, match=message):
        settings.checked()


def test_a_cms_without_repository_stops_the_build(project: Path) -> None:
    with_cms(project, "  - entraide:\n      cms:\n        name: sveltia\n")
    with captured_mkdocs_logs() as logs, pytest.raises(BuildError):
        build(project, strict=True)
    assert any("plugin entraide : cms.repo manque" in m for m in logs.messages)
    assert not (project / "site").exists()


def test_no_cms_no_admin_folder(tmp_path: Path, repo_root: Path) -> None:
    taxonomy = load_taxonomy(repo_root / "taxonomy.yml")
    site = SiteModel.plain(repo_root / "docs", repo_root)
    write_admin(tmp_path, CmsSettings(), taxonomy, site)
    assert list(tmp_path.iterdir()) == []


def test_a_network_edits_its_own_pages_where_the_shared_ones_are_filed(tmp_path: Path) -> None:
    """The network's ``cms:`` (not the base's) decides; collections point into its local/."""
    base = make_base(tmp_path / "base")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def entraide(*args: str, cwd: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "entraide.cli.main", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
        assert done.returncode == 0, done.stderr

    entraide("network", "init", "reseau", "--name", "Réseau", "--base", str(base), cwd=tmp_path)
    network = tmp_path / "reseau"
    settings = network / "entraide-reseau.yml"
    scaffold = settings.read_text(encoding="utf-8")
    assert "# cms:\n#   name: decap" in scaffold
    settings.write_text(
        scaffold + "cms:\n  name: decap\n  backend: gitlab\n  repo: gard/entraide\n",
        encoding="utf-8",
    )
    entraide("build", cwd=network)
    config = yaml.safe_load((network / "site" / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"]["repo"] == "gard/entraide"
    folders = {c["folder"] for c in config["collections"]}
    assert {"local/procedures/caf", "local/faq"} <= folders
    assert all(folder.startswith("local/") for folder in folders)


def test_a_network_cms_section_is_checked_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "entraide-reseau.yml").write_text(
        'name: "Réseau"\ncms:\n  name: decap\n  repository: gard/entraide\n', encoding="utf-8"
    )
    with pytest.raises(
        NetworkConfigError, match=r"entraide-reseau\.yml:2 : cms\.repository inconnu"
    ):
        load_config(tmp_path)
