#!/usr/bin/env python3
"""Prints a wrk Lua script that asks GET /api/v1/needs/{id}/matches?limit=10 for 500 open needs
of NEEDS_FILE (JSON Lines) drawn at random, a different need each request.

    bench/matching/queries.py NEEDS_FILE [PATH_FORMAT] > matches.lua
PATH_FORMAT defaults to /api/v1/needs/{}/matches?limit=10 ({} is the need's external_id)."""
import json
import random
import sys

path_format = sys.argv[2] if len(sys.argv) > 2 else "/api/v1/needs/{}/matches?limit=10"
ids = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            record = json.loads(line)
            if record.get("status", "open") == "open":
                ids.append(record["external_id"])
rng = random.Random(3)
paths = [path_format.format(i) for i in rng.sample(ids, min(500, len(ids)))]
print("local paths = {")
for p in paths:
    print(f'  "{p}",')
print("}")
print("math.randomseed(7)")
print('request = function() return wrk.format("GET", paths[math.random(#paths)]) end')
