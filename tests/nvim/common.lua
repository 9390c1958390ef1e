-- The end-to-end flow shared by test_0_7.lua (Neovim 0.7-0.9) and test_0_10.lua
-- (0.10+). Run through tests/nvim/run.sh, which sets:
--   VIGIL_BIN        the vigil binary
--   VIGIL_REPO       the repository (for editors/nvim on the runtimepath)
--   VIGIL_WORKSPACE  a fresh copy of tests/nvim/fixture
--   VIGIL_TEST_TIMEOUT_MS  wait for each server answer (default 20000)
--
-- Output: one "PASS name" / "FAIL name: why" line per step on stdout, then
-- "RESULT: PASS" or "RESULT: FAIL"; exit status 0 on success (via :cquit).

local M = {}

local env = {
  bin = os.getenv("VIGIL_BIN"),
  repo = os.getenv("VIGIL_REPO"),
  ws = os.getenv("VIGIL_WORKSPACE"),
  timeout = tonumber(os.getenv("VIGIL_TEST_TIMEOUT_MS") or "") or 20000,
}

local function out(line)
  io.stdout:write(line .. "\n")
  io.stdout:flush()
end

local Failure = {}

local function pass(name, detail)
  out("PASS " .. name .. (detail and (" (" .. detail .. ")") or ""))
end

local function fail(name, detail)
  out("FAIL " .. name .. ": " .. tostring(detail))
  error(Failure)
end

local function check(cond, name, detail)
  if cond then
    pass(name)
  else
    fail(name, detail)
  end
end

local function log_path()
  if vim.lsp.log and vim.lsp.log.get_filename and vim.fn.has("nvim-0.11") == 1 then
    return vim.lsp.log.get_filename()
  end
  return vim.lsp.get_log_path()
end

local function realpath(p)
  return (p and vim.loop.fs_realpath(p)) or p
end

-- State shared with the dump.
local state = {
  bufnr = nil,
  published = {}, -- { uri, count, version, codes }
  signals = 0, -- publishDiagnostics (or DiagnosticChanged) for the buffer
  notifications = {},
  started_with = {},
}

local function codes_of(list)
  local codes = {}
  for _, d in ipairs(list or {}) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then
      code = d.user_data.lsp.code
    end
    table.insert(codes, tostring(code))
  end
  return codes
end

local function vigil_diags()
  return vim.diagnostic.get(state.bufnr)
end

local function find_diag(code)
  for _, d in ipairs(vigil_diags()) do
    if d.code == code then
      return d
    end
  end
  return nil
end

local function buffer_lines()
  return vim.api.nvim_buf_get_lines(state.bufnr, 0, -1, false)
end

