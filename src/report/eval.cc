#include "report/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "base/file_source.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "model/incident.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::json;

// Organisation names compare without spaces (half- and full-width) and middle dots.
std::string Norm(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') continue;
    if (s.compare(i, 3, "\u3000") == 0 || s.compare(i, 3, "\u30FB") == 0) {
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

std::optional<std::string> Opt(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::string>();
}

std::string OrNull(const std::optional<std::string>& s) { return s.value_or("null"); }

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

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out.empty() ? "[]" : out;
}

// The text of the first evidence span of a field, cut to a readable length.
std::string EvidenceText(const model::Article& a, std::string_view field) {
  for (const model::Evidence& e : a.incident.evidence) {
    if (e.field != field || e.span.empty() || e.span.end > a.text.size()) continue;
    std::string t(utf8::Prefix(
        std::string_view(a.text).substr(e.span.begin, e.span.end - e.span.begin), 160));
    std::replace(t.begin(), t.end(), '\n', ' ');
    return t;
  }
  return "";
}

// Accumulates one split's counts.
struct Tally {
  size_t items = 0;
  std::map<std::string, size_t> ok, all;
  Prf items_prf, authorities;
  void Score(const char* name, bool good) {
    all[name]++;
    if (good) ok[name]++;
  }
};

const std::vector<std::pair<const char*, double>>& Bars() {
  // The quality bars of the accuracy issue (targets for real notices; the seeds and our own
  // fictional notices meet them with room to spare).
  static const std::vector<std::pair<const char*, double>> bars = {{"kind", 0.97},
                                                                   {"type", 0.93},
                                                                   {"title_org", 0.95},
                                                                   {"announce_date", 0.95},
                                                                   {"incident_date", 0.90},
                                                                   {"affected_headline", 0.93},
                                                                   {"data_items_f1", 0.90},
                                                                   {"reported_to_f1", 0.90},
                                                                   {"same_case_precision", 0.95},
                                                                   {"same_case_recall", 0.90}};
  return bars;
}

// Pairs of reports: found in one case (tp + fp), one incident by the gold (tp + fn).
struct PairTally {
  size_t tp = 0, fp = 0, fn = 0;
};

std::vector<Metric> Metrics(const Tally& t, const PairTally& pairs, const EvalOptions& options) {
  std::vector<Metric> out;
  for (const auto& [name, bar] : Bars()) {
    Metric m{name, 1.0, 0, 0, bar};
    if (auto f = options.floors.find(name); f != options.floors.end()) m.threshold = f->second;
    const std::string n = name;
    if (n == "data_items_f1" || n == "reported_to_f1") {
      const Prf& p = n == "data_items_f1" ? t.items_prf : t.authorities;
      m.value = p.F1(), m.correct = p.tp, m.total = p.tp + p.fp + p.fn;
    } else if (n == "same_case_precision" || n == "same_case_recall") {
      m.correct = pairs.tp;
      m.total = pairs.tp + (n == "same_case_precision" ? pairs.fp : pairs.fn);
      m.value = m.total == 0 ? 1.0 : static_cast<double>(m.correct) / static_cast<double>(m.total);
    } else {
      auto a = t.all.find(n);
      m.total = a == t.all.end() ? 0 : a->second;
      auto o = t.ok.find(n);
      m.correct = o == t.ok.end() ? 0 : o->second;
      m.value = m.total == 0 ? 1.0 : static_cast<double>(m.correct) / static_cast<double>(m.total);
    }
    out.push_back(m);
  }
  return out;
}

// The article of `file` that holds `line`; else the first one after it.
const store::ArticleRecord* Find(const std::vector<const store::ArticleRecord*>& articles,
                                 uint32_t line) {
  const store::ArticleRecord* after = nullptr;
  for (const auto* r : articles) {
    const uint32_t first = r->article.line, last = std::max(r->article.end_line, first);
    if (first <= line && line <= last) return r;
    if (first > line && (!after || first < after->article.line)) after = r;
  }
  return after;
}

}  // namespace

std::string SplitOf(std::string_view key) {
  const std::string hex = Sha256Hex(key);
  const int first = std::stoi(hex.substr(0, 2), nullptr, 16);
  return first % 3 == 0 ? "check" : "tune";
}

std::string Mismatch::ToString() const {
  std::string s = fmt::format("{} [{}] {}: gold {} | found {}", key, split, field, gold, got);
  if (!confidence.empty()) s += fmt::format(" ({})", confidence);
  if (!evidence.empty()) s += fmt::format(" | evidence «{}»", evidence);
  return s;
}

bool EvalResult::passed() const {
  if (missing != 0) return false;
  for (const SplitScores& s : splits) {
    if (s.items == 0) continue;
    for (const Metric& m : s.metrics)
      if (!m.passed()) return false;
  }
  return true;
}

