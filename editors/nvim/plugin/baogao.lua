-- baogao user commands (:BaogaoFixAll, :BaogaoNextPlaceholder, :BaogaoPlaceholders,
-- :BaogaoOutline, :BaogaoStats). The server itself is started by
-- vim.lsp.enable('baogao') (Neovim >= 0.11, see lsp/baogao.lua) or require('baogao').setup{}.
if vim.g.loaded_baogao or vim.fn.has('nvim-0.7') == 0 then
  return
end
vim.g.loaded_baogao = true

require('baogao').create_commands()
