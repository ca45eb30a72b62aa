"""The polarscan HTTP service: FastAPI over ONNX Runtime (never torch, never training/)."""
