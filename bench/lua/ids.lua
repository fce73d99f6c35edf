-- GET <path prefix><id> for ids spread over 1..max: wrk ... -s ids.lua URL -- /api/products/ 10000
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local prefix, max
sent = 0

function init(args)
  prefix, max = args[1], tonumber(args[2])
  math.randomseed(7)
end

function request()
  sent = sent + 1
  return wrk.format("GET", prefix .. math.random(1, max))
end
