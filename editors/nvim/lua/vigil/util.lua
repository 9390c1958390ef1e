-- Small compatibility helpers: Neovim 0.7.2 (Debian 12) up to 0.11+.

local M = {}

M.name = "vigil"

function M.has(feature)
  return vim.fn.has(feature) == 1
end

function M.notify(msg, level)
  vim.notify("vigil: " .. msg, level or vim.log.levels.INFO)
end

--- Every running Vigil client, optionally only those attached to `bufnr`.
function M.clients(bufnr)
  local list = {}
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ name = M.name, bufnr = bufnr })
  elseif bufnr then
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if client.name == M.name then
        table.insert(list, client)
      end
    end
  else
    for _, client in ipairs(vim.lsp.get_active_clients()) do
      if client.name == M.name then
        table.insert(list, client)
      end
    end
  end
  table.sort(list, function(a, b)
    return a.id < b.id
  end)
  return list
end

local method_calls = M.has("nvim-0.11")

--- `client.request` (0.7-0.10) / `client:request` (0.11+).
function M.request(client, method, params, handler, bufnr)
  if method_calls then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- `client.notify` (0.7-0.10) / `client:notify` (0.11+).
function M.client_notify(client, method, params)
  if method_calls then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

--- `client.stop` (0.7-0.10) / `client:stop` (0.11+).
function M.stop(client, force)
  if method_calls then
    return client:stop(force)
  end
  return client.stop(force)
end

function M.is_stopped(client)
  if method_calls then
    return client:is_stopped()
  end
  return client.is_stopped()
end

--- The Vigil client of a buffer, else the first running one.
function M.client_for(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return M.clients(bufnr)[1] or M.clients()[1]
end

local new_index_api = M.has("nvim-0.11")

--- LSP character index of byte column `byte_col` (0-based) of `line`.
function M.character(line, byte_col, encoding)
  byte_col = math.min(byte_col, #line)
  if encoding == "utf-8" then
    return byte_col
  end
  if new_index_api then
    local ok, idx = pcall(vim.str_utfindex, line, encoding == "utf-32" and "utf-32" or "utf-16", byte_col, false)
    return ok and idx or byte_col
  end
  local ok, utf32, utf16 = pcall(vim.str_utfindex, line, byte_col)
  if not ok then
    return byte_col
  end
  return encoding == "utf-32" and utf32 or utf16
end

--- Byte column (0-based) of LSP character index `character` in `line`.
function M.byte_col(line, character, encoding)
  if encoding == "utf-8" then
    return math.min(character, #line)
  end
  local ok, col
  if new_index_api then
    ok, col = pcall(vim.str_byteindex, line, encoding == "utf-32" and "utf-32" or "utf-16", character, false)
  else
    ok, col = pcall(vim.str_byteindex, line, character, encoding ~= "utf-32")
  end
  if ok and col then
    return col
  end
  return #line
end

--- Lines of a file, from its loaded buffer if there is one, else from disk.
function M.file_lines(fname, cache)
  if cache and cache[fname] then
    return cache[fname]
  end
  local lines
  local bufnr = vim.fn.bufnr(fname)
  if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
    lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  else
    lines = {}
    local f = io.open(fname, "r")
    if f then
      for l in f:lines() do
        table.insert(lines, l)
      end
      f:close()
    end
  end
  if cache then
    cache[fname] = lines
  end
  return lines
end

--- A deep copy of settings where empty tables meant as JSON objects stay objects.
--- Neovim's JSON encoder writes `{}` as `[]`, which the server cannot read as an
--- object (`vigil.enforcement`) or as the whole settings section.
local list_keys = { policyDirs = true }

function M.json_settings(value, key)
  if type(value) ~= "table" then
    return value
  end
  if next(value) == nil then
    if list_keys[key] then
      return {}
    end
    return vim.empty_dict()
  end
  local out = {}
  for k, v in pairs(value) do
    out[k] = M.json_settings(v, k)
  end
  return out
end

return M
