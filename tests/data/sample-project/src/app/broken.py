from transformers import AutoModel

def load(:
    return AutoModel.from_pretrained("should/not-be-found")
