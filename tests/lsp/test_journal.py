"""What only a journal tool offers: image paths completed from the folder
with uncommitted files marked, `git add` for such a file after asking,
hovers on image paths, and the dated outline as document symbols."""

import subprocess

from lsprotocol import types

from helpers import Doc, codes, request_json


async def complete(client, doc, position):
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc.id, position=position)
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    return {i.label: i for i in items or []}


async def test_image_paths_complete_from_the_folder_marking_files_not_committed(client, journal):
    text = "# Log\n\n## 2023.6.18\n\n![fig](pic/\n\n<img src=\"\n"
    doc = Doc(client, journal / "README.md", text)
    await doc.open()
    items = await complete(client, doc, doc.at("pic/", 4))
    assert sorted(items) == ["clip.png", "new.png"]
    assert items["new.png"].detail.startswith("not committed")
    assert "git add" in items["new.png"].detail
    assert items["clip.png"].detail is None
    assert items["new.png"].text_edit.new_text == "new.png"
    # In an <img> tag, from the file's folder: the folder and the journal's
    # own files are not images, only the folder is offered.
    items = await complete(client, doc, doc.at('src="', 5))
    assert sorted(items) == ["pic/"]
    assert items["pic/"].kind == types.CompletionItemKind.Folder
    # Outside an image: nothing.
    assert await complete(client, doc, doc.at("## 2023", 3)) == {}


async def test_an_image_not_committed_is_staged_after_the_user_says_so(client, journal):
    asked = []

    @client.feature(types.WINDOW_SHOW_MESSAGE_REQUEST)
    def answer(params: types.ShowMessageRequestParams):
        asked.append(params.message)
        return types.MessageActionItem(title="Stage")

    text = "# Log\n\n## 2023.6.18\n\n![new](pic/new.png)\n"
    doc = Doc(client, journal / "README.md", text)
    assert codes(await doc.open()) == [("dead-image", 4)]
    # As JSON: lsprotocol reads any code action with a command as a Command.
    found = await request_json(
        client,
        "textDocument/codeAction",
        {"textDocument": {"uri": doc.uri}, "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}}, "context": {"diagnostics": []}},
    )
    stage = next(a for a in found if a.get("command", {}).get("command") == "weeklint.gitAdd")
    assert "Stage pic/new.png with `git add`" in stage["title"]
    assert stage["kind"] == "quickfix"
    assert [d["code"] for d in stage["diagnostics"]] == ["dead-image"]
    client.diagnostics.pop(doc.uri, None)
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=stage["command"]["command"], arguments=stage["command"]["arguments"])
    )
    assert asked and "pic/new.png" in asked[0]
    staged = subprocess.run(
        ["git", "-C", str(journal), "ls-files", "pic"], capture_output=True, text=True, check=True
    ).stdout
    assert "pic/new.png" in staged
    assert codes(await doc.diagnostics()) == []


async def test_nothing_is_staged_when_the_user_says_no(client, journal):
    @client.feature(types.WINDOW_SHOW_MESSAGE_REQUEST)
    def answer(params: types.ShowMessageRequestParams):
        return types.MessageActionItem(title="Cancel")

    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="weeklint.gitAdd", arguments=[str(journal / "pic" / "new.png")])
    )
    staged = subprocess.run(
        ["git", "-C", str(journal), "ls-files", "pic"], capture_output=True, text=True, check=True
    ).stdout
    assert "new.png" not in staged


async def test_hover_says_whether_an_image_is_there_its_size_and_git_state(client, journal):
    text = "# Log\n\n![a](pic/clip.png) ![b](pic/new.png) ![c](pic/gone.png)\n"
    doc = Doc(client, journal / "README.md", text)
    await doc.open()

    async def hover(needle):
        h = await client.text_document_hover_async(
            types.HoverParams(text_document=doc.id, position=doc.at(needle, 1))
        )
        return h.contents.value if h else None

    assert "2.0 KB" in await hover("pic/clip.png")
    assert "committed" in await hover("pic/clip.png")
    assert "not committed" in await hover("pic/new.png")
    assert "does not exist" in await hover("pic/gone.png")
    assert await hover("# Log") is None


async def test_document_symbols_list_the_dated_entries(client, journal):
    text = "# Papers\n\n## 2023.6.18 CLIP\n\n### Notes\n\n## June 1, 2023\n\n## Ideas\n"
    doc = Doc(client, journal / "README.md", text)
    await doc.open()
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc.id)
    )
    assert [s.name for s in symbols] == ["Papers"]
    entries = symbols[0].children
    assert [(s.name, s.detail, s.kind) for s in entries] == [
        ("2023.6.18 CLIP", "2023-06-18", types.SymbolKind.Event),
        ("June 1, 2023", "2023-06-01", types.SymbolKind.Event),
        ("Ideas", None, types.SymbolKind.String),
    ]
    assert [s.name for s in entries[0].children] == ["Notes"]
    assert entries[0].range.start.line == 2 and entries[0].range.end.line == 6
