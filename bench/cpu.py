"""CPU time (user + system) of commands run in turn, one run of each per
round, so that a machine's load drifting during the benchmark weighs on
every command alike. Writes the median of each command's runs as JSON.

    python3 bench/cpu.py OUT.json ROUNDS DIR NAME=COMMAND [NAME=COMMAND ...]

COMMAND is split on spaces and run in DIR with no shell, output dropped.
"""
import json
import os
import statistics
import subprocess
import sys

out, rounds, cwd = sys.argv[1], int(sys.argv[2]), sys.argv[3]
commands = [arg.split("=", 1) for arg in sys.argv[4:]]
runs = {name: [] for name, _ in commands}


def run(argv):
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return usage.ru_utime + usage.ru_stime


for name, command in commands:
    run(command.split())  # warm-up: the files in the page cache
for _ in range(rounds):
    for name, command in commands:
        runs[name].append(run(command.split()))

with open(out, "w") as f:
    json.dump({name: {"median": statistics.median(t), "runs": t} for name, t in runs.items()}, f)
