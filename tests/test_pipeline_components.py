"""A diffusers pipeline's components (review27): the text encoder, VAE or safety checker a pipeline ships was taken from
another model ("openai/clip-vit-large-patch14" in nearly every SD 1.5 and SDXL pipeline, whose card declares no
license); it is no base of the pipeline, and following it made every such pipeline unknown. Its name is still read for
a family it names (HiDream's text_encoder_4, Llama 3.1); the denoiser's (unet, transformer) is followed as a base."""

from __future__ import annotations

import json
from pathlib import Path

from licscan.base_ids import config_base_ids
from licscan.model import ManifestEntry
from licscan.sources.local import LocalSource

APACHE = (Path(__file__).resolve().parents[1] / "license_texts" / "apache-2.0.txt").read_text(encoding="utf-8")
CARD = "---\nlicense: apache-2.0\nlibrary_name: diffusers\n---\n\n# inkwash-diffusion\n\nInk-wash style images.\n"


def _pipeline(tmp_path: Path, components: dict[str, str]):
    (tmp_path / "README.md").write_text(CARD, encoding="utf-8")
    (tmp_path / "LICENSE").write_text(APACHE, encoding="utf-8")
    index = {"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.30.0",
             **{folder: ["transformers" if "encoder" in folder else "diffusers", "X"] for folder in components}}
    (tmp_path / "model_index.json").write_text(json.dumps(index), encoding="utf-8")
    for folder, loaded_from in components.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "config.json").write_text(json.dumps({"_name_or_path": loaded_from}), encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return evidence


def _check(tmp_path: Path, components: dict[str, str]) -> str:
    """`licscan check` of a manifest listing the pipeline folder, offline: the verdict line."""
    import subprocess
    import sys

    folder = tmp_path / "artlab__inkwash-diffusion"
    folder.mkdir()
    _pipeline(folder, components)
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: p\n  use: commercial\nmodels:\n"
                                          "  - path: artlab__inkwash-diffusion\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "licscan", "check", str(tmp_path / "models.lock"), "--offline", "-v"],
                          capture_output=True, text=True, cwd=tmp_path, env={**__import__("os").environ, "LICSCAN_CACHE_DIR": str(tmp_path / "c")})
    return done.stdout


def test_a_text_encoder_taken_from_clip_is_no_base(tmp_path):
    evidence = _pipeline(tmp_path, {"text_encoder": "openai/clip-vit-large-patch14", "vae": "stabilityai/sd-vae-ft-mse",
                                    "unet": "/tmp/tmpa1b2/unet"})
    followed = [repo for repo, _ in config_base_ids(evidence, "artlab/inkwash-diffusion")]
    assert "openai/clip-vit-large-patch14" not in followed and "stabilityai/sd-vae-ft-mse" not in followed, followed


def test_the_denoisers_source_is_still_followed(tmp_path):
    evidence = _pipeline(tmp_path, {"text_encoder": "openai/clip-vit-large-patch14",
                                    "transformer": "black-forest-labs/FLUX.1-dev"})
    assert [repo for repo, _ in config_base_ids(evidence, "artlab/inkwash-diffusion")] == ["black-forest-labs/FLUX.1-dev"]


def test_an_sd_pipeline_with_clip_s_text_encoder_is_judged_on_its_own_license(tmp_path):
    out = _check(tmp_path, {"text_encoder": "openai/clip-vit-large-patch14", "safety_checker": "CompVis/stable-diffusion-safety-checker",
                            "unet": "/tmp/tmpa1b2/unet"})
    assert "models.lock:6): allowed" in out, out


def test_a_component_naming_a_family_still_gives_its_license(tmp_path):
    out = _check(tmp_path, {"text_encoder_4": "meta-llama/Llama-3.1-8B-Instruct", "transformer": "/tmp/x/transformer"})
    assert "models.lock:6): conditional" in out and "llama3.1" in out, out


def test_a_denoiser_under_a_folder_name_of_its_own_is_followed(tmp_path):
    # review28: a FLUX-style transformer saved under "dit" (and the T2I-Adapter pipeline's "adapter") holds the pipeline's
    # own weights: only the components taken whole from another model (encoders, tokenizers, VAEs, a safety checker) are not
    evidence = _pipeline(tmp_path, {"dit": "acme/gated-non-commercial", "adapter": "acme/other-adapter",
                                    "text_encoder": "openai/clip-vit-large-patch14"})
    assert sorted(repo for repo, _ in config_base_ids(evidence, "artlab/inkwash-diffusion")) == \
        ["acme/gated-non-commercial", "acme/other-adapter"]
