-- GET the URL as a guest who holds a cart (cookie shop_cart=ID): the page is the guest's own (the header
-- counts the cart), rendered for every request, never the shared cached one. wrk ... -s guest.lua URL -- ID
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

function init(args)
  wrk.headers["Cookie"] = "shop_cart=" .. args[1]
end
