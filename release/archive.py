#!/usr/bin/env python3
"""The binary archives of a weeklint release, as the GitHub release has them.

    archive.py pack --target TRIPLE --binary PATH --out DIR
        DIR/weeklint-TRIPLE.tar.gz (a .zip for Windows) holding
        weeklint-TRIPLE/weeklint[.exe], the README and the licences, and
        DIR/weeklint-TRIPLE.tar.gz.sha256 beside it.
    archive.py sums DIR
        DIR/SHA256SUMS: one `HASH  NAME` line per archive in DIR, as
        `sha256sum --check` reads it; the action verifies downloads with it.

The release workflow runs both; so do the tests of the action's download
(tests/integrations/distribution.rs). Standard library only: it runs on the
Linux, macOS and Windows runners alike.
"""

import argparse
import hashlib
import io
import os
import sys
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTRAS = ("README.md", "LICENSE-APACHE", "LICENSE-MIT")
SUFFIXES = (".tar.gz", ".zip")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pack(target, binary, out):
    windows = "windows" in target
    stem = f"weeklint-{target}"
    name = stem + (".zip" if windows else ".tar.gz")
    exe = "weeklint.exe" if windows else "weeklint"
    members = [(os.path.join(ROOT, extra), extra, 0o644) for extra in EXTRAS]
    members.insert(0, (binary, exe, 0o755))
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, name)
    # Every member dated like the binary: a rebuild of the same binary
    # packs the same files.
    mtime = int(os.stat(binary).st_mtime)
    if windows:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for source, arcname, mode in members:
                with open(source, "rb") as f:
                    data = f.read()
                info = zipfile.ZipInfo(f"{stem}/{arcname}", _zip_time(mtime))
                info.external_attr = mode << 16
                archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    else:
        with tarfile.open(path, "w:gz") as archive:
            for source, arcname, mode in members:
                with open(source, "rb") as f:
                    data = f.read()
                info = tarfile.TarInfo(f"{stem}/{arcname}")
                info.size = len(data)
                info.mode = mode
                info.mtime = mtime
                archive.addfile(info, io.BytesIO(data))
    with open(path + ".sha256", "w", encoding="utf-8", newline="\n") as f:
        f.write(f"{sha256(path)}  {name}\n")
    print(path)


def _zip_time(mtime):
    """A zip's date and time: 1980 at the earliest."""
    return time.gmtime(max(mtime, 315532800))[:6]


def sums(folder):
    names = sorted(
        n for n in os.listdir(folder) if n.startswith("weeklint-") and n.endswith(SUFFIXES)
    )
    if not names:
        sys.exit(f"no weeklint-* archives in {folder}")
    lines = [f"{sha256(os.path.join(folder, n))}  {n}\n" for n in names]
    with open(os.path.join(folder, "SHA256SUMS"), "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)
    sys.stdout.writelines(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("pack", help="archive one target's binary")
    p.add_argument("--target", required=True, help="the Rust target triple")
    p.add_argument("--binary", required=True, help="the weeklint binary built for it")
    p.add_argument("--out", required=True, help="the folder to write the archive to")
    s = commands.add_parser("sums", help="write SHA256SUMS for the archives in a folder")
    s.add_argument("folder")
    args = parser.parse_args()
    if args.command == "pack":
        pack(args.target, args.binary, args.out)
    else:
        sums(args.folder)


if __name__ == "__main__":
    main()
