#!/usr/bin/env python3
"""Prints a wrk Lua script that asks GET /api/v1/actors with one word and three facets
(sector, county, SDG) drawn at random from the reference data, a different query each time.
    bench/actors/queries.py [PATH_PREFIX] > queries.lua"""
import csv
import os
import random
import sys
import urllib.parse

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
WORDS = ["äldreomsorg", "återbruk", "matkassar", "cykelreparationer", "hemtjänst", "arbetsträning",
         "kulturverksamhet", "stadsodling", "läxhjälp", "energirådgivning", "reuse", "gardens", "care"]


def codes(name, column):
    with open(os.path.join(ROOT, "data", "reference", name), newline="", encoding="utf-8") as f:
        return [row[column] for row in csv.DictReader(f)]


prefix = sys.argv[1] if len(sys.argv) > 1 else "/api/v1/actors"
rng = random.Random(3)
sectors, counties = codes("sectors.csv", "code"), codes("se-counties.csv", "code")
paths = []
for _ in range(500):
    query = {"q": rng.choice(WORDS), "sector": rng.choice(sectors), "county": rng.choice(counties),
             "sdg": str(rng.randrange(1, 18))}
    paths.append(prefix + "?" + urllib.parse.urlencode(query))
print("local paths = {")
for p in paths:
    print(f'  "{p}",')
print("}")
print("math.randomseed(7)")
print("request = function() return wrk.format(\"GET\", paths[math.random(#paths)]) end")
