"""polarscan ground floor: taxonomy, normaliser, language id, bundle format, ONNX predictor.

Everything else (training, evaluation, serving) stands on this package. It imports neither
torch nor training code.
"""

__version__ = "0.1.0"
