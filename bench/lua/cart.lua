-- POST /api/cart/add of one unit, as users taken in turn from a token file, of a product in first..last:
-- wrk ... -s cart.lua URL -- tokens.txt 34 10000
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local tokens, first, last
sent = 0

function init(args)
  tokens, first, last = lines(args[1]), tonumber(args[2]), tonumber(args[3])
  math.randomseed(11)
end

function request()
  sent = sent + 1
  local body = string.format('{"product_id":%d,"quantity":1}', math.random(first, last))
  return wrk.format("POST", "/api/cart/add", {
    ["Authorization"] = "Bearer " .. tokens[(sent - 1) % #tokens + 1],
    ["Content-Type"] = "application/json",
    ["X-Forwarded-Proto"] = "https",
  }, body)
end
