#!/usr/bin/env python3
"""Writes the evaluation set from the hand-written sources: offers.jsonl, needs.jsonl and
qrels.tsv (tuning), heldout/needs.jsonl and heldout/qrels.tsv (acceptance only).

The judgements come from the judge's theme labels in source_*.py and the rubric below (see
README.md); nothing here looks at the engine, its lexicon or its weights. Run it again only to
reproduce the files: the seed makes the structured fields (SDGs, prices, stages, forms)
identical every time.
"""
import csv
import json
import os
import random

import source_needs
import source_offers

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "..", "..", "reference")

# What each theme is about, as the judge sees it: SDGs, usual target groups, collaboration
# forms its providers usually fit and a typical price in whole kronor.
THEMES = {
    "eld_lonely": ([3, 10], ["elderly"], ["iop", "volunteering", "grant", "partnership", "purchase"], (50000, 400000)),
    "eld_care": ([3, 9], ["elderly"], ["purchase", "procurement_social_criteria", "innovation_procurement", "pilot"], (200000, 2000000)),
    "wise": ([8, 10], ["long_term_unemployed"], ["reserved_procurement", "procurement_social_criteria", "purchase", "iop"], (200000, 3000000)),
    "youth_jobs": ([8, 4], ["youth"], ["procurement_social_criteria", "grant", "partnership", "purchase"], (200000, 1500000)),
    "youth_leisure": ([3, 16, 10], ["youth"], ["iop", "grant", "purchase", "volunteering"], (50000, 800000)),
    "newc_lang": ([4, 10], ["newly_arrived"], ["iop", "volunteering", "grant", "partnership"], (20000, 500000)),
    "newc_jobs": ([8, 10], ["newly_arrived"], ["procurement_social_criteria", "partnership", "grant", "iop"], (200000, 2000000)),
    "food_waste": ([2, 12], ["low_income"], ["iop", "partnership", "purchase", "pilot", "innovation_procurement"], (50000, 800000)),
    "circular": ([12, 13], ["general_public"], ["purchase", "procurement_social_criteria", "pilot", "innovation_procurement", "partnership"], (100000, 2000000)),
    "mental": ([3], ["mental_health"], ["iop", "grant", "purchase", "partnership"], (100000, 1500000)),
    "housing": ([1, 11], ["homelessness"], ["iop", "procurement_social_criteria", "purchase"], (500000, 4000000)),
    "school": ([4], ["students", "children"], ["iop", "volunteering", "purchase", "pilot"], (50000, 600000)),
    "rural": ([11, 9], ["rural"], ["partnership", "pilot", "innovation_procurement", "grant"], (100000, 1500000)),
    "digital": ([4, 10], ["elderly"], ["iop", "volunteering", "purchase", "grant"], (30000, 400000)),
    "violence": ([5, 16], ["violence_survivors"], ["iop", "procurement_social_criteria", "purchase"], (200000, 2000000)),
    "disability": ([10, 8], ["disability"], ["purchase", "partnership", "procurement_social_criteria"], (50000, 1000000)),
    "substance": ([3], ["substance_use"], ["iop", "procurement_social_criteria", "grant"], (100000, 2000000)),
    "debt": ([1, 10], ["low_income"], ["iop", "partnership", "grant", "purchase"], (30000, 400000)),
    "family": ([3, 4], ["families", "children"], ["iop", "partnership", "purchase", "procurement_social_criteria"], (100000, 1000000)),
    "activity": ([3], ["general_public"], ["purchase", "grant", "partnership"], (30000, 500000)),
    "urban_green": ([11, 15, 2], ["general_public"], ["pilot", "partnership", "grant", "purchase"], (100000, 900000)),
    "energy": ([7, 13], ["low_income"], ["purchase", "partnership", "pilot"], (100000, 900000)),
    "culture": ([3, 10], ["general_public"], ["purchase", "grant", "iop"], (30000, 400000)),
}

