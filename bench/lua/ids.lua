-- GET <path prefix><id> for ids spread over 1..max: wrk ... -s ids.lua URL -- /api/products/ 10000 [CART_ID]
-- With a guest cart id, as that guest (cookie shop_cart): pages rendered for them, never the shared ones.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local prefix, max
sent = 0

function init(args)
  prefix, max = args[1], tonumber(args[2])
  if args[3] then wrk.headers["Cookie"] = "shop_cart=" .. args[3] end
  math.randomseed(7)
end

function request()
  sent = sent + 1
  return wrk.format("GET", prefix .. math.random(1, max))
end
