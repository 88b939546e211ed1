from transformers import AutoModel

SIZE = "small"
encoder = AutoModel.from_pretrained(f"openai/whisper-{SIZE}")  # an f-string: not resolvable