local function dump()
  out("---- diagnostics of the buffer (vim.diagnostic.get) ----")
  out(vim.inspect(state.bufnr and vigil_diags() or {}))
  out("---- textDocument/publishDiagnostics received ----")
  for _, p in ipairs(state.published) do
    out(string.format("%s version=%s %d: %s", p.uri, tostring(p.version), p.count, table.concat(p.codes, ",")))
  end
  out("---- notifications ----")
  for _, n in ipairs(state.notifications) do
    out(n)
  end
  if state.bufnr and vim.api.nvim_buf_is_valid(state.bufnr) then
    out("---- buffer ----")
    out(table.concat(buffer_lines(), "\n"))
  end
  local log = log_path()
  out("---- LSP log: " .. log .. " (last 60 lines) ----")
  local f = io.open(log, "r")
  if f then
    local lines = {}
    for l in f:lines() do
      table.insert(lines, l)
    end
    f:close()
    for i = math.max(1, #lines - 59), #lines do
      out(lines[i])
    end
  end
  local ok, messages = pcall(vim.api.nvim_exec, "messages", true)
  if ok and messages ~= "" then
    out("---- :messages ----")
    out(messages)
  end
end

local function finish(code)
  for _, client in ipairs(require("vigil.util").clients()) do
    pcall(require("vigil.util").stop, client)
  end
  vim.wait(3000, function()
    return #require("vigil.util").clients() == 0
  end, 50)
  -- Deprecation warnings and errors the plugin may have caused.
  local ok, messages = pcall(vim.api.nvim_exec, "messages", true)
  if ok and code == 0 then
    for line in messages:gmatch("[^\n]+") do
      out("INFO message: " .. line)
    end
  end
  out(code == 0 and "RESULT: PASS" or "RESULT: FAIL")
  vim.cmd("cquit " .. code)
end

--- Waits for `pred`, or fails step `name` after `ms`.
local function wait_for(name, ms, pred, why)
  if not vim.wait(ms, pred, 50) then
    fail(name, (type(why) == "function" and why() or why) or ("timed out after " .. ms .. " ms"))
  end
end

local function same_file(uri, bufnr)
  return realpath(vim.uri_to_fname(uri)) == realpath(vim.api.nvim_buf_get_name(bufnr))
end

local function install_spies(variant)
  -- Which start function the plugin calls.
  state.has_start = vim.lsp.start ~= nil
  local start_client = vim.lsp.start_client
  vim.lsp.start_client = function(...)
    table.insert(state.started_with, "start_client")
    return start_client(...)
  end
  if vim.lsp.start then
    local start = vim.lsp.start
    vim.lsp.start = function(...)
      table.insert(state.started_with, "start")
      return start(...)
    end
  end
  -- Diagnostics arriving (an empty list counts).
  local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
    local ret = publish(err, result, ctx, config)
    if result and result.uri then
      table.insert(state.published, {
        uri = result.uri,
        count = #(result.diagnostics or {}),
        version = result.version,
        codes = codes_of(result.diagnostics),
      })
      if state.bufnr and same_file(result.uri, state.bufnr) then
        state.signals = state.signals + 1
      end
    end
    return ret
  end
  if variant == "0.10" then
    -- Pull diagnostics (0.10 may negotiate them) do not go through the handler above.
    vim.api.nvim_create_autocmd("DiagnosticChanged", {
      callback = function(args)
        if args.buf == state.bufnr then
          state.signals = state.signals + 1
        end
      end,
    })
  end
  local notify = vim.notify
  vim.notify = function(msg, level, opts)
    table.insert(state.notifications, string.format("[%s] %s", tostring(level), tostring(msg)))
    return notify(msg, level, opts)
  end
end

--- The action of an item given to vim.ui.select by vim.lsp.buf.code_action():
--- {client_id, action} up to 0.9, {action = ..., ctx = ...} from 0.10.
local function action_of(item)
  if type(item) ~= "table" then
    return nil
  end
  return item.action or item[2]
end

local function file_lines(path)
  local lines = {}
  for l in io.lines(path) do
    table.insert(lines, l)
  end
  return lines
end

--- The 0-based index of the first line of `lines` containing `needle` (plain).
local function line_of(lines, needle)
  for i, l in ipairs(lines) do
    if l:find(needle, 1, true) then
      return i - 1
    end
  end
  return nil
end

--- Opens a fixture file (relative to the workspace) with `filetype` and waits for
--- the Vigil client to attach; returns the buffer.
local function open_attached(rel, filetype)
  local util = require("vigil.util")
  vim.cmd("edit " .. vim.fn.fnameescape(env.ws .. "/" .. rel))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= filetype then
    vim.bo[bufnr].filetype = filetype
  end
  wait_for(rel .. " attaches", 10000, function()
    return #util.clients(bufnr) > 0
  end, "no Vigil client attached to " .. rel)
  return bufnr
end

local function labels_of(responses)
  local labels = {}
  for _, res in pairs(responses or {}) do
    local result = res.result or {}
    for _, item in ipairs(result.items or result) do
      table.insert(labels, item.label)
    end
  end
  return labels
end

local function lens_titles(bufnr)
  local titles = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
    table.insert(titles, lens.command and lens.command.title or "?")
  end
  return titles
end

local function diag_codes(bufnr)
  return codes_of(vim.diagnostic.get(bufnr))
end

--- Completion, go to definition, "Evaluate on resource…" and the test lenses, in
--- the policies of the fixture (docs/lsp.md, the policy editor).
local function policy_editor(client)
  local util = require("vigil.util")
  local policy_rel = "policies/naming.rego"
  local test_rel = "policies/naming_test.rego"

  -- 8. Completion of an input path: the attributes of the workspace's S3 buckets
  -- (the policy says `resources: [aws_s3_bucket]`) after `input.resource.values.`.
  local pbuf = open_attached(policy_rel, "rego")
  local original = vim.api.nvim_buf_get_lines(pbuf, 0, -1, false)
  local at = line_of(original, "name := input.resource.values.bucket")
  check(at ~= nil, "naming.rego has the bucket line", "not found")
  local typed = "\tinput.resource.values."
  vim.api.nvim_buf_set_lines(pbuf, at + 1, at + 1, false, { typed })
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(pbuf) },
    position = { line = at + 1, character = #typed },
    context = { triggerKind = 2, triggerCharacter = "." },
  }
  local labels = {}
  wait_for("completion after input.resource.values. offers acl and versioning", env.timeout, function()
    labels = labels_of(vim.lsp.buf_request_sync(pbuf, "textDocument/completion", params, env.timeout))
    return vim.tbl_contains(labels, "acl") and vim.tbl_contains(labels, "versioning")
  end, function()
    return "labels: " .. vim.inspect(labels)
  end)
  pass("completion after input.resource.values. offers acl and versioning", table.concat(labels, ","))
  vim.api.nvim_buf_set_lines(pbuf, at + 1, at + 2, false, {})
  check(vim.deep_equal(vim.api.nvim_buf_get_lines(pbuf, 0, -1, false), original), "the typed line is taken back",
    "buffer differs from the file")

  -- 9. Go to definition from a call of a library function to its definition.
  local call = line_of(original, "prefixes.has_team_prefix(name)")
  local lib = env.ws .. "/policies/lib/prefixes.rego"
  local def_line = line_of(file_lines(lib), "has_team_prefix(name) if")
  local col = original[call + 1]:find("has_team_prefix", 1, true) + 1
  vim.api.nvim_win_set_cursor(0, { call + 1, col })
  vim.lsp.buf.definition()
  wait_for("go to definition of prefixes.has_team_prefix", env.timeout, function()
    local name = vim.api.nvim_buf_get_name(0)
    return realpath(name) == realpath(lib) and vim.api.nvim_win_get_cursor(0)[1] == def_line + 1
  end, function()
    return "at " .. vim.api.nvim_buf_get_name(0) .. ":" .. vim.api.nvim_win_get_cursor(0)[1]
      .. ", expected " .. lib .. ":" .. (def_line + 1)
  end)
  pass("go to definition of prefixes.has_team_prefix", "policies/lib/prefixes.rego:" .. (def_line + 1))
  vim.api.nvim_set_current_buf(pbuf)

  -- 10. "Evaluate on resource…": the lens runs the client command
  -- vigil.evaluatePolicy; the resource is picked through vim.ui.select (stubbed: the
  -- first); the result shows in a vigil://evaluate/<policy>/<address> JSON buffer.
  local package_line = line_of(original, "package fixture.naming")
  wait_for("the policy's lenses include Evaluate on resource…", env.timeout, function()
    return vim.tbl_contains(lens_titles(pbuf), "Evaluate on resource…")
  end, function()
    return "lenses: " .. vim.inspect(lens_titles(pbuf))
  end)
  pass("the policy's lenses include Evaluate on resource…", table.concat(lens_titles(pbuf), " | "))
  local offered = {}
  vim.ui.select = function(items, opts, on_choice)
    if items[1] and items[1].lens then
      -- Several lenses on the package line: codelens.run() asks which one.
      for _, it in ipairs(items) do
        if it.lens.command and it.lens.command.command == "vigil.evaluatePolicy" then
          return on_choice(it)
        end
      end
      return on_choice(nil)
    end
    for _, it in ipairs(items) do
      table.insert(offered, opts.format_item and opts.format_item(it) or vim.inspect(it))
    end
    on_choice(items[1])
  end
  vim.api.nvim_win_set_cursor(0, { package_line + 1, 0 })
  vim.lsp.codelens.run()
  local want = "vigil://evaluate/NVIM-NAMING-1/aws_s3_bucket.assets"
  local ebuf
  wait_for("Evaluate on resource… opens " .. want, env.timeout, function()
    ebuf = vim.api.nvim_get_current_buf()
    return vim.api.nvim_buf_get_name(ebuf) == want
  end, function()
    return "current buffer " .. vim.api.nvim_buf_get_name(0) .. "; resources offered: " .. vim.inspect(offered)
  end)
  pass("Evaluate on resource… opens " .. want, "offered: " .. table.concat(offered, "; "))
  local text = table.concat(vim.api.nvim_buf_get_lines(ebuf, 0, -1, false), "\n")
  local ok, result = pcall(vim.json.decode, text)
  check(ok and type(result) == "table", "the result buffer is JSON", text)
  check(vim.bo[ebuf].filetype == "json" and vim.bo[ebuf].buftype == "nofile", "the result buffer is a json scratch buffer",
    "filetype " .. vim.bo[ebuf].filetype .. ", buftype " .. vim.bo[ebuf].buftype)
  local deny = type(result.deny) == "table" and result.deny[1] or nil
  check(deny ~= nil and type(deny.msg) == "string" and deny.msg:find("acme-assets", 1, true) ~= nil,
    "its deny holds the policy's result on the bucket", text)
  check(text:find('"deny"', 1, true) < text:find('"input"', 1, true), "deny comes before input", text)
  local printed = false
  for _, line in ipairs(type(result.prints) == "table" and result.prints or {}) do
    printed = printed or line:find("bucket name: acme-assets", 1, true) ~= nil
  end
  check(printed, "its prints hold what print() wrote", text)
  check(type(result.input) == "table" and result.input.values and result.input.values.bucket == "acme-assets",
    "its input is the resource", text)
  vim.cmd("close")

  -- 11. The test lenses: "▶ Run tests" on the package line runs the server command
  -- vigil.runTests; the plugin echoes the summary, the lenses show the outcomes and
  -- the failed test gets a test-failed diagnostic.
  local tbuf = open_attached(test_rel, "rego")
  local tlines = vim.api.nvim_buf_get_lines(tbuf, 0, -1, false)
  wait_for("the test file's lenses", env.timeout, function()
    return vim.tbl_contains(lens_titles(tbuf), "▶ Run tests")
  end, function()
    return "lenses: " .. vim.inspect(lens_titles(tbuf))
  end)
  pass("the test file's lenses", table.concat(lens_titles(tbuf), " | "))
  local notes_before = #state.notifications
  vim.api.nvim_win_set_cursor(0, { line_of(tlines, "package fixture.naming_test") + 1, 0 })
  vim.lsp.codelens.run()
  local function notified(needle)
    for i = notes_before + 1, #state.notifications do
      if state.notifications[i]:find(needle, 1, true) then
        return state.notifications[i]
      end
    end
    return nil
  end
  wait_for("▶ Run tests echoes the summary", env.timeout, function()
    return notified("tests: 1 passed, 1 failed") ~= nil
  end, function()
    return "notifications: " .. vim.inspect(vim.list_slice(state.notifications, notes_before + 1))
  end)
  pass("▶ Run tests echoes the summary", notified("tests: 1 passed, 1 failed"))
  wait_for("the lenses show the outcomes", env.timeout, function()
    local t = lens_titles(tbuf)
    return vim.tbl_contains(t, "✗ 1 failed · 1 passed") and vim.tbl_contains(t, "✓ passed")
      and vim.tbl_contains(t, "✗ failed")
  end, function()
    return "lenses: " .. vim.inspect(lens_titles(tbuf))
  end)
  pass("the lenses show the outcomes", table.concat(lens_titles(tbuf), " | "))
  local failing = line_of(tlines, "test_other_bucket_fails_twice if")
  wait_for("the failed test has a test-failed diagnostic", env.timeout, function()
    for _, d in ipairs(vim.diagnostic.get(tbuf)) do
      if d.code == "test-failed" and d.lnum == failing then
        return true
      end
    end
    return false
  end, function()
    return "diagnostics: " .. vim.inspect(vim.diagnostic.get(tbuf))
  end)
  pass("the failed test has a test-failed diagnostic", table.concat(diag_codes(tbuf), ","))

  -- :VigilRunTests runs one test by its short name, without a lens.
  notes_before = #state.notifications
  vim.cmd("VigilRunTests test_team_bucket_passes")
  wait_for(":VigilRunTests test_team_bucket_passes", env.timeout, function()
    return notified("tests: 1 passed, 0 failed") ~= nil
  end, function()
    return "notifications: " .. vim.inspect(vim.list_slice(state.notifications, notes_before + 1))
  end)
  pass(":VigilRunTests test_team_bucket_passes", notified("tests: 1 passed, 0 failed"))
