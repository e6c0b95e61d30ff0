"""The GitHub workflows parse and call only make targets that exist.

actionlint is not installable here (its PyPI wrapper downloads a binary), so
this checks what it would check first: YAML, triggers, and the commands run.
"""

from __future__ import annotations

import re

import pytest
import yaml

from sitegen.testing import ROOT

pytestmark = pytest.mark.campaign  # this repository's workflows and Makefile, not a generated campaign's

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


def test_workflows_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"pr.yml", "deploy.yml", "external-links.yml"} <= names


def test_workflows_parse_and_call_existing_targets():
    targets = make_targets()
    calls = 0
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow.get("jobs"), path.name
        assert True in workflow or "on" in workflow, f"{path.name}: no trigger"
        for name, job in workflow["jobs"].items():
            assert job.get("steps"), f"{path.name}: job {name} has no steps"
            for step in job["steps"]:
                for called in re.findall(r"\bmake\s+([a-z][\w-]*)", step.get("run", "")):
                    assert called in targets, f"{path.name}: job {name} runs `make {called}`, not in the Makefile"
                    calls += 1
    assert calls, "no workflow step runs make: are the workflows in .github/workflows?"


def test_pull_requests_run_make_test_and_keep_the_audit():
    pr = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    assert "pull_request" in pr[True]
    runs = " ".join(step.get("run", "") for job in pr["jobs"].values() for step in job["steps"])
    uses = " ".join(step.get("uses", "") for job in pr["jobs"].values() for step in job["steps"])
    assert "make test" in runs and "upload-artifact" in uses


def test_weekly_external_link_check():
    ext = yaml.safe_load((ROOT / ".github/workflows/external-links.yml").read_text(encoding="utf-8"))
    assert "schedule" in ext[True]
    assert any("make check-external" in step.get("run", "") for job in ext["jobs"].values() for step in job["steps"])


def test_deploy_publishes_the_downloads():
    """`make build` makes pages only; the published site needs `make publish` (pages and downloads)."""
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    runs = " ".join(step.get("run", "") for job in deploy["jobs"].values() for step in job["steps"])
    assert "make publish" in runs


def test_make_help_lists_every_target():
    """`make help` is the front door: each target with a recipe is listed with what it does."""
    import subprocess
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    shown = set(re.findall(r"^  make (\S+)", listed, re.M))
    phony = re.search(r"^\.PHONY: (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)[1].split()
    assert set(phony) <= shown, f"missing from `make help`: {sorted(set(phony) - shown)}"
