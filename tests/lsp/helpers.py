"""What the tests do as an editor does: open a document, change it, apply
edits, wait for the diagnostics of the latest text."""

import asyncio
import concurrent.futures
import json

from lsprotocol import types


class Doc:
    """An open document, as the editor holds it."""

    def __init__(self, client, path, text):
        self.client = client
        self.uri = path.as_uri()
        self.text = text
        self.version = 1

    @property
    def id(self):
        return types.TextDocumentIdentifier(uri=self.uri)

    async def open(self):
        self.client.diagnostics.pop(self.uri, None)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=self.uri, language_id="markdown", version=self.version, text=self.text
                )
            )
        )
        return await self.diagnostics()

    async def change(self, edits):
        """Apply `edits` (TextEdits of the current text) here and, as ranged
        changes, in the server; return the diagnostics of the new text."""
        self.client.diagnostics.pop(self.uri, None)
        changes = []
        for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            a, b = offset(self.text, e.range.start), offset(self.text, e.range.end)
            self.text = self.text[:a] + e.new_text + self.text[b:]
            changes.append(
                types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
            )
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
                content_changes=changes,
            )
        )
        return await self.diagnostics()

    async def file_changed(self, path, change):
        """Tell the server that `path` changed, as the editor's file
        watcher does; return this document's diagnostics then."""
        self.client.diagnostics.pop(self.uri, None)
        self.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=path.as_uri(), type=change)])
        )
        return await self.diagnostics()

    async def diagnostics(self, timeout=20):
        """The next diagnostics published for this document."""
        for _ in range(int(timeout / 0.01)):
            if self.uri in self.client.diagnostics:
                return list(self.client.diagnostics[self.uri])
            await asyncio.sleep(0.01)
        raise AssertionError(f"no diagnostics for {self.uri} within {timeout}s")

    def line_of(self, needle):
        for i, line in enumerate(self.text.split("\n")):
            if needle in line:
                return i
        raise AssertionError(f"{needle!r} not in the document")

    def at(self, needle, delta=0):
        """The position of `needle` (plus `delta` characters)."""
        line = self.line_of(needle)
        col = self.text.split("\n")[line].index(needle) + delta
        return types.Position(line=line, character=utf16_len(self.text.split("\n")[line][:col]))


def utf16_len(s):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def offset(text, pos):
    """The index in `text` of a position counted in UTF-16 units (lines
    end with `\\n` in these tests)."""
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = i = 0
    while i < len(line) and units < pos.character:
        units += 2 if ord(line[i]) > 0xFFFF else 1
        i += 1
    return min(start + i, len(text))


def line_range(line):
    return types.Range(
        start=types.Position(line=line, character=0), end=types.Position(line=line, character=0)
    )


def codes(diagnostics):
    return sorted((d.code, d.range.start.line) for d in diagnostics)


_raw_ids = iter(range(1, 1 << 30))


def send_raw(client, body: bytes):
    """Write `body` as one message, bytes as they are."""
    client.protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


async def raw_request(client, body: bytes, msg_id):
    """Send `body`, a request with id `msg_id`, as bytes; its answer,
    unread by the client library."""
    future = concurrent.futures.Future()
    client.protocol._request_futures[msg_id] = future
    send_raw(client, body)
    return await asyncio.wait_for(asyncio.wrap_future(future), 20)


async def request_json(client, method, params):
    """A request made as JSON, its result as JSON."""
    msg_id = f"raw-{next(_raw_ids)}"
    body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return await raw_request(client, body.encode(), msg_id)
