import type { ExtraFile } from '../publish/export.js';

/**
 * Apache's mod_lua runs `lodfolio serve`'s own negotiation: the module is
 * negotiate() (src/http/negotiate.ts) ported to Lua 5.3 function for
 * function, with the same lenient reading of a header, the same weights,
 * specificity and ties. Lua cannot run the TypeScript as njs does, so the
 * port is checked instead: test/deploy/apache.test.ts compares Apache's
 * answers with negotiate()'s on 1,000 random Accept headers and on headers
 * odd in form, and fails on any difference. A change to negotiate.ts is a
 * change here.
 *
 * `build` writes it into the site (a dot-file, never served). The config of
 * `server-config apache` runs `rank` before its rewrite rules (mod_lua's
 * pre-translate hook), giving it every kind of the site (`LF_KINDS`: their
 * media types in the server's order); it answers with the kinds the request
 * accepts, best first (`LF_RANKING`), and the rules send the first of them
 * the document has: negotiation among a subset keeps the order of the
 * whole, as plan.ts's ranks do.
 *
 * Text, as Node reads a header: one character per byte (Latin-1), so
 * JavaScript's white space within a byte (`\s`, trim()) is the ASCII one
 * and U+00A0, and its lower case of a token is the ASCII one.
 */
export const luaModuleName = '.lodfolio-negotiate.lua';

