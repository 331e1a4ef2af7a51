-- wrk's script for `manage.py loadtest` (cms/loadtest/wrk.py runs it).
-- Requests rotate through the paths in LOADTEST_PATHS (separated by spaces); at the end
-- the run's summary is written as JSON to the file LOADTEST_SUMMARY names.

local paths = {}
for path in string.gmatch(os.getenv("LOADTEST_PATHS") or "/", "%S+") do
    paths[#paths + 1] = path
end
local turn = 0

function request()
    turn = turn % #paths + 1
    return wrk.format("GET", paths[turn])
end

-- Latencies are in microseconds; errors.status counts answers over 399.
function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors
    local out = assert(io.open(os.getenv("LOADTEST_SUMMARY"), "w"))
    out:write(string.format(
        '{"requests": %d, "seconds": %.3f, "requests_per_second": %.2f, "bytes": %d, '
            .. '"latency_ms": {"p50": %.3f, "p99": %.3f, "mean": %.3f, "max": %.3f}, '
            .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}}\n',
        summary.requests, seconds, summary.requests / seconds, summary.bytes,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        latency.mean / 1000, latency.max / 1000,
        errors.connect, errors.read, errors.write, errors.timeout, errors.status
    ))
    out:close()
end
