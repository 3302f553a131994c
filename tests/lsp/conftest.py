"""A journal in a git repository, and a client connected to `weeklint server`
in it, with the capabilities of a real editor (VS Code)."""

import asyncio
import os
import pathlib
import subprocess
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

sys.path.insert(0, str(pathlib.Path(__file__).parent))

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("WEEKLINT_BIN", str(ROOT / "target" / "debug" / "weeklint"))
TODAY = "2024-01-10"

JOURNAL = """\
# Papers

## 2023.6.18 CLIP

![fig](pic/clip.png)

##2023.6.10

- [ ] read more
"""


def server_env():
    env = dict(os.environ)
    env["WEEKLINT_TODAY"] = TODAY
    # The tests' own repositories, not one from the environment (a test
    # run from a git hook has GIT_DIR set).
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    return env


def git(repo, *args):
    subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        env={**server_env(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"},
    )


@pytest.fixture
def journal(tmp_path):
    """A repository with README.md, pic/clip.png committed and
    pic/new.png on disk only."""
    (tmp_path / "pic").mkdir()
    (tmp_path / "pic" / "clip.png").write_bytes(b"\x89PNG" + b"\0" * 2044)
    (tmp_path / "README.md").write_text(JOURNAL)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "journal")
    (tmp_path / "pic" / "new.png").write_bytes(b"\x89PNG" + b"\0" * 10)
    return tmp_path


def initialize_params(root):
    return types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="journal")],
    )


CONFIG = ClientServerConfig(server_command=[BIN, "server"], server_env=server_env())


def accept_registrations(client):
    """Take the file watchers the server registers, as editors do; kept
    in `client.registrations`."""
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)


async def end(client):
    """`shutdown` and `exit` when the session is on, then make sure the
    server is gone: pytest-lsp waits for it to exit with no time limit,
    so a server left running would hold the suite."""
    server = client._server
    try:
        if server is not None and server.returncode is None and not client.stopped:
            await asyncio.wait_for(client.shutdown_session(), 10)
    finally:
        if server is not None and server.returncode is None:
            server.kill()
            await server.wait()


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, journal):
    accept_registrations(lsp_client)
    await asyncio.wait_for(lsp_client.initialize_session(initialize_params(journal)), 10)
    yield
    await end(lsp_client)


@pytest_lsp.fixture(config=CONFIG)
async def bare(lsp_client: LanguageClient):
    """A client that has not initialized the server."""
    accept_registrations(lsp_client)
    yield
    await end(lsp_client)
