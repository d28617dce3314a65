-- wrk script: replay pre-signed Alexa requests, each once, spread over wrk's threads.
-- File lines: <SignatureCertChainUrl> TAB <Signature-256> TAB <compact JSON body>.
-- Arguments: the file, wrk's thread count, and optionally milliseconds to wait between a
-- connection's requests, to hold the load at a chosen rate instead of saturating the server.

local requests = {}
local counter = 0
local step = 1
local pause = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local url, signature, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    if body then
      local headers = { ["Content-Type"] = "application/json" }
      if url ~= "" then
        headers["SignatureCertChainUrl"] = url
        headers["Signature-256"] = signature
      end
      requests[#requests + 1] = wrk.format("POST", "/alexa", headers, body)
    end
  end
  step = tonumber(args[2])
  pause = tonumber(args[3] or "0")
  counter = id
end

function delay()
  return pause
end

function request()
  local r = requests[counter % #requests + 1]
  counter = counter + step
  return r
end

function done(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
