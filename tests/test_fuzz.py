"""Fuzzed real letters never crash the build: a fast sample of `python -m bench.fuzz`."""

from __future__ import annotations

from pathlib import Path

from bench import fuzz


def test_fuzzed_letters_end_in_located_errors_or_a_build_never_a_traceback(tmp_path: Path) -> None:
    sources = [fuzz.OWN, *fuzz.field_letters()]
    assert len(sources) > 50, "the field corpus is beside the repository (../shared/field-corpus)"
    tally = fuzz.run(sources, 80, seed=1600, work=tmp_path)
    assert tally.tracebacks == []
    assert tally.unlocated == []
    assert tally.half_written == [], "a failed build must leave docs/ as it was"
    assert tally.total == 80 and tally.built >= 10 and tally.refused >= 10
    # each letter met its own edition's registers: the project's, and field editions' own files
    assert tally.registers["tei"] >= 25 and sum(tally.registers.values()) == 80
    assert len({name for name in tally.registers if name not in ("tei", "no-registers")}) >= 3


def test_the_variants_are_the_same_for_the_same_seed() -> None:
    sources = [fuzz.OWN]
    assert list(fuzz.variants(sources, 20, seed=3)) == list(fuzz.variants(sources, 20, seed=3))
    assert list(fuzz.variants(sources, 20, seed=3)) != list(fuzz.variants(sources, 20, seed=4))


def test_each_letter_is_built_with_its_own_editions_registers() -> None:
    assert fuzz.registers_of(fuzz.OWN) == fuzz.OWN_REGISTERS
    tillich = fuzz.FIELD / "tillich-briefe" / "letters" / "L00361.xml"
    assert fuzz.registers_of(tillich) == fuzz.FIELD / "tillich-briefe" / "registers"
    assert fuzz.registers_of(fuzz.FIELD / "suriano" / "letters" / "02_001.xml") is None  # keeps none
