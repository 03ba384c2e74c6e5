-- A random dossier page per request; MAXID persons, ids 1..MAXID (generated data).
dofile(os.getenv("WRK_DIR") .. "/count.lua")
local maxid = tonumber(os.getenv("MAXID") or "1000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/persons/" .. math.random(1, maxid))
end
