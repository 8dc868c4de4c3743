#include "report/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "base/utf8.h"

namespace jikenbo::report {
namespace {

constexpr double kFont = 12;
// Presentation attributes, not a <style> element: an SVG inlined in a page with a strict
// Content-Security-Policy (style-src 'self') keeps its look.
constexpr const char* kFonts = "'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif";

// Approximate width of text in pixels: wide (CJK) characters one em, others about 0.6 em.
double TextWidth(std::string_view text) {
  double w = 0;
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::Next(text, i);
    w += d.cp >= 0x1100 ? kFont : kFont * 0.6;
    i += d.len;
  }
  return w;
}

// A round step for about `ticks` divisions of [0, max].
double NiceStep(double max, int ticks) {
  if (max <= 0) return 1;
  const double raw = max / ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * mag) return std::max(1.0, m * mag);
  }
  return std::max(1.0, 10 * mag);
}

std::string Number(double v) {
  if (v == std::floor(v)) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.1f}", v);
}

std::string Open(double w, double h, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" "
      "height=\"{:.0f}\" role=\"img\" aria-label=\"{}\" font-family=\"{}\" font-size=\"12\" "
      "fill=\"#333\"><title>{}</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
      "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>",
      w, h, w, h, EscapeXml(title), kFonts, EscapeXml(title), EscapeXml(title));
}

}  // namespace

// Invisible characters that reorder or hide text (bidi overrides, embeddings and isolates, and
// zero-width space and marks): in a title they can make "txt.exe" read "exe.txt". Shown as
// U+FFFD so that a reader sees something is there. (ZWJ and ZWNJ stay: emoji and scripts need
// them.)
size_t HiddenAt(std::string_view s, size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xE2) {
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
        static_cast<unsigned char>(s[i + 1]) == 0xBB &&
        static_cast<unsigned char>(s[i + 2]) == 0xBF) {
      return 3;  // U+FEFF
    }
    return 0;
  }
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  const auto b2 = static_cast<unsigned char>(s[i + 2]);
  if (b1 == 0x80 && (b2 == 0x8B || b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) {
    return 3;  // U+200B, U+200E, U+200F, U+202A..U+202E
  }
  if (b1 == 0x81 && (b2 == 0xA0 || (b2 >= 0xA6 && b2 <= 0xA9))) return 3;  // U+2060, U+2066..9
  return 0;
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0xE2) {
      if (const size_t n = HiddenAt(text, i)) {
        out += "\uFFFD";
        i += n - 1;
        continue;
      }
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string TypeColor(const std::string& type) {
  static const std::map<std::string, std::string> kColors = {{"ransomware", "#d62728"},
                                                             {"malware", "#ff7f0e"},
                                                             {"unauthorized_access", "#1f77b4"},
                                                             {"web_skimming", "#9467bd"},
                                                             {"account_compromise", "#8c564b"},
                                                             {"phishing", "#e377c2"},
                                                             {"misdelivery", "#2ca02c"},
                                                             {"misconfiguration", "#bcbd22"},
                                                             {"loss_theft", "#17becf"},
                                                             {"insider", "#7f7f7f"},
                                                             {"ddos", "#aec7e8"},
                                                             {"defacement", "#ffbb78"},
                                                             {"domain_hijack", "#98df8a"},
                                                             {"outage", "#c5b0d5"},
                                                             {"other", "#c49c94"}};
  const auto it = kColors.find(type);
  return it == kColors.end() ? "#bbbbbb" : it->second;
}

std::string StackedBarChart(const std::string& title, const std::vector<std::string>& categories,
                            const std::vector<BarSeries>& series) {
  double max = 0;
  for (size_t c = 0; c < categories.size(); ++c) {
    double sum = 0;
    for (const BarSeries& s : series) sum += c < s.values.size() ? s.values[c] : 0;
    max = std::max(max, sum);
  }
  const double step = NiceStep(max, 5);
  const double top = std::max(step, std::ceil(max / step) * step);
  const double left = 48, plot_h = 220, plot_top = 36;
  double label_w = 0;
  for (const std::string& c : categories) label_w = std::max(label_w, TextWidth(c));
  const double bar_w = 28, slot = std::max(bar_w + 14, label_w + 10), gap = slot - bar_w;
  const double plot_w = std::max(160.0, categories.size() * slot + gap);
  double legend_w = 0;
  for (const BarSeries& s : series) legend_w = std::max(legend_w, TextWidth(s.name) + 24);
  const double width = left + plot_w + 16 + legend_w + 8;
  const double height = std::max(plot_top + plot_h + 48, plot_top + 20.0 * series.size() + 8);
  std::string out = Open(width, height, title);
  const double base_y = plot_top + plot_h;
  for (double v = 0; v <= top + 1e-9; v += step) {  // grid and value axis
    const double y = base_y - v / top * plot_h;
    out += fmt::format(
        "<line stroke=\"#e5e5e5\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>"
        "<text fill=\"#666\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
        left, y, left + plot_w, y, left - 6, y + 4, Number(v));
  }
  for (size_t c = 0; c < categories.size(); ++c) {
    const double x = left + gap + c * slot;
    double y = base_y;
    for (const BarSeries& s : series) {
      const double v = c < s.values.size() ? s.values[c] : 0;
      if (v <= 0) continue;
      const double h = v / top * plot_h;
      y -= h;
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{} {}: {}</title></rect>",
          x, y, bar_w, h, EscapeXml(s.color), EscapeXml(categories[c]), EscapeXml(s.name),
          Number(v));
    }
    out += fmt::format(
        "<text fill=\"#666\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
        x + bar_w / 2, base_y + 16, EscapeXml(categories[c]));
  }
  out +=
      fmt::format("<line stroke=\"#999\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>",
                  left, base_y, left + plot_w, base_y);
  const double lx = left + plot_w + 16;
  for (size_t k = 0; k < series.size(); ++k) {  // top of the legend = top of the stack
    const BarSeries& s = series[series.size() - 1 - k];
    const double ly = plot_top + 20.0 * k;
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>",
        lx, ly, EscapeXml(s.color), lx + 18, ly + 11, EscapeXml(s.name));
  }
  return out + "</svg>";
}

std::string HorizontalBarChart(const std::string& title,
                               const std::vector<std::pair<std::string, double>>& bars,
                               const std::string& color, const std::vector<std::string>& colors) {
  double label_w = 40, max = 0;
  for (const auto& [label, value] : bars) {
    label_w = std::max(label_w, TextWidth(label));
    max = std::max(max, value);
  }
  const double left = label_w + 16, bar_area = 360, row = 24, top = 36;
  const double width = left + bar_area + 60;
  const double height = top + row * std::max<size_t>(bars.size(), 1) + 12;
  std::string out = Open(width, height, title);
  for (size_t k = 0; k < bars.size(); ++k) {
    const auto& [label, value] = bars[k];
    const double y = top + row * k;
    const double w = max > 0 ? value / max * bar_area : 0;
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>"
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"16\" fill=\"{}\"/>"
        "<text fill=\"#666\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>",
        left - 8, y + 13, EscapeXml(label), left, y + 2, std::max(w, 1.0),
        EscapeXml(k < colors.size() ? colors[k] : color), left + w + 6, y + 13, Number(value));
  }
  return out + "</svg>";
}

}  // namespace jikenbo::report
