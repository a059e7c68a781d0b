#!/usr/bin/env python3
"""Writes synthetic, fictional needs or offers as JSON Lines in the format of
src/modules/matching/FORMATS.md, for the matching benchmark.

A text is an opening phrase, two or three concepts of data/matching/lexicon.csv (Swedish and
English terms and variants, so a need and an offer about the same concept share words and
concepts, as real ones do) and 4-12 words drawn from a vocabulary that follows Zipf's law, the
shape of word frequencies in real text:
- its head is the words of the field's own texts (the evaluation set and the demo data in
  data/), ranked by how often they occur there;
- its tail is 120,000 made-up words per language, so that the corpus has about as many
  different words as Heaps' law gives real text of its size (some 25 million words).
Texts are 15-40 words long (median 24; the evaluation set's are 11-27, median 18). The first
version built texts from 16 fixed phrases and the concepts only: every word of a query was
then in 5-20 % of all offers, which no real corpus does (bench/matching/RESULTS.md has the
figures of both).

Every code comes from data/reference. Owners are `<actor-prefix><n>` for n below --actors: the
actors of `bench/actors/generate.py --count N --prefix <actor-prefix>`. Place names are real
municipalities (reference data); organisations and people are never named. The same --seed
gives the same file.

    bench/matching/generate.py offers --count 1000000 --actors 10000 > offers.jsonl
    bench/matching/generate.py needs --count 100000 --actors 10000 > needs.jsonl
"""
import argparse
import csv
import json
import os
import random
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

SV_NEED_OPENINGS = ["Vi söker partner för", "Kommunen vill utveckla", "Behov av", "Vi vill pröva nya sätt för",
                    "Söker samarbete kring", "Regionen behöver stöd med"]
EN_NEED_OPENINGS = ["We seek partners for", "The municipality wants to develop", "Need for",
                    "We want to pilot new approaches to", "Looking for collaboration on", "Support needed with"]
SV_OFFER_OPENINGS = ["Vi erbjuder", "Vår verksamhet arbetar med", "Beprövad metod för", "Ideell verksamhet inom",
                     "Socialt företag som levererar", "Kooperativ med lång erfarenhet av"]
EN_OFFER_OPENINGS = ["We offer", "Our organisation works with", "A proven method for", "Non-profit work on",
                     "A social enterprise delivering", "A cooperative with long experience of"]
SV_FILL = ["i samverkan med civilsamhället", "för invånare i hela länet", "med utbildade volontärer",
           "med fokus på delaktighet", "som ger långsiktiga effekter", "tillsammans med lokala föreningar",
           "under två år", "med uppföljning av resultat", "i bostadsområden", "på landsbygden"]
EN_FILL = ["together with civil society", "for residents across the county", "with trained volunteers",
           "with a focus on participation", "with lasting effects", "together with local associations",
           "over two years", "with follow-up of results", "in residential areas", "in rural areas"]
STAGES = ["idea", "pilot", "proven", "scaling"]