end

local function flow(variant)
  local util = require("vigil.util")
  local version = vim.version()
  out(string.format("INFO nvim %d.%d.%d, variant %s, vigil %s", version.major, version.minor, version.patch, variant, env.bin))
  out("INFO workspace " .. env.ws)
  out("INFO LSP log " .. log_path())

  -- 1. setup: settings disable VGL-AWS-S3-003 (vigil.toml disables S3-004).
  local vigil = require("vigil")
  vigil.setup({
    cmd = { env.bin, "lsp" },
    settings = {
      enforcement = { ["VGL-AWS-S3-003"] = "disabled" },
      debounceMs = 50,
    },
  })
  check(vim.fn.exists(":VigilFixAll") == 2 and vim.fn.exists(":VigilFindings") == 2 and vim.fn.exists(":VigilRestart") == 2,
    "setup defines :VigilRestart, :VigilFixAll, :VigilFindings", "user commands missing")

  -- 2. open main.tf; the filetype (the languageId) is set before the client attaches.
  local fname = env.ws .. "/main.tf"
  vim.cmd("edit " .. vim.fn.fnameescape(fname))
  state.bufnr = vim.api.nvim_get_current_buf()
  vim.bo[state.bufnr].filetype = "terraform"
  wait_for("client attaches", 10000, function()
    return #util.clients(state.bufnr) > 0
  end, "no Vigil client attached within 10 s (see notifications)")
  local client = util.clients(state.bufnr)[1]
  pass("client attaches", "id " .. client.id .. ", started with " .. table.concat(state.started_with, ","))
  if not state.has_start then
    check(state.started_with[1] == "start_client", "uses vim.lsp.start_client (no vim.lsp.start on 0.7)",
      "started with " .. vim.inspect(state.started_with))
  else
    check(vim.tbl_contains(state.started_with, "start"), "uses vim.lsp.start",
      "started with " .. vim.inspect(state.started_with))
  end
  check(realpath(client.config.root_dir) == realpath(env.ws), "root is the directory of vigil.toml",
    tostring(client.config.root_dir) .. " ~= " .. env.ws)
  check(vigil.attach(state.bufnr) == client.id and #util.clients() == 1, "one client per root is reused",
    "a second attach started another client")
  wait_for("server initializes", env.timeout, function()
    return client.initialized ~= false and client.server_capabilities ~= nil
  end)
  pass("server initializes")

  -- 3. diagnostics, with the column of a non-ASCII line right.
  local lines = buffer_lines()
  local finding_line
  for i, l in ipairs(lines) do
    if l:find('"public-read"', 1, true) then
      finding_line = i - 1
    end
  end
  check(finding_line ~= nil, "fixture has the public-read line", "not found in main.tf")
  local line_text = lines[finding_line + 1]
  local expected_col = line_text:find('"public-read"', 1, true) - 1
  local utf16_col = util.character(line_text, expected_col, "utf-16")
  check(line_text:find("[\128-\255]") ~= nil and lines[finding_line]:find("[\128-\255]") ~= nil
    and utf16_col ~= expected_col,
    "fixture line and line above are non-ASCII", "byte col " .. expected_col .. ", utf-16 col " .. utf16_col)

  wait_for("diagnostics arrive", env.timeout, function()
    return state.signals > 0 and find_diag("VGL-AWS-S3-001") ~= nil
  end, function()
    return state.signals == 0 and ("no diagnostics for main.tf within " .. env.timeout .. " ms")
      or "diagnostics arrived without VGL-AWS-S3-001"
  end)
  pass("diagnostics arrive", #vigil_diags() .. " diagnostics: " .. table.concat(codes_of(vigil_diags()), ","))

  local d = find_diag("VGL-AWS-S3-001")
  check(d.lnum == finding_line, "VGL-AWS-S3-001 on the expected line",
    "lnum " .. d.lnum .. ", expected " .. finding_line)
  check(d.col == expected_col, "VGL-AWS-S3-001 at the expected byte column",
    "col " .. d.col .. ", expected " .. expected_col .. " (utf-16 would be " .. utf16_col .. ")")
  check(d.end_col == expected_col + #'"public-read"', "VGL-AWS-S3-001 ends after the value",
    "end_col " .. tostring(d.end_col) .. ", expected " .. (expected_col + #'"public-read"'))
  check(d.source == "vigil" and d.severity == vim.diagnostic.severity.ERROR, "mandatory finding is an Error from vigil",
    "source " .. tostring(d.source) .. ", severity " .. tostring(d.severity))
  -- The server's own range, in the negotiated encoding (UTF-16 on 0.7; 0.10+ offer
  -- UTF-8, which the server takes).
  local encoding = client.offset_encoding or "utf-16"
  local true_col = util.character(line_text, expected_col, encoding)
  local data = d.user_data and d.user_data.lsp and d.user_data.lsp.data
  check(type(data) == "table" and type(data.range) == "table" and data.range.start.character == true_col,
    "Diagnostic.data keeps the true range (" .. encoding .. " column " .. true_col .. ")", vim.inspect(data))
  check(find_diag("VGL-AWS-S3-003") == nil, "settings reach the server (S3-003 disabled through settings)",
    "VGL-AWS-S3-003 reported")
  check(find_diag("VGL-AWS-S3-004") == nil, "vigil.toml is read (S3-004 disabled)", "VGL-AWS-S3-004 reported")
  local versioning = find_diag("VGL-AWS-S3-002")
  check(versioning ~= nil and versioning.severity == vim.diagnostic.severity.INFO,
    "remediate finding VGL-AWS-S3-002 is Information", vim.inspect(versioning))

  -- 4. :VigilFindings fills the quickfix list.
  vim.fn.setqflist({}, "r", { title = "none", items = {} })
  vim.cmd("VigilFindings")
  wait_for(":VigilFindings fills the quickfix list", env.timeout, function()
    return #vim.fn.getqflist() > 0
  end)
  local qf = vim.fn.getqflist()
  local item
  for _, it in ipairs(qf) do
    if it.text:find("VGL-AWS-S3-001", 1, true) then
      item = it
    end
  end
  check(item ~= nil and item.lnum == finding_line + 1 and item.col == expected_col + 1,
    ":VigilFindings fills the quickfix list", vim.inspect(qf))
  vim.cmd("cclose")

  -- 5. The code lens command vigil.showFindings (client side).
  local lens_params = { textDocument = { uri = vim.uri_from_bufnr(state.bufnr) } }
  local lenses = vim.lsp.buf_request_sync(state.bufnr, "textDocument/codeLens", lens_params, env.timeout) or {}
  local lens
  for _, res in pairs(lenses) do
    for _, l in ipairs(res.result or {}) do
      if l.command and l.command.command == "vigil.showFindings" then
        lens = lens or l
      end
    end
  end
  check(lens ~= nil, "code lenses use vigil.showFindings", vim.inspect(lenses))
  vim.fn.setqflist({}, "r", { title = "none", items = {} })
  vim.lsp.commands["vigil.showFindings"](
    { title = "", command = "vigil.showFindings", arguments = { "VGL-AWS-S3-001" } },
    { bufnr = state.bufnr, client_id = client.id }
  )
  wait_for("vigil.showFindings <policy id>", env.timeout, function()
    return #vim.fn.getqflist() > 0
  end)
  local only_s3_001 = true
  for _, it in ipairs(vim.fn.getqflist()) do
    if not it.text:find("VGL-AWS-S3-001", 1, true) then
      only_s3_001 = false
    end
  end
  check(only_s3_001 and vim.fn.getqflist({ title = 1 }).title:find("VGL-AWS-S3-001", 1, true) ~= nil,
    "vigil.showFindings <policy id>", vim.inspect(vim.fn.getqflist()))
  vim.cmd("cclose")
  vim.fn.setqflist({}, "r", { title = "none", items = {} })
  vim.lsp.commands[lens.command.command](lens.command, { bufnr = state.bufnr, client_id = client.id })
  wait_for("vigil.showFindings from a code lens", env.timeout, function()
    return #vim.fn.getqflist() > 0
  end, "no findings for lens " .. vim.inspect(lens.command))
  pass("vigil.showFindings from a code lens", lens.command.title)
  vim.cmd("cclose")
  vim.api.nvim_set_current_buf(state.bufnr)

  -- 6. The quick fix through the user path (vim.ui.select + vim.lsp.buf.code_action).
  local titles = {}
  vim.ui.select = function(items, _, on_choice)
    local chosen
    for _, it in ipairs(items) do
      local action = action_of(it)
      if action then
        table.insert(titles, action.title)
        if not chosen and action.title:sub(1, 4) == "Fix:" and action.title:find("VGL-AWS-S3-001", 1, true) then
          chosen = it
        end
      end
    end
    if not chosen then
      for _, it in ipairs(items) do
        local action = action_of(it)
        if action and action.title:sub(1, 4) == "Fix:" then
          chosen = it
          break
        end
      end
    end
    on_choice(chosen)
  end
  local before = state.signals
  vim.api.nvim_win_set_cursor(0, { finding_line + 1, expected_col + 1 })
  vim.lsp.buf.code_action()
  local fixed_text = line_text:gsub('"public%-read"', '"private"')
  wait_for("quick fix applied", env.timeout, function()
    return buffer_lines()[finding_line + 1] == fixed_text
  end, function()
    return "line is " .. vim.inspect(buffer_lines()[finding_line + 1]) .. ", expected " .. vim.inspect(fixed_text)
      .. "; actions offered: " .. vim.inspect(titles)
  end)
  pass("quick fix applied", "actions: " .. table.concat(titles, " | "))
  check(buffer_lines()[finding_line] == lines[finding_line], "the line above is untouched",
    vim.inspect(buffer_lines()[finding_line]))
  wait_for("diagnostics refresh without VGL-AWS-S3-001", env.timeout, function()
    return state.signals > before and find_diag("VGL-AWS-S3-001") == nil
  end, function()
    return "still: " .. table.concat(codes_of(vigil_diags()), ",")
  end)
  pass("diagnostics refresh without VGL-AWS-S3-001", table.concat(codes_of(vigil_diags()), ","))

  -- 7. :VigilFixAll (the safe fixes: versioning enabled = true).
  local vline
  for i, l in ipairs(buffer_lines()) do
    if l:find("enabled = false", 1, true) then
      vline = i
    end
  end
  check(vline ~= nil, "fixture has enabled = false", "not found")
  before = state.signals
  vim.cmd("VigilFixAll")
  wait_for(":VigilFixAll applies the safe fixes", env.timeout, function()
    return (buffer_lines()[vline] or ""):find("enabled = true", 1, true) ~= nil
  end, function()
    return "line " .. vline .. " is " .. vim.inspect(buffer_lines()[vline])
  end)
  pass(":VigilFixAll applies the safe fixes")
  check(buffer_lines()[finding_line + 1] == fixed_text, ":VigilFixAll leaves the non-ASCII line intact",
    vim.inspect(buffer_lines()[finding_line + 1]))
  wait_for("diagnostics refresh without VGL-AWS-S3-002", env.timeout, function()
    return state.signals > before and find_diag("VGL-AWS-S3-002") == nil
  end, function()
    return "still: " .. table.concat(codes_of(vigil_diags()), ",")
  end)
  pass("diagnostics refresh without VGL-AWS-S3-002")

  -- 8-11. The policy editor, on policies/ of the fixture.
  policy_editor(client)

  -- 12. :VigilRestart starts a new server for the buffer.
  vim.api.nvim_set_current_buf(state.bufnr)
  local old_id = client.id
  vim.cmd("VigilRestart")
  wait_for(":VigilRestart", env.timeout, function()
    local c = util.clients(state.bufnr)[1]
    return c ~= nil and c.id ~= old_id and c.initialized ~= false and c.server_capabilities ~= nil
  end, "no new client attached")
  pass(":VigilRestart", "client " .. old_id .. " -> " .. util.clients(state.bufnr)[1].id)
end

--- Runs the flow; exits Neovim with 0 on success.
function M.run(variant)
  if not (env.bin and env.repo and env.ws) then
    out("FAIL environment: run through tests/nvim/run.sh (VIGIL_BIN, VIGIL_REPO, VIGIL_WORKSPACE)")
    vim.cmd("cquit 2")
    return
  end
  vim.opt.runtimepath:prepend(env.repo .. "/editors/nvim")
  local level = os.getenv("VIGIL_TEST_LOG_LEVEL") or "info"
  if vim.lsp.log and vim.lsp.log.set_level and vim.fn.has("nvim-0.11") == 1 then
    vim.lsp.log.set_level(level)
  else
    vim.lsp.set_log_level(level)
  end
  -- A watchdog, in case something blocks outside vim.wait.
  local watchdog = vim.loop.new_timer()
  watchdog:start(10 * env.timeout + 60000, 0, vim.schedule_wrap(function()
    out("FAIL watchdog: the test did not finish")
    dump()
    vim.cmd("cquit 3")
  end))
  install_spies(variant)
  local ok, err = xpcall(function()
    flow(variant)
  end, function(e)
    if e == Failure then
      return e
    end
    return debug.traceback(tostring(e), 2)
  end)
  watchdog:stop()
  if ok then
    finish(0)
  else
    if err ~= Failure then
      out("FAIL error: " .. tostring(err))
    end
    dump()
    finish(1)
  end
end

return M
