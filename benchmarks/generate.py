"""Seeded generator of large synthetic cases in the data contract, for benchmarks.

    python benchmarks/generate.py S            # 1,000 actors / 3,000 claims
    python benchmarks/generate.py M            # 10,000 / 50,000
    python benchmarks/generate.py L            # 100,000 / 500,000
    python benchmarks/generate.py --actors 500 --claims 2000 --out benchmarks/cases/tiny

Cases look like curated ones: heavy-tailed degrees (a few hubs such as a state oil
company or a court), the default vocabulary's types and relations with the endpoint
types each allows, Latin and Cyrillic names with transliterated aliases, partial dates,
alleged and disputed claims with who claims them, and evidence with line numbers. The
same seed gives the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphkit.vocab import load_vocabulary  # noqa: E402

SIZES = {"S": (1_000, 3_000), "M": (10_000, 50_000), "L": (100_000, 500_000)}
GIVEN = ["Roza", "Natalia", "Akzhanat", "Esenbek", "Zhanbolat", "Aigul", "Serik", "Marat",
         "Galym", "Dariga", "Timur", "Asem", "Kairat", "Bolat", "Erlan", "Gulnara"]
FAMILY = ["Tuletaeva", "Sokolova", "Aminov", "Ukteshbayev", "Mamay", "Kenzhebaeva", "Kozlov",
          "Sapargali", "Ageleuov", "Nazarbayev", "Kulibaev", "Atabaev", "Zhovtis", "Kuramshin"]
CYR = str.maketrans({"a": "а", "e": "е", "o": "о", "k": "к", "m": "м", "t": "т", "r": "р",
                     "s": "с", "n": "н", "l": "л", "v": "в", "b": "б", "z": "з", "g": "г",
                     "d": "д", "i": "и", "u": "у", "y": "ы", "h": "х", "p": "п"})
ORG_WORDS = ["Munai", "Gaz", "Oil", "Energy", "Trans", "Kaspi", "Ozen", "Karazhanbas", "Aktobe",
             "Service", "Holding", "Union", "Bureau", "Court", "Campaign", "Press"]


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate(actors: int, claims: int, out: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocab = load_vocabulary()
    types = list(vocab.types)
    relations = [r for r in vocab.relations.values()]
    out.mkdir(parents=True, exist_ok=True)
    sources = [f"src-{i:03d}" for i in range(max(5, actors // 200))]
    with open(out / "sources.yaml", "w", encoding="utf-8") as fh:
        for s in sources:
            fh.write(f"- id: {s}\n  title: {q('Report ' + s)}\n  date: '20{rng.randint(10, 22)}'\n")
    kinds = []
    with open(out / "entities.yaml", "w", encoding="utf-8") as fh:
        for i in range(actors):
            kind = rng.choices(types, weights=[40, 8, 10, 6, 3, 6, 3, 5, 5, 8, 6])[0]
            kinds.append(kind)
            if kind == "person":
                name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}"
                aliases = [name.replace("ae", "aye").replace("zh", "j"),
                           name.lower().translate(CYR)]
            else:
                name = f"{rng.choice(ORG_WORDS)}{rng.choice(ORG_WORDS).lower()} {i}"
                aliases = [name.upper()]
            aliases = [a for a in dict.fromkeys(aliases) if a != name]
            fh.write(f"- id: a{i}\n  name: {q(name)}\n  type: {kind}\n")
            if aliases:
                fh.write(f"  aliases: [{', '.join(q(a) for a in aliases)}]\n")
            fh.write(f"  description: {q('Synthetic actor number ' + str(i) + '.')}\n")
            if kind == "event":
                fh.write(f"  date: '{rng.randint(2005, 2022)}-{rng.randint(1, 12):02d}'\n")
    by_type: dict[str, list[int]] = {}
    for i, kind in enumerate(kinds):
        by_type.setdefault(kind, []).append(i)
    # Preferential attachment: each actor is listed once, plus once more for every claim
    # it is part of, so a uniform draw from the list picks an actor with probability
    # proportional to 1 + its degree, in O(1) (rng.choices with weights is O(actors) per
    # draw, which made L take hours).
    attachment = list(range(actors))
    with open(out / "edges.yaml", "w", encoding="utf-8") as fh:
        for _ in range(claims):
            source = rng.choice(attachment) if rng.random() < 0.6 else rng.randrange(actors)
            rels = [r for r in relations if kinds[source] in r.source_types]
            rel = rng.choice(rels)
            pool = [t for t in rel.target_types if t in by_type]
            target = rng.choice(by_type[rng.choice(pool)])
            attachment += (source, target)
            status = rng.choices(["confirmed", "alleged", "disputed", "denied"],
                                 weights=[80, 10, 7, 3])[0]
            fh.write(f"- source: a{source}\n  target: a{target}\n  relation: {rel.key}\n")
            if status != "confirmed":
                fh.write(f"  status: {status}\n  claimed_by: [a{rng.randrange(actors)}]\n")
            if rng.random() < 0.6:
                fh.write(f"  date: '{rng.randint(2005, 2022)}-{rng.randint(1, 12):02d}'\n")
            line = rng.randint(1, 400)
            fh.write(f"  evidence: [{{source: {rng.choice(sources)}, lines: [{line}, "
                     f"\"{line + 1}-{line + 3}\"], note: {q('Synthetic note.')}}}]\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", choices=sorted(SIZES))
    parser.add_argument("--actors", type=int)
    parser.add_argument("--claims", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out")
    args = parser.parse_args()
    actors, claims = SIZES[args.size] if args.size else (args.actors, args.claims)
    if not actors or not claims:
        parser.error("give a size (S, M, L) or --actors and --claims")
    out = Path(args.out or Path(__file__).parent / "cases" / (args.size or f"{actors}-{claims}"))
    generate(actors, claims, out, args.seed)
    print(out)


if __name__ == "__main__":
    main()
