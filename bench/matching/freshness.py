#!/usr/bin/env python3
"""Time from `POST /api/v1/offers` until the new offer is among a need's top-10 matches.

For each of N open needs of NEEDS_FILE (JSON Lines) it posts an offer written for that need
(its texts, place, SDGs, target groups and forms: a fictional offer that should rank first),
then asks GET /api/v1/needs/{need}/matches?limit=10 until the offer is listed. Prints one
line per try and a summary in ms.

    bench/matching/freshness.py BASE_URL TOKEN NEEDS_FILE [N]
"""
import json
import random
import sys
import time
import urllib.request

base, token, needs_file = sys.argv[1], sys.argv[2], sys.argv[3]
count = int(sys.argv[4]) if len(sys.argv) > 4 else 20
rng = random.Random(5)


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as res:
        return json.loads(res.read())


needs = []
with open(needs_file, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= 20000:
            break
        n = json.loads(line)
        if n.get("status", "open") == "open":
            needs.append(n)
stamp = int(time.time())
posted, visible, polls = [], [], []
for k, need in enumerate(rng.sample(needs, count)):
    where = need["where"]
    reach = {"municipalities": [where["municipality"]] if where.get("municipality") else [],
             "counties": [where["county"]] if where.get("county") else [],
             "national": bool(where.get("national"))}
    offer = {"external_id": f"bm-fresh-{stamp}-{k}", "actor": need["owner"], "language": need["language"],
             "title": need["title"], "description": need.get("description", ""), "sdgs": need["sdgs"],
             "reach": reach, "target_groups": need["target_groups"],
             "collaboration_forms": need["collaboration_forms"], "stage": "proven", "capacity": 5,
             "status": "open"}
    path = f"/api/v1/needs/{need['external_id']}/matches?limit=10"
    t0 = time.perf_counter()
    call("POST", "/api/v1/offers", offer)
    t1 = time.perf_counter()
    n = 0
    while True:
        n += 1
        got = call("GET", path)
        if offer["external_id"] in json.dumps(got["items"]):
            break
        if time.perf_counter() - t0 > 30:
            print(f"{offer['external_id']}: not in the top 10 of {need['external_id']} after 30 s", file=sys.stderr)
            n = -1
            break
    t2 = time.perf_counter()
    if n < 0:
        continue
    posted.append((t1 - t0) * 1000)
    visible.append((t2 - t0) * 1000)
    polls.append(n)
    print(f"{need['external_id']}: POST {posted[-1]:.1f} ms, in matches after {visible[-1]:.1f} ms ({n} GET)", file=sys.stderr)


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


print(json.dumps({"tries": count, "found": len(visible), "post_p50_ms": round(pct(posted, 0.5), 1),
                  "visible_p50_ms": round(pct(visible, 0.5), 1), "visible_max_ms": round(max(visible or [0]), 1),
                  "gets_max": max(polls or [0])}))
