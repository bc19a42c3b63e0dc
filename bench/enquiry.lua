-- wrk: the enquiry path as a person takes it. POST /enquire (CSRF token, a fresh idempotency key
-- each time) answers 303; the browser then GETs /enquire/thank-you with the session cookie the
-- 303 set. One enquiry = that pair. Run with as many threads as connections, so each thread (its
-- own Lua state) drives one connection and the two requests of a pair strictly alternate.
-- Arguments: run_id (8 hex characters), CSRF token, Cookie header holding the CSRF cookie,
-- "check" or "measure", and optionally the port of a second web process: every other connection
-- then goes to it, as a round-robin load balancer in front of the two would share them out.
-- A check run asks for the thank-you page uncompressed and looks for the
-- person's name in it (the generic page, for a lost session, also answers 200); a measure run
-- asks for it compressed, as a browser does, and checks the status.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  run_id, token, csrf_cookie, checking = args[1], args[2], args[3], args[4] == "check"
  form_tail = "&name=" .. urlencode("Sam Bench") .. "&email=" .. urlencode("sam.bench@example.com") ..
      "&phone=" .. urlencode("07700 900982") .. "&postcode=" .. urlencode("EB4 7QT") ..
      "&reasons=make-a-difference&own_words=" .. urlencode("I have a spare room and time to give.") ..
      "&household=single&best_time=any&privacy=yes&website=&_csrf_token=" .. token
  -- wrk.thread is this thread's own: its address may change until init returns, before the
  -- thread connects. thread_id was set by setup(), which runs first.
  if args[5] and args[5] ~= "" and thread_id % 2 == 1 then
    wrk.thread.addr = wrk.lookup(wrk.host, args[5])[1]
  end
  counter, waiting_for, session_cookie, started = 0, "post", nil, 0
  pairs_done, bad, latencies = 0, 0, {}
end

function request()
  if waiting_for == "get" then
    local headers = { ["Cookie"] = csrf_cookie .. "; " .. session_cookie }
    if not checking then headers["Accept-Encoding"] = "gzip, deflate, br" end
    return wrk.format("GET", "/enquire/thank-you", headers)
  end
  counter = counter + 1
  started = now_us()
  local key = string.format("%s%08x%016x", run_id, thread_id, counter)
  return wrk.format("POST", "/enquire", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = csrf_cookie,
    ["Accept-Encoding"] = "gzip, deflate, br",
  }, "idempotency_key=" .. key .. form_tail)
end

local function cookie_from(headers)
  for name, value in pairs(headers) do
    if string.lower(name) == "set-cookie" then
      return string.match(value, "^(session=[^;]+)")
    end
  end
  return nil
end

function response(status, headers, body)
  if waiting_for == "post" then
    session_cookie = status == 303 and cookie_from(headers) or nil
    if session_cookie then
      waiting_for = "get"
    else
      bad = bad + 1
    end
    return
  end
  waiting_for = "post"
  if status == 200 and (not checking or string.find(body, "Thank you, Sam", 1, true)) then
    pairs_done = pairs_done + 1
    latencies[pairs_done] = now_us() - started
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local all, completed, failed, posts = {}, 0, 0, 0
  for _, thread in ipairs(threads) do
    completed = completed + thread:get("pairs_done")
    failed = failed + thread:get("bad")
    posts = posts + thread:get("counter")
    for _, value in ipairs(thread:get("latencies")) do table.insert(all, value) end
  end
  table.sort(all)
  local function percentile(p)
    if #all == 0 then return 0 end
    return all[math.max(1, math.ceil(#all * p / 100))]
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"pairs": %d, "bad_answers": %d, "posts_sent": %d, "requests": %d, "duration_us": %d, ' ..
    '"pair_p50_us": %d, "pair_p90_us": %d, "pair_p99_us": %d, "pair_max_us": %d, ' ..
    '"request_p99_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    completed, failed, posts, summary.requests, summary.duration, percentile(50), percentile(90),
    percentile(99), all[#all] or 0, latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
