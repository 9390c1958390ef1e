"""The real `vigil lsp` binary over stdio, driven by pytest-lsp with the recorded
capabilities of real clients (Neovim 0.7 and 0.11, VS Code)."""
import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import EXAMPLE, VIGIL

MAIN_TF = EXAMPLE / "terraform" / "main.tf"
CLIENTS = ["neovim@v0.7.0", "neovim@v0.11.0", "visual-studio-code"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[VIGIL, "lsp", "--stdio", "--log-level", "warn"]), params=CLIENTS)
async def client(request, lsp_client: LanguageClient):
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params):
        return None

    @lsp_client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def lens_refresh(params):
        return None

    @lsp_client.feature("vigil/status")
    def status(params):
        lsp_client.vigil_status = params

    lsp_client.set_configuration({"debounceMs": 20}, section="vigil")
    uri = EXAMPLE.as_uri()
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=uri,
            workspace_folders=[types.WorkspaceFolder(uri=uri, name="example")],
        )
    )
    lsp_client.server_capabilities = result.capabilities
    yield
    await lsp_client.shutdown_session()


async def open_and_diagnose(client: LanguageClient):
    uri = MAIN_TF.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="terraform", version=1, text=MAIN_TF.read_text())
        )
    )
    for _ in range(100):
        if client.server_capabilities.diagnostic_provider is not None:
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )
            items = report.items
        else:
            await asyncio.sleep(0.1)
            items = client.diagnostics.get(uri, [])
        if any(d.code == "VGL-AWS-S3-001" for d in items):
            return uri, items
        await asyncio.sleep(0.1)
    pytest.fail(f"no VGL-AWS-S3-001 diagnostic on {uri}: {client.diagnostics}")


@pytest.mark.asyncio(loop_scope="function")
async def test_diagnostics_hover_and_quick_fix(client: LanguageClient):
    uri, items = await open_and_diagnose(client)
    acl = next(d for d in items if d.code == "VGL-AWS-S3-001")
    # `  acl    = "public-read"` on line 12 (0-based 11): the value, not the line.
    assert (acl.range.start.line, acl.range.start.character, acl.range.end.character) == (11, 11, 24)
    assert acl.severity == types.DiagnosticSeverity.Error
    assert acl.source == "vigil"

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=acl.range.start)
    )
    assert "VGL-AWS-S3-001" in hover.contents.value and "NIST-800-53-r5" in hover.contents.value

    versioning = next(d for d in items if d.code == "VGL-AWS-S3-002")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=versioning.range,
            context=types.CodeActionContext(diagnostics=[versioning]),
        )
    )
    fixes = [a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Fix:")]
    assert fixes, actions
    edit = fixes[0].edit.changes[uri][0]
    assert edit.new_text == "true"

    only = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=60, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.vigil"]),
        )
    )
    assert only and all(a.kind == "source.fixAll.vigil" for a in only)


@pytest.mark.asyncio(loop_scope="function")
async def test_code_lens_and_list_findings(client: LanguageClient):
    uri, _ = await open_and_diagnose(client)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert any("failed" in lens.command.title for lens in lenses)
    found = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="vigil.listFindings", arguments=["VGL-AWS-S3-001"])
    )
    files = sorted(f["uri"].rsplit("/", 2)[-2] + "/" + f["uri"].rsplit("/", 1)[-1] for f in found)
    assert files == ["cloudformation/storage.yaml", "terraform/main.tf"]
    # The status notification counts the workspace's findings.
    assert getattr(lsp_client_status(client), "mandatory") >= 2


def lsp_client_status(client):
    status = getattr(client, "vigil_status", None)
    assert status is not None, "no vigil/status notification"
    return status
