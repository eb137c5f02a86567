-- baogao: Neovim client for the baogao language server (Chinese work reports).
--
--   require('baogao').setup {
--     cmd = { 'baogao', 'lsp' },            -- the server; default finds `baogao` on PATH
--     filetypes = { 'text', 'markdown' },
--     root_markers = { 'baogao.toml', '.git' },
--     settings = { rules = { placeholder = 'error' } },  -- or { baogao = { ... } }
--   }
--
-- On Neovim >= 0.11 this is `vim.lsp.config('baogao', ...)` + `vim.lsp.enable('baogao')`
-- (the defaults live in lsp/baogao.lua); on 0.9/0.10 it starts the client with
-- `vim.lsp.start` from a FileType autocommand; on 0.7/0.8 with `vim.lsp.start_client`.
local M = {}

M.name = 'baogao'

--- Sends the settings in initializationOptions too, so the first diagnostics already use them.
function M.before_init(params, config)
  if params.initializationOptions == nil and config.settings ~= nil then
    params.initializationOptions = config.settings
  end
end

M.defaults = {
  cmd = { 'baogao', 'lsp' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'baogao.toml', '.git' },
  settings = { baogao = {} },
}

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

local notified = {}

--- vim.notify, at most once per `key` in a session.
local function notify_once(key, msg, level)
  if notified[key] then
    return
  end
  notified[key] = true
  vim.notify(msg, level or vim.log.levels.WARN, { title = 'baogao' })
end

local function notify(msg, level)
  vim.notify('baogao: ' .. msg, level or vim.log.levels.INFO, { title = 'baogao' })
end

--- Accepts `{ rules = ... }` as well as `{ baogao = { rules = ... } }`.
function M.normalize_settings(settings)
  if settings == nil then
    return nil
  end
  if settings.baogao ~= nil then
    return settings
  end
  return { baogao = settings }
end

--- True when `cmd` can be started. A missing binary gives one clear message per session.
function M.check_cmd(cmd)
  if type(cmd) ~= 'table' then
    return true -- a function (Neovim >= 0.11) decides for itself
  end
  local exe = cmd[1]
  if type(exe) == 'string' and vim.fn.executable(exe) == 1 then
    return true
  end
  notify_once(
    'missing-binary',
    ('baogao: the language server `%s` was not found, so reports are not checked.\n'
      .. 'Install it (`cargo install --path .` in the baogao repository puts `baogao` in ~/.cargo/bin) '
      .. 'and make sure it is on PATH, or point the plugin at it: '
      .. "require('baogao').setup{ cmd = { '/path/to/baogao', 'lsp' } } "
      .. "or vim.lsp.config('baogao', { cmd = { '/path/to/baogao', 'lsp' } })."):format(tostring(exe)),
    vim.log.levels.WARN
  )
  return false
end

--- The directory holding the nearest root marker above the buffer's file, else the file's directory.
function M.find_root(bufnr, markers)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local start = fname ~= '' and vim.fn.fnamemodify(fname, ':p:h') or vim.fn.getcwd()
  markers = markers or M.defaults.root_markers
  if vim.fs and vim.fs.find then
    local found = vim.fs.find(markers, { path = start, upward = true })[1]
    if found then
      return vim.fs.dirname(found)
    end
    return start
  end
  -- Neovim 0.7: no vim.fs; findfile/finddir search upward with ';'.
  local best
  for _, marker in ipairs(markers) do
    local hit = vim.fn.findfile(marker, start .. ';')
    if hit == '' then
      hit = vim.fn.finddir(marker, start .. ';')
    end
    if hit ~= '' then
      local dir = vim.fn.fnamemodify((vim.fn.fnamemodify(hit, ':p'):gsub('/$', '')), ':h')
      if not best or #dir > #best then
        best = dir -- the nearest marker wins, as with vim.fs.find
      end
    end
  end
  return best or start
end

--- The baogao clients attached to `bufnr` (0 for the current buffer).
function M.clients(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = M.name })
  end
  local out = {}
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == M.name then
      table.insert(out, client)
    end
  end
  return out
end

--- Sends a request through `client` (method call syntax on 0.11, function call before).
function M.request(client, method, params, handler, bufnr)
  if has('0.11') then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_for(bufnr)
  local client = M.clients(bufnr)[1]
  if not client then
    notify('the language server is not attached to this buffer (filetype: '
      .. vim.bo[bufnr].filetype .. ')', vim.log.levels.WARN)
  end
  return client
end