# Themes a need owner would still find somewhat useful for each other (symmetric).
RELATED = {
    ("eld_lonely", "eld_care"), ("eld_lonely", "digital"), ("eld_lonely", "activity"),
    ("wise", "newc_jobs"), ("wise", "youth_jobs"), ("wise", "disability"), ("wise", "circular"),
    ("youth_jobs", "newc_jobs"), ("youth_jobs", "school"), ("youth_leisure", "activity"),
    ("youth_leisure", "mental"), ("newc_lang", "digital"), ("newc_lang", "school"),
    ("newc_lang", "newc_jobs"), ("food_waste", "circular"), ("food_waste", "urban_green"),
    ("mental", "substance"), ("housing", "substance"), ("housing", "debt"), ("school", "family"),
    ("rural", "eld_care"), ("violence", "family"), ("debt", "energy"), ("urban_green", "activity"),
    ("family", "debt"),
}

STAGES = ["idea", "pilot", "proven", "scaling"]

# SDGs people tag are noisy: some leave out a goal of their theme, some add one more. A separate
# random stream, so that the noise changes nothing else (and no judgement: they ignore SDGs).
COMMON_SDGS = [1, 3, 4, 5, 8, 10, 11, 12, 13, 16, 17]


def noisy_sdgs(sdgs, rng):
    sdgs = list(sdgs)
    if len(sdgs) > 1 and rng.random() < 0.35:
        sdgs.remove(rng.choice(sdgs))
    if rng.random() < 0.4:
        sdgs.append(rng.choice(COMMON_SDGS))
    return sorted(set(sdgs))


def related(a, b):
    return (a, b) in RELATED or (b, a) in RELATED


def load_counties():
    with open(os.path.join(REF, "se-counties.csv"), encoding="utf-8") as f:
        return {r["code"]: r["nuts2"] for r in csv.DictReader(f)}


def load_municipalities():
    with open(os.path.join(REF, "se-municipalities.csv"), encoding="utf-8") as f:
        return {r["code"]: r["county_code"] for r in csv.DictReader(f)}


def parse_reach(spec):
    munis, counties, national = [], [], False
    for part in spec.split():
        if part == "N":
            national = True
        elif part[0] == "c":
            counties.append(part[1:])
        elif part[0] == "m":
            munis.append(part[1:])
    return munis, counties, national


