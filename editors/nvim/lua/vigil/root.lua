-- Workspace root detection for Vigil.
--
-- Markers are names looked up in a directory:
--   "vigil.toml"  a file or directory of that name
--   "policies/"   (trailing slash) a directory of that name
--   "*.tf"        (contains * or ?) any entry whose name matches the glob
--
-- Resolution, from the file's directory upwards:
--   1. the nearest ancestor holding one of the plain (non-glob) markers;
--   2. else the nearest ancestor holding an entry matching a glob marker;
--   3. else the file's own directory.
-- With the defaults this means: the nearest directory with vigil.toml, .git or a
-- policies/ directory wins; else the nearest directory with *.tf files; else the
-- file's directory (which is also what the server does for a file outside every
-- workspace folder).

local uv = vim.loop

local M = {}

local function is_glob(marker)
  return marker:find("[%*%?]") ~= nil
end

--- Lua pattern for a simple shell glob (`*` and `?` only), anchored.
local function glob_to_pattern(glob)
  local escaped = glob:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0")
  escaped = escaped:gsub("%*", ".*"):gsub("%?", ".")
  return "^" .. escaped .. "$"
end

local function stat_type(path)
  local st = uv.fs_stat(path)
  return st and st.type or nil
end

local function has_plain(dir, marker)
  if marker:sub(-1) == "/" then
    return stat_type(dir .. "/" .. marker:sub(1, -2)) == "directory"
  end
  return stat_type(dir .. "/" .. marker) ~= nil
end

local function has_glob(dir, pattern)
  local handle = uv.fs_scandir(dir)
  if not handle then
    return false
  end
  while true do
    local name = uv.fs_scandir_next(handle)
    if not name then
      return false
    end
    if name:match(pattern) then
      return true
    end
  end
end

--- The parent of an absolute path, or nil at the filesystem root.
local function parent(dir)
  if dir == "/" or dir == "" then
    return nil
  end
  local up = vim.fn.fnamemodify(dir, ":h")
  if up == dir then
    return nil
  end
  return up
end

--- Ancestors of `dir`, nearest first, `dir` included.
local function ancestors(dir)
  local list = {}
  local current = dir
  while current do
    table.insert(list, current)
    current = parent(current)
  end
  return list
end

--- The workspace root for a file path.
---@param fname string absolute file path
---@param markers string[]|nil defaults to { "vigil.toml", ".git", "policies/", "*.tf" }
---@return string
function M.find(fname, markers)
  markers = markers or { "vigil.toml", ".git", "policies/", "*.tf" }
  local dir = vim.fn.fnamemodify(fname, ":p:h")
  if stat_type(fname) == "directory" then
    dir = vim.fn.fnamemodify(fname, ":p")
  end
  dir = dir:gsub("/+$", "")
  if dir == "" then
    dir = "/"
  end
  local plain, globs = {}, {}
  for _, marker in ipairs(markers) do
    if is_glob(marker) then
      table.insert(globs, glob_to_pattern(marker))
    else
      table.insert(plain, marker)
    end
  end
  local chain = ancestors(dir)
  for _, d in ipairs(chain) do
    for _, marker in ipairs(plain) do
      if has_plain(d, marker) then
        return d
      end
    end
  end
  for _, d in ipairs(chain) do
    for _, pattern in ipairs(globs) do
      if has_glob(d, pattern) then
        return d
      end
    end
  end
  return dir
end

M._glob_to_pattern = glob_to_pattern

return M
