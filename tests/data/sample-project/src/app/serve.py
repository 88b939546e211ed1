import transformers
from transformers import pipeline as make_pipeline

detector = make_pipeline(model="facebook/detr-resnet-50", revision="v2.0")
asr = transformers.pipeline(
    task="automatic-speech-recognition",
    model="openai/whisper-small",
)
