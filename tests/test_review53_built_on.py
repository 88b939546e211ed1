"""Review53: "Built on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)." under an MIT LICENSE (the corpus
text) passed: "built on" a linked model repo names the model's source, as "fine-tuned version of [X](...)" does, when
the model (or the sentence itself) is what was built; an app, a demo or a tool built on a model names no base."""

from __future__ import annotations

import pytest

from tests.test_base_model_label_lines import _judge


@pytest.mark.parametrize("line", ["Built on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
                                  "This model is built on top of [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
                                  # review55: the model by its name, "builds on", "we built X on top of"
                                  "Acme-7B is built on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
                                  "Acme-7B, built on [Secret-NC-7B](https://huggingface.co/acme/secret-nc-7b), is a chat model.",
                                  "Acme-7B builds on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
                                  "We built Acme-7B on top of [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)."])
def test_a_model_built_on_a_linked_model_repo_follows_it(tmp_path, line):
    result = _judge(tmp_path, f"---\nlicense: mit\n---\n\n# tuned\n\nA chat model.\n\n{line}\n")
    assert (result.classification.license_id, result.verdict) == ("cc-by-nc-4.0", "denied"), result.reasons


@pytest.mark.parametrize("line", ["The demo app is built on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
                                  "Our evaluation tool is built on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
                                  "The Gradio v4 app is built on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
                                  "Acme-7B is built on [transformers](https://github.com/huggingface/transformers)."])
def test_an_app_or_tool_built_on_a_model_names_no_base(tmp_path, line):
    result = _judge(tmp_path, f"---\nlicense: mit\n---\n\n# tuned\n\nA chat model.\n\n{line}\n")
    assert (result.classification.license_id, result.verdict) == ("mit", "allowed"), result.reasons
