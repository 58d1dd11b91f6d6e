-- Drives the qemu-memmap language server from a real Neovim (0.7+) LSP client, headless:
--   nvim --headless -u NONE -i NONE -n -c 'luafile test/clients/neovim.lua'
-- Inputs (environment): MEMMAP_NODE, MEMMAP_SERVER (dist/server.js), MEMMAP_ROOT (a folder),
-- MEMMAP_CAPTURE, MEMMAP_LAYOUT, MEMMAP_BROKEN (files to open), optional MEMMAP_EXPECT_HVA,
-- MEMMAP_TIMEOUT_MS (each wait; default 4000).
-- Output: one JSON object on stdout (diagnostics per file, the hover, the server's exit code,
-- `errors`); exits with 0 when every check here passed, 1 otherwise (`cquit 1`).

local env = vim.env
local timeout = tonumber(env.MEMMAP_TIMEOUT_MS) or 4000
local result = { client = 'neovim', version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch), errors = {}, files = {} }
local exit_info = nil -- set by on_exit: { code, signal }
local published = {} -- uri -> number of publishDiagnostics seen

local function fail(msg) table.insert(result.errors, msg) end

local function finish()
  io.stdout:write(vim.fn.json_encode(result) .. '\n')
  io.stdout:flush()
  if #result.errors == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

local function main()
  for _, k in ipairs({ 'MEMMAP_NODE', 'MEMMAP_SERVER', 'MEMMAP_CAPTURE', 'MEMMAP_LAYOUT', 'MEMMAP_BROKEN' }) do
    if not env[k] or env[k] == '' then error('missing environment variable ' .. k) end
  end

  -- Count every publishDiagnostics (an empty list is an answer too), then let Neovim store it.
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local client_id = vim.lsp.start_client({
    name = 'qemu-memmap',
    cmd = { env.MEMMAP_NODE, env.MEMMAP_SERVER, '--stdio' },
    root_dir = env.MEMMAP_ROOT or vim.fn.getcwd(),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        published[params.uri] = (published[params.uri] or 0) + 1
        return default_publish(err, params, ctx, config)
      end,
    },
    -- 0.7 keeps no serverInfo on the client object: take it from the initialize result.
    on_init = function(_, init_result) result.serverInfo = init_result and init_result.serverInfo end,
    on_exit = function(code, signal) exit_info = { code = code, signal = signal } end,
  })
  if not client_id then error('vim.lsp.start_client returned nil') end

  local function alive() return vim.lsp.get_client_by_id(client_id) ~= nil end

  -- Waits for cond(); gives up early when the server has gone.
  local function wait_for(what, cond)
    local ok = vim.wait(timeout, function() return cond() or not alive() end, 20)
    if not alive() then
      fail('the server died while waiting for ' .. what .. ' (exit ' .. vim.inspect(exit_info) .. ')')
      return false
    end
    if not ok or not cond() then
      fail('timed out after ' .. timeout .. ' ms waiting for ' .. what)
      return false
    end
    return true
  end

  -- Open the three files as plain text: the server tells a capture from a layout by content.
  local bufs = {}
  for _, key in ipairs({ 'capture', 'layout', 'broken' }) do
    local path = env['MEMMAP_' .. key:upper()]
    local buf = vim.fn.bufadd(path)
    vim.fn.bufload(buf)
    vim.bo[buf].buflisted = true
    vim.bo[buf].filetype = 'text'
    bufs[key] = buf
    if not vim.lsp.buf_attach_client(buf, client_id) then fail('buf_attach_client failed for ' .. key) end
  end

  if not wait_for('initialize', function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end) then return end
  local client = vim.lsp.get_client_by_id(client_id)
  result.hoverProvider = client.server_capabilities and client.server_capabilities.hoverProvider or nil

  -- Diagnostics: wait until each file has been published at least once.
  local uris = {}
  for key, buf in pairs(bufs) do uris[key] = vim.uri_from_bufnr(buf) end
  wait_for('diagnostics for all three files', function()
    for _, uri in pairs(uris) do if not published[uri] then return false end end
    return #vim.diagnostic.get(bufs.broken) > 0
  end)
  for key, buf in pairs(bufs) do
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = d.user_data and d.user_data.lsp or {}
      table.insert(list, { code = lsp.code or d.code, line = d.lnum, character = d.col, severity = d.severity, message = d.message })
    end
    table.sort(list, function(a, b) return a.line < b.line or (a.line == b.line and a.character < b.character) end)
    result.files[key] = { uri = uris[key], published = published[uris[key]] or 0, diagnostics = list }
  end
  local broken_codes = {}
  for _, d in ipairs(result.files.broken.diagnostics) do table.insert(broken_codes, tostring(d.code)) end
  if not vim.tbl_contains(broken_codes, 'LP004') then fail('no LP004 on the broken layout; got ' .. table.concat(broken_codes, ', ')) end

  -- Hover on the start address of the first `alias ram-above-4g` line of the capture.
  local lines = vim.api.nvim_buf_get_lines(bufs.capture, 0, -1, false)
  local line, character
  for i, l in ipairs(lines) do
    if l:find('alias ram-above-4g', 1, true) then
      line = i - 1
      character = (l:find('%x') or 1) - 1 + 2 -- inside the start address
      break
    end
  end
  if not line then
    fail('no "alias ram-above-4g" line in the capture')
  else
    result.hoverPosition = { line = line, character = character }
    local params = { textDocument = { uri = uris.capture }, position = { line = line, character = character } }
    local responses, err = vim.lsp.buf_request_sync(bufs.capture, 'textDocument/hover', params, timeout)
    local r = responses and responses[client_id]
    if not r then
      fail('no hover response: ' .. tostring(err))
    elseif r.err then
      fail('hover error: ' .. vim.inspect(r.err))
    elseif not r.result then
      fail('hover returned null')
    else
      local c = r.result.contents
      local value = type(c) == 'string' and c or c.value
      if type(c) == 'table' and c.kind then result.hoverKind = c.kind end
      result.hover = value
      if type(value) ~= 'string' then
        fail('hover contents without a value: ' .. vim.inspect(c))
      else
        if not value:find('system › ram-above-4g (alias → pc.ram +0xc0000000) › pc.ram', 1, true) then fail('hover lacks the alias chain') end
        local hva = env.MEMMAP_EXPECT_HVA
        if hva and hva ~= '' then
          if not value:find('HVA **' .. hva .. '**', 1, true) then fail('hover lacks HVA ' .. hva) end
        elseif not value:find('HVA %*%*0x%x+%*%*') then
          fail('hover lacks an HVA')
        end
      end
    end
  end

  -- shutdown + exit, and wait for the process to end.
  vim.lsp.stop_client(client_id)
  vim.wait(timeout, function() return exit_info ~= nil end, 20)
  result.exit = exit_info
  if not exit_info then
    fail('the server did not exit after shutdown/exit')
    vim.lsp.stop_client(client_id, true)
  elseif exit_info.code ~= 0 then
    fail('the server exited with ' .. tostring(exit_info.code) .. ' (signal ' .. tostring(exit_info.signal) .. ')')
  end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then fail('Lua error: ' .. tostring(err)) end
finish()
