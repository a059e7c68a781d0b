#!/usr/bin/env python3
"""Writes N synthetic, fictional actors as JSON Lines in the format of
`samverkan export actors` (data/demo/actors.jsonl), for the directory benchmark.

Every code comes from data/reference, so every row is valid; names are made of invented
words, never real organisations or people. The same --seed gives the same file.

    bench/actors/generate.py --count 1000000 > /tmp/actors-1m.jsonl
"""
import argparse
import csv
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

FIRST = ["Åkerö", "Ängby", "Österlid", "Björkdal", "Café", "Zetalund", "Älvnäs", "Ekbacka", "Ögonsten",
         "Aroslund", "Lindholm", "Granvik", "Sjövik", "Bergsäng", "Norrtäppa", "Sunnanå", "Vinterhamn",
         "Mossgård", "Tallbo", "Havsklint"]
SECOND = ["Bygg", "Omsorg", "Föreningen", "Lärande", "Mat", "Hus", "Äldreomsorg", "Textil", "Återbruk",
          "Cykelverkstad", "Trädgård", "Kooperativet", "Café", "Städ", "Snickeri", "Kollo", "Musik"]
FORM = ["AB", "ekonomisk förening", "ideell förening", "stiftelse", "", ""]
EN_SECOND = {"Bygg": "Construction", "Omsorg": "Care", "Föreningen": "Association", "Lärande": "Learning",
             "Mat": "Food", "Hus": "Housing", "Äldreomsorg": "Elderly Care", "Textil": "Textiles",
             "Återbruk": "Reuse", "Cykelverkstad": "Bicycle Workshop", "Trädgård": "Gardens",
             "Kooperativet": "Cooperative", "Café": "Café", "Städ": "Cleaning", "Snickeri": "Joinery",
             "Kollo": "Summer Camp", "Musik": "Music"}
SV_TOPICS = ["äldreomsorgen", "arbetsträning", "återbruk av möbler", "läxhjälp för unga", "matkassar",
             "integration av nyanlända", "cykelreparationer", "stadsodling", "kulturverksamhet",
             "hemtjänst", "second hand-butiker", "kooperativa hyresrätter", "idrott för barn",
             "digital delaktighet", "energirådgivning"]
EN_TOPICS = ["elderly care", "work training", "furniture reuse", "homework help for young people",
             "food parcels", "integration of newcomers", "bicycle repairs", "urban farming",
             "cultural activities", "home care", "second-hand shops", "cooperative housing",
             "sports for children", "digital inclusion", "energy advice"]
SIZE_BANDS = ["1-9", "10-49", "50-249", "250+"]


def read_codes(name, column):
    with open(os.path.join(ROOT, "data", "reference", name), newline="", encoding="utf-8") as f:
        return [row[column] for row in csv.DictReader(f)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="bench-", help="external id prefix")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    sectors = read_codes("sectors.csv", "code")
    counties = read_codes("se-counties.csv", "code")
    municipalities = read_codes("se-municipalities.csv", "code")
    target_groups = read_codes("target-groups.csv", "code")
    out = sys.stdout
    write = out.write
    for i in range(args.count):
        second = rng.choice(SECOND)
        base = f"{rng.choice(FIRST)} {second}"
        form = rng.choice(FORM)
        name_sv = f"{base} {form}".strip() + f" {i % 997}"
        topic = rng.randrange(len(SV_TOPICS))
        other = rng.randrange(len(SV_TOPICS))
        social = rng.random() < 0.4
        member = rng.random() < 0.3
        actor = {
            "external_id": f"{args.prefix}{i}",
            "language": "sv",
            "name": {"sv": name_sv, "en": "" if rng.random() < 0.2 else f"{base.split()[0]} {EN_SECOND[second]} {i % 997}"},
            "sector": rng.choice(sectors),
            "social_enterprise": social,
            "wise": social and rng.random() < 0.5,
            "municipality": rng.choice(municipalities) if rng.random() < 0.9 else "",
            "regions": sorted(set(rng.choice(counties) if rng.random() > 0.05 else "SE" for _ in range(rng.randrange(4)))),
            "sdgs": sorted(set(rng.randrange(1, 18) for _ in range(rng.randrange(5)))),
            "target_groups": sorted(set(rng.choice(target_groups) for _ in range(rng.randrange(4)))),
            "summary": {"sv": f"Vi arbetar med {SV_TOPICS[topic]} och {SV_TOPICS[other]}.",
                        "en": f"We work with {EN_TOPICS[topic]} and {EN_TOPICS[other]}."},
            "description": {"sv": f"Verksamheten startade för att erbjuda {SV_TOPICS[topic]} i närområdet.",
                            "en": ""},
            "offers": {"sv": f"Vi erbjuder {SV_TOPICS[other]}.", "en": f"We offer {EN_TOPICS[other]}."},
            "seeks": {"sv": "Vi söker samarbetspartner.", "en": "We seek partners."},
            "website": f"https://aktor-{i}.example",
            "founded": rng.randrange(1950, 2025),
            "size_band": rng.choice(SIZE_BANDS),
            "certifications": [],
            "alliance_member": member,
            "member_since": f"20{rng.randrange(15, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}" if member else "",
            "partners": [f"{args.prefix}{rng.randrange(i)}"] if i > 0 and rng.random() < 0.1 else [],
        }
        write(json.dumps(actor, ensure_ascii=False, separators=(", ", ": ")))
        write("\n")


if __name__ == "__main__":
    main()
