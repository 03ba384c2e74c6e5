-- Shared by the wrk scripts: counts responses that are not 200 (wrk treats 3xx as success,
-- so a lost session would otherwise look like a fast page).
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("non_200=%d\n", total))
end
