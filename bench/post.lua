-- wrk script: POST an images request for the model named by the first script argument, and print one
-- machine-readable WRK line at the end (read by run.sh).
--   wrk -s bench/post.lua URL -- bench-small
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  local model = args[1] or "bench-small"
  wrk.body = '{"model":"' .. model .. '","prompt":"a lighthouse at dusk, oil painting","n":1}'
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f "
      .. "bytes=%d errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    summary.bytes, e.connect + e.read + e.write + e.status + e.timeout))
end
