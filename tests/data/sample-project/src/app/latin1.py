# -*- coding: latin-1 -*-
# Modèle d'embeddings (commentaire en Latin-1)
from transformers import AutoModel

embedder = AutoModel.from_pretrained("intfloat/multilingual-e5-small")
