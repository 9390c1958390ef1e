-- The policy editor's commands (docs/lsp.md, "Commands"):
--
--   * `vigil.evaluatePolicy` (client side, from the "Evaluate on resource…" lens of a
--     policy): asks the server's `vigil.evaluate` for the resources the policy
--     selects, lets the user pick one with vim.ui.select, and shows what the policy
--     said of it in a scratch buffer `vigil://evaluate/<policy>/<address>` (JSON);
--   * `vigil.runTests` (a server command, run by the lenses of a `*_test.rego` file
--     through vim.lsp.codelens.run()): the plugin only reports its result, through
--     a wrapper of the global `workspace/executeCommand` handler, because that is the
--     handler codelens.run() calls on every Neovim from 0.7 to 0.12;
--   * `:VigilRunTests`, which runs the tests of the current buffer without a lens.

local util = require("vigil.util")

local M = {}

---------------------------------------------------------------------------
-- JSON, pretty-printed

-- Neovim's JSON decoder forgets the order of keys: the fields of a `vigil.evaluate`
-- result are written in the order the server documents (the results first, the
-- possibly long input last); other objects get their keys sorted.
local RESULT_KEYS = { "policy", "address", "deny", "warn", "prints", "error", "input" }

local islist = vim.islist or vim.tbl_islist

local function is_null(v)
  return v == nil or v == vim.NIL
end

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\b"] = "\\b", ["\f"] = "\\f" }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function encode_number(n)
  if n ~= n or n == math.huge or n == -math.huge then
    return "null"
  end
  if n == math.floor(n) and math.abs(n) < 2 ^ 53 then
    return string.format("%d", n)
  end
  return string.format("%.17g", n)
end

local function is_empty_object(t)
  return getmetatable(t) ~= nil and getmetatable(t) == getmetatable(vim.empty_dict())
end

--- `value` (as Neovim decoded it from JSON) as indented JSON text. `keys`, when
--- given, are written first and in that order, as null when absent (Neovim drops
--- null members of objects on decoding).
function M.json(value, indent, keys)
  indent = indent or ""
  local inner = indent .. "  "
  if is_null(value) then
    return "null"
  elseif type(value) == "boolean" then
    return value and "true" or "false"
  elseif type(value) == "number" then
    return encode_number(value)
  elseif type(value) == "string" then
    return encode_string(value)
  elseif type(value) ~= "table" then
    return encode_string(tostring(value))
  end
  if next(value) == nil and not keys then
    return is_empty_object(value) and "{}" or "[]"
  end
  local parts = {}
  if islist(value) and not keys then
    for _, v in ipairs(value) do
      table.insert(parts, inner .. M.json(v, inner))
    end
    return "[\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "]"
  end
  local order, seen = {}, {}
  for _, k in ipairs(keys or {}) do
    table.insert(order, k)
    seen[k] = true
  end
  local rest = {}
  for k in pairs(value) do
    if not seen[tostring(k)] then
      table.insert(rest, tostring(k))
    end
  end
  table.sort(rest)
  vim.list_extend(order, rest)
  for _, k in ipairs(order) do
    local v = value[k]
    if v == nil and tonumber(k) then
      v = value[tonumber(k)]
    end
    table.insert(parts, inner .. encode_string(k) .. ": " .. M.json(v, inner))
  end
  return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
end

---------------------------------------------------------------------------
-- vigil.evaluatePolicy

local function text(v)
  return is_null(v) and "" or tostring(v)
end

--- The name of the scratch buffer of a result.
function M.buffer_name(policy, address)
  return "vigil://evaluate/" .. text(policy) .. "/" .. text(address)
end

local function find_buffer(name)
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_valid(b) and vim.api.nvim_buf_get_name(b) == name then
      return b
    end
  end
  return nil
end

