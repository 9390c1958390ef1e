-- `vigil.listFindings` results into the quickfix list.

local util = require("vigil.util")

local M = {}

local qf_type = { mandatory = "E", advisory = "W", remediate = "I" }

--- Quickfix items for the findings a client returned.
function M.to_items(findings, encoding)
  local items, cache = {}, {}
  for _, f in ipairs(findings or {}) do
    if type(f) == "table" and f.uri and f.range then
      local fname = vim.uri_to_fname(f.uri)
      local lines = util.file_lines(fname, cache)
      local start, finish = f.range.start, f.range["end"]
      local line = lines[start.line + 1] or ""
      local end_line = lines[finish.line + 1] or ""
      local text = (f.policyId or "vigil") .. ": " .. (f.message or "")
      if f.address and f.address ~= vim.NIL then
        text = text .. " [" .. f.address .. "]"
      end
      table.insert(items, {
        filename = fname,
        lnum = start.line + 1,
        col = util.byte_col(line, start.character, encoding) + 1,
        end_lnum = finish.line + 1,
        end_col = util.byte_col(end_line, finish.character, encoding) + 1,
        text = text,
        type = qf_type[f.enforcement] or "W",
        user_data = f,
      })
    end
  end
  table.sort(items, function(a, b)
    if a.filename ~= b.filename then
      return a.filename < b.filename
    end
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  return items
end

--- Runs `vigil.listFindings` on `clients` (all Vigil clients by default), filtered by
--- a policy id or resource address, and fills the quickfix list.
---@param opts table { filter = string|nil, clients = table|nil, bufnr = number|nil, open = boolean|nil, on_done = function|nil }
function M.list(opts)
  opts = opts or {}
  local clients = opts.clients
  if not clients then
    local own = util.clients(opts.bufnr or vim.api.nvim_get_current_buf())
    clients = #own > 0 and own or util.clients()
  end
  if #clients == 0 then
    util.notify("no Vigil server is running", vim.log.levels.WARN)
    if opts.on_done then
      opts.on_done(nil)
    end
    return
  end
  local arguments = {}
  if opts.filter and opts.filter ~= "" then
    arguments = { opts.filter }
  end
  local title = "Vigil findings" .. ((opts.filter and opts.filter ~= "") and (": " .. opts.filter) or "")
  local pending, items, errors = #clients, {}, {}
  local function finish()
    table.sort(items, function(a, b)
      if a.filename ~= b.filename then
        return a.filename < b.filename
      end
      if a.lnum ~= b.lnum then
        return a.lnum < b.lnum
      end
      return a.col < b.col
    end)
    vim.fn.setqflist({}, " ", { title = title, items = items })
    if #errors > 0 then
      util.notify(table.concat(errors, "; "), vim.log.levels.ERROR)
    end
    if #items == 0 then
      util.notify("no findings" .. ((opts.filter and opts.filter ~= "") and (" for " .. opts.filter) or ""))
    elseif opts.open ~= false then
      vim.cmd("botright copen")
    end
    if opts.on_done then
      opts.on_done(items)
    end
  end
  for _, client in ipairs(clients) do
    local params = { command = "vigil.listFindings", arguments = arguments }
    local ok = util.request(client, "workspace/executeCommand", params, function(err, result)
      if err then
        table.insert(errors, "listFindings: " .. tostring(err.message or err))
      else
        vim.list_extend(items, M.to_items(result, client.offset_encoding or "utf-16"))
      end
      pending = pending - 1
      if pending == 0 then
        finish()
      end
    end, opts.bufnr)
    if not ok then
      pending = pending - 1
      table.insert(errors, "the server of " .. tostring(client.config.root_dir) .. " is not running")
      if pending == 0 then
        finish()
      end
    end
  end
end

--- Client side of the `vigil.showFindings` command (code lenses): `arguments[1]` is a
--- policy id or a resource address.
function M.show_command(command, ctx)
  local filter = command.arguments and command.arguments[1]
  if filter == vim.NIL then
    filter = nil
  end
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  M.list({
    filter = filter,
    clients = client and { client } or nil,
    bufnr = ctx and ctx.bufnr,
  })
end

return M
