-- baogao user commands. The server itself is started by vim.lsp.enable('baogao')
-- (Neovim >= 0.11, see lsp/baogao.lua) or require('baogao').setup{}.
if vim.g.loaded_baogao or vim.fn.has('nvim-0.7') == 0 then
  return
end
vim.g.loaded_baogao = true

local function cmd(name, fn, desc)
  vim.api.nvim_create_user_command(name, function()
    fn()
  end, { desc = desc })
end

cmd('BaogaoFixAll', function()
  require('baogao').fix_all()
end, 'baogao: apply every automatic fix in this report')
cmd('BaogaoNextPlaceholder', function()
  require('baogao').next_placeholder()
end, 'baogao: jump to the next placeholder (XX, 20**, x月xx日, …)')
cmd('BaogaoPlaceholders', function()
  require('baogao').placeholders()
end, 'baogao: list the placeholders in the quickfix list')
cmd('BaogaoOutline', function()
  require('baogao').outline()
end, "baogao: the report's headings in the location list")
cmd('BaogaoStats', function()
  require('baogao').stats()
end, 'baogao: placeholder count, 字数 and heading count')

-- With vim.lsp.enable('baogao') on Neovim >= 0.11, a missing binary is only logged;
-- tell the user once.
if vim.lsp.enable then
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('baogao.check', { clear = true }),
    callback = function(args)
      require('baogao').check_enabled(args.buf)
    end,
    desc = 'baogao: report a missing language server once',
  })
end
