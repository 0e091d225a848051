"""The content repository's workflow files: valid YAML that runs only what the project has."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from entraide.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """YAML 1.1 reads the key ``on`` as True."""
    value = workflow.get("on", workflow.get(True))
    return value if isinstance(value, dict) else {name: None for name in value or ()}


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.MULTILINE))


def commands(script: str) -> list[list[str]]:
    """Each simple command of a ``run:`` script, as words."""
    found = []
    for line in script.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            if words:
                found.append(words)
    return found


def assert_runs_only_project_commands(words: list[str], where: str) -> None:
    program = Path(words[0]).name
    if program == "make":
        targets = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        assert targets, where
        missing = set(targets) - make_targets()
        assert not missing, f"{where}: cibles make inconnues {missing}"
    elif program == "entraide":
        try:
            build_parser().parse_args(words[1:])
        except SystemExit as exc:  # argparse refuses an unknown command or option
            raise AssertionError(f"{where}: « {' '.join(words)} » n'existe pas") from exc
    elif program in ("ruff", "mypy", "properdocs"):
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        assert f'"{program}' in pyproject, f"{where}: {program} n'est pas une dépendance"
    elif program == "python" and words[1:3] == ["-m", "pip"]:
        # Only this project, with its declared extras (Windows runners have no make).
        assert words[3:5] == ["install", "-e"], f"{where}: {' '.join(words)}"
        assert re.fullmatch(r"\.(\[[a-z,-]+\])?", words[5]), f"{where}: {words[5]}"
        extras = re.findall(r"[a-z-]+", words[5])
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        assert all(f"\n{extra} = [" in pyproject for extra in extras), f"{where}: {extras}"
    elif program == "python" and words[1:3] == ["-m", "pytest"]:
        assert '"pytest' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    else:
        raise AssertionError(f"{where}: « {words[0]} » n'est pas une commande du projet")


def steps(workflow: dict[Any, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (job_name, step)
        for job_name, job in workflow["jobs"].items()
        for step in job.get("steps", [])
    ]


def test_there_are_workflows() -> None:
    assert len(WORKFLOWS) >= 2


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_and_runs_only_project_commands(path: Path) -> None:
    workflow = load(path)
    assert workflow.get("name")
    assert triggers(workflow)
    for job_name, step in steps(workflow):
        assert ("run" in step) != ("uses" in step), f"{path.name}/{job_name}: {step}"
        if "uses" in step:
            assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), step["uses"]
        else:
            for words in commands(step["run"]):
                assert_runs_only_project_commands(words, f"{path.name}/{job_name}")


def test_every_pull_request_is_checked_then_built_strictly() -> None:
    checked = [load(p) for p in WORKFLOWS if "pull_request" in triggers(load(p))]
    assert checked
    runs = [step["run"] for workflow in checked for _, step in steps(workflow) if "run" in step]
    assert ".venv/bin/entraide check --format github" in runs
    assert "make build" in runs
    assert runs.index("make build") > runs.index(".venv/bin/entraide check --format github")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^build:.*\n\t.*entraide build --strict", makefile, re.MULTILINE)


def test_main_is_built_and_deployed_to_github_pages() -> None:
    [workflow] = [
        load(p) for p in WORKFLOWS if triggers(load(p)).get("push", {}).get("branches") == ["main"]
    ]
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    uses = {step["uses"].split("@")[0]: step for _, step in steps(workflow) if "uses" in step}
    site_dir = yaml.safe_load(
        re.sub(r"!!python/\S+", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    )["site_dir"]
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == site_dir
    deploy = next(
        job
        for job in workflow["jobs"].values()
        if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"])
    )
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] in workflow["jobs"]


def test_pre_commit_hooks_run_project_commands() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in hooks} >= {"entraide-check", "ruff", "ruff-format", "mypy"}
    for hook in hooks:
        assert hook["language"] == "system"
        assert_runs_only_project_commands(shlex.split(hook["entry"]), hook["id"])
    check = next(hook for hook in hooks if hook["id"] == "entraide-check")
    assert re.match(check["files"], "docs/procedures/caf/prime-activite.md")


def test_codeowners_and_pull_request_template() -> None:
    owners = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    rules = [line.split() for line in owners.splitlines() if line and not line.startswith("#")]
    assert all(len(rule) >= 2 and all(o.startswith("@") for o in rule[1:]) for rule in rules)
    for folder in ("/docs/procedures/", "/docs/pedagogy/", "/docs/faq/"):
        assert folder in {rule[0] for rule in rules}
        assert (ROOT / folder.strip("/")).is_dir()
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    for item in ("Posture", "Sources", "Données personnelles", "Relue par l'autre métier"):
        assert f"- [ ] **{item}**" in template


@pytest.mark.parametrize(
    "command",
    [
        "make deploy",
        "entraide publish",
        "entraide check --strict",
        "npm run build",
        "python -m pip install requests",
        'python -m pip install -e ".[inconnu]"',
        "python script.py",
    ],
)
def test_commands_the_project_lacks_are_caught(command: str) -> None:
    with pytest.raises(AssertionError):
        assert_runs_only_project_commands(shlex.split(command), "essai")


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_workflows_follow_github_schema(schema: str) -> None:
    """GitHub's own workflow schema (vendored by check-jsonschema), every job time-bounded."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            schema,
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_are_checked_on_windows_and_macos_and_built_with_properdocs() -> None:
    [workflow] = [load(p) for p in WORKFLOWS if "pull_request" in triggers(load(p))]
    matrix_jobs = [job for job in workflow["jobs"].values() if "strategy" in job]
    [portable] = [
        job
        for job in matrix_jobs
        if {"windows-latest", "macos-latest", "ubuntu-latest"}
        <= set(job["strategy"]["matrix"]["os"])
    ]
    assert portable["runs-on"] == "${{ matrix.os }}"
    runs = [step["run"] for step in portable["steps"] if "run" in step]
    assert "entraide check --format github" in runs
    assert "entraide build --strict" in runs
    assert 'python -m pytest -m "not browser" -q' in runs
    properdocs = [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("run", "").startswith("properdocs build --strict")
    ]
    assert properdocs == ["properdocs build --strict -f mkdocs.yml -d site-properdocs"]
