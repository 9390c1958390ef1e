-- Vigil for Neovim: starts `vigil lsp` for policy-as-code findings in Terraform,
-- CloudFormation, Kubernetes manifests and Rego policies.
--
--   require("vigil").setup({ settings = { enforcement = { ["VGL-AWS-S3-004"] = "disabled" } } })
--
-- Works on Neovim 0.7.2 (Debian 12: vim.lsp.start_client + vim.lsp.buf_attach_client,
-- one client per workspace root) and on 0.8+ (vim.lsp.start, which reuses a client
-- by name and root itself). See :help vigil.

local util = require("vigil.util")
local root = require("vigil.root")
local findings = require("vigil.findings")
local policy = require("vigil.policy")

local M = {}

M.defaults = {
  -- The server command. Default: { vigil.server.path or "vigil", "lsp" }.
  cmd = nil,
  filetypes = { "terraform", "terraform-vars", "hcl", "yaml", "json", "rego" },
  -- Nearest ancestor with one of the plain markers wins; else the nearest with a
  -- match of a glob marker; else the file's directory. "name/" = a directory.
  root_markers = { "vigil.toml", ".git", "policies/", "*.tf" },
  -- function(fname, bufnr) -> root directory or nil (nil: use root_markers).
  root_dir = nil,
  -- The `vigil` settings section (keys of docs/lsp.md without the `vigil.` prefix):
  -- policyDirs, builtinPolicies, enforcement, debounceMs, keepLastGoodPolicies,
  -- server.path, trace.server.
  settings = {},
  on_attach = nil,
  capabilities = nil,
  -- Show code lenses ("✓ N passed · ✗ M failed", "N findings in workspace").
  codelens = true,
  -- Register *.rego → rego, *.tfvars → terraform-vars, *.tf → terraform (if undetected).
  filetype_detection = true,
  -- Attach automatically on the FileType event of `filetypes`.
  autostart = true,
}

M.config = nil

-- Neovim 0.7: root directory → client id (0.8+ lets vim.lsp.start reuse clients).
local clients_by_root = {}
-- client id → last `vigil/status` notification.
local status_by_client = {}
local warned = {}

local augroup = "vigil"
local lens_group = "vigil_codelens"

local function has_start()
  return type(vim.lsp.start) == "function"
end

local function server_cmd(opts)
  if opts.cmd then
    return opts.cmd
  end
  local path = opts.settings and opts.settings.server and opts.settings.server.path
  if type(path) == "string" and path ~= "" then
    return { path, "lsp" }
  end
  return { "vigil", "lsp" }
end

--- The settings as sent to the server (section `vigil`).
local function wire_settings()
  return { vigil = util.json_settings(M.config.settings or {}, "vigil") }
end

local function capabilities()
  local base = vim.lsp.protocol.make_client_capabilities()
  local extra = {
    workspace = {
      -- 0.7.2 answers workspace/configuration but does not say so.
      configuration = true,
      didChangeConfiguration = { dynamicRegistration = false },
    },
  }
  return vim.tbl_deep_extend("force", base, extra, M.config.capabilities or {})
end

---------------------------------------------------------------------------
-- Handlers

local function lookup(settings, section)
  if not section or section == "" then
    return settings
  end
  local value, last = settings, nil
  for part in vim.gsplit(section, ".", true) do
    if type(value) ~= "table" then
      return vim.NIL
    end
    value, last = value[part], part
    if value == nil then
      return vim.NIL
    end
  end
  return util.json_settings(value, last)
end

-- workspace/configuration: one value per item, `{}` kept an object. The stock
-- handler of 0.7.2 reads client.config.settings too, but skips items without a
-- section and encodes empty tables as JSON arrays.
local function on_configuration(_, result, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local settings = (client and client.config and client.config.settings) or wire_settings()
  local out = {}
  for _, item in ipairs((result and result.items) or {}) do
    table.insert(out, lookup(settings, item.section))
  end
  return out
end

-- client/registerCapability: the server registers file watchers. 0.7/0.8 cannot
-- watch files (and warn in the log about it); accept quietly. 0.9+ handle it.
local function on_register_capability(err, result, ctx, config)
  if util.has("nvim-0.9") then
    local default = vim.lsp.handlers["client/registerCapability"]
    if default then
      local ok, res, res_err = pcall(default, err, result, ctx, config)
      if ok then
        return res, res_err
      end
    end
  end
  return vim.NIL
end

local function on_unregister_capability(err, result, ctx, config)
  local default = vim.lsp.handlers["client/unregisterCapability"]
  if default and util.has("nvim-0.9") then
    local ok, res, res_err = pcall(default, err, result, ctx, config)
    if ok then
      return res, res_err
    end
  end
  return vim.NIL
end

local function refresh_lenses(bufnr)
  if not M.config.codelens then
    return
  end
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) or #util.clients(bufnr) == 0 then
    return
  end
  if util.has("nvim-0.10") then
    pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
  elseif bufnr == vim.api.nvim_get_current_buf() then
    pcall(vim.lsp.codelens.refresh)
  end
