#!/usr/bin/env python3
"""Regenerates the derived taxonomy tables from their sources.

Run by hand when a source changes (the output is versioned with the project):
  python3 taxonomy/generate.py ../shared/reference/sdg /usr/share/iso-codes/json/iso_3166-2.json
Needs python3-yaml. Writes sdg/goals.tsv, sdg/targets.tsv, sdg/indicators.tsv and
countries/subdivisions.tsv next to this file.
"""
import json
import os
import sys

import yaml

LANGS = ["en", "fr", "es", "ar", "ru", "zh-Hans", "ne"]
# Official SDG colours (UN Department of Global Communications guidelines).
COLOURS = {1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2",
           7: "#FCC30B", 8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E",
           13: "#3F7E44", 14: "#0A97D9", 15: "#56C02B", 16: "#00689D", 17: "#19486A"}
# Errata in the source's short titles, replaced by the UN's official wording
# (un.org/sustainabledevelopment/fr/objectifs-de-developpement-durable).
SHORT_TITLE_ERRATA = {("fr", 7): "Énergie propre et d'un coût abordable",
                      ("fr", 8): "Travail décent et croissance économique"}


def clean(s):
    return " ".join(str(s).replace("\u0640", "").split())


def main():
    ref, iso = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    data = {lang: {kind: yaml.safe_load(open(os.path.join(ref, lang, f"global_{kind}.yml"), encoding="utf-8"))
                   for kind in ("goals", "targets", "indicators")} for lang in LANGS}
    with open(os.path.join(here, "sdg", "goals.tsv"), "w", encoding="utf-8") as f:
        f.write("# goal\tcolour\tlang\tshort title\ttitle\n")
        for g in range(1, 18):
            for lang in LANGS:
                goals = data[lang]["goals"]
                short = SHORT_TITLE_ERRATA.get((lang, g), goals.get(f'{g}-short', ''))
                f.write(f"{g}\t{COLOURS[g]}\t{lang}\t{clean(short)}\t{clean(goals[f'{g}-title'])}\n")
    with open(os.path.join(here, "sdg", "targets.tsv"), "w", encoding="utf-8") as f:
        f.write("# target\tlang\ttitle\n")
        keys = [k for k in data["en"]["targets"] if k.endswith("-title")]
        def order(k):
            g, t, _ = k.split("-")
            return (int(g), (0, int(t)) if t.isdigit() else (1, t))
        for k in sorted(keys, key=order):
            g, t, _ = k.split("-")
            for lang in LANGS:
                title = data[lang]["targets"].get(k)
                if title:
                    f.write(f"{g}.{t.lower()}\t{lang}\t{clean(title)}\n")
    with open(os.path.join(here, "sdg", "indicators.tsv"), "w", encoding="utf-8") as f:
        f.write("# indicator\ttarget\tlang\ttitle\n")
        for k in data["en"]["indicators"]:
            if not k.endswith("-title"):
                continue
            parts = k.split("-")[:-1]
            if len(parts) != 3:
                continue
            for lang in ("en", "fr", "es", "ar"):
                title = data[lang]["indicators"].get(k)
                if title:
                    f.write(f"{'.'.join(parts).lower()}\t{parts[0]}.{parts[1].lower()}\t{lang}\t{clean(title)}\n")
    subs = json.load(open(iso, encoding="utf-8"))["3166-2"]
    with open(os.path.join(here, "countries", "subdivisions.tsv"), "w", encoding="utf-8") as f:
        f.write("# subdivision code\tcountry\ttype\tname\n")
        for s in sorted(subs, key=lambda s: s["code"]):
            f.write(f"{s['code']}\t{s['code'][:2]}\t{s.get('type', '')}\t{clean(s['name'])}\n")


if __name__ == "__main__":
    main()
