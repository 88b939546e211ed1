"""Review52: a lineage config whose base key holds a list, a mapping or a number (``"base_model_name_or_path":
["CohereForAI/aya-23-8B"]``, ``"_name_or_path": {"a": 1}``) crashed the whole check (exit 4, nothing judged, for
every checkpoint of the manifest). It names a base licscan cannot follow: that checkpoint's evidence is incomplete
(unknown), the others are judged as usual. A config.json that is not JSON but shows the key is the same."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_real_card_gaps import CASES

LORA = CASES / "Kanicsha__UncensoredAI" / "files"   # README.md "# UncensoredAI" + adapter_config.json naming google/gemma-2b-it


def _check(tmp_path: Path, adapter_config: str) -> tuple[int, dict]:
    odd = tmp_path / "m" / "odd"
    shutil.copytree(LORA, odd)
    (odd / "adapter_config.json").write_text(adapter_config, encoding="utf-8")
    plain = tmp_path / "m" / "plain"
    plain.mkdir()
    (plain / "README.md").write_text("---\nlicense: mit\n---\n\n# plain\n", encoding="utf-8")
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: p\n  use: commercial\nmodels:\n"
                                          "  - path: m/odd\n  - path: m/plain\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "licscan", "check", "models.lock", "--offline", "--format", "json", "-q"],
                          cwd=tmp_path, capture_output=True, text=True, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin",
                                                                              "LICSCAN_CACHE_DIR": str(tmp_path / "cache"),
                                                                              "HF_HOME": str(tmp_path / "hf")})
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    return done.returncode, {c["id"]: c for c in json.loads(done.stdout)["checkpoints"]}


@pytest.mark.parametrize(("value", "kind"), [('["google/gemma-2b-it"]', "a list"), ('{"a": 1}', "a mapping"),
                                             ("7", "a number")])
def test_a_base_key_that_holds_no_name_makes_that_checkpoint_unknown_and_the_check_goes_on(tmp_path, value, kind):
    status, checkpoints = _check(tmp_path, f'{{"base_model_name_or_path": {value}, "peft_type": "LORA"}}')
    assert status == 1
    assert checkpoints["m/odd"]["verdict"] == "unknown"
    assert any(f"adapter_config.json: 'base_model_name_or_path' is {kind}, not a model name" in reason
               for reason in checkpoints["m/odd"]["reasons"])
    assert checkpoints["m/plain"]["verdict"] in ("allowed", "conditional")


def test_an_adapter_config_that_is_not_json_but_names_the_key_is_unreadable_evidence(tmp_path):
    status, checkpoints = _check(tmp_path, '{"base_model_name_or_path": "google/gemma-2b-it",,}')
    assert status == 1 and checkpoints["m/odd"]["verdict"] == "unknown"
    assert any("adapter_config.json: not valid JSON, so the base model its 'base_model_name_or_path' names could not be read"
               in reason for reason in checkpoints["m/odd"]["reasons"])
