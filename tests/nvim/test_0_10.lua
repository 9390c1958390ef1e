-- Headless end-to-end test of the Vigil Neovim plugin on Neovim 0.10+: the plugin
-- starts `vigil lsp` through vim.lsp.start (which reuses a client by name + root).
-- Same steps as test_0_7.lua (tests/nvim/common.lua), with two differences:
--   * 0.10 may negotiate UTF-8 positions and pull diagnostics with the server, so
--     arrivals are also counted through the DiagnosticChanged event;
--   * vim.ui.select receives { action = ..., ctx = ... } items instead of
--     { client_id, action } pairs.
-- The byte-column assertion is the same: vim.diagnostic always holds byte columns.
local repo = os.getenv("VIGIL_REPO") or "."
local v = vim.version()
if v.major == 0 and v.minor < 10 then
  io.stdout:write("FAIL version: test_0_10.lua needs Neovim 0.10+; run.sh picks test_0_7.lua\n")
  vim.cmd("cquit 2")
  return
end
dofile(repo .. "/tests/nvim/common.lua").run("0.10")