--- Runs a baogao.* workspace command for the buffer; `callback(result, client)` on success.
function M.exec(bufnr, command, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = client_for(bufnr)
  if not client then
    return
  end
  local params = { command = command, arguments = { vim.uri_from_bufnr(bufnr) } }
  M.request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      notify(command .. ' failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    callback(result, client)
  end, bufnr)
end

--- Byte column in `line` of an LSP character offset counted in `encoding`.
function M.byte_col(line, character, encoding)
  if encoding == 'utf-8' then
    return math.min(character, #line)
  end
  local units, i = 0, 1
  while i <= #line do
    if units >= character then
      return i - 1
    end
    local b = line:byte(i)
    local len = b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
    units = units + ((encoding == 'utf-16' and len == 4) and 2 or 1)
    i = i + len
  end
  return #line
end

--- An LSP position as (0-based row, byte column) in `bufnr`.
function M.to_byte_pos(bufnr, position, encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, position.line, position.line + 1, false)[1] or ''
  return position.line, M.byte_col(line, position.character, encoding or 'utf-16')
end

--- Placeholders as { row (0-based), col (byte), end_row, end_col, text, description }, sorted.
local function placeholder_items(bufnr, result, client)
  local items = {}
  for _, p in ipairs(result or {}) do
    local row, col = M.to_byte_pos(bufnr, p.range.start, client.offset_encoding)
    local erow, ecol = M.to_byte_pos(bufnr, p.range['end'], client.offset_encoding)
    table.insert(items, {
      row = row,
      col = col,
      end_row = erow,
      end_col = ecol,
      text = p.text,
      description = p.description,
    })
  end
  table.sort(items, function(a, b)
    return a.row < b.row or (a.row == b.row and a.col < b.col)
  end)
  return items
end

--- Moves the cursor to the next placeholder after it, wrapping to the first.
function M.next_placeholder(opts)
  opts = opts or {}
  local win = vim.api.nvim_get_current_win()
  local bufnr = vim.api.nvim_win_get_buf(win)
  M.exec(bufnr, 'baogao.listPlaceholders', function(result, client)
    if not vim.api.nvim_win_is_valid(win) or vim.api.nvim_win_get_buf(win) ~= bufnr then
      return
    end
    local items = placeholder_items(bufnr, result, client)
    if #items == 0 then
      notify('no placeholders left')
      return
    end
    local cursor = vim.api.nvim_win_get_cursor(win)
    local row, col = cursor[1] - 1, cursor[2]
    local target = items[1]
    for _, it in ipairs(items) do
      if it.row > row or (it.row == row and it.col > col) then
        target = it
        break
      end
    end
    vim.api.nvim_win_call(win, function()
      vim.cmd("normal! m'")
    end)
    vim.api.nvim_win_set_cursor(win, { target.row + 1, target.col })
    if opts.on_done then
      opts.on_done(target)
    end
  end)
end

--- Fills the quickfix list with the buffer's placeholders and opens it.
function M.placeholders(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  M.exec(bufnr, 'baogao.listPlaceholders', function(result, client)
    local qf = {}
    for _, it in ipairs(placeholder_items(bufnr, result, client)) do
      local desc = it.description and it.description ~= '' and ('  ' .. it.description) or ''
      table.insert(qf, {
        bufnr = bufnr,
        lnum = it.row + 1,
        col = it.col + 1,
        end_lnum = it.end_row + 1,
        end_col = it.end_col + 1,
        text = it.text .. desc,
        type = 'W',
      })
    end
    vim.fn.setqflist({}, ' ', { title = 'baogao: placeholders', items = qf })
    if #qf == 0 then
      notify('no placeholders left')
    elseif opts.open ~= false then
      vim.cmd('botright copen')
    end
    if opts.on_done then
      opts.on_done(qf)
    end
  end)
end

--- Applies every automatic fix in the buffer (the server sends workspace/applyEdit).
function M.fix_all(opts)
  opts = opts or {}
  M.exec(0, 'baogao.fixAll', function(result)
    local n = type(result) == 'table' and result.applied or nil
    if n ~= nil then
      notify(n == 0 and 'nothing to fix' or ('applied ' .. n .. ' fix' .. (n == 1 and '' or 'es')))
    end
    if opts.on_done then
      opts.on_done(result)
    end
  end)
end

--- Shows 占位符 / 字数 / 标题 counts of the buffer.
function M.stats()
  M.exec(0, 'baogao.stats', function(result)
    if type(result) == 'table' then
      notify(('占位符 %s · 字数 %s · 标题 %s'):format(
        tostring(result.placeholders), tostring(result.chars), tostring(result.headings)))
    end
  end)
end

--- The document outline (headings) in the location list, indented by level.
function M.outline(opts)
  opts = opts or {}
  local win = vim.api.nvim_get_current_win()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  M.request(client, 'textDocument/documentSymbol', params, function(err, result)
    if err then
      notify('outline failed: ' .. (err.message or ''), vim.log.levels.ERROR)
      return
    end
    local items = {}
    local function walk(symbols, depth)
      for _, s in ipairs(symbols or {}) do
        local range = s.selectionRange or s.range or (s.location and s.location.range)
        local row, col = M.to_byte_pos(bufnr, range.start, client.offset_encoding)
        table.insert(items, {
          bufnr = bufnr,
          lnum = row + 1,
          col = col + 1,
          text = string.rep('  ', depth) .. s.name,
        })
        walk(s.children, depth + 1)
      end
    end
    walk(result, 0)
    vim.fn.setloclist(win, {}, ' ', { title = 'baogao: outline', items = items })
    if opts.open ~= false and #items > 0 then
      vim.cmd('lopen')
    end
    if opts.on_done then
      opts.on_done(items)
    end
  end, bufnr)
end

-- Starting the client ------------------------------------------------------

--- Starts (or reuses) a client for `bufnr` without vim.lsp.config (Neovim 0.7-0.10).
function M.start(bufnr, config)
  config = config or M.config
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  if not M.check_cmd(config.cmd) then
    return
  end
  local root = M.find_root(bufnr, config.root_markers)
  local client_config = {
    name = M.name,
    cmd = config.cmd,
    root_dir = root,
    settings = config.settings,
    init_options = config.init_options,
    capabilities = config.capabilities,
    on_attach = config.on_attach,
    handlers = config.handlers,
    before_init = config.before_init or M.before_init,
  }
  if vim.lsp.start then -- 0.8+
    return vim.lsp.start(client_config, { bufnr = bufnr })
  end
  -- 0.7: reuse a client with the same root, else start one.
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == M.name and client.config.root_dir == root and not client.is_stopped() then
      vim.lsp.buf_attach_client(bufnr, client.id)
      return client.id
    end
  end
  client_config.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
  local ok, id = pcall(vim.lsp.start_client, client_config)
  if not ok or not id then
    notify_once('start-failed', 'baogao: could not start `' .. tostring(config.cmd[1]) .. '`: '
      .. tostring(id), vim.log.levels.ERROR)
    return
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Configures and enables the server. Options: cmd, filetypes, root_markers, settings,
--- capabilities, on_attach, init_options (all optional).
function M.setup(opts)
  opts = opts or {}
  local config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), {
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    settings = M.normalize_settings(opts.settings),
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
    init_options = opts.init_options,
    handlers = opts.handlers,
    before_init = opts.before_init,
  })
  -- Lists replace the defaults instead of merging index by index.
  config.cmd = opts.cmd or config.cmd
  config.filetypes = opts.filetypes or M.defaults.filetypes
  config.root_markers = opts.root_markers or M.defaults.root_markers
  M.config = config
  M.create_commands()

  if vim.lsp.config and vim.lsp.enable and not opts._legacy then
    -- Neovim >= 0.11: lsp/baogao.lua holds the defaults; this overrides them.
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name) -- also starts it for buffers already open
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) then
        M.check_enabled(buf)
      end
    end
    return
  end

  local group = vim.api.nvim_create_augroup('baogao.setup', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.start(args.buf, config)
    end,
    desc = 'baogao: start the language server',
  })
  -- Buffers already open when setup() runs (a lazily loaded plugin).
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(config.filetypes, vim.bo[buf].filetype) then
      M.start(buf, config)
    end
  end
