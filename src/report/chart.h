// Charts as standalone SVG for reports, the HTML digest and the web UI: stacked vertical bars
// (monthly counts by type) and horizontal bars (shares). Text is escaped; no script, no external
// resources, so an SVG is safe to inline anywhere.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jikenbo::report {

struct BarSeries {
  std::string name;            // legend label
  std::string color;           // CSS colour, e.g. "#4e79a7"
  std::vector<double> values;  // one per category
};

// One bar per category, the series stacked in order, with a legend and a value axis.
std::string StackedBarChart(const std::string& title, const std::vector<std::string>& categories,
                            const std::vector<BarSeries>& series);

// One bar per (label, value), in the order given, the value written at the bar's end; bar k
// is colors[k] when given, else color.
std::string HorizontalBarChart(const std::string& title,
                               const std::vector<std::pair<std::string, double>>& bars,
                               const std::string& color,
                               const std::vector<std::string>& colors = {});

// A fixed colour per incident type (colour-blind-safe palette); grey for unknown types.
std::string TypeColor(const std::string& type);

// Escapes & < > " ' for XML and HTML text and attributes, and shows the invisible characters
// that reorder or hide text (bidi overrides and isolates, zero-width space) as U+FFFD.
std::string EscapeXml(std::string_view text);

}  // namespace jikenbo::report
