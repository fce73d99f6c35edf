-- Shared by every scenario: done() prints one parseable line of figures (latencies in microseconds).
-- Scenarios that send their own requests count them in the global `sent`, read back here per thread.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- lines(path): the file's non-empty lines, in order.
function lines(path)
  local items = {}
  for line in io.lines(path) do
    if line ~= "" then table.insert(items, line) end
  end
  if #items == 0 then error(path .. " has no lines") end
  return items
end

function done(summary, latency, requests)
  local sent = 0
  for _, thread in ipairs(threads) do
    sent = sent + (tonumber(thread:get("sent")) or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d sent=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout, sent))
end
