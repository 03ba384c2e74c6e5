-- Search as you type (the htmx fragment), names without diacritics, some with a typo.
dofile(os.getenv("WRK_DIR") .. "/count.lua")
local names = {"nguyen van an", "tran thi hoa", "le van binh", "pham thi lan", "hoang van nam",
  "vu thi mai", "dang van hung", "bui thi thu", "do van long", "ngo thi hanh", "nguyen thi huong",
  "tran van duc", "le thi ngoc", "pham van tuan", "nguyen van ahn", "tran thi hao", "le van bihn"}
math.randomseed(os.time())
request = function()
  -- Headers given to wrk.format replace wrk.headers (the session cookie): merge them.
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["HX-Request"] = "true"
  local q = names[math.random(1, #names)]:gsub(" ", "+")
  return wrk.format("GET", "/search?q=" .. q, h)
end
