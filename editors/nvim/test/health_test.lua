-- Headless test of :checkhealth baogao (lua/baogao/health.lua).
-- Run by editors/nvim/test/health.sh, which sets BAOGAO_TEST_WORKDIR (a folder
-- with reports/ and a baogao.toml) and BAOGAO_TEST_RESULT (JSON written here).
local result = { ok = false, checks = {} }
local function finish()
  local f = io.open(vim.env.BAOGAO_TEST_RESULT, 'w')
  f:write(vim.json.encode(result))
  f:close()
end

local function health_text()
  vim.cmd('silent checkhealth baogao')
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  vim.cmd('bwipeout!')
  return table.concat(lines, '\n')
end

local function expect(name, text, pattern)
  local found = text:find(pattern) ~= nil
  table.insert(result.checks, { name = name, ok = found, pattern = pattern })
  if not found then
    error(('%s: %q not in\n%s'):format(name, pattern, text))
  end
end

local ok, err = xpcall(function()
  local work = vim.env.BAOGAO_TEST_WORKDIR
  vim.lsp.enable('baogao')
  vim.cmd('edit ' .. work .. '/reports/a.txt')
  local attached = vim.wait(10000, function()
    return #vim.lsp.get_clients({ bufnr = 0, name = 'baogao' }) > 0
      and vim.lsp.get_clients({ bufnr = 0, name = 'baogao' })[1].initialized
  end, 50)
  assert(attached, 'no client attached')
  local report_buf = vim.api.nvim_get_current_buf()

  local text = health_text()
  result.first = text
  expect('neovim', text, 'OK Neovim 0%.1[1-9]')
  expect('setup path', text, "set up with vim%.lsp%.enable%('baogao'%)")
  expect('plugin dir', text, 'plugin loaded from ')
  expect('binary and version', text, 'OK .-baogao: baogao %d+%.%d+%.%d+')
  expect('client attached', text, 'OK client %d+ attached')
  expect('config parses', text, 'OK baogao%.toml in effect: .-baogao%.toml %(parses%)')

  -- A broken baogao.toml is reported with the binary's own message.
  local f = io.open(work .. '/baogao.toml', 'w')
  f:write('[rules\n')
  f:close()
  vim.api.nvim_set_current_buf(report_buf)
  text = health_text()
  result.broken = text
  expect('config broken', text, 'ERROR baogao%.toml in effect: .- does not parse')
  expect('config error line', text, 'baogao%.toml:1')

  -- A missing binary.
  vim.lsp.config('baogao', { cmd = { 'baogao-does-not-exist', 'lsp' } })
  vim.api.nvim_set_current_buf(report_buf)
  text = health_text()
  result.missing = text
  expect('missing binary', text, 'ERROR `baogao%-does%-not%-exist` not found')
  result.ok = true
end, debug.traceback)

if not ok then
  result.error = err
end
finish()
vim.cmd(ok and 'qa!' or 'cquit 1')
