-- Headless end-to-end test of `jslint lsp` in a real Neovim:
--   JSLINT=target/debug/jslint nvim --headless --clean -l editors/nvim/test/lsp_test.lua
-- Opens a copy of the seed example, waits for diagnostics, compares them with what
-- `jslint check --format json` prints, hovers a total, and applies a code action.
local root = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h:h:h")
local jslint = vim.env.JSLINT or (root .. "/target/debug/jslint")
vim.opt.runtimepath:prepend(root .. "/editors/nvim")

local failures = 0
local function check(ok, what)
  if ok then
    print("ok   " .. what)
  else
    print("FAIL " .. what)
    failures = failures + 1
  end
end

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, "p")
local file = dir .. "/zhongzhan-2023.jsmd"
vim.fn.writefile(vim.fn.readfile(root .. "/examples/zhongzhan-2023.jsmd", "b"), file, "b")

require("jslint").setup({ cmd = { jslint, "lsp" } })
vim.cmd.edit(file)
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "jsmd", "the jsmd filetype is detected")

-- 1. Diagnostics arrive and match `jslint check` (code, line, column).
local cli = vim.json.decode(vim.fn.system({ jslint, "check", "--format", "json", file }))
local expected = #cli.diagnostics
vim.wait(20000, function()
  return #vim.diagnostic.get(buf) >= expected
end, 50)
local got = vim.diagnostic.get(buf)
check(#got == expected, ("diagnostics: %d from the server, %d from jslint check"):format(#got, expected))
local seen = {}
for _, d in ipairs(got) do
  seen[("%s:%d:%d"):format(d.code, d.lnum, d.col)] = true
end
local missing = 0
for _, d in ipairs(cli.diagnostics) do
  local line = vim.api.nvim_buf_get_lines(buf, d.range.start.line - 1, d.range.start.line, false)[1]
  local col = vim.fn.byteidx(line, d.range.start.column - 1)
  if not seen[("%s:%d:%d"):format(d.code, d.range.start.line - 1, col)] then
    missing = missing + 1
    print("  missing " .. d.code .. " at " .. d.range.start.line .. ":" .. d.range.start.column)
  end
end
check(missing == 0, "every jslint check diagnostic is at the same place in Neovim")

-- 2. Hover on the 合计 cell of 公开03表 shows the computed sum.
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local hover_line, hover_col
local in_t03 = false
for i, l in ipairs(lines) do
  if l:find("### 支出决算表", 1, true) then
    in_t03 = true
  end
  if in_t03 and l:find("^| 合计 |") then
    hover_line, hover_col = i - 1, l:find("611.70", 1, true) - 1
    break
  end
end
local client = vim.lsp.get_clients({ bufnr = buf, name = "jslint" })[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = hover_line, character = hover_col },
}
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000)
local text = hover and hover[client.id] and hover[client.id].result and hover[client.id].result.contents.value or ""
check(text:find("sum of the rows it totals", 1, true) ~= nil and text:find("611.70", 1, true) ~= nil, "hover on a total shows the computed sum")

-- 3. The code action for the malformed number repairs the buffer.
local malformed
for _, d in ipairs(got) do
  if d.code == "JL002" then
    malformed = d
  end
end
check(malformed ~= nil, "the malformed number is reported")
if malformed then
  local range_params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = {
      start = { line = malformed.lnum, character = malformed.col },
      ["end"] = { line = malformed.end_lnum, character = malformed.end_col },
    },
    context = { diagnostics = { malformed.user_data.lsp } },
  }
  local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", range_params, 10000)
  local applied = false
  for _, action in ipairs(actions[client.id].result or {}) do
    if action.title:find("35.36", 1, true) and action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = true
      break
    end
  end
  local line = vim.api.nvim_buf_get_lines(buf, malformed.lnum, malformed.lnum + 1, false)[1]
  check(applied and line:find("支出决算为 35.36 万元", 1, true) ~= nil, "the code action repairs 35.36.00 in the buffer")
end

vim.lsp.stop_client(client.id, true)
if failures > 0 then
  print(failures .. " check(s) failed")
  vim.cmd("cquit 1")
end
print("all Neovim checks passed")
vim.cmd("qall!")
