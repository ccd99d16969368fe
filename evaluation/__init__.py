"""Evaluation scripts: each compares the pipeline with hand-made gold in evaluation/gold/."""