Result<EvalResult> Evaluate(std::string_view gold_jsonl, store::Store& store,
                            const EvalOptions& options) {
  std::vector<store::ArticleRecord> records;
  JK_RETURN_IF_ERROR(store.ForEach([&](const store::ArticleRecord& r) {
    records.push_back(r);
    return Status::Ok();
  }));
  std::map<std::string, std::vector<const store::ArticleRecord*>> by_file;
  for (const auto& r : records) by_file[Basename(r.doc_path)].push_back(&r);

  EvalResult res;
  std::map<std::string, Tally> tallies;  // "all", "tune", "check"
  std::set<const store::ArticleRecord*> matched;
  std::map<std::string, std::string> case_of_key;  // gold key -> our case number
  std::map<std::string, std::string> split_of_key;
  std::map<std::string, std::vector<std::string>> same_as;
  std::map<std::string, std::string> group_of;  // key -> group id
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
    if (!g.is_object())
      return Status::InvalidInput("gold line is no object", fmt::format("line {}", line_no));
    ++res.gold_items;
    const std::string file = g.value("file", ""), key = g.value("key", file);
    // The reports of one incident go with its group (the corpus key it was gathered for).
    const std::string split = SplitOf(
        g.contains("group") && g["group"].is_string() ? g["group"].get<std::string>() : key);
    split_of_key[key] = split;
    const uint32_t at = std::max(1u, g.value("line", 1u));
    auto fit = by_file.find(file);
    const store::ArticleRecord* rec = fit == by_file.end() ? nullptr : Find(fit->second, at);
    if (!rec) {
      ++res.missing;
      res.mismatches.push_back(
          {key, split, "missing", fmt::format("{}:{}", file, at), "no article", "", ""});
      continue;
    }
    matched.insert(rec);
    const model::Article& art = rec->article;
    const model::Incident& inc = art.incident;
    if (g.contains("group") && g["group"].is_string()) group_of[key] = g["group"];
    if (!g.contains("kind")) {  // a report known only by its group: scored for cases only
      case_of_key[key] = inc.kind == "incident" ? inc.case_no.value_or("") : "";
      continue;
    }
    Tally* ts[] = {&tallies["all"], &tallies[split]};
    for (Tally* t : ts) ++t->items;
    auto score = [&](const char* field, bool good, const std::string& gold, const std::string& got,
                     const char* evidence_field) {
      for (Tally* t : ts) t->Score(field, good);
      const model::FieldConfidence c = model::ConfidenceOf(inc, evidence_field);
      ConfidenceTally& ct = res.confidence[field];
      (c.low ? ct.low : ct.high)++;
      if (!good) (c.low ? ct.low_wrong : ct.high_wrong)++;
      if (!good)
        res.mismatches.push_back({key, split, field, gold, got, EvidenceText(art, evidence_field),
                                  c.low ? "low: " + c.reason : "high"});
    };
    const std::string kind = g.value("kind", "");
    score("kind", inc.kind.value_or("") == kind, kind, OrNull(inc.kind), "kind");
    res.confusion["kind"][kind][inc.kind.value_or("null")]++;
    if (kind == "incident" || kind == "advisory") {
      const auto type = Opt(g, "type");
      score("type", type == inc.type, OrNull(type), OrNull(inc.type), "type");
      res.confusion["type"][OrNull(type)][OrNull(inc.type)]++;
    }
    const auto org = Opt(g, "title_org");
    score("title_org",
          (org ? std::optional(Norm(*org)) : std::nullopt) ==
              (inc.title_org ? std::optional(Norm(*inc.title_org)) : std::nullopt),
          OrNull(org), OrNull(inc.title_org), "title_org");
    const auto ad = Opt(g, "announce_date");
    score("announce_date", ad == inc.announce_date, OrNull(ad), OrNull(inc.announce_date),
          "announce_date");
    const auto id = Opt(g, "incident_date");
    bool id_ok = id == inc.incident_date;
    std::string gold_id = OrNull(id);
    if (g.contains("incident_date_alts") && g["incident_date_alts"].is_array()) {
      for (const auto& alt : g["incident_date_alts"]) {
        if (!alt.is_string()) continue;
        gold_id += "|" + alt.get<std::string>();
        id_ok |= inc.incident_date && alt.get<std::string>() == *inc.incident_date;
      }
    }
    score("incident_date", id_ok, gold_id, OrNull(inc.incident_date), "incident_date");
    // The headline count is the first of `affected`, with its unit.
    std::string gh = "null", oh = "null";
    const json affected = g.value("affected", json::array());
    if (affected.is_array() && !affected.empty() && affected[0].is_object())
      gh = fmt::format("{} {}", affected[0].value("count", int64_t{0}),
                       affected[0].value("unit", std::string()));
    if (!inc.affected.empty())
      oh = fmt::format("{} {}", inc.affected.front().count, inc.affected.front().unit);
    score("affected_headline", gh == oh, gh, oh, "affected");
    std::set<std::string> gi, oi, ga, oa;
    for (const auto& x : g.value("data_items", json::array()))
      if (x.is_string()) gi.insert(x.get<std::string>());
    oi.insert(inc.data_items.begin(), inc.data_items.end());
    for (const auto& x : g.value("reported_to", json::array()))
      if (x.is_string()) ga.insert(x.get<std::string>());
    for (const auto& r : inc.reported_to) oa.insert(r.authority);
    for (Tally* t : ts) t->items_prf.Add(gi, oi), t->authorities.Add(ga, oa);
    for (const auto& [field, gold_set, got_set] :
         {std::tuple{"data_items", &gi, &oi}, std::tuple{"reported_to", &ga, &oa}}) {
      const model::FieldConfidence c = model::ConfidenceOf(inc, field);
      ConfidenceTally& ct = res.confidence[field];
      const bool good = *gold_set == *got_set;
      (c.low ? ct.low : ct.high)++;
      if (!good) (c.low ? ct.low_wrong : ct.high_wrong)++;
      if (!good)
        res.mismatches.push_back({key, split, field, Join(*gold_set), Join(*got_set),
                                  EvidenceText(art, field), c.low ? "low: " + c.reason : "high"});
    }
    if (kind == "incident") {
      case_of_key[key] = inc.case_no.value_or("");
      for (const auto& s : g.value("same_incident_as", json::array())) {
        if (s.is_string()) same_as[key].push_back(s.get<std::string>());
      }
    }
  }
  for (const auto& [file, arts] : by_file) {
    (void)file;
    bool gold_doc = false;
    for (const auto* r : arts) gold_doc |= matched.count(r) > 0;
    if (!gold_doc) continue;
    for (const auto* r : arts) res.extra += !matched.count(r);
  }
  // Same incident: every gold pair (same_incident_as, or one group) shares a number; no other
  // pair does.
  std::map<std::string, PairTally> pairs;  // by split
  for (const auto& [a, ca] : case_of_key) {
    for (const auto& [b, cb] : case_of_key) {
      if (a >= b) continue;
      const auto& sa = same_as[a];
      const auto& sb = same_as[b];
      const auto ga = group_of.find(a), gb = group_of.find(b);
      const bool same = std::count(sa.begin(), sa.end(), b) ||
                        std::count(sb.begin(), sb.end(), a) ||
                        (ga != group_of.end() && gb != group_of.end() && ga->second == gb->second);
      const bool shared = !ca.empty() && ca == cb;
      if (!same && !shared) continue;
      for (const std::string& sp : {std::string("all"), split_of_key[a]}) {
        PairTally& p = pairs[sp];
        (same && shared ? p.tp : same ? p.fn : p.fp)++;
      }
      if (same != shared)
        res.mismatches.push_back({a + " / " + b, split_of_key[a], "same_incident",
                                  same ? "same" : "different", shared ? "same case" : "two cases",
                                  "", ""});
    }
  }
  for (const char* name : {"all", "tune", "check"}) {
    const Tally& t = tallies[name];
    SplitScores s{name, t.items, {}};
    s.metrics = Metrics(t, pairs[name], options);
    res.splits.push_back(std::move(s));
  }
  return res;
}

