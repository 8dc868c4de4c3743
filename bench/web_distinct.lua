-- wrk script for bench/web_distinct.sh: every request different, so that none is answered from
-- serve's cache. The kind of request is the script's argument:
--   search1  /api/search, one word (common words that match most of the casebook, and rare ones)
--   search2  /api/search, two words
--   deep     /api/cases, a page anywhere in the whole list
--   filtered /api/cases with a type, an organisation kind and a year
--   case     /cases/NNNN-NNN, a case page (numbers from the file in $CASES)
-- Requests vary by a per-thread counter in the limit or page parameter, so URLs never repeat.
local kind = "search1"
local counter = 0
local common = {"個人情報", "不正アクセス", "紛失", "メール", "感染", "流出", "漏えい", "発表",
                "お詫び", "ランサムウェア", "サーバー", "情報"}
local rare = {"架空1234", "架空777", "架空31", "架空4096", "湊総合病院", "北浜大学", "ransomware",
              "USB", "webhook", "Discord"}
local types = {"ransomware", "misdelivery", "loss_theft", "unauthorized_access", "web_skimming",
               "phishing", "ddos", "misconfiguration", "account_compromise", "malware"}
local org_kinds = {"company", "local_government", "hospital", "university", "school", "npo"}
local cases = {}
local pages = 1000

local function pick(list, i) return list[(i % #list) + 1] end

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  kind = args[1] or kind
  pages = tonumber(args[2] or "1000")
  local f = io.open(os.getenv("CASES") or "", "r")
  if f then
    for line in f:lines() do cases[#cases + 1] = line end
    f:close()
  end
  counter = (id or 0) * 7919
end

request = function()
  counter = counter + 1
  local i = counter
  local path
  if kind == "search1" then
    local word = (i % 2 == 0) and pick(common, math.floor(i / 2)) or pick(rare, math.floor(i / 2))
    path = "/api/search?q=" .. encode(word) .. "&limit=" .. (1 + i % 200) .. "&v=" .. i
  elseif kind == "search2" then
    local q = pick(common, i) .. " " .. pick(common, math.floor(i / 7) + 3)
    path = "/api/search?q=" .. encode(q) .. "&limit=" .. (1 + i % 200) .. "&v=" .. i
  elseif kind == "deep" then
    path = "/api/cases?per_page=50&page=" .. (1 + (i * 7919) % pages) .. "&v=" .. i
  elseif kind == "filtered" then
    path = "/api/cases?type=" .. pick(types, i) .. "&org_kind=" .. pick(org_kinds, math.floor(i / 10)) ..
           "&from=" .. (2000 + i % 40) .. "&page=" .. (1 + i % 5) .. "&v=" .. i
  else
    path = "/cases/" .. (cases[(i * 7919) % math.max(#cases, 1) + 1] or "2031-001") .. "?v=" .. i
  end
  return wrk.format("GET", path)
end
