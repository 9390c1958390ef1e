-- Headless end-to-end test of the Vigil Neovim plugin on Neovim 0.7.2 (Debian 12):
-- the plugin starts `vigil lsp` with vim.lsp.start_client + vim.lsp.buf_attach_client.
-- Run it through tests/nvim/run.sh; the steps are in tests/nvim/common.lua:
--   setup → open fixture main.tf (filetype terraform) → client attaches (one per root)
--   → diagnostics arrive (publishDiagnostics handler wrapped) → VGL-AWS-S3-001 at the
--   expected line and *byte* column of a non-ASCII line (0.7.2 converts the server's
--   UTF-16 columns) → settings and vigil.toml honoured → :VigilFindings and
--   vigil.showFindings fill the quickfix list → quick fix "Fix: ..." through
--   vim.ui.select + vim.lsp.buf.code_action() (0.7.2 sends byte columns back: the
--   server uses Diagnostic.data) → acl = "private" and the finding goes away →
--   :VigilFixAll → in policies/: completion after input.resource.values. → go to
--   definition of a library function (when the server advertises it) → "Evaluate on
--   resource…" through vim.lsp.codelens.run() + vim.ui.select (a vigil://evaluate/
--   JSON buffer) → "▶ Run tests" (summary echoed, lenses "✗ 1 failed · 1 passed",
--   test-failed diagnostic) → :VigilRunTests test_x → :VigilRestart.
local repo = os.getenv("VIGIL_REPO") or "."
local v = vim.version()
if v.major > 0 or v.minor >= 10 then
  io.stdout:write("FAIL version: test_0_7.lua is for Neovim < 0.10; run.sh picks test_0_10.lua\n")
  vim.cmd("cquit 2")
  return
end
dofile(repo .. "/tests/nvim/common.lua").run("0.7")