end

-- workspace/codeLens/refresh (sent after each analysis): 0.7.2 has no handler.
local function on_codelens_refresh(err, result, ctx, config)
  local default = vim.lsp.handlers["workspace/codeLens/refresh"]
  if default then
    return default(err, result, ctx, config)
  end
  vim.schedule(function()
    refresh_lenses(vim.api.nvim_get_current_buf())
  end)
  return vim.NIL
end

local function on_status(_, result, ctx)
  status_by_client[ctx.client_id] = result
  if #vim.api.nvim_get_autocmds({ event = "User", pattern = "VigilStatus" }) > 0 then
    vim.api.nvim_exec_autocmds("User", { pattern = "VigilStatus", modeline = false })
  end
end

local function handlers()
  return {
    ["workspace/configuration"] = on_configuration,
    ["client/registerCapability"] = on_register_capability,
    ["client/unregisterCapability"] = on_unregister_capability,
    ["workspace/codeLens/refresh"] = on_codelens_refresh,
    ["vigil/status"] = on_status,
  }
end

---------------------------------------------------------------------------
-- Client

local function on_init(client)
  -- Push the settings once (what nvim-lspconfig does); the server then pulls its
  -- section through workspace/configuration. 0.10+ send this notification themselves.
  if not util.has("nvim-0.10") then
    util.client_notify(client, "workspace/didChangeConfiguration", { settings = client.config.settings })
  end
end

local function on_attach(client, bufnr)
  if M.config.codelens then
    vim.api.nvim_create_augroup(lens_group, { clear = false })
    vim.api.nvim_clear_autocmds({ group = lens_group, buffer = bufnr })
    vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "BufWritePost" }, {
      group = lens_group,
      buffer = bufnr,
      callback = function()
        refresh_lenses(bufnr)
      end,
    })
    refresh_lenses(bufnr)
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function on_exit(_, _, client_id)
  status_by_client[client_id] = nil
  for dir, id in pairs(clients_by_root) do
    if id == client_id then
      clients_by_root[dir] = nil
    end
  end
end

local function trace_level()
  local t = M.config.settings and M.config.settings.trace and M.config.settings.trace.server
  if t == "messages" or t == "verbose" then
    return t
  end
  return "off"
end

--- The client configuration for a workspace root.
function M.client_config(root_dir)
  return {
    name = util.name,
    cmd = server_cmd(M.config),
    root_dir = root_dir,
    settings = wire_settings(),
    capabilities = capabilities(),
    handlers = handlers(),
    -- Client-side lens commands; `vigil.runTests` is the server's (see policy.lua).
    commands = {
      ["vigil.showFindings"] = findings.show_command,
      ["vigil.evaluatePolicy"] = policy.evaluate_command,
    },
    on_init = on_init,
    on_attach = on_attach,
    on_exit = on_exit,
    trace = trace_level(),
    flags = { debounce_text_changes = 150 },
  }
end

