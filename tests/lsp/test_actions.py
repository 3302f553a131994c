"""Code actions and formatting: quick fixes, unsafe ones titled so, fix
all, the suppression comment, and a new entry for today."""

import subprocess

from lsprotocol import types

from helpers import Doc, codes, line_range


def newest_first(journal):
    (journal / "lint.toml").write_text('[dates]\norder = "newest-first"\n')


def edits_of(action, uri):
    return action.edit.changes[uri]


async def actions(client, doc, line, only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc.id,
            range=line_range(line),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


async def test_a_quick_fix_applied_clears_its_diagnostic(client, journal):
    doc = Doc(client, journal / "README.md", (journal / "README.md").read_text())
    await doc.open()
    found = await actions(client, doc, 6)
    fix = next(a for a in found if a.is_preferred)
    assert fix.kind == types.CodeActionKind.QuickFix
    assert "(heading-space)" in fix.title
    assert [d.code for d in fix.diagnostics] == ["heading-space"]
    assert codes(await doc.change(edits_of(fix, doc.uri))) == []
    assert "## 2023.6.10" in doc.text


async def test_an_unsafe_fix_is_titled_so_and_not_preferred(client, journal):
    doc = Doc(client, journal / "log.md", "# Log\n\n#Meeting notes\n")
    assert codes(await doc.open()) == [("heading-space", 2)]
    fixes = [a for a in await actions(client, doc, 2) if "heading-space" in a.title and "Ignore" not in a.title]
    assert len(fixes) == 1
    assert "unsafe" in fixes[0].title
    assert not fixes[0].is_preferred


async def test_fix_all_applies_every_safe_fix(client, journal):
    newest_first(journal)
    text = "# Log\n\n## 2023.6.18\n\n##2023.6.1\n\n- [] a\n\n## 2023.6.18\n"
    doc = Doc(client, journal / "log.md", text)
    before = await doc.open()
    assert [c for c, _ in codes(before)] == ["checkbox-syntax", "duplicate-date", "heading-space"]
    only = [types.CodeActionKind.SourceFixAll]
    found = await actions(client, doc, 0, only)
    assert [a.kind for a in found] == ["source.fixAll.weeklint"]
    # The edit is worked out when the client asks for it.
    assert found[0].edit is None
    resolved = await client.code_action_resolve_async(found[0])
    after = await doc.change(edits_of(resolved, doc.uri))
    # What no fix can settle is left: two entries of one day.
    assert {c for c, _ in codes(after)} == {"duplicate-date"}
    assert "- [ ] a" in doc.text and "##2023" not in doc.text


async def test_formatting_applies_the_safe_fixes(client, journal):
    newest_first(journal)
    doc = Doc(client, journal / "log.md", "# Log\n\n## 2023.6.1\n\n##2023.6.18\n\n- [] a\n")
    await doc.open()
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=doc.id, options=types.FormattingOptions(tab_size=4, insert_spaces=True))
    )
    assert codes(await doc.change(edits)) == []
    assert doc.text == "# Log\n\n## 2023.6.18\n\n- [ ] a\n\n## 2023.6.1\n"
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=doc.id, options=types.FormattingOptions(tab_size=4, insert_spaces=True))
    )
    assert not edits


async def test_ignoring_a_rule_on_a_line_inserts_the_comment(client, journal):
    newest_first(journal)
    doc = Doc(client, journal / "log.md", "# Log\n\n- a\n  -[ ] b\n\n## 2023.6.1\n\n## 2023.6.18\n")
    assert codes(await doc.open()) == [("checkbox-syntax", 3), ("date-order", 7)]
    ignore = next(a for a in await actions(client, doc, 3) if a.title.startswith("Ignore checkbox-syntax"))
    assert codes(await doc.change(edits_of(ignore, doc.uri))) == [("date-order", 8)]
    assert "  <!-- weeklint-disable-next-line checkbox-syntax -->\n  -[ ] b" in doc.text
    ignore = next(a for a in await actions(client, doc, 8) if a.title.startswith("Ignore date-order"))
    assert codes(await doc.change(edits_of(ignore, doc.uri))) == []


async def test_a_new_entry_for_today_in_the_journals_form_level_and_order(client, journal):
    text = "# Log\n\n### 2023-06-08\n\na\n\n### 2023-06-18\n\nb\n"
    doc = Doc(client, journal / "log.md", text)
    before = await doc.open()
    found = [a for a in await actions(client, doc, 0) if a.title.startswith("New entry for today")]
    assert [a.title for a in found] == ["New entry for today: ### 2024-01-10"]
    after = await doc.change(edits_of(found[0], doc.uri))
    assert doc.text == text + "\n### 2024-01-10\n"
    assert codes(after) == codes(before)
    # Today's entry is there now: no second one.
    assert not [a for a in await actions(client, doc, 0) if a.title.startswith("New entry")]


async def test_a_fragment_of_another_page_is_judged_and_fixed_in_the_editor(client, journal):
    # The other page as it is on disk; the link's fix is a quick fix.
    (journal / "papers.md").write_text("# Papers\n\n## CLIP\n\n## Notes\n")
    subprocess.run(["git", "-C", str(journal), "add", "papers.md"], check=True)
    doc = Doc(client, journal / "log.md", "# Log\n\nSee [CLIP](papers.md#Clip) and [x](papers.md#nope).\n")
    found = await doc.open()
    dead = [d for d in found if d.code == "dead-link"]
    assert [d.message for d in dead] == [
        "#Clip differs in letter case from the anchor #clip of papers.md: "
        "GitHub finds it, other Markdown viewers may not",
        "#nope matches no heading or anchor of papers.md",
    ]
    fix = next(a for a in await actions(client, doc, 2) if a.is_preferred)
    assert fix.title == "Use #clip (dead-link)"
    after = await doc.change(edits_of(fix, doc.uri))
    assert "See [CLIP](papers.md#clip)" in doc.text
    assert [d.message for d in after if d.code == "dead-link"] == [
        "#nope matches no heading or anchor of papers.md"
    ]
    # Fix all fixes it too, with the rest, as --fix does; the guess waits.
    await doc.change(
        [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0),
                                          end=types.Position(line=0, character=0)),
                        new_text="##Log\n\n[again](papers.md#NOTES)\n\n")]
    )
    found = await actions(client, doc, 0, [types.CodeActionKind.SourceFixAll])
    resolved = await client.code_action_resolve_async(found[0])
    after = await doc.change(edits_of(resolved, doc.uri))
    assert doc.text.startswith("## Log\n\n[again](papers.md#notes)\n\n")
    assert [d.message for d in after if d.code == "dead-link"] == [
        "#nope matches no heading or anchor of papers.md"
    ]