--- Shows a `vigil.evaluate` result in the scratch buffer
--- `vigil://evaluate/<policy>/<address>` (reused when it exists), in a window of
--- the current tab page (a new vertical split when none shows it).
---@return number the buffer
function M.show_result(result)
  local name = M.buffer_name(result.policy, result.address)
  local bufnr = find_buffer(name)
  if not bufnr then
    bufnr = vim.api.nvim_create_buf(true, true)
    -- nofile before the name and the filetype: the plugin does not attach to it.
    vim.bo[bufnr].buftype = "nofile"
    vim.bo[bufnr].bufhidden = "hide"
    vim.bo[bufnr].swapfile = false
    vim.api.nvim_buf_set_name(bufnr, name)
  end
  local lines = vim.split(M.json(result, "", RESULT_KEYS), "\n", { plain = true })
  vim.bo[bufnr].modifiable = true
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].modified = false
  if vim.bo[bufnr].filetype ~= "json" then
    vim.bo[bufnr].filetype = "json"
  end
  local win
  for _, w in ipairs(vim.api.nvim_tabpage_list_wins(0)) do
    if vim.api.nvim_win_get_buf(w) == bufnr then
      win = w
    end
  end
  if not win then
    vim.cmd("vsplit")
    win = vim.api.nvim_get_current_win()
    vim.api.nvim_win_set_buf(win, bufnr)
  end
  vim.api.nvim_set_current_win(win)
  return bufnr
end

local function client_of(ctx)
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  return client or util.client_for(ctx and ctx.bufnr)
end

local function error_text(err)
  return type(err) == "table" and tostring(err.message or vim.inspect(err)) or tostring(err)
end

local function evaluate_on(client, uri, policy, resource, on_done)
  local arguments = { uri, resource.address }
  if not is_null(resource.stack) then
    table.insert(arguments, resource.stack)
  end
  vim.api.nvim_echo({ { string.format("vigil: evaluating %s on %s…", policy, resource.address) } }, false, {})
  local params = { command = "vigil.evaluate", arguments = arguments }
  local ok = util.request(client, "workspace/executeCommand", params, function(err, result)
    vim.api.nvim_echo({ { "" } }, false, {})
    if err then
      util.notify(string.format("could not evaluate %s on %s: %s", policy, resource.address, error_text(err)),
        vim.log.levels.ERROR)
    elseif is_null(result) then
      util.notify(string.format("%s could not be evaluated on %s", policy, resource.address), vim.log.levels.WARN)
    else
      M.show_result(result)
      if not is_null(result.error) then
        util.notify(string.format("%s stopped on %s: %s", policy, resource.address, text(result.error)),
          vim.log.levels.WARN)
      end
    end
    if on_done then
      on_done(err, result)
    end
  end)
  if not ok then
    util.notify("the Vigil server is not running", vim.log.levels.ERROR)
  end
end

--- Evaluates the policy of document `opts.uri` (default: the current buffer) on a
--- resource the user picks.
---@param opts table { uri = string|nil, client = table|nil, bufnr = number|nil, on_done = function|nil }
function M.evaluate(opts)
  opts = opts or {}
  local bufnr = (opts.bufnr == nil or opts.bufnr == 0) and vim.api.nvim_get_current_buf() or opts.bufnr
  local uri = opts.uri or vim.uri_from_bufnr(bufnr)
  local client = opts.client or util.client_for(bufnr)
  local function done(...)
    if opts.on_done then
      opts.on_done(...)
    end
  end
  if not client then
    util.notify("no Vigil server is running", vim.log.levels.WARN)
    return done(nil, nil)
  end
  local params = { command = "vigil.evaluate", arguments = { uri } }
  local ok = util.request(client, "workspace/executeCommand", params, function(err, result)
    if err then
      util.notify("cannot evaluate this policy: " .. error_text(err), vim.log.levels.ERROR)
      return done(err, nil)
    end
    local policy = text(result and result.policy)
    local resources = (result and not is_null(result.resources) and result.resources) or {}
    if #resources == 0 then
      util.notify(string.format("no resource of the workspace is of a type %s selects (METADATA custom.resources)",
        policy), vim.log.levels.WARN)
      return done(nil, nil)
    end
    vim.ui.select(resources, {
      prompt = "Evaluate " .. policy .. " on:",
      kind = "vigil.resource",
      format_item = function(r)
        return string.format("%s  (%s, %s)", text(r.address), text(r.type), text(r.file))
      end,
    }, function(choice)
      if not choice then
        return done(nil, nil)
      end
      evaluate_on(client, uri, policy, choice, done)
    end)
  end, bufnr)
  if not ok then
    util.notify("the Vigil server is not running", vim.log.levels.ERROR)
    done(nil, nil)
  end
