-- A random page of one register book per request: BOOK's lines 1..LINES, 50 a page.
dofile(os.getenv("WRK_DIR") .. "/count.lua")
local book = os.getenv("BOOK") or "1"
local lines = tonumber(os.getenv("LINES") or "200000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/secrets/books/" .. book .. "?from=" .. math.random(1, lines))
end
