-- wrk script of bench/run.sh (durable ingest, closed loop): POSTs ticket notes like bench/LoadGen.java does,
-- each on a ticket of its own with an Idempotency-Key of its own, round robin over the tenants.
-- Settings come from the environment: BENCH_TENANTS (comma-separated), BENCH_API_KEY, BENCH_TICKET_BASE.
local tenants = {}
for tenant in string.gmatch(os.getenv("BENCH_TENANTS") or "bench-t01", "[^,]+") do
  tenants[#tenants + 1] = tenant
end
local key = os.getenv("BENCH_API_KEY") or "bench-admin-key"
local base = tonumber(os.getenv("BENCH_TICKET_BASE") or "1000000")
local run = tostring(os.time())
local text = string.rep("Reset the VPN profile, cleared the cached credentials and rebooted the laptop. ", 10)
text = "Bench note. " .. text:sub(1, 688)
-- BENCH_NOTE_INVALID=1: notes without their text, which the gateway answers 400 without storing anything
-- (the web stack's own cost per request, beside what the 202s cost).
local invalid = os.getenv("BENCH_NOTE_INVALID") == "1"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local ticket
function init(args)
  -- Each wrk thread counts tickets in a range of its own.
  ticket = base + thread_number * 100000000
end

function request()
  ticket = ticket + 1
  local tenant = tenants[(ticket % #tenants) + 1]
  local body = '{"ticketId":' .. ticket .. ',"' .. (invalid and "txet" or "text") .. '":"' .. text .. ' #' .. ticket ..
    '","noteType":"INTERNAL_ANALYSIS","visibility":"INTERNAL","userId":"u-42","reference":"bench-' .. ticket .. '"}'
  return wrk.format("POST", "/v1/tenants/" .. tenant .. "/ticket-notes", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. base .. "-" .. ticket,
  }, body)
end