end

--- Client side of `vigil.evaluatePolicy` (the lens on a policy's package line):
--- `arguments[1]` is the policy's document URI.
function M.evaluate_command(command, ctx)
  local uri = command and command.arguments and command.arguments[1]
  M.evaluate({
    uri = not is_null(uri) and uri or nil,
    client = client_of(ctx),
    bufnr = ctx and ctx.bufnr,
  })
end

---------------------------------------------------------------------------
-- vigil.runTests

--- "2 passed, 1 failed (test_x)" for a `vigil.runTests` result, and its log level.
function M.summary(result)
  if type(result) ~= "table" then
    return "no tests ran", vim.log.levels.WARN
  end
  local passed, failed = tonumber(result.passed) or 0, tonumber(result.failed) or 0
  local names = {}
  for _, t in ipairs(is_null(result.tests) and {} or result.tests) do
    if t.outcome ~= "passed" then
      local short = text(t.name):match("([^.]+)$") or text(t.name)
      table.insert(names, t.outcome == "error" and (short .. ": " .. text(t.message)) or short)
    end
  end
  if passed + failed == 0 then
    return "no tests ran", vim.log.levels.WARN
  end
  local msg = string.format("tests: %d passed, %d failed", passed, failed)
  if #names > 0 then
    msg = msg .. " (" .. table.concat(names, ", ") .. ")"
  end
  return msg, failed > 0 and vim.log.levels.WARN or vim.log.levels.INFO
end

--- Echoes the summary of a `vigil.runTests` result.
function M.report_tests(result)
  local msg, level = M.summary(result)
  util.notify(msg, level)
end

local installed_handler

--- Wraps the global `workspace/executeCommand` handler (the one codelens.run()
--- calls with the result of a server command) so that a run of `vigil.runTests`
--- by a Vigil client echoes its summary. Idempotent; other commands and clients
--- go to the previous handler only.
function M.install_result_handler()
  local current = vim.lsp.handlers["workspace/executeCommand"]
  if installed_handler and rawequal(current, installed_handler) then
    return
  end
  local previous = current
  installed_handler = function(err, result, ctx, config)
    local ret
    if previous then
      ret = previous(err, result, ctx, config)
    end
    local params = ctx and ctx.params
    if not err and type(params) == "table" and params.command == "vigil.runTests" then
      local client = ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
      if client and client.name == util.name then
        M.report_tests(result)
      end
    end
    return ret
  end
  vim.lsp.handlers["workspace/executeCommand"] = installed_handler
end

--- The full name of test `name` of a buffer: `test_x` becomes
--- `data.<package>.test_x` (the package read from the buffer).
function M.test_name(bufnr, name)
  if not name or name == "" or name:match("^data%.") then
    return name ~= "" and name or nil
  end
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local package = line:match("^%s*package%s+([%w_.]+)")
    if package then
      return "data." .. package .. "." .. name
    end
  end
  return name
end

--- Runs the tests of a `*_test.rego` buffer (or the one named) with the server's
--- `vigil.runTests`, echoes the summary, then calls `on_done(err, result)`.
function M.run_tests(bufnr, name, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = util.clients(bufnr)[1]
  if not client then
    util.notify("no Vigil server is attached to this buffer", vim.log.levels.WARN)
    if on_done then
      on_done(nil, nil)
    end
    return
  end
  local arguments = { vim.uri_from_bufnr(bufnr) }
  local full = M.test_name(bufnr, name)
  if full then
    table.insert(arguments, full)
  end
  local params = { command = "vigil.runTests", arguments = arguments }
  local ok = util.request(client, "workspace/executeCommand", params, function(err, result)
    if err then
      util.notify("could not run the tests: " .. error_text(err), vim.log.levels.ERROR)
    else
      M.report_tests(result)
    end
    if on_done then
      on_done(err, result)
    end
  end, bufnr)
  if not ok then
    util.notify("the Vigil server is not running", vim.log.levels.ERROR)
  end
end

return M