end

--- Defines :BaogaoFixAll, :BaogaoNextPlaceholder, :BaogaoPlaceholders, :BaogaoOutline,
--- :BaogaoStats and, on Neovim >= 0.11, the missing-binary check. Called from
--- plugin/baogao.lua and from setup() (for plugin managers that only add
--- editors/nvim to 'runtimepath' after startup); safe to call twice.
function M.create_commands()
  local function cmd(name, fn, desc)
    vim.api.nvim_create_user_command(name, function()
      fn()
    end, { desc = desc, force = true })
  end
  cmd('BaogaoFixAll', M.fix_all, 'baogao: apply every automatic fix in this report')
  cmd('BaogaoNextPlaceholder', M.next_placeholder, 'baogao: jump to the next placeholder (XX, 20**, x月xx日, …)')
  cmd('BaogaoPlaceholders', M.placeholders, 'baogao: list the placeholders in the quickfix list')
  cmd('BaogaoOutline', M.outline, "baogao: the report's headings in the location list")
  cmd('BaogaoStats', M.stats, 'baogao: placeholder count, 字数 and heading count')

  -- With vim.lsp.enable('baogao') on Neovim >= 0.11, a missing binary is only logged; say it once.
  if vim.lsp.enable then
    vim.api.nvim_create_autocmd('FileType', {
      group = vim.api.nvim_create_augroup('baogao.check', { clear = true }),
      callback = function(args)
        M.check_enabled(args.buf)
      end,
      desc = 'baogao: report a missing language server once',
    })
  end
end

--- On Neovim >= 0.11, called from a FileType autocommand (create_commands): when
--- `vim.lsp.enable('baogao')` is on but the binary is missing, vim.lsp only writes
--- to its log; say it once instead.
function M.check_enabled(bufnr)
  local enabled
  if vim.lsp.is_enabled then
    enabled = vim.lsp.is_enabled(M.name)
  else
    enabled = vim.lsp._enabled_configs ~= nil and vim.lsp._enabled_configs[M.name] ~= nil
  end
  if not enabled or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local ok, config = pcall(function()
    return vim.lsp.config[M.name]
  end)
  if not ok or type(config) ~= 'table' then
    return
  end
  if config.filetypes and not vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
    return
  end
  M.check_cmd(config.cmd)
end

return M
