"""Print the benchmark table: times, ratios to the floor and peers, memory."""
import json
import os
import sys

out, corpus, stress = sys.argv[1:4]


def load(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def median(r):
    return r["median"]


def cpu(r):
    return r["user"] + r["system"]


def md_bytes(root):
    total = 0
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x != ".git"]
        total += sum(os.path.getsize(os.path.join(d, f)) for f in files if f.endswith(".md"))
    return total


corpus_r = load("corpus.json")
peers = load("peers.json")
small = load("small.json")
stress_r = load("stress.json")
memory = {}
with open(os.path.join(out, "memory.txt")) as f:
    for line in f:
        name, _, kib = line.strip().partition(" ")
        memory[name] = int(kib) if kib.isdigit() else None

mb = md_bytes(corpus) / 1e6
print(f"\nCorpus: {mb:.1f} MB of Markdown\n")
print(f"{'command':<22}{'wall (s)':>10}{'cpu (s)':>10}")
for name, r in {**corpus_r, **peers}.items():
    print(f"{name:<22}{median(r):>10.3f}{cpu(r):>10.3f}")

wl = corpus_r["weeklint"]
f1 = corpus_r["floor-1"]
fa = corpus_r["floor-all"]
largest = max(
    (os.path.getsize(os.path.join(d, x)) for d, _, fs in os.walk(corpus) for x in fs if x.endswith(".md")),
    default=0,
)
peak = memory.get("corpus") or 0
print("\nTargets (ratios from this run):")
rows = []
turns = {}
cpath = os.path.join(out, "cpu.json")
if os.path.exists(cpath):
    with open(cpath) as f:
        turns = json.load(f)
if "weeklint" in turns and "floor-1" in turns:
    n = len(turns["weeklint"]["runs"])
    rows.append(
        (f"cpu / 1-thread floor cpu ({n} turns)", turns["weeklint"]["median"] / turns["floor-1"]["median"], "<= 1.5")
    )
    rows.append(("  the same, from the table above", cpu(wl) / cpu(f1), "-"))
    med = {name: t["median"] for name, t in turns.items()}
    if "weeklint-1" in med:
        rows.append(("  both on one thread", med["weeklint-1"] / med["floor-1"], "-"))
    if "floor-all" in med:
        rows.append(("  both on all threads", med["weeklint"] / med["floor-all"], "-"))
else:
    rows.append(("cpu / 1-thread floor cpu", cpu(wl) / cpu(f1), "<= 1.5"))
cpu_rows = len(rows)
rows.append(("wall / all-threads floor wall", median(wl) / median(fa), "<= 2.0"))
if "rumdl" in peers:
    rows.append(("wall / rumdl wall", median(wl) / median(peers["rumdl"]), "<= 0.1"))
if "markdownlint-cli2" in peers:
    rows.append(("wall / markdownlint-cli2 wall", median(wl) / median(peers["markdownlint-cli2"]), "-"))
rows.append(("all rules cpu / default cpu", cpu(corpus_r["weeklint-all-rules"]) / cpu(wl), "-"))
instructions = {}
ipath = os.path.join(out, "instructions.txt")
if os.path.exists(ipath):
    with open(ipath) as f:
        for line in f:
            name, _, n = line.strip().partition(" ")
            if n.replace(",", "").isdigit():
                instructions[name] = int(n.replace(",", ""))
if "floor" in instructions and "weeklint" in instructions:
    rows.insert(cpu_rows, ("instructions / floor (callgrind)", instructions["weeklint"] / instructions["floor"], "<= 1.5"))
for label, value, target in rows:
    print(f"  {label:<34}{value:>8.2f}   target {target}")
limit_mb = 2 * largest / 2**20 + 30
print(f"  {'peak memory (MB)':<34}{peak / 1024:>8.1f}   target <= {limit_mb:.1f} (2 x largest file + 30)")
if memory.get("corpus-diff"):
    print(f"  {'peak memory, --diff (MB)':<34}{memory['corpus-diff'] / 1024:>8.1f}   target <= {limit_mb:.1f}")
if small:
    s = next(iter(small.values()))
    print(f"  {'one small file, wall (ms)':<34}{median(s) * 1000:>8.1f}   target <= 5")

print("\nStress files (all rules), cost per MB next to the corpus rate:")
corpus_rate = median(wl) / mb
print(f"  {'corpus':<22}{'':>10}{corpus_rate * 1000:>10.1f} ms/MB")
for name, r in sorted(stress_r.items()):
    size = os.path.getsize(os.path.join(stress, name.split(" ")[0])) / 1e6
    kib = memory.get(name)
    mem = f"{kib / 1024:.0f} MB peak" if kib else ""
    print(f"  {name:<22}{size:>7.1f} MB{median(r) / size * 1000:>10.1f} ms/MB   {mem}")