def build_offers(rng, sdg_rng):
    offers = []
    for i, row in enumerate(source_offers.OFFERS, start=1):
        theme, secondary, lang, reach, title, desc = row[:6]
        sdgs, tgs, forms, (lo, hi) = THEMES[theme]
        tgs = row[6] if len(row) > 6 else tgs
        munis, counties, national = parse_reach(reach)
        sdgs = noisy_sdgs(sorted(set(sdgs + (THEMES[secondary][0][:1] if secondary else []))), sdg_rng)
        price = None
        if rng.random() < 0.85:
            a = rng.randrange(lo, hi, 10000)
            b = a + rng.randrange(lo // 2 + 10000, hi, 10000)
            price = {"min": a, "max": b}
        offers.append({
            "external_id": f"o{i:03d}", "actor": f"org-{i:03d}", "language": lang,
            "title": title, "description": desc, "sdgs": sdgs,
            "reach": {"municipalities": munis, "counties": counties, "national": national},
            "target_groups": tgs,
            "collaboration_forms": sorted(rng.sample(forms, k=min(len(forms), rng.choice([2, 3])))),
            "price_sek": price, "stage": rng.choice(STAGES),
            "capacity": rng.choice([None, 1, 2, 3, 5, 10, 20]),
            "status": "open",
            "_theme": theme, "_secondary": secondary,
        })
    return offers


def build_needs(rows, prefix, owner_base, sdg_rng):
    needs = []
    for i, (theme, lang, where, title, desc, tgs, forms, budget) in enumerate(rows, start=1):
        w = {"municipality": None, "county": None, "national": False}
        if where == "N":
            w["national"] = True
        elif where[0] == "m":
            w["municipality"] = where[1:]
        else:
            w["county"] = where[1:]
        needs.append({
            "external_id": f"{prefix}{i:02d}", "owner": f"owner-{owner_base + i:03d}",
            "language": lang, "title": title, "description": desc,
            "sdgs": noisy_sdgs(THEMES[theme][0], sdg_rng), "where": w, "target_groups": tgs,
            "collaboration_forms": forms,
            "budget_sek": {"min": budget[0], "max": budget[1]} if budget else None,
            "status": "open", "_theme": theme,
        })
    return needs


def geography(need, offer, municipalities, counties):
    """1 delivers locally (municipality or county), 0.7 national reach, 0.4 same NUTS 2
    region only, 0 elsewhere. A national need: 1 for national reach, 0.4 otherwise."""
    w, r = need["where"], offer["reach"]
    if w["national"]:
        return 1.0 if r["national"] else 0.4
    county = w["county"] or municipalities[w["municipality"]]
    if (w["municipality"] and w["municipality"] in r["municipalities"]) or county in r["counties"]:
        return 1.0
    if w["county"] and any(municipalities[m] == county for m in r["municipalities"]):
        return 1.0
    if r["national"]:
        return 0.7
    offer_nuts = {counties[c] for c in r["counties"]} | {counties[municipalities[m]] for m in r["municipalities"]}
    return 0.4 if counties[county] in offer_nuts else 0.0


def grade(need, offer, municipalities, counties):
    if offer["_theme"] == need["_theme"]:
        t = 2
    elif offer["_secondary"] == need["_theme"] or related(offer["_theme"], need["_theme"]):
        t = 1
    else:
        return 0
    d = geography(need, offer, municipalities, counties)
    tg = not need["target_groups"] or bool(set(need["target_groups"]) & set(offer["target_groups"]))
    if t == 2:
        if d == 1.0:
            g = 3 if tg else 2
        elif d >= 0.4:
            g = 2 if tg and d == 0.7 else 1
        else:
            g = 1
    else:
        if d == 1.0:
            g = 2 if tg else 1
        elif d >= 0.4 and tg:
            g = 1
        else:
            g = 0
    if g == 3 and not set(need["collaboration_forms"]) & set(offer["collaboration_forms"]):
        g = 2
    budget, price = need["budget_sek"], offer["price_sek"]
    if g > 1 and budget and price and price["min"] > 2 * budget["max"]:
        g -= 1
    return g


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_")},
                               ensure_ascii=False) + "\n")


def write_qrels(path, needs, offers, municipalities, counties):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# need\toffer\tgrade (0-3); pairs not listed are 0\n")
        for n in needs:
            for o in offers:
                g = grade(n, o, municipalities, counties)
                if g > 0:
                    f.write(f"{n['external_id']}\t{o['external_id']}\t{g}\n")


def main():
    rng = random.Random(20261122)
    municipalities, counties = load_municipalities(), load_counties()
    sdg_rng = random.Random(17)
    offers = build_offers(rng, sdg_rng)
    tuning = build_needs(source_needs.TUNING, "n", 0, sdg_rng)
    heldout = build_needs(source_needs.HELDOUT, "h", 100, sdg_rng)
    write_jsonl(os.path.join(HERE, "offers.jsonl"), offers)
    write_jsonl(os.path.join(HERE, "needs.jsonl"), tuning)
    write_qrels(os.path.join(HERE, "qrels.tsv"), tuning, offers, municipalities, counties)
    os.makedirs(os.path.join(HERE, "heldout"), exist_ok=True)
    write_jsonl(os.path.join(HERE, "heldout", "needs.jsonl"), heldout)
    write_qrels(os.path.join(HERE, "heldout", "qrels.tsv"), heldout, offers, municipalities, counties)


if __name__ == "__main__":
    main()