const source = String.raw`-- Content negotiation for Apache's mod_lua: lodfolio serve's own (src/http/negotiate.ts),
-- ported function for function; written by lodfolio build, run by the config of
-- lodfolio server-config apache (LuaHookPreTranslateName ... rank).

local WS = "[\t\n\v\f\r \160]"
local TOKEN = "^[a-z0-9!#%$%%&'%*%+%.%^_\96|~%-]+$" -- \96: a backquote

local LEADING = "^" .. WS .. "*"
local SPACE = { [9] = true, [10] = true, [11] = true, [12] = true, [13] = true, [32] = true, [160] = true }

-- In time linear in the length (a pattern "^WS*(.-)WS*$" rescans a run of trailing white space at each step).
local function trim(s)
  local _, skipped = s:find(LEADING)
  local first, last = skipped + 1, #s
  while last >= first and SPACE[s:byte(last)] do last = last - 1 end
  return s:sub(first, last)
end

-- String.prototype.split with a plain separator.
local function plainSplit(text, separator)
  local parts = {}
  for part in (text .. separator):gmatch("(.-)" .. separator) do parts[#parts + 1] = part end
  return parts
end

-- Splits on separator outside double quotes (a backslash in quotes escapes the next character).
local function split(text, separator)
  if not text:find('"', 1, true) then return plainSplit(text, separator) end
  local parts, current, quoted, i = {}, {}, false, 1
  while i <= #text do
    local c = text:sub(i, i)
    if c == "\\" and quoted then
      current[#current + 1] = text:sub(i, i + 1)
      i = i + 2
    else
      if c == '"' then quoted = not quoted end
      if c == separator and not quoted then
        parts[#parts + 1] = table.concat(current)
        current = {}
      else
        current[#current + 1] = c
      end
      i = i + 1
    end
  end
  parts[#parts + 1] = table.concat(current)
  return parts
end

-- Math.round: the nearest integer, halves up.
local function round(x)
  local f = math.floor(x)
  if x - f >= 0.5 then return f + 1 end
  return f
end

-- Reads a weight: 0, 0.5, 1.000, leniently .5; anything else is unreadable (nil).
local function parseQ(value)
  local v = trim(value)
  if not (v:match("^%d+%.?%d*$") or v:match("^%.%d+$")) then return nil end
  local q = math.min(1, math.max(0, tonumber(v)))
  return round(q * 1000) / 1000
end

local function parseAccept(header)
  local ranges = {}
  for order, entry in ipairs(split(header, ",")) do
    local parameters = split(entry, ";")
    for i = 1, #parameters do parameters[i] = trim(parameters[i]) end
    local parts = plainSplit(table.remove(parameters, 1):lower(), "/")
    local range = nil
    if #parts <= 2 then
      local type = parts[1]
      local subtype = parts[2]
      if type == "*" and #parts == 1 then subtype = "*" end
      if type ~= "" and subtype ~= nil and subtype ~= "" and type:match(TOKEN) and subtype:match(TOKEN)
          and not (type == "*" and subtype ~= "*") then
        range = { type = type, subtype = subtype, params = 0, parameters = {}, q = 1, order = order }
      end
    end
    if range ~= nil then
      for _, parameter in ipairs(parameters) do
        local eq = parameter:find("=", 1, true)
        local name = trim(eq and parameter:sub(1, eq - 1) or parameter):lower()
        local value = eq and parameter:sub(eq + 1) or parameter
        if name == "q" then
          range.q = parseQ(value)
          break -- what follows q is accept-ext, not part of the range
        end
        if name ~= "" then
          range.params = range.params + 1
          range.parameters[name] = (trim(value):gsub('^"(.*)"$', "%1"))
        end
      end
      if range.q ~= nil then ranges[#ranges + 1] = range end
    end
  end
  return ranges
end

-- A media type of the site, read once: its name and its own parameters (a citation style).
local function availableType(mediaType)
  local own = plainSplit(mediaType:lower(), ";")
  for i = 1, #own do own[i] = trim(own[i]) end
  local name = plainSplit(table.remove(own, 1), "/")
  local fixed = {}
  for i = 1, #own do
    local f = plainSplit(own[i], "=")
    for j = 1, #f do f[j] = trim(f[j]) end
    fixed[i] = f
  end
  return { name = name, fixed = fixed }
end

-- The most specific range that matches the type decides its weight (RFC 9110 12.5.1).
local function preferenceFor(ranges, available)
  local name, fixed = available.name, available.fixed
  local best = nil
  for _, r in ipairs(ranges) do
    local matches = (r.type == "*" or r.type == name[1]) and (r.subtype == "*" or r.subtype == name[2])
    for _, f in ipairs(fixed) do
      if matches and r.parameters[f[1]] ~= nil and r.parameters[f[1]]:lower() ~= f[2] then matches = false end
    end
    if matches then
      local specificity = (r.type == "*" and 0 or 1) + (r.subtype == "*" and 0 or 1) + (r.params > 0 and 1 or 0)
      if best == nil or specificity > best.specificity or (specificity == best.specificity and r.q > best.q) then
        best = { q = r.q, specificity = specificity, order = r.order }
      end
    end
  end
  return best
end

local function better(a, ai, b, bi)
  if a.q ~= b.q then return a.q > b.q end
  if a.specificity ~= b.specificity then return a.specificity > b.specificity end
  if a.order ~= b.order then return a.order < b.order end
  return ai < bi
end

-- The ids of the kinds the header accepts, best first (" 3 0 5 ", ids from 0): each pick is
-- negotiate() over the kinds left, as src/deploy/variants.ts ranks them; a kind's weight does
-- not depend on the others, so each is weighed once. No readable range: the server's order.
local function ranking(accept, kinds)
  local ranges = accept == nil and {} or parseAccept(accept)
  local ranked = { "" }
  if #ranges == 0 then
    for id = 1, #kinds do ranked[id + 1] = id - 1 end
  else
    local left = {}
    for id, kind in ipairs(kinds) do
      local pref = preferenceFor(ranges, kind)
      if pref ~= nil and pref.q > 0 then left[#left + 1] = { id = id, pref = pref } end
    end
    while #left > 0 do
      local chosen = 1
      for i = 2, #left do
        if better(left[i].pref, left[i].id, left[chosen].pref, left[chosen].id) then chosen = i end
      end
      ranked[#ranked + 1] = left[chosen].id - 1
      table.remove(left, chosen)
    end
  end
  ranked[#ranked + 1] = ""
  return table.concat(ranked, " ")
end

-- Per Lua state (one per thread): the site's kinds read once, and each header's ranking
-- remembered, as lodfolio serve remembers its negotiations (memoize: 512 headers of at most
-- 1,024 bytes, forgotten all at once when full).
local sites = {}

-- The hook: LF_RANKING for the request's Accept, over the kinds of LF_KINDS (the site's media
-- types in the server's order, comma-separated); then the rewrite rules run.
function rank(r)
  local list = r.subprocess_env["LF_KINDS"]
  if list == nil then return apache2.DECLINED end
  local site = sites[list]
  if site == nil then
    site = { kinds = {}, remembered = {}, size = 0 }
    for i, mediaType in ipairs(plainSplit(list, ",")) do site.kinds[i] = availableType(mediaType) end
    sites[list] = site
  end
  local accept = r.headers_in["Accept"]
  local key = accept or ""
  local ranked = site.remembered[key]
  if ranked == nil then
    ranked = ranking(accept, site.kinds)
    if #key <= 1024 then
      if site.size >= 512 then site.remembered, site.size = {}, 0 end
      site.remembered[key], site.size = ranked, site.size + 1
    end
  end
  r.subprocess_env["LF_RANKING"] = ranked
  return apache2.DECLINED
end
`;

export function luaModule(): ExtraFile {
  return { name: luaModuleName, bytes: Buffer.from(source) };
}
