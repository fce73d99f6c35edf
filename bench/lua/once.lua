-- Each line of a file used once, in order from an offset: checkouts (a user whose cart is full) and
-- webhooks (a signed event). Past the end it starts over, and those repeats fail or are duplicates:
-- run.sh flags a scenario that ran out (sent > lines).
--   wrk ... -s once.lua URL -- checkout tokens.txt OFFSET
--   wrk ... -s once.lua URL -- webhook events.txt OFFSET
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local kind, items, offset
sent = 0

function init(args)
  kind, items, offset = args[1], lines(args[2]), tonumber(args[3])
end

function request()
  local item = items[(offset + sent) % #items + 1]
  sent = sent + 1
  -- A new headers table each time: wrk.format writes Content-Length into it.
  if kind == "checkout" then
    return wrk.format("POST", "/api/checkout", {
      ["Authorization"] = "Bearer " .. item,
      ["Content-Type"] = "application/json",
    ["X-Forwarded-Proto"] = "https",
    }, "{}")
  end
  local tab = item:find("\t", 1, true)
  return wrk.format("POST", "/webhook", {
    ["Stripe-Signature"] = item:sub(1, tab - 1),
    ["Content-Type"] = "application/json",
    ["X-Forwarded-Proto"] = "https",
  }, item:sub(tab + 1))
end
