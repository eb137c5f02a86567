-- Headless end-to-end test of the baogao Neovim plugin against the real server.
-- Run by test/run.sh; loaded with `nvim --headless --clean --cmd 'set rtp+=editors/nvim' -c 'luafile …'`,
-- so plugin/baogao.lua has been sourced at startup exactly as for a user.
--
-- Environment:
--   BAOGAO_TEST_MODE     enable  – vim.lsp.config + vim.lsp.enable('baogao') through lsp/baogao.lua (0.11+)
--                        setup   – require('baogao').setup{} (0.11: config/enable; 0.7–0.10: autocmd)
--                        legacy  – require('baogao').setup{_legacy = true}: the 0.9/0.10 vim.lsp.start path
--                        package – nothing: the user's init.lua (written by run.sh) did it, and the plugin
--                                  is a native package (pack/*/start), loaded without --clean
--   BAOGAO_TEST_LATE     1: add editors/nvim ($BAOGAO_TEST_PLUGIN) to 'runtimepath' only now, after
--                        startup, as lazy.nvim's `config = function(p) vim.opt.rtp:append(...)` does
--   BAOGAO_TEST_ENCODING offer only this position encoding (0.11 only), e.g. utf-16
--   BAOGAO_TEST_WORKDIR  a scratch workspace: baogao.toml at the top, the fixtures in reports/
--   BAOGAO_TEST_RESULT   where to write the JSON result
--   BAOGAO_TEST_TIMEOUT  overall guard in ms (default 90000)
local MODE = os.getenv('BAOGAO_TEST_MODE') or 'enable'
local ENCODING = os.getenv('BAOGAO_TEST_ENCODING')
if ENCODING == '' then
  ENCODING = nil
end
local WORKDIR = assert(os.getenv('BAOGAO_TEST_WORKDIR'), 'BAOGAO_TEST_WORKDIR is not set')
local RESULT = assert(os.getenv('BAOGAO_TEST_RESULT'), 'BAOGAO_TEST_RESULT is not set')
local TIMEOUT = tonumber(os.getenv('BAOGAO_TEST_TIMEOUT') or '') or 90000

local uv = vim.loop
local v = vim.version()
local results = {
  nvim = ('%d.%d.%d'):format(v.major, v.minor, v.patch),
  mode = MODE,
  tests = {},
  ok = false,
}

local function write_results()
  local f = io.open(RESULT, 'w')
  if f then
    f:write(vim.fn.json_encode(results))
    f:close()
  end
end

-- Guard: a raw libuv timer, so it fires even while the test is inside vim.wait.
local guard = uv.new_timer()
-- (No vim.fn in a libuv callback: the JSON is written by hand.)
guard:start(TIMEOUT, 0, function()
  local done = {}
  for _, t in ipairs(results.tests) do
    table.insert(done, ('%q'):format(t.name .. (t.ok and ': ok' or ': FAIL')))
  end
  local msg = ('timed out after %d ms'):format(TIMEOUT)
  local f = io.open(RESULT, 'w')
  if f then
    f:write(('{"ok": false, "error": "%s", "finished": [%s]}'):format(msg, table.concat(done, ', ')))
    f:close()
  end
  io.stderr:write('baogao nvim test: ' .. msg .. '\n')
  os.exit(3)
end)

local function fail(msg, level)
  error(msg, (level or 1) + 1)
end

local function check(cond, msg)
  if not cond then
    fail(msg, 2)
  end
end

local function eq(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    fail(('%s: expected %s, got %s'):format(what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

local function wait_for(what, fn, timeout)
  if not vim.wait(timeout or 10000, fn, 20) then
    fail('timed out waiting for ' .. what, 2)
  end
end

local buf, client

local function test(name, fn)
  -- Each test starts in the report's window, whatever the last one left open.
  pcall(vim.cmd, 'cclose')
  pcall(vim.cmd, 'lclose')
  if buf and vim.api.nvim_buf_is_valid(buf) then
    vim.api.nvim_set_current_buf(buf)
  end
  local t0 = uv.hrtime()
  local ok, err = xpcall(fn, debug.traceback)
  local entry = { name = name, ok = ok, ms = math.floor((uv.hrtime() - t0) / 1e6) }
  if not ok then
    entry.error = tostring(err)
  end
  table.insert(results.tests, entry)
  io.stdout:write(('%s %s (%d ms)\n'):format(ok and 'ok  ' or 'FAIL', name, entry.ms))
  if not ok then
    io.stdout:write('     ' .. tostring(err):gsub('\n', '\n     ') .. '\n')
  end
  return ok
end

-- Notifications go to the results (and stdout), one per line.
results.notifications = {}
vim.notify = function(msg, level)
  table.insert(results.notifications, { msg = msg, level = level })
  io.stdout:write(('     notify[%s]: %s\n'):format(tostring(level), tostring(msg)))
end

if os.getenv('BAOGAO_TEST_LATE') == '1' then
  vim.opt.rtp:append(assert(os.getenv('BAOGAO_TEST_PLUGIN'), 'BAOGAO_TEST_PLUGIN is not set'))
end

local baogao = require('baogao')
local SETTINGS = { rules = { placeholder = 'error' } }

local function line(buf, row)
  return vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
end

local function diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out, {
      code = d.code or lsp.code,
      lnum = d.lnum,
      col = d.col,
      severity = d.severity,
      source = d.source or lsp.source,
      message = d.message,
      lsp = lsp,
    })
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end

local function find_diag(buf, code, lnum)
  for _, d in ipairs(diagnostics(buf)) do
    if d.code == code and (lnum == nil or d.lnum == lnum) then
      return d
    end
  end
end

local function summary(buf)
  local s = {}
  for _, d in ipairs(diagnostics(buf)) do
    table.insert(s, ('%d:%d %s'):format(d.lnum, d.col, tostring(d.code)))
  end
  return table.concat(s, ', ')
end

-- Start the client the way a user's init.lua would -----------------------------

local capabilities
if ENCODING then
  capabilities = { general = { positionEncodings = { ENCODING } } }
end

if MODE == 'enable' then
  check(vim.lsp.config ~= nil and vim.lsp.enable ~= nil, 'mode "enable" needs Neovim >= 0.11')
  vim.lsp.config('baogao', { settings = { baogao = SETTINGS }, capabilities = capabilities })
  vim.lsp.enable('baogao')
elseif MODE == 'setup' then
  baogao.setup({ settings = SETTINGS, capabilities = capabilities })
elseif MODE == 'legacy' then
  baogao.setup({ settings = SETTINGS, capabilities = capabilities, _legacy = true })
elseif MODE ~= 'package' then
  error('unknown BAOGAO_TEST_MODE ' .. MODE)
end

local REPORT = WORKDIR .. '/reports/report.txt'
local REPORT_MD = WORKDIR .. '/reports/report.md'

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(REPORT))
  buf = vim.api.nvim_get_current_buf()
  -- Line 4 (0-based) is 全年完成调查😀任务，投入XX万元。: the placeholder's byte column.
  local xx_col = assert(line(buf, 4):find('XX', 1, true)) - 1

  test('filetype, commands and attach', function()
    for _, name in ipairs({ 'BaogaoFixAll', 'BaogaoNextPlaceholder', 'BaogaoPlaceholders', 'BaogaoOutline' }) do
      eq(vim.fn.exists(':' .. name), 2, ':' .. name .. ' defined')
    end
    eq(vim.bo[buf].filetype, 'text', 'filetype of report.txt')
    wait_for('the baogao client to attach', function()
      client = baogao.clients(buf)[1]
      return client ~= nil and client.initialized ~= false and not (client.is_stopped and client.is_stopped())
    end)
    results.offset_encoding = client.offset_encoding
    results.root_dir = client.config.root_dir
    eq(vim.fn.resolve(client.config.root_dir), vim.fn.resolve(WORKDIR), 'root_dir (directory of baogao.toml)')
    if ENCODING then
      eq(client.offset_encoding, ENCODING, 'negotiated position encoding')
    end
  end)
  if not client then
    return
  end

  test('diagnostics with codes, lines and settings', function()
    local ok = vim.wait(10000, function()
      local p = find_diag(buf, 'placeholder', 4)
      return p and find_diag(buf, 'numbering-gap', 5) and p.severity == vim.diagnostic.severity.ERROR
    end, 20)
    check(ok, 'timed out waiting for an error-level placeholder on line 5 and numbering-gap on line 6: '
      .. vim.inspect(vim.tbl_map(function(d)
        return { d.lnum, d.col, d.code, d.severity }
      end, diagnostics(buf))))
    local p0 = find_diag(buf, 'placeholder', 0)
    check(p0, 'placeholder on line 1 (XX县…): ' .. summary(buf))
    eq(p0.col, 0, 'placeholder column on line 1')
    local p4 = find_diag(buf, 'placeholder', 4)
    eq(p4.col, xx_col, 'byte column of XX after CJK text and an emoji (line 5)')
    eq(p4.source, 'baogao', 'diagnostic source')
    eq(p4.severity, vim.diagnostic.severity.ERROR, 'placeholder severity from settings.baogao.rules')
    local gap = find_diag(buf, 'numbering-gap', 5)
    eq(gap.col, 0, 'numbering-gap column')
    eq(gap.severity, vim.diagnostic.severity.WARN, 'numbering-gap severity')
    eq(#diagnostics(buf), 3, 'number of diagnostics (' .. summary(buf) .. ')')
    results.diagnostics = summary(buf)
  end)

  test('documentSymbol is a tree', function()
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) } }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', params, 5000)
    local symbols = responses and responses[client.id] and responses[client.id].result
    check(type(symbols) == 'table' and #symbols > 0, 'no symbols: ' .. vim.inspect(responses))
    local function find(list, pattern)
      for _, s in ipairs(list or {}) do
        if s.name:find(pattern, 1, true) then
          return s
        end
        local hit = find(s.children, pattern)
        if hit then
          return hit
        end
      end
    end
    local function depth(list)
      local d = 0
      for _, s in ipairs(list or {}) do
        d = math.max(d, 1 + depth(s.children))
      end
      return d
    end
    local work = find(symbols, '主要工作')
    check(work, '一、主要工作 not among the symbols')
    results.symbols = symbols
    check(find(work.children, '数据采集'), '（一）数据采集 is not a child of 一、主要工作')
    local publish = find(work.children, '数据发布')
    check(publish and find(publish.children, '按时发布月报'), '1.按时发布月报 is not a child of （三）数据发布')
    check(depth(symbols) >= 3, 'tree depth ' .. depth(symbols))
    results.symbol_depth = depth(symbols)
  end)

  test('an edit updates the diagnostics', function()
    vim.api.nvim_buf_set_lines(buf, 5, 6, false, { '（二）数据发布' })
    wait_for('numbering-gap to go after fixing the number', function()
      return find_diag(buf, 'numbering-gap') == nil and find_diag(buf, 'placeholder', 4) ~= nil
    end)
    vim.api.nvim_buf_set_lines(buf, 5, 6, false, { '（三）数据发布' })
    wait_for('numbering-gap to come back', function()
      return find_diag(buf, 'numbering-gap', 5) ~= nil
    end)
    -- An edit above shifts the lines of every diagnostic.
    vim.api.nvim_buf_set_lines(buf, 1, 1, false, { '' })
    wait_for('diagnostics to move down a line', function()
      return find_diag(buf, 'numbering-gap', 6) ~= nil and find_diag(buf, 'placeholder', 5) ~= nil
    end)
    vim.api.nvim_buf_set_lines(buf, 1, 2, false, {})
    wait_for('diagnostics to move back', function()
      return find_diag(buf, 'numbering-gap', 5) ~= nil and find_diag(buf, 'placeholder', 4) ~= nil
    end)
  end)

  test('code action 从此处起重新编号 applies', function()
    local gap
    wait_for('numbering-gap on line 6', function()
      gap = find_diag(buf, 'numbering-gap', 5)
      return gap ~= nil
    end)
    -- Neovim 0.7 keeps no LSP range in user_data: rebuild the diagnostic (the marker is at 0).
    local range = gap.lsp.range or { start = { line = 5, character = 0 }, ['end'] = { line = 5, character = 0 } }
    local lsp_diag = {
      range = range,
      severity = 2,
      code = gap.code,
      source = gap.source,
      message = gap.message,
    }
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = range,
      context = { diagnostics = { lsp_diag } },
    }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000)
    local response = responses and responses[client.id]
    check(response and not response.error, 'codeAction failed: ' .. vim.inspect(response))
    local action
    for _, a in ipairs(response.result or {}) do
      if a.title and a.title:find('从此处起重新编号', 1, true) then
        action = a
      end
    end
    local titles = vim.tbl_map(function(a)
      return a.title
    end, response.result or {})
    check(action, 'no 从此处起重新编号 among ' .. vim.inspect(titles))
    if not action.edit and not action.command and action.data then
      local r = vim.lsp.buf_request_sync(buf, 'codeAction/resolve', action, 5000)
      action = (r and r[client.id] and r[client.id].result) or action
    end
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    end
    if action.command then
      local command = type(action.command) == 'table' and action.command or action
      vim.lsp.buf_request_sync(buf, 'workspace/executeCommand',
        { command = command.command, arguments = command.arguments }, 5000)
    end
    wait_for('line 6 to become （二）数据发布', function()
      return line(buf, 5) == '（二）数据发布'
    end, 3000)
    eq(line(buf, 6), '1.按时发布月报', 'line 7 untouched')
    wait_for('numbering-gap to go after the code action', function()
      return find_diag(buf, 'numbering-gap') == nil
    end)
  end)

  local function placeholder_jump(from, to, what)
    vim.api.nvim_win_set_cursor(0, from)
    vim.cmd('BaogaoNextPlaceholder')
    wait_for(what, function()
      return vim.deep_equal(vim.api.nvim_win_get_cursor(0), to)
    end, 5000)
  end

  test(':BaogaoNextPlaceholder jumps by byte column and wraps', function()
    placeholder_jump({ 1, 0 }, { 5, xx_col }, 'cursor on XX after 😀 (line 5, byte ' .. xx_col .. ')')
    placeholder_jump({ 5, xx_col }, { 1, 0 }, 'wrap to the XX on line 1')
    placeholder_jump({ 3, 2 }, { 5, xx_col }, 'from the middle of a line')
  end)

  test(':BaogaoPlaceholders fills the quickfix list', function()
    vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
    vim.cmd('BaogaoPlaceholders')
    wait_for('quickfix list', function()
      return vim.fn.getqflist({ title = 1 }).title == 'baogao: placeholders'
    end, 5000)
    local qf = vim.fn.getqflist()
    eq(#qf, 2, 'placeholders in the quickfix list')
    eq({ qf[1].lnum, qf[1].col, qf[2].lnum, qf[2].col }, { 1, 1, 5, xx_col + 1 }, 'quickfix positions')
    check(qf[1].text:find('XX', 1, true), 'quickfix text ' .. qf[1].text)
    vim.cmd('cclose')
  end)

  test(':BaogaoFixAll renumbers through workspace/applyEdit', function()
    vim.api.nvim_buf_set_lines(buf, 5, 6, false, { '（四）数据发布' })
    wait_for('numbering-gap after renumbering by hand', function()
      return find_diag(buf, 'numbering-gap', 5) ~= nil
    end)
    vim.cmd('BaogaoFixAll')
    wait_for('fix all to write （二）', function()
      return line(buf, 5) == '（二）数据发布'
    end, 5000)
    wait_for('numbering-gap to go after fix all', function()
      return find_diag(buf, 'numbering-gap') == nil
    end)
  end)

  test('baogao.stats', function()
    local stats
    baogao.exec(buf, 'baogao.stats', function(result)
      stats = result
    end)
    wait_for('stats', function()
      return stats ~= nil
    end, 5000)
    eq(stats.placeholders, 2, 'placeholders in stats')
    check(type(stats.chars) == 'number' and stats.chars > 20, 'chars ' .. vim.inspect(stats))
    check(type(stats.headings) == 'number' and stats.headings >= 5, 'headings ' .. vim.inspect(stats))
  end)

  test(':BaogaoOutline fills the location list', function()
    vim.cmd('BaogaoOutline')
    wait_for('location list', function()
      return vim.fn.getloclist(0, { title = 1 }).title == 'baogao: outline'
    end, 5000)
    local items = vim.fn.getloclist(0)
    check(#items >= 6, 'outline entries: ' .. #items)
    local texts = vim.tbl_map(function(i)
      return i.text
    end, items)
    local nested
    for _, t in ipairs(texts) do
      if t:find('^%s+（一）数据采集') and #t:match('^%s*') > 0 then
        nested = t
      end
    end
    check(nested, 'indented （一） in ' .. vim.inspect(texts))
    vim.cmd('lclose')
  end)

  test('markdown attaches to the same client', function()
    vim.cmd('edit ' .. vim.fn.fnameescape(REPORT_MD))
    local md = vim.api.nvim_get_current_buf()
    eq(vim.bo[md].filetype, 'markdown', 'filetype of report.md')
    wait_for('client on the markdown buffer', function()
      return baogao.clients(md)[1] ~= nil
    end)
    eq(baogao.clients(md)[1].id, client.id, 'one client per root')
    wait_for('placeholder 20** in markdown', function()
      return find_diag(md, 'placeholder', 4) ~= nil
    end)
    eq(find_diag(md, 'placeholder', 4).col, #'于', 'byte column of 20**')
  end)

  test('a missing binary gives one message and no errors', function()
    local messages = {}
    local orig = vim.notify
    vim.notify = function(msg, level)
      table.insert(messages, { msg = msg, level = level })
      orig(msg, level)
    end
    vim.v.errmsg = ''
    local missing = { WORKDIR .. '/no-such-dir/baogao', 'lsp' }
    if MODE == 'enable' or (MODE == 'package' and vim.lsp.enable) then
      vim.lsp.config('baogao', { cmd = missing })
    else
      baogao.setup({ cmd = missing, _legacy = MODE == 'legacy' or nil })
    end
    for i = 1, 3 do
      local name = ('%s/elsewhere/other%d.txt'):format(WORKDIR, i)
      vim.fn.mkdir(vim.fn.fnamemodify(name, ':h'), 'p')
      vim.fn.writefile({ 'XX县' }, name)
      vim.cmd('edit ' .. vim.fn.fnameescape(name))
    end
    vim.wait(300)
    vim.notify = orig
    results.missing_binary_messages = messages
    eq(#messages, 1, 'messages for three buffers without a server')
    check(messages[1].msg:find('not found', 1, true), 'message: ' .. messages[1].msg)
    eq(vim.v.errmsg, '', 'v:errmsg')
    eq(#baogao.clients(0), 0, 'clients on a buffer without a server')
  end)
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  table.insert(results.tests, { name = 'harness', ok = false, error = tostring(err) })
  io.stdout:write('FAIL harness\n     ' .. tostring(err) .. '\n')
end
results.ok = #results.tests > 0
for _, t in ipairs(results.tests) do
  results.ok = results.ok and t.ok
end
results.lsp_log = vim.lsp.get_log_path()
write_results()
guard:stop()
if results.ok then
  vim.cmd('qa!')
else
  vim.cmd('cquit 1')
end
