# no coding cookie, and not UTF-8: ÿþè
from transformers import AutoModel
m = AutoModel.from_pretrained("should/not-be-found")
