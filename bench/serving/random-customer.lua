-- wrk script: GET /api/customers/{id}/scores for ids spread uniformly over the seeded customers (c0000000 ...), or
-- GET /api/health. CUSTOMERS: how many were seeded. RATE (requests/s per wrk thread, optional): paces the thread's
-- connections together on one schedule of evenly spaced send times, so the run offers that rate whatever the
-- latency (a fixed think time per connection would offer less as latency grows); latency is measured per request,
-- from its send, without the wait for its slot.
local customers = tonumber(os.getenv("CUSTOMERS") or "100000")
local rate = tonumber(os.getenv("RATE") or "0")
local path = os.getenv("PATH_KIND") or "scores"

setup = function(thread)
  thread:set("seed", math.random(1, 1000000))
end

init = function(args)
  math.randomseed(seed or os.time())
end

request = function()
  if path == "health" then
    return wrk.format("GET", "/api/health")
  end
  local id = string.format("c%07d", math.random(0, customers - 1))
  return wrk.format("GET", "/api/customers/" .. id .. "/scores")
end

if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } wrk_timespec;
    int clock_gettime(int clock_id, wrk_timespec *time);
  ]]
  local CLOCK_MONOTONIC = 1
  local now_ts = ffi.new("wrk_timespec")
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
    return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
  end

  local interval = 1000 / rate
  local slot = nil
  -- wrk asks for a delay (whole milliseconds) before each request a connection sends: the wait until the next slot.
  -- A slot already past is not skipped, so a stall is made up for afterwards, as an open-loop client would.
  delay = function()
    local now = now_ms()
    slot = slot and (slot + interval) or now
    local wait = slot - now
    return wait > 0 and wait or 0
  end
end
