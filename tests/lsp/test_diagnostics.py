"""Diagnostics: from the buffer on open and on every change, with rule
codes, severities and links; lint.toml read per document and again when
it changes."""

from lsprotocol import types

from helpers import Doc, codes


async def test_open_publishes_the_buffers_diagnostics(client, journal):
    doc = Doc(client, journal / "README.md", (journal / "README.md").read_text())
    found = await doc.open()
    assert codes(found) == [("heading-space", 6)]
    d = found[0]
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.source == "weeklint"
    assert d.code_description.href.endswith("/crates/weeklint-core/src/rules/heading_space.rs")
    assert d.range.start == types.Position(line=6, character=0)
    assert "help:" in d.message


async def test_a_change_updates_the_diagnostics(client, journal):
    doc = Doc(client, journal / "README.md", (journal / "README.md").read_text())
    await doc.open()
    # The fix typed by hand: diagnostics follow the buffer, not the disk.
    fixed = await doc.change([types.TextEdit(range=types.Range(start=doc.at("##2023", 2), end=doc.at("##2023", 2)), new_text=" ")])
    assert codes(fixed) == []
    # An entry out of date order and a box GitHub shows as text.
    broken = await doc.change(
        [types.TextEdit(range=types.Range(start=doc.at("- [ ]"), end=doc.at("- [ ]")), new_text="## 2023.7.1\n\n-[ ] x\n\n")]
    )
    # Pairs run each way once: the first and last entries say oldest first,
    # so 2023.6.10 is the one out of place.
    assert codes(broken) == [("checkbox-syntax", 10), ("date-order", 6)]
    assert (journal / "README.md").read_text().count("##2023.6.10") == 1


async def test_severities_follow_lint_toml_and_it_is_read_again_when_it_changes(client, journal):
    doc = Doc(client, journal / "README.md", (journal / "README.md").read_text())
    found = await doc.open()
    assert [d.severity for d in found] == [types.DiagnosticSeverity.Error]
    (journal / "lint.toml").write_text('[rules]\nheading-space = "warn"\n')
    found = await doc.file_changed(journal / "lint.toml", types.FileChangeType.Created)
    assert [(d.code, d.severity) for d in found] == [("heading-space", types.DiagnosticSeverity.Warning)]
    (journal / "lint.toml").write_text('[rules]\nheading-spac = "off"\n')
    found = await doc.file_changed(journal / "lint.toml", types.FileChangeType.Changed)
    assert [d.code for d in found] == ["config"]
    assert "lint.toml has problems" in found[0].message
    assert "heading-spac" in found[0].related_information[0].message


async def test_each_document_gets_its_nearest_lint_toml(client, journal):
    (journal / "old").mkdir()
    (journal / "old" / "lint.toml").write_text('[rules]\nheading-space = "off"\n')
    text = "# Log\n\n##2023.6.10\n"
    here = Doc(client, journal / "log.md", text)
    there = Doc(client, journal / "old" / "log.md", text)
    assert codes(await here.open()) == [("heading-space", 2)]
    assert codes(await there.open()) == []


async def test_closing_clears_the_diagnostics(client, journal):
    doc = Doc(client, journal / "README.md", (journal / "README.md").read_text())
    assert await doc.open()
    client.diagnostics.pop(doc.uri, None)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc.id))
    assert await doc.diagnostics() == []
