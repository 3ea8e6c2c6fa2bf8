-- wrk script for bench/server_bench.sh: GET requests rotating over the paths of a file (one
-- path with its URL-encoded query a line), each thread starting at a different place, and one
-- machine-readable result line at the end.
--
--   wrk -t2 -c32 -d30s --latency -s paths.lua http://127.0.0.1:PORT -- PATHS_FILE [HEADER_LINE]
--
-- HEADER_LINE ("Name: value") is sent with every request (e.g. an Authorization header).

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local requests = {}
local position = 1

function init(args)
  local file = args[1]
  if not file then error("paths.lua: no paths file (wrk … -- PATHS_FILE)") end
  local headers = {}
  if args[2] and args[2] ~= "" then
    local name, value = args[2]:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  for line in io.lines(file) do
    if line ~= "" then table.insert(requests, wrk.format("GET", line, headers)) end
  end
  if #requests == 0 then error("paths.lua: " .. file .. " lists no paths") end
  -- Threads start spread over the list, so they do not ask the same question at the same time.
  position = (id * 7) % #requests + 1
end

function request()
  local r = requests[position]
  position = position % #requests + 1
  return r
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
