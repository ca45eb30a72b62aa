"""models.config: one override spelling, ``--set section.key=VALUE``, for every command that reads a config
(``train`` also keeps the older ``--section.key VALUE``)."""

import pytest

from polarscan.models.config import ConfigError, apply_overrides, parse_overrides, parse_set


def test_set_pairs_split_at_the_first_equals_sign():
    assert parse_set(["train.epochs=3", " thresholds.strategy =best", "note=a=b", "output.model_version="]) == [
        ("train.epochs", "3"), ("thresholds.strategy", "best"), ("note", "a=b"), ("output.model_version", "")]


@pytest.mark.parametrize("bad", ["train.epochs", "=3", " =3"])
def test_set_without_a_key_and_value_is_an_error_that_shows_the_spelling(bad):
    with pytest.raises(ConfigError, match=r"--set expects section\.key=VALUE"):
        parse_set([bad])


def test_both_spellings_set_the_same_values():
    old = parse_overrides(["--train.epochs", "3", "--model.freeze-layers=0"])
    assert old == [("train.epochs", "3"), ("model.freeze_layers", "0")]
    new = parse_set(["train.epochs=3", "model.freeze_layers=0"])
    assert apply_overrides({}, old) == apply_overrides({}, new) == {"train": {"epochs": 3}, "model": {"freeze_layers": 0}}
    with pytest.raises(ConfigError, match="--set section.key=VALUE"):
        parse_overrides(["train.epochs"])
