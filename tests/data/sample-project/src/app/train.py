"""Fine-tuning script (fixture: scanned by licscan's tests, never run)."""

from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

BASE = "meta-llama/Llama-3.1-8B-Instruct"

tokenizer = AutoTokenizer.from_pretrained(BASE)  # a variable: not resolvable
model = AutoModelForCausalLM.from_pretrained(
    "mistralai/Mistral-7B-v0.1",
    revision="7231864981174d9bee8c7687c24c8344414eae6b",
)
classifier = pipeline("text-classification", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")
summarizer = pipeline("summarization", "facebook/bart-large-cnn")
generator = pipeline(task="text-generation")  # no model: the task's default checkpoint, not resolvable
finetuned = AutoModelForCausalLM.from_pretrained("./checkpoints/my-finetune")  # a local path
previous = AutoModelForCausalLM.from_pretrained("checkpoints/my-finetune")  # an existing folder
legacy = AutoModelForCausalLM.from_pretrained("gpt2")  # no owner: not matched