--- The workspace root of a buffer, or nil when it is not a file.
function M.root_of(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == "" or fname:match("^%a[%w+.-]*://") then
    return nil
  end
  fname = vim.fn.fnamemodify(fname, ":p")
  if M.config.root_dir then
    local dir = M.config.root_dir(fname, bufnr)
    if dir then
      return dir
    end
  end
  return root.find(fname, M.config.root_markers)
end

--- Starts (or reuses) the client for the buffer's root and attaches it.
---@return number|nil client id
function M.attach(bufnr)
  if not M.config then
    M.setup()
  end
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) or not vim.api.nvim_buf_is_loaded(bufnr) then
    return nil
  end
  if vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local root_dir = M.root_of(bufnr)
  if not root_dir then
    return nil
  end
  local config = M.client_config(root_dir)
  local exe = config.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    if not warned[exe] then
      warned[exe] = true
      util.notify(
        string.format("`%s` is not executable: install vigil (cargo install --path server/crates/vigil-cli) or set `cmd`", exe),
        vim.log.levels.ERROR
      )
    end
    return nil
  end
  if has_start() then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or util.is_stopped(client) then
    id = vim.lsp.start_client(config)
    if not id then
      util.notify("could not start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function wanted_filetype(ft)
  return vim.tbl_contains(M.config.filetypes, ft)
end

---------------------------------------------------------------------------
-- Commands

--- Stops every Vigil client and starts them again for the buffers they served.
function M.restart()
  local clients = util.clients()
  local buffers = {}
  for _, client in ipairs(clients) do
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and vim.lsp.buf_is_attached(b, client.id) then
        buffers[b] = true
      end
    end
    util.stop(client)
  end
  clients_by_root = {}
  local current = vim.api.nvim_get_current_buf()
  if wanted_filetype(vim.bo[current].filetype) then
    buffers[current] = true
  end
  local waited, done = 0, false
  local timer = vim.loop.new_timer()
  timer:start(100, 100, vim.schedule_wrap(function()
    if done then
      return
    end
    waited = waited + 100
    local running = false
    for _, client in ipairs(clients) do
      if not util.is_stopped(client) then
        running = true
        if waited >= 5000 then
          util.stop(client, true)
        end
      end
    end
    if running and waited < 6000 then
      return
    end
    done = true
    timer:stop()
    timer:close()
    for b in pairs(buffers) do
      if vim.api.nvim_buf_is_valid(b) then
        M.attach(b)
      end
    end
    util.notify("restarted")
  end))
end

--- `vigil.restart` on every server: reload policies, vigil.toml and files.
function M.reload()
  for _, client in ipairs(util.clients()) do
    util.request(client, "workspace/executeCommand", { command = "vigil.restart", arguments = {} }, function(err)
      if err then
        util.notify("reload failed: " .. tostring(err.message or err), vim.log.levels.ERROR)
      end
    end)
  end
end

--- Whole-buffer range in the client's encoding.
local function buffer_range(bufnr, encoding)
  local count = vim.api.nvim_buf_line_count(bufnr)
  local last = vim.api.nvim_buf_get_lines(bufnr, count - 1, count, false)[1] or ""
  return {
    start = { line = 0, character = 0 },
    ["end"] = { line = count - 1, character = util.character(last, #last, encoding) },
  }
end

local function apply_action(client, action, bufnr, on_done)
  local function run(a)
    if a.edit then
      vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding or "utf-16")
    end
    local command = a.command
    if type(command) == "table" then
      util.request(client, "workspace/executeCommand", command, function() end, bufnr)
    end
    if on_done then
      on_done(true)
    end
  end
  local provider = client.server_capabilities and client.server_capabilities.codeActionProvider
  if not action.edit and not action.command and type(provider) == "table" and provider.resolveProvider then
    util.request(client, "codeAction/resolve", action, function(err, resolved)
      if err or not resolved then
        util.notify("could not resolve the fix", vim.log.levels.ERROR)
        if on_done then
          on_done(false)
        end
        return
      end
      run(resolved)
    end, bufnr)
  else
    run(action)
  end
end

--- Applies the server's "Fix all Vigil findings in file" to a buffer.
function M.fix_all(bufnr, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = util.clients(bufnr)[1]
  if not client then
    util.notify("no Vigil server attached to this buffer", vim.log.levels.WARN)
    if on_done then
      on_done(false)
    end
    return
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = buffer_range(bufnr, client.offset_encoding or "utf-16"),
    -- No diagnostics: 0.7.2 would send them with byte columns; fix-all needs none.
    context = { diagnostics = {}, only = { "source.fixAll.vigil" } },
  }
  util.request(client, "textDocument/codeAction", params, function(err, result)
    if err then
      util.notify("fix all failed: " .. tostring(err.message or err), vim.log.levels.ERROR)
      if on_done then
        on_done(false)
      end
      return
    end
    local chosen
    for _, action in ipairs(result or {}) do
      if action.kind == "source.fixAll.vigil" then
        chosen = action
        break
      end
    end
    chosen = chosen or (result or {})[1]
    if not chosen then
      util.notify("no automatic fixes in this file")
      if on_done then
        on_done(false)
      end
      return
    end
    apply_action(client, chosen, bufnr, on_done)
  end, bufnr)
end

--- Findings of the workspace (optionally one policy id or resource address) into
--- the quickfix list.
function M.findings(filter, on_done)
  findings.list({ filter = filter, on_done = on_done })
end

--- Runs the tests of a `*_test.rego` buffer (all, or test `name`: `test_x` or
--- `data.<package>.test_x`), echoes "tests: N passed, M failed" and refreshes the
--- buffer's lenses (which then show the outcomes).
function M.run_tests(bufnr, name, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  policy.run_tests(bufnr, name, function(err, result)
    refresh_lenses(bufnr)
    if on_done then
      on_done(err, result)
    end
  end)
end

--- "Evaluate on resource…" for the policy in buffer `bufnr`: pick a resource, see
--- the policy's results in a `vigil://evaluate/...` buffer.
function M.evaluate(bufnr, on_done)
  policy.evaluate({ bufnr = bufnr, on_done = on_done })
end

--- Last `vigil/status` of the buffer's server: {findings, mandatory, advisory,
--- remediate, files, policyErrors}, or nil.
function M.status(bufnr)
  local client = util.client_for(bufnr)
  return client and status_by_client[client.id] or nil
end

--- A short string for the statusline, "" when there is no server.
function M.statusline(bufnr)
  local s = M.status(bufnr)
  if not s then
    return ""
  end
  local text = string.format("Vigil %d✗ %d! %di", s.mandatory or 0, s.advisory or 0, s.remediate or 0)
  if (s.policyErrors or 0) > 0 then
    text = text .. string.format(" (%d policy errors)", s.policyErrors)
  end
  return text
end

--- Replaces the settings and tells the running servers.
function M.set_settings(settings)
  M.config.settings = settings or {}
  local wire = wire_settings()
  for _, client in ipairs(util.clients()) do
    client.config.settings = wire
    if client.settings ~= nil then
      client.settings = wire
    end
    util.client_notify(client, "workspace/didChangeConfiguration", { settings = wire })
  end
end

---------------------------------------------------------------------------
-- Setup

local function filetype_detection(group)
  local modern = util.has("nvim-0.8") and vim.filetype and vim.filetype.add
  if modern then
    local ext = { tfvars = "terraform-vars", tfstate = "json" }
    local ok, known = pcall(vim.filetype.match, { filename = "policy.rego" })
    if not ok or not known then
      ext.rego = "rego"
    end
    vim.filetype.add({ extension = ext })
  else
    vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
      group = group,
      pattern = "*.rego",
      callback = function(args)
        if vim.bo[args.buf].filetype == "" then
          vim.bo[args.buf].filetype = "rego"
        end
      end,
    })
    vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
      group = group,
      pattern = "*.tfstate",
      callback = function(args)
        if vim.bo[args.buf].filetype == "" then
          vim.bo[args.buf].filetype = "json"
        end
      end,
    })
    vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
      group = group,
      pattern = "*.tfvars",
      callback = function(args)
        local ft = vim.bo[args.buf].filetype
        if ft == "" or ft == "terraform" then
          vim.bo[args.buf].filetype = "terraform-vars"
        end
      end,
    })
  end
  -- *.tf: terraform when detection found nothing (or "tf" on an empty new file).
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = "*.tf",
    callback = function(args)
      local buf = args.buf
      vim.schedule(function()
        if not vim.api.nvim_buf_is_valid(buf) then
          return
        end
        local ft = vim.bo[buf].filetype
        local empty = vim.api.nvim_buf_line_count(buf) == 1
          and (vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1] or "") == ""
        if ft == "" or (ft == "tf" and empty) then
          vim.bo[buf].filetype = "terraform"
        end
      end)
    end,
  })
