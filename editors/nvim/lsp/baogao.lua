-- Neovim >= 0.11 configuration of the baogao language server.
--
-- Found on 'runtimepath' by `vim.lsp.config`/`vim.lsp.enable`:
--
--   vim.lsp.config('baogao', { settings = { baogao = { rules = { placeholder = 'error' } } } })
--   vim.lsp.enable('baogao')
--
-- Every field can be overridden with `vim.lsp.config('baogao', {...})`
-- (e.g. `cmd = { '/opt/baogao/bin/baogao', 'lsp' }`).
---@type vim.lsp.Config
return {
  cmd = { 'baogao', 'lsp' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'baogao.toml', '.git' },
  -- The settings also go in initializationOptions, so the very first diagnostics
  -- already use them (workspace/configuration only answers after `initialized`).
  before_init = function(params, config)
    if params.initializationOptions == nil and config.settings ~= nil then
      params.initializationOptions = config.settings
    end
  end,
  settings = {
    baogao = {
      -- diagnostics = { enable = true, debounceMs = 150 },
      -- rules = { placeholder = 'warning', ['numbering-separator'] = 'off' },
      -- placeholder = { allow = { 'XX联盟' } },
    },
  },
}
