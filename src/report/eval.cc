#include "report/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "base/file_source.h"
#include "base/utf8.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::json;

std::string Norm(const std::string& s) {  // organisation names compare without spaces
  std::string out;
  for (char c : s) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

std::optional<std::string> Opt(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::string>();
}

std::optional<int64_t> Headline(const std::vector<int64_t>& counts) {
  if (counts.empty()) return std::nullopt;
  return *std::max_element(counts.begin(), counts.end());
}

struct Prf {
  size_t tp = 0, fp = 0, fn = 0;
  void Add(const std::set<std::string>& gold, const std::set<std::string>& got) {
    for (const auto& g : gold) (got.count(g) ? tp : fn)++;
    for (const auto& g : got) fp += !gold.count(g);
  }
  double F1() const {
    if (tp + fp + fn == 0) return 1;
    return 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn);
  }
};

}  // namespace

bool EvalResult::passed() const {
  return missing == 0 &&
         std::all_of(metrics.begin(), metrics.end(), [](const Metric& m) { return m.passed(); });
}

Result<EvalResult> Evaluate(std::string_view gold_jsonl, store::Store& store) {
  std::map<std::pair<std::string, uint32_t>, store::ArticleRecord> got;
  std::set<std::string> docs_seen;
  JK_RETURN_IF_ERROR(store.ForEach([&](const store::ArticleRecord& r) {
    got[{Basename(r.doc_path), r.article.line}] = r;
    return Status::Ok();
  }));
  EvalResult res;
  std::map<std::string, size_t> counts_ok, counts_all;
  auto score = [&](const char* name, bool ok, const std::string& key, const std::string& detail) {
    counts_all[name]++;
    if (ok)
      counts_ok[name]++;
    else
      res.mismatches.push_back(fmt::format("{} {}: {}", key, name, detail));
  };
  Prf items, authorities;
  std::map<std::string, std::string> case_of_key;  // gold key -> our case number
  std::map<std::string, std::vector<std::string>> same_as;
  std::set<std::pair<std::string, uint32_t>> gold_keys;
  std::istringstream lines{std::string(gold_jsonl)};
  size_t line_no = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_no;
    if (utf8::IsBlank(line)) continue;
    json g;
    try {
      g = json::parse(line);
    } catch (const json::exception& e) {
      return Status::InvalidInput(std::string("bad gold JSON: ") + e.what(),
                                  fmt::format("line {}", line_no));
    }
    ++res.gold_items;
    const std::string file = g.value("file", ""), key = g.value("key", file);
    const uint32_t at = g.value("line", 0u);
    gold_keys.insert({file, at});
    docs_seen.insert(file);
    auto it = got.find({file, at});
    if (it == got.end()) {
      ++res.missing;
      res.mismatches.push_back(fmt::format("{} missing: no article at {}:{}", key, file, at));
      continue;
    }
    const model::Incident& inc = it->second.article.incident;
    const std::string kind = g.value("kind", "");
    score("kind", inc.kind.value_or("") == kind, key, kind + " vs " + inc.kind.value_or("null"));
    if (kind == "incident" || kind == "advisory") {
      const auto type = Opt(g, "type");
      score("type", type == inc.type, key,
            type.value_or("null") + " vs " + inc.type.value_or("null"));
    }
    const auto org = Opt(g, "title_org");
    score("title_org",
          (org ? std::optional(Norm(*org)) : std::nullopt) ==
              (inc.title_org ? std::optional(Norm(*inc.title_org)) : std::nullopt),
          key, org.value_or("null") + " vs " + inc.title_org.value_or("null"));
    const auto ad = Opt(g, "announce_date");
    score("announce_date", ad == inc.announce_date, key,
          ad.value_or("null") + " vs " + inc.announce_date.value_or("null"));
    const auto id = Opt(g, "incident_date");
    bool id_ok = id == inc.incident_date;
    if (!id_ok && inc.incident_date && g.contains("incident_date_alts")) {
      for (const auto& alt : g["incident_date_alts"])
        id_ok |= alt.get<std::string>() == *inc.incident_date;
    }
    score("incident_date", id_ok, key,
          id.value_or("null") + " vs " + inc.incident_date.value_or("null"));
    std::vector<int64_t> gold_counts, our_counts;
    for (const auto& a : g.value("affected", json::array()))
      gold_counts.push_back(a.value("count", 0));
    for (const auto& a : inc.affected) our_counts.push_back(a.count);
    const auto gh = Headline(gold_counts), oh = Headline(our_counts);
    score("affected_headline", gh == oh, key,
          (gh ? std::to_string(*gh) : "null") + " vs " + (oh ? std::to_string(*oh) : "null"));
    std::set<std::string> gi, oi, ga, oa;
    for (const auto& x : g.value("data_items", json::array())) gi.insert(x.get<std::string>());
    oi.insert(inc.data_items.begin(), inc.data_items.end());
    for (const auto& x : g.value("reported_to", json::array())) ga.insert(x.get<std::string>());
    for (const auto& r : inc.reported_to) oa.insert(r.authority);
    items.Add(gi, oi);
    authorities.Add(ga, oa);
    if (gi != oi) res.mismatches.push_back(fmt::format("{} data_items differ", key));
    if (ga != oa) res.mismatches.push_back(fmt::format("{} reported_to differ", key));
    if (kind == "incident") {
      case_of_key[key] = inc.case_no.value_or("");
      for (const auto& s : g.value("same_incident_as", json::array())) {
        same_as[key].push_back(s.get<std::string>());
      }
    }
  }
  for (const auto& [k, r] : got) {
    if (docs_seen.count(k.first) && !gold_keys.count(k)) ++res.extra;
  }
  // Same incident: every gold pair shares a number; no other pair does.
  size_t pairs_ok = 0, pairs_all = 0;
  for (const auto& [a, ca] : case_of_key) {
    for (const auto& [b, cb] : case_of_key) {
      if (a >= b) continue;
      const auto& sa = same_as[a];
      const bool same = std::find(sa.begin(), sa.end(), b) != sa.end();
      const bool shared = !ca.empty() && ca == cb;
      if (same || shared) {
        ++pairs_all;
        if (same == shared)
          ++pairs_ok;
        else
          res.mismatches.push_back(
              fmt::format("{} / {}: {}", a, b, same ? "not linked" : "wrongly linked"));
      }
    }
  }
  auto acc = [&](const char* name, double threshold) {
    const size_t all = counts_all[name], ok = counts_ok[name];
    res.metrics.push_back({name,
                           all == 0 ? 1.0 : static_cast<double>(ok) / static_cast<double>(all), ok,
                           all, threshold});
  };
  acc("kind", 1.0);
  acc("type", 1.0);
  acc("title_org", 0.95);
  acc("announce_date", 0.95);
  acc("incident_date", 0.90);
  acc("affected_headline", 0.95);
  res.metrics.push_back(
      {"data_items_f1", items.F1(), items.tp, items.tp + items.fp + items.fn, 0.90});
  res.metrics.push_back({"reported_to_f1", authorities.F1(), authorities.tp,
                         authorities.tp + authorities.fp + authorities.fn, 0.90});
  res.metrics.push_back(
      {"same_incident_pairs",
       pairs_all == 0 ? 1.0 : static_cast<double>(pairs_ok) / static_cast<double>(pairs_all),
       pairs_ok, pairs_all, 1.0});
  return res;
}

nlohmann::ordered_json EvalJson(const EvalResult& r) {
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const Metric& m : r.metrics) {
    metrics[m.name] = {{"value", m.value},
                       {"correct", m.correct},
                       {"total", m.total},
                       {"threshold", m.threshold},
                       {"passed", m.passed()}};
  }
  return {{"gold_items", r.gold_items}, {"missing", r.missing}, {"extra", r.extra},
          {"passed", r.passed()},       {"metrics", metrics},   {"mismatches", r.mismatches}};
}

}  // namespace jikenbo::report
