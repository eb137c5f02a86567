-- :checkhealth baogao
--
-- Reports: the Neovim version and how the plugin was set up (vim.lsp.enable
-- or require('baogao').setup, and where the plugin is loaded from); the
-- server binary (found or not, its version); whether a baogao client is
-- attached to the current buffer; the baogao.toml in effect for the current
-- buffer and whether it parses (checked by the binary itself:
-- `baogao check --quiet --config <file> -` on empty input exits 2 on a
-- broken file and says where).
local M = {}

-- vim.health.start/ok/warn/error/info (0.10+), report_* (0.8-0.9), require('health') (0.7).
local health = vim.health or {}
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local error_ = health.error or health.report_error
local info = health.info or health.report_info
if start == nil then
  local legacy = require('health')
  start, ok, warn, error_, info =
    legacy.report_start, legacy.report_ok, legacy.report_warn, legacy.report_error, legacy.report_info
end

local function baogao()
  return require('baogao')
end

--- The server command in force: vim.lsp.config (0.11+) or setup()'s config, else the default.
local function server_cmd()
  local b = baogao()
  if vim.lsp.config ~= nil then
    local got, config = pcall(function()
      return vim.lsp.config[b.name]
    end)
    if got and type(config) == 'table' and config.cmd ~= nil then
      return config.cmd, 'vim.lsp.config'
    end
  end
  if b.config ~= nil and b.config.cmd ~= nil then
    return b.config.cmd, "require('baogao').setup"
  end
  return b.defaults.cmd, 'default'
end

--- How the plugin was set up.
local function setup_path()
  local b = baogao()
  local enabled = false
  if vim.lsp.is_enabled then
    enabled = vim.lsp.is_enabled(b.name)
  elseif vim.lsp._enabled_configs ~= nil then
    enabled = vim.lsp._enabled_configs[b.name] ~= nil
  end
  if enabled then
    return "vim.lsp.enable('baogao')"
  elseif b.config ~= nil then
    return "require('baogao').setup()"
  end
  return nil
end

local function plugin_dir()
  local source = debug.getinfo(1, 'S').source
  if source:sub(1, 1) == '@' then
    return vim.fn.fnamemodify(source:sub(2), ':p:h:h:h')
  end
  return '?'
end

local function clients(bufnr)
  local b = baogao()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = b.name })
  end
  local out = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == b.name then
      table.insert(out, c)
    end
  end
  return out
end

--- The nearest baogao.toml at or above `dir`.
local function find_config(dir)
  local found = vim.fn.findfile('baogao.toml', vim.fn.fnameescape(dir) .. ';')
  if found == '' then
    return nil
  end
  return vim.fn.fnamemodify(found, ':p')
end

--- The buffer :checkhealth was run from (checkhealth shows its report in a
--- buffer of its own, in a new tab or window).
local function report_buffer()
  local bufnr = vim.api.nvim_get_current_buf()
  if not vim.api.nvim_buf_get_name(bufnr):match('^health:') and vim.bo[bufnr].filetype ~= 'checkhealth' then
    return bufnr
  end
  local tab = vim.fn.tabpagenr('#')
  if tab > 0 and tab ~= vim.fn.tabpagenr() then
    local buf = vim.fn.tabpagebuflist(tab)[vim.fn.tabpagewinnr(tab)]
    if buf and buf > 0 then
      return buf
    end
  end
  local alt = vim.fn.bufnr('#')
  if alt > 0 then
    return alt
  end
  return bufnr
end

function M.check()
  start('baogao: Neovim')
  local v = vim.version()
  local version = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.11') == 1 then
    ok('Neovim ' .. version .. ' (vim.lsp.config / vim.lsp.enable)')
  elseif vim.fn.has('nvim-0.7') == 1 then
    ok('Neovim ' .. version .. " (use require('baogao').setup{})")
  else
    error_('Neovim ' .. version .. ' is too old: baogao needs 0.7 or later')
  end
  local path = setup_path()
  if path then
    ok('set up with ' .. path)
  else
    warn("not set up: call vim.lsp.enable('baogao') (Neovim 0.11+) or require('baogao').setup{}")
  end
  info('plugin loaded from ' .. plugin_dir())

  start('baogao: server')
  local cmd, from = server_cmd()
  if type(cmd) ~= 'table' then
    info('cmd is a function (' .. from .. '); not checked')
  else
    local exe = cmd[1]
    if type(exe) ~= 'string' or vim.fn.executable(exe) ~= 1 then
      error_(('`%s` not found (cmd from %s)'):format(tostring(exe), from), {
        'Install it: `cargo install --path .` in the baogao repository puts `baogao` in ~/.cargo/bin',
        "or point the plugin at it: vim.lsp.config('baogao', { cmd = { '/path/to/baogao', 'lsp' } })",
      })
    else
      local out = vim.fn.system({ exe, '--version' })
      if vim.v.shell_error == 0 then
        ok(('%s: %s (cmd from %s)'):format(vim.fn.exepath(exe), vim.trim(out), from))
      else
        error_(('`%s --version` failed: %s'):format(exe, vim.trim(out)))
      end
    end
  end

  start('baogao: current buffer')
  local bufnr = report_buffer()
  local name = vim.api.nvim_buf_get_name(bufnr)
  local attached = clients(bufnr)
  if #attached > 0 then
    local c = attached[1]
    ok(('client %d attached (root %s)'):format(c.id, tostring(c.config.root_dir)))
  elseif name == '' then
    info('no file in the current buffer (run :checkhealth baogao from a report)')
  else
    warn(('no baogao client attached to %s (filetype %q)'):format(name, vim.bo[bufnr].filetype), {
      "baogao attaches to the filetypes 'text' and 'markdown'",
    })
  end

  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  local config = find_config(dir)
  if config == nil then
    info('no baogao.toml above ' .. dir .. ': the defaults are in effect')
    return
  end
  if type(cmd) ~= 'table' or vim.fn.executable(cmd[1]) ~= 1 then
    info('baogao.toml in effect: ' .. config .. ' (not checked: no server binary)')
    return
  end
  local out = vim.fn.system({ cmd[1], 'check', '--quiet', '--config', config, '-' }, '')
  if vim.v.shell_error == 2 then
    error_('baogao.toml in effect: ' .. config .. ' does not parse', { vim.trim(out) })
  else
    ok('baogao.toml in effect: ' .. config .. ' (parses)')
  end
end

return M
