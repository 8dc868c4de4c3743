#include "report/stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "base/utf8.h"
#include "report/assess.h"
#include "report/chart.h"
#include "report/json.h"

namespace jikenbo::report {
namespace {

// The groups an incident falls in.
std::vector<std::string> Keys(const StatFacts& inc, const std::string& by) {
  std::vector<std::string> keys;
  auto or_none = [](std::string_view v) { return v.empty() ? "(none)" : std::string(v); };
  if (by == "type") keys.push_back(or_none(inc.type));
  if (by == "month") {
    keys.push_back(inc.date.size() >= 7 ? std::string(inc.date.substr(0, 7)) : "(undated)");
  }
  if (by == "org_kind") keys.push_back(or_none(inc.org_kind));
  if (by == "data_item") keys.assign(inc.data_items.begin(), inc.data_items.end());
  if (by == "reported_to") {
    for (std::string_view a : inc.authorities) {
      if (std::find(keys.begin(), keys.end(), a) == keys.end()) keys.emplace_back(a);
    }
  }
  if (keys.empty()) keys.push_back("(none)");
  return keys;
}

void Add(const StatFacts& inc, StatRow* row) {
  ++row->incidents;
  row->persons += inc.persons.value_or(0);
  row->records += inc.records.value_or(0);
  row->cards += inc.cards.value_or(0);
  if (std::find(inc.authorities.begin(), inc.authorities.end(), "ppc") != inc.authorities.end()) {
    ++row->reported_to_ppc;
  }
}

std::string Label(const Stats& stats, const Lexicon& lexicon, const std::string& key) {
  if (key.front() == '(') return lexicon.Word("chart_label", key);  // (none), (undated)
  const std::string role = stats.by == "type"          ? "type_label"
                           : stats.by == "org_kind"    ? "org_kind"
                           : stats.by == "data_item"   ? "data_item"
                           : stats.by == "reported_to" ? "authority"
                                                       : "";
  return role.empty() ? key : lexicon.Word(role, key);
}

std::string Percent(int64_t part, int64_t whole) {
  return whole == 0 ? "-" : fmt::format("{:.0f}%", 100.0 * part / whole);
}

}  // namespace

const std::vector<std::string>& StatGroupings() {
  static const std::vector<std::string> kBy = {"type", "month", "org_kind", "data_item",
                                               "reported_to"};
  return kBy;
}

StatFacts FactsOf(const CaseFile& c) {
  const model::Incident& inc = c.primary.article.incident;
  StatFacts f;
  f.type = inc.type ? std::string_view(*inc.type) : std::string_view();
  f.org_kind = inc.org_kind ? std::string_view(*inc.org_kind) : std::string_view();
  f.date = c.date;
  f.data_items.assign(inc.data_items.begin(), inc.data_items.end());
  for (const model::ReportedTo& r : inc.reported_to) f.authorities.push_back(r.authority);
  auto largest = [&](const char* unit) -> std::optional<int64_t> {
    if (auto n = LargestCount(inc, unit)) return n->count;
    return std::nullopt;
  };
  f.persons = largest("persons");
  f.records = largest("records");
  f.cards = largest("cards");
  return f;
}

StatsBuilder::StatsBuilder(std::string by) {
  stats_.by = std::move(by);
  stats_.total.key = "total";
}

void StatsBuilder::Add(const StatFacts& inc) {
  report::Add(inc, &stats_.total);
  for (const std::string& key : Keys(inc, stats_.by)) {
    StatRow& row = rows_[key];
    row.key = key;
    report::Add(inc, &row);
  }
  for (std::string_view item : inc.data_items) ++items_[std::string(item)];
  const std::string month = inc.date.size() >= 7 ? std::string(inc.date.substr(0, 7)) : "(undated)";
  ++stats_.month_type[month][inc.type.empty() ? "other" : std::string(inc.type)];
}

Stats StatsBuilder::Finish() && {
  for (auto& [key, row] : rows_) stats_.rows.push_back(row);
  if (stats_.by != "month") {
    std::stable_sort(stats_.rows.begin(), stats_.rows.end(),
                     [](const StatRow& a, const StatRow& b) { return a.incidents > b.incidents; });
  }
  for (const auto& [item, n] : items_) stats_.top_data_items.emplace_back(item, n);
  std::stable_sort(stats_.top_data_items.begin(), stats_.top_data_items.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return std::move(stats_);
}

Stats ComputeStats(const std::vector<CaseFile>& cases, const std::string& by) {
  std::vector<const CaseFile*> all;
  all.reserve(cases.size());
  for (const CaseFile& c : cases) all.push_back(&c);
  return ComputeStats(all, by);
}

Stats ComputeStats(const std::vector<const CaseFile*>& cases, const std::string& by) {
  StatsBuilder stats(by);
  for (const CaseFile* c : cases) {
    if (c->primary.article.incident.kind == "incident") stats.Add(FactsOf(*c));
  }
  return std::move(stats).Finish();
}

std::string StatsTable(const Stats& stats, const Lexicon& lexicon) {
  std::vector<std::array<std::string, 6>> cells;
  cells.push_back({stats.by, "incidents", "persons", "records", "cards", "reported to PPC"});
  auto row_cells = [&](const StatRow& r, const std::string& label) {
    cells.push_back(
        {label, std::to_string(r.incidents), std::to_string(r.persons), std::to_string(r.records),
         std::to_string(r.cards),
         fmt::format("{} ({})", r.reported_to_ppc, Percent(r.reported_to_ppc, r.incidents))});
  };
  for (const StatRow& r : stats.rows) {
    const std::string label = Label(stats, lexicon, r.key);
    row_cells(r, label == r.key ? r.key : r.key + " " + label);
  }
  row_cells(stats.total, "total");
  std::array<size_t, 6> width{};
  auto columns = [](const std::string& s) {
    size_t w = 0;
    for (size_t i = 0; i < s.size();) {
      const auto d = utf8::Next(s, i);
      w += d.cp >= 0x1100 ? 2 : 1;
      i += d.len;
    }
    return w;
  };
  for (const auto& row : cells) {
    for (size_t k = 0; k < 6; ++k) width[k] = std::max(width[k], columns(row[k]));
  }
  std::string out;
  for (size_t r = 0; r < cells.size(); ++r) {
    for (size_t k = 0; k < 6; ++k) {
      const std::string pad(width[k] - columns(cells[r][k]), ' ');
      out += k == 0 ? cells[r][k] + pad : "  " + pad + cells[r][k];
    }
    out += '\n';
  }
  if (!stats.top_data_items.empty()) {
    out += "\ntop data items:";
    for (size_t k = 0; k < stats.top_data_items.size() && k < 10; ++k) {
      out += fmt::format(" {} {}{}", stats.top_data_items[k].first, stats.top_data_items[k].second,
                         k + 1 < std::min<size_t>(10, stats.top_data_items.size()) ? "," : "");
    }
    out += '\n';
  }
  return out;
}

std::string StatsCsv(const Stats& stats) {
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out = stats.by + ",incidents,persons,records,cards,reported_to_ppc\n";
  for (const StatRow* r : [&] {
         std::vector<const StatRow*> all;
         for (const StatRow& row : stats.rows) all.push_back(&row);
         all.push_back(&stats.total);
         return all;
       }()) {
    out += fmt::format("{},{},{},{},{},{}\n", field(r->key), r->incidents, r->persons, r->records,
                       r->cards, r->reported_to_ppc);
  }
  return out;
}

std::string StatsJson(const Stats& stats) {
  auto row = [](const StatRow& r) {
    return nlohmann::ordered_json{{"key", r.key},         {"incidents", r.incidents},
                                  {"persons", r.persons}, {"records", r.records},
                                  {"cards", r.cards},     {"reported_to_ppc", r.reported_to_ppc}};
  };
  nlohmann::ordered_json out = {{"by", stats.by}, {"rows", nlohmann::ordered_json::array()}};
  for (const StatRow& r : stats.rows) out["rows"].push_back(row(r));
  out["total"] = row(stats.total);
  out["share_reported_to_ppc"] =
      stats.total.incidents == 0
          ? 0.0
          : static_cast<double>(stats.total.reported_to_ppc) / stats.total.incidents;
  out["top_data_items"] = nlohmann::ordered_json::array();
  for (const auto& [item, n] : stats.top_data_items) {
    out["top_data_items"].push_back({{"item", item}, {"incidents", n}});
  }
  return Dump(out, 2) + "\n";
}

std::string StatsSvg(const Stats& stats, const Lexicon& lexicon) {
  if (stats.by == "month") {
    std::vector<std::string> months;
    std::set<std::string> types;
    for (const auto& [month, by_type] : stats.month_type) {
      months.push_back(month);
      for (const auto& [type, n] : by_type) types.insert(type);
    }
    std::vector<BarSeries> series;
    std::vector<std::string> by_total(types.begin(), types.end());
    auto total = [&](const std::string& type) {
      int64_t n = 0;
      for (const auto& [month, by_type] : stats.month_type) {
        if (auto it = by_type.find(type); it != by_type.end()) n += it->second;
      }
      return n;
    };
    std::stable_sort(by_total.begin(), by_total.end(), [&](const auto& a, const auto& b) {
      return total(a) > total(b);  // the commonest at the bottom of each stack
    });
    for (const std::string& type : by_total) {
      BarSeries s{lexicon.Word("type_label", type), TypeColor(type), {}};
      for (const std::string& month : months) {
        const auto& by_type = stats.month_type.at(month);
        const auto it = by_type.find(type);
        s.values.push_back(it == by_type.end() ? 0 : static_cast<double>(it->second));
      }
      series.push_back(std::move(s));
    }
    for (std::string& m : months) {
      if (m.front() == '(') m = lexicon.Word("chart_label", m);  // (undated)
    }
    return StackedBarChart(lexicon.Word("chart_title", "month"), months, series) + "\n";
  }
  std::vector<std::pair<std::string, double>> bars;
  std::vector<std::string> colors;
  for (const StatRow& r : stats.rows) {
    bars.emplace_back(Label(stats, lexicon, r.key), static_cast<double>(r.incidents));
    if (stats.by == "type") colors.push_back(TypeColor(r.key));
  }
  return HorizontalBarChart(lexicon.Word("chart_title", stats.by), bars, "#4e79a7", colors) + "\n";
}

}  // namespace jikenbo::report
