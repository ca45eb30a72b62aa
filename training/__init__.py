"""Training: corpus building, baseline, transformer fine-tuning, export."""
