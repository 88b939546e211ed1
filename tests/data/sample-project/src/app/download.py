import huggingface_hub
from huggingface_hub import hf_hub_download
from huggingface_hub import snapshot_download as fetch_all

weights = hf_hub_download("openai/whisper-small", "model.safetensors", revision="0e9e39f249a16976918f6564b8830bc894c89659")
config = hf_hub_download(repo_id="google/gemma-2-2b-it", filename="config.json")
folder = fetch_all("Qwen/Qwen2.5-0.5B-Instruct")
flux = huggingface_hub.snapshot_download(repo_id="black-forest-labs/FLUX.1-schnell", allow_patterns=["*.json"])
data = hf_hub_download(repo_id="HuggingFaceH4/ultrachat_200k", filename="train.parquet", repo_type="dataset")
docs = "https://huggingface.co/openai/whisper-large-v3"
mirror = hf_hub_download("https://huggingface.co/openai/whisper-large-v3", "config.json")
