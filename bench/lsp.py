"""`weeklint server` as an editor sees it: the time from a `didChange` to
the `publishDiagnostics` of that version, next to a full `weeklint check`
of the same file, and the server's memory (RSS) with documents open and
over 10,000 edits of one document.

    python3 bench/lsp.py [WEEKLINT] [--edits N]

WEEKLINT defaults to target/release/weeklint (build it with
`cargo build --release`). Standard library only: the protocol is spoken
here byte for byte. Linux (RSS is read from /proc). Journals: the example
journal (examples/papers-weekly, with its images), one of 1,000 dated
entries and one of about 1 MB, in a scratch git repository with their
images committed.
"""
import argparse
import datetime
import json
import os
import pathlib
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
TIMEOUT = 60  # seconds any one answer may take before the run gives up

args = argparse.ArgumentParser()
args.add_argument("weeklint", nargs="?", default=str(ROOT / "target" / "release" / "weeklint"))
args.add_argument("--edits", type=int, default=10000, help="edits in the memory run")
args = args.parse_args()
# The commands run in the scratch repository.
args.weeklint = str(pathlib.Path(args.weeklint).resolve())

ENV = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
ENV["WEEKLINT_TODAY"] = "2024-01-10"


def journal(entries, padding=0):
    """`entries` days, newest first, each with tasks, a paragraph and a figure."""
    day = datetime.date(2023, 12, 31)
    out = ["# Reading log\n\n"]
    for i in range(entries):
        d = day - datetime.timedelta(days=i)
        out.append(
            f"## {d.year}.{d.month}.{d.day}\n\n- [x] read paper {i}\n- [ ] follow up\n\n"
            f"Notes on the paper, what it tries and what it finds. {'x' * padding}\n\n"
            f'<img src="pic/fig{i % 20}.png" width="400">\n\n'
        )
    return "".join(out)


def scratch():
    """The journals in a git repository, their images committed."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="weeklint-lsp-bench-"))
    (work / "pic").mkdir()
    for i in range(20):
        (work / "pic" / f"fig{i}.png").write_bytes(b"\x89PNG" + b"\0" * 100)
    example = ROOT / "examples" / "papers-weekly"
    shutil.copytree(example / "pic", work / "expic")
    texts = {
        "example.md": (example / "README.md").read_text().replace("pic/", "expic/"),
        "1000-entries.md": journal(1000),
    }
    n = 1000
    while len(journal(n, 60).encode()) < 1 << 20:
        n += 100
    texts["1mb.md"] = journal(n, 60)
    for name, text in texts.items():
        (work / name).write_text(text)
    git = {**ENV, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "journals"]):
        subprocess.run(["git", "-C", str(work), *cmd], check=True, capture_output=True, env=git)
    return work, texts


class Server:
    """`weeklint server` in `work`, with a thread reading its messages."""

    def __init__(self, work):
        self.work = work
        self.proc = subprocess.Popen(
            [args.weeklint, "server"], cwd=work, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.versions = {}

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = out.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def wait(self, wanted):
        """The time the first message `wanted` accepts arrived, and it."""
        end = time.monotonic() + TIMEOUT
        while True:
            at, message = self.messages.get(timeout=max(0.001, end - time.monotonic()))
            if wanted(message):
                return at, message

    def uri(self, name):
        return (self.work / name).as_uri()

    def diagnostics_of(self, name, version):
        uri = self.uri(name)
        return lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )

    def initialize(self):
        caps = {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}
        self.send({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": self.work.as_uri(), "capabilities": caps}})
        self.wait(lambda m: m.get("id") == 1)
        self.send({"method": "initialized", "params": {}})

    def open(self, name, text):
        """Open a document: milliseconds to its diagnostics, and how many."""
        self.versions[name] = 1
        start = time.perf_counter()
        item = {"uri": self.uri(name), "languageId": "markdown", "version": 1, "text": text}
        self.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        at, message = self.wait(self.diagnostics_of(name, 1))
        return (at - start) * 1000, len(message["params"]["diagnostics"])

    def edit(self, name, line, typing):
        """Type a character at the start of `line`, or delete it:
        milliseconds to the diagnostics of the new version."""
        self.versions[name] += 1
        version = self.versions[name]
        end = 0 if typing else 1
        change = {
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": end}},
            "text": "a" if typing else "",
        }
        start = time.perf_counter()
        doc = {"uri": self.uri(name), "version": version}
        self.send({"method": "textDocument/didChange", "params": {"textDocument": doc, "contentChanges": [change]}})
        at, _ = self.wait(self.diagnostics_of(name, version))
        return (at - start) * 1000

    def rss_mb(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.send({"id": 2, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == 2)
        self.send({"method": "exit"})
        return self.proc.wait(timeout=TIMEOUT)


def paragraph_line(text):
    """A prose line in the middle of `text`: typing there changes no heading."""
    lines = text.split("\n")
    middle = len(lines) // 2
    return next(i for i in range(middle, len(lines)) if lines[i][:1].isalpha())


def check_ms(work, name, runs=10):
    """Median wall time of `weeklint check` of one file, process start included."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([args.weeklint, "check", "--offline", name], cwd=work, env=ENV, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    work, texts = scratch()
    server = Server(work)
    try:
        server.initialize()
        print(f"RSS after initialize: {server.rss_mb():.1f} MB")
        print("file | size | diagnostics | didOpen | didChange median / p90 / max | weeklint check")
        for name, text in texts.items():
            opened, found = server.open(name, text)
            line = paragraph_line(text)
            times = []
            for i in range(60):
                times.append(server.edit(name, line, i % 2 == 0))
                # Apart, so that each edit is linted alone, as a keystroke
                # after a pause is.
                time.sleep(0.03)
            times.sort()
            print(
                f"{name} | {len(text.encode()) / 1024:.0f} KB | {found} | {opened:.1f} ms | "
                f"{statistics.median(times):.1f} / {times[int(len(times) * 0.9)]:.1f} / {times[-1]:.1f} ms | "
                f"{check_ms(work, name):.1f} ms"
            )
        print(f"RSS with the {len(texts)} documents open: {server.rss_mb():.1f} MB")
        name = "1000-entries.md"
        line = paragraph_line(texts[name])
        marks = [f"0: {server.rss_mb():.1f} MB"]
        start = time.monotonic()
        for i in range(args.edits):
            server.edit(name, line, i % 2 == 0)
            if (i + 1) % max(1, args.edits // 5) == 0:
                marks.append(f"{i + 1}: {server.rss_mb():.1f} MB")
        print(f"RSS over {args.edits} edits of {name} ({time.monotonic() - start:.0f} s): " + ", ".join(marks))
        print(f"exit status after shutdown: {server.stop()}")
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
