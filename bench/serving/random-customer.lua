-- wrk script: GET /api/customers/{id}/scores for ids spread uniformly over the seeded customers (c0000000 ...).
-- CUSTOMERS: how many were seeded. RATE_PER_CONNECTION (requests/s, optional): paces each connection, for the
-- half-load run; latency is measured per request, without the pacing delay.
local customers = tonumber(os.getenv("CUSTOMERS") or "100000")
local rate = tonumber(os.getenv("RATE_PER_CONNECTION") or "0")
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
  delay = function()
    return 1000 / rate
  end
end