nlohmann::ordered_json EvalJson(const EvalResult& r) {
  using oj = nlohmann::ordered_json;
  auto metrics_json = [](const std::vector<Metric>& ms) {
    oj metrics = oj::object();
    for (const Metric& m : ms) {
      metrics[m.name] = {{"value", m.value},
                         {"correct", m.correct},
                         {"total", m.total},
                         {"threshold", m.threshold},
                         {"passed", m.passed()}};
    }
    return metrics;
  };
  oj splits = oj::object();
  for (const SplitScores& s : r.splits)
    splits[s.name] = {{"items", s.items}, {"metrics", metrics_json(s.metrics)}};
  oj confusion = oj::object();
  for (const auto& [name, matrix] : r.confusion) {
    oj m = oj::object();
    for (const auto& [gold, row] : matrix) {
      oj jr = oj::object();
      for (const auto& [got, n] : row) jr[got] = n;
      m[gold] = jr;
    }
    confusion[name] = m;
  }
  oj confidence = oj::object();
  for (const auto& [field, c] : r.confidence) {
    confidence[field] = {
        {"high", c.high}, {"high_wrong", c.high_wrong}, {"low", c.low}, {"low_wrong", c.low_wrong}};
  }
  oj mismatches = oj::array();
  for (const Mismatch& m : r.mismatches) {
    mismatches.push_back({{"key", m.key},
                          {"split", m.split},
                          {"field", m.field},
                          {"gold", m.gold},
                          {"found", m.got},
                          {"evidence", m.evidence},
                          {"confidence", m.confidence}});
  }
  return {{"gold_items", r.gold_items},
          {"missing", r.missing},
          {"extra", r.extra},
          {"passed", r.passed()},
          {"metrics", metrics_json(r.metrics())},
          {"splits", splits},
          {"confusion", confusion},
          {"confidence", confidence},
          {"mismatches", mismatches}};
}

}  // namespace jikenbo::report
