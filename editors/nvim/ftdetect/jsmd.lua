-- Report sources of jslint (final-accounts reports written in the .jsmd dialect).
vim.filetype.add({ extension = { jsmd = "jsmd" } })