end

local function create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd("VigilRestart", function()
    M.restart()
  end, { desc = "Restart the Vigil language server(s)" })
  cmd("VigilReload", function()
    M.reload()
  end, { desc = "Reload Vigil policies, vigil.toml and files" })
  cmd("VigilFixAll", function()
    M.fix_all(0)
  end, { desc = "Apply Vigil's safe fixes to the current buffer" })
  cmd("VigilFindings", function(args)
    M.findings(args.args)
  end, { nargs = "?", desc = "List Vigil findings of the workspace in the quickfix list" })
  cmd("VigilRunTests", function(args)
    M.run_tests(0, args.args)
  end, { nargs = "?", desc = "Run the tests of the current *_test.rego buffer (or test {name}) with Vigil" })
  cmd("VigilEvaluate", function()
    M.evaluate(0)
  end, { desc = "Evaluate the policy of the current buffer on a resource of the workspace" })
end

---@param opts table|nil see M.defaults
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  -- Lists replace, they are not merged index by index.
  if opts and opts.filetypes then
    M.config.filetypes = opts.filetypes
  end
  if opts and opts.root_markers then
    M.config.root_markers = opts.root_markers
  end
  if opts and opts.cmd then
    M.config.cmd = opts.cmd
  end
  M.config.cmd = server_cmd(M.config)

  local group = vim.api.nvim_create_augroup(augroup, { clear = true })
  if M.config.filetype_detection then
    filetype_detection(group)
  end
  if M.config.autostart then
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        local buf = args.buf
        -- After the other autocommands: the filetype is final (it is the languageId).
        vim.schedule(function()
          if vim.api.nvim_buf_is_valid(buf) and wanted_filetype(vim.bo[buf].filetype) then
            M.attach(buf)
          end
        end)
      end,
    })
  end
  create_commands()

  -- For code lenses (0.7.2 looks commands up here and in client.commands).
  vim.lsp.commands["vigil.showFindings"] = findings.show_command
  vim.lsp.commands["vigil.evaluatePolicy"] = policy.evaluate_command
  -- The test lenses run the server's `vigil.runTests`; their result goes to the
  -- global handler, which now also echoes the summary.
  policy.install_result_handler()

  -- Buffers opened before setup (lazy loading on a filetype).
  if M.config.autostart then
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and wanted_filetype(vim.bo[b].filetype) then
        M.attach(b)
      end
    end
  end
  return M
end

return M
