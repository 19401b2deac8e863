-- jslint for Neovim: registers the jsmd filetype and starts `jslint lsp` for it.
--
--   require("jslint").setup()                                -- jslint on PATH
--   require("jslint").setup({ cmd = { "/path/to/jslint", "lsp" },
--                             settings = { severity = { ["unverified-number"] = "info" } } })
--
-- With nvim-lspconfig, the same server can be declared instead (see README.md).
local M = {}

M.defaults = {
  cmd = { "jslint", "lsp" },
  -- Sent as initializationOptions and workspace/didChangeConfiguration: they override jslint.toml.
  settings = {},
  root_markers = { "jslint.toml", ".git" },
}

local function root_dir(path, markers)
  local found = vim.fs.find(markers, { path = vim.fs.dirname(path), upward = true })[1]
  return found and vim.fs.dirname(found) or vim.fs.dirname(path)
end

function M.start(bufnr, opts)
  local path = vim.api.nvim_buf_get_name(bufnr)
  return vim.lsp.start({
    name = "jslint",
    cmd = opts.cmd,
    root_dir = root_dir(path, opts.root_markers),
    init_options = opts.settings,
    settings = { jslint = opts.settings },
  }, { bufnr = bufnr })
end

function M.setup(opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  vim.filetype.add({ extension = { jsmd = "jsmd" } })
  local group = vim.api.nvim_create_augroup("jslint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "jsmd",
    callback = function(args)
      M.start(args.buf, opts)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.bo[buf].filetype == "jsmd" then
      M.start(buf, opts)
    end
  end
end

return M
