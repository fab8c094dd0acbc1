#!/usr/bin/env python3
"""Refresh `not_typos` in prompts/themes.json from a system word list.

The theme reader reads a long word one letter away from exactly one lexicon
word as that word ("orgasim" -> "orgasm"). A real word that happens to be one
letter away ("election" -> "erection", "cases" -> "causes") must never be
"fixed": this script lists every such word, so the check needs no dictionary
at run time. Run it after changing the lexicon:

    apt-get install wamerican wbritish   # once
    scripts/typo-guard.py
"""
import json, os, re, sys, collections

LEX = os.path.join(os.path.dirname(__file__), '..', 'prompts', 'themes.json')
DICTS = ['/usr/share/dict/american-english', '/usr/share/dict/british-english']
TYPO_MIN, TARGET_MIN = 5, 6

def deletions(w):
    return {w[:i] + w[i + 1:] for i in range(len(w))}

def within_one(a, b):
    if abs(len(a) - len(b)) > 1:
        return False
    if a == b:
        return True
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    ra, rb = a[p:], b[p:]
    if len(a) == len(b):
        return ra[1:] == rb[1:] or (len(ra) >= 2 and ra[0] == rb[1] and ra[1] == rb[0] and ra[2:] == rb[2:])
    return ra[1:] == rb if len(a) > len(b) else rb[1:] == ra

lex = json.load(open(LEX), object_pairs_hook=collections.OrderedDict)
vocab = set()
phrases = [e for t in lex['themes'].values() for k in ('statements', 'symptoms') for e in t.get(k, [])]
for e in phrases:
    for piece in e.lstrip('~?<').split():
        if piece.startswith(('@', '=')) or piece in ('_', '..'):
            continue
        w = piece.rstrip('*').lower()
        if w:
            vocab.add(lex['spellings'].get(w, w))
targets = {w for w in vocab if len(w) >= TARGET_MIN and w.isalpha()}
index = collections.defaultdict(set)
for t in targets:
    for k in deletions(t) | {t}:
        index[k].add(t)

words = set()
for path in DICTS:
    if os.path.exists(path):
        for line in open(path, encoding='utf-8', errors='replace'):
            w = line.strip().lower()
            if re.fullmatch(r"[a-z]+('s)?", w):
                words.add(w.replace("'s", ''))
if not words:
    sys.exit('no word list found; install wamerican and wbritish')
guard = set()
for w in words:
    if len(w) < TYPO_MIN or w in vocab:
        continue
    for form in {w, w[:-1] if w.endswith('s') and len(w) > TYPO_MIN else w}:
        for k in deletions(form) | {form}:
            if any(within_one(form, t) for t in index.get(k, ())):
                guard.add(w)
lex['not_typos'] = sorted(guard)
json.dump(lex, open(LEX, 'w'), indent=1, ensure_ascii=False)
open(LEX, 'a').write('\n')
print(f'{len(guard)} real words guarded against {len(targets)} lexicon words')
