"""The protocol itself: bad input is answered with an error and the
server goes on; shutdown and exit end it cleanly."""

import asyncio
import datetime

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from conftest import initialize_params
from helpers import Doc, codes, raw_request, request_json, send_raw


async def still_answers(client, journal):
    doc = Doc(client, journal / "README.md", (journal / "README.md").read_text())
    assert codes(await doc.open()) == [("heading-space", 6)]


async def test_a_request_that_is_not_utf8_is_answered_with_an_error(client, journal):
    body = b'{"jsonrpc":"2.0","id":"bad-utf8","method":"textDocument/hover","params":{"x":"\xff\xfe"}}'
    with pytest.raises(JsonRpcException) as e:
        await raw_request(client, body, "bad-utf8")
    assert e.value.code == -32700
    assert "UTF-8" in str(e.value)
    await still_answers(client, journal)


async def test_a_notification_that_is_not_utf8_is_shown_and_skipped(client, journal):
    text = '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"%s","languageId":"markdown","version":1,"text":"\xff"}}}'
    send_raw(client, (text % (journal / "x.md").as_uri()).encode("utf-8").replace("\xff".encode("utf-8"), b"\xff"))
    for _ in range(2000):
        if client.messages:
            break
        await asyncio.sleep(0.01)
    assert "not valid UTF-8" in client.messages[0].message
    await still_answers(client, journal)


async def test_json_that_is_not_a_message_and_bad_parameters_get_errors(client, journal):
    with pytest.raises(JsonRpcException) as e:
        await raw_request(client, b'{"jsonrpc":"2.0","id":41,"params":{}}', 41)
    assert e.value.code == -32600
    with pytest.raises(JsonRpcException) as e:
        await raw_request(client, b'{"jsonrpc":"2.0","id":42,"method":"textDocument/hover","params":{"x":1}}', 42)
    assert e.value.code == -32602
    send_raw(client, b"{ not json")
    await still_answers(client, journal)


async def test_a_request_for_a_document_that_is_not_open_is_an_error(client, journal):
    with pytest.raises(JsonRpcException) as e:
        await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=types.TextDocumentIdentifier(uri=(journal / "nope.md").as_uri()),
                options=types.FormattingOptions(tab_size=4, insert_spaces=True),
            )
        )
    assert "is not open" in str(e.value)
    with pytest.raises(JsonRpcException) as e:
        await raw_request(client, b'{"jsonrpc":"2.0","id":43,"method":"weeklint/nothing"}', 43)
    assert e.value.code == -32601
    await still_answers(client, journal)


async def test_a_huge_document_is_linted_and_one_over_the_limit_is_refused(client, journal):
    # 60,000 entries, a day each, newest first: almost 4 MB with one problem.
    day = datetime.date(2023, 12, 31)
    entries = []
    for i in range(60000):
        d = day - datetime.timedelta(days=i)
        entries.append(f"## {d.year}.{d.month}.{d.day}\n\nnotes on a paper, with ![a figure](pic/clip.png)\n\n")
    big = "# Log\n\n" + "".join(entries) + "##1800.1.1\n"
    assert len(big) > 3_500_000
    doc = Doc(client, journal / "big.md", big)
    found = await doc.open()
    assert codes(found) == [("heading-space", 2 + 4 * 60000)]
    (journal / "lint.toml").write_text("[files]\nmax-size = 1\n")
    found = await doc.file_changed(journal / "lint.toml", types.FileChangeType.Created)
    assert [d.code for d in found] == ["io-error"]
    assert "larger than files.max-size (1 MB)" in found[0].message
    with pytest.raises(JsonRpcException) as e:
        await client.text_document_formatting_async(
            types.DocumentFormattingParams(text_document=doc.id, options=types.FormattingOptions(tab_size=4, insert_spaces=True))
        )
    assert "files.max-size" in str(e.value)


async def test_requests_before_initialize_are_refused_and_exit_ends_the_server(bare, tmp_path):
    # As JSON: pytest-lsp itself refuses to send a request before `initialize`.
    with pytest.raises(JsonRpcException) as e:
        await request_json(
            bare,
            "textDocument/hover",
            {"textDocument": {"uri": (tmp_path / "a.md").as_uri()}, "position": {"line": 0, "character": 0}},
        )
    assert e.value.code == -32002
    await asyncio.wait_for(bare.initialize_session(initialize_params(tmp_path)), 10)
    await asyncio.wait_for(bare.shutdown_session(), 10)
    assert bare._server.returncode == 0


async def test_exit_without_shutdown_ends_the_server_with_status_1(bare, tmp_path):
    await asyncio.wait_for(bare.initialize_session(initialize_params(tmp_path)), 10)
    bare.exit(None)
    assert await asyncio.wait_for(bare._server.wait(), 10) == 1