def read_csv(*path):
    with open(os.path.join(ROOT, *path), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


FIELD_TEXTS = [("data", "matching", "eval", "needs.jsonl"), ("data", "matching", "eval", "offers.jsonl"),
               ("data", "matching", "eval", "heldout", "needs.jsonl"), ("data", "demo", "needs.jsonl"),
               ("data", "demo", "offers.jsonl"), ("data", "demo", "actors.jsonl")]
TAIL_WORDS = 120_000
SV_SYLLABLES = ["ba", "be", "bo", "da", "de", "fa", "fö", "ga", "gå", "ha", "hä", "ja", "ka", "kli", "la", "lä",
                "ma", "mö", "na", "ne", "pa", "pe", "ra", "rå", "sa", "skå", "sti", "ta", "tä", "va", "vi", "ö"]
SV_ENDINGS = ["n", "r", "t", "ng", "rd", "lk", "ning", "het", "else", "skap", "ande", "ig", "isk", ""]
EN_SYLLABLES = ["ba", "ca", "de", "di", "fo", "ga", "hi", "jo", "ka", "la", "li", "ma", "mo", "na", "no", "pa",
                "po", "ra", "re", "sa", "se", "ta", "ti", "to", "va", "ve", "wa", "wi", "ya", "za", "bri", "str"]
EN_ENDINGS = ["n", "r", "t", "ng", "rd", "ly", "tion", "ness", "ment", "ship", "ing", "al", "ive", ""]


def field_words():
    """Words of the field's texts per language, most frequent first."""
    counts = {"sv": {}, "en": {}}
    for path in FIELD_TEXTS:
        full = os.path.join(ROOT, *path)
        if not os.path.exists(full):
            continue
        with open(full, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                for field in ("title", "description", "name"):
                    value = record.get(field)
                    texts = value.items() if isinstance(value, dict) else [(record.get("language", "sv"), value)]
                    for lang, text in texts:
                        if lang not in counts or not isinstance(text, str):
                            continue
                        for word in re.findall(r"[^\W\d_]+", text.lower()):
                            counts[lang][word] = counts[lang].get(word, 0) + 1
    return {lang: sorted(c, key=lambda w: (-c[w], w)) for lang, c in counts.items()}


def vocabulary(head, syllables, endings):
    """The field's words, then made-up words (fixed, whatever --seed is), with cumulative Zipf
    weights (exponent 1) for random.choices."""
    rng = random.Random(7)
    words, seen = list(head), set(head)
    while len(words) < len(head) + TAIL_WORDS:
        word = "".join(rng.choice(syllables) for _ in range(rng.randrange(2, 5))) + rng.choice(endings)
        if word not in seen:
            seen.add(word)
            words.append(word)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    return words, cumulative


def money(rng):
    if rng.random() < 0.3:
        return None
    low = rng.randrange(1, 100) * 10_000
    return {"min": low, "max": low + rng.randrange(0, 50) * 10_000}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["needs", "offers"])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=10_000, help="owners are actor 0 … N-1")
    parser.add_argument("--actor-prefix", default="bm-actor-")
    parser.add_argument("--prefix", default=None, help="external id prefix (default bm-need- / bm-offer-)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    need = args.kind == "needs"
    prefix = args.prefix or ("bm-need-" if need else "bm-offer-")
    rng = random.Random(args.seed if args.seed is not None else (2 if need else 1))

    concepts = []
    for row in read_csv("data", "matching", "lexicon.csv"):
        variants = [v for v in (row["variants"] or "").split("|") if v]
        concepts.append((row["sv"], row["en"], variants))
    municipalities = [(r["code"], r["name"], r["county_code"]) for r in read_csv("data", "reference", "se-municipalities.csv")]
    counties = [r["code"] for r in read_csv("data", "reference", "se-counties.csv")]
    target_groups = [r["code"] for r in read_csv("data", "reference", "target-groups.csv")]
    forms = [r["code"] for r in read_csv("data", "reference", "collaboration-forms.csv")]
    # A few concepts are common and most are rare, as in real data (Zipf-like).
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(concepts))]
    heads = field_words()
    vocab = {"sv": vocabulary(heads["sv"], SV_SYLLABLES, SV_ENDINGS),
             "en": vocabulary(heads["en"], EN_SYLLABLES, EN_ENDINGS)}
    write = sys.stdout.write

    def words(lang, low, high):
        pool, cumulative = vocab[lang]
        return " ".join(rng.choices(pool, cum_weights=cumulative, k=rng.randrange(low, high + 1)))

    def term(c, lang):
        sv, en, variants = c
        if variants and rng.random() < 0.35:
            return rng.choice(variants)
        return sv if lang == "sv" else en

    for i in range(args.count):
        main_c, second_c, third_c = rng.choices(concepts, weights=weights, k=3)
        lang = "sv" if rng.random() < 0.7 else "en"
        code, place, county = rng.choice(municipalities)
        if need:
            opening = rng.choice(SV_NEED_OPENINGS if lang == "sv" else EN_NEED_OPENINGS)
        else:
            opening = rng.choice(SV_OFFER_OPENINGS if lang == "sv" else EN_OFFER_OPENINGS)
        fill = rng.choice(SV_FILL if lang == "sv" else EN_FILL)
        conj = "och" if lang == "sv" else "and"
        title = f"{opening} {term(main_c, lang)} {'i' if lang == 'sv' else 'in'} {place}" if need \
            else f"{term(main_c, lang).capitalize()} {conj} {term(second_c, lang)}"
        description = (f"{opening} {term(main_c, lang)} {conj} {term(second_c, lang)} {words(lang, 2, 6)} "
                       f"{fill}. {term(third_c, lang).capitalize()} {words(lang, 2, 6)}.")
        record = {
            "external_id": f"{prefix}{i}",
            ("owner" if need else "actor"): f"{args.actor_prefix}{rng.randrange(args.actors)}",
            "language": lang,
            "title": title[:200],
            "description": description,
            "sdgs": sorted(set(rng.randrange(1, 18) for _ in range(rng.randrange(1, 4)))),
            "target_groups": sorted(set(rng.choice(target_groups) for _ in range(rng.randrange(0, 3)))),
            "collaboration_forms": sorted(set(rng.choice(forms) for _ in range(rng.randrange(1, 4)))),
            "status": "open" if rng.random() < 0.9 else rng.choice(["closed", "draft"]),
        }
        if need:
            r = rng.random()
            record["where"] = ({"municipality": code, "county": None, "national": False} if r < 0.7 else
                               {"municipality": None, "county": county, "national": False} if r < 0.95 else
                               {"municipality": None, "county": None, "national": True})
            record["budget_sek"] = money(rng)
        else:
            r = rng.random()
            record["reach"] = ({"municipalities": [code], "counties": [], "national": False} if r < 0.5 else
                               {"municipalities": [], "counties": sorted({county, rng.choice(counties)}), "national": False} if r < 0.9 else
                               {"municipalities": [], "counties": [], "national": True})
            record["price_sek"] = money(rng)
            record["stage"] = rng.choice(STAGES)
            record["capacity"] = None if rng.random() < 0.3 else rng.randrange(0, 20)
        write(json.dumps(record, ensure_ascii=False, separators=(", ", ": ")))
        write("\n")


if __name__ == "__main__":
    main()
