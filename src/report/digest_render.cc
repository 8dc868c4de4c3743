// The digest's renderers: Markdown and a standalone HTML page (inline CSS and SVG, a
// Content-Security-Policy that allows no script). Building the digest is in digest.cc.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "base/utf8.h"
#include "report/chart.h"
#include "report/digest.h"

namespace jikenbo::report {
namespace {

std::string EscapeMarkdown(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>~").find(c) != std::string_view::npos) out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string MarkdownLine(const Line& line) {
  std::string out;
  for (const Run& run : line) {
    const std::string t = EscapeMarkdown(run.text);
    out += run.bold ? "**" + t + "**" : t;
  }
  return out;
}

bool SafeUrl(const std::string& url) {
  return (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) &&
         url.find_first_of("<>\"' \t\n\\`") == std::string::npos;
}

std::string Heading(const DigestItem& item, const Lexicon& lex) {
  return (item.follow_up ? "【続報】" : "") + item.title + "…" + lex.Word("type_label", item.type);
}

std::string Meta(const DigestItem& item, const Lexicon& lex) {
  std::vector<std::string> parts;
  parts.push_back(item.case_no.empty() ? (item.kind == "advisory" ? "注意喚起" : "-")
                                       : "事件簿#" + item.case_no);
  if (!item.org.empty()) parts.push_back(item.org);
  if (!item.date.empty()) parts.push_back("発表 " + JapaneseDate(item.date));
  parts.push_back(lex.Word("type_label", item.type));
  return fmt::format("{}", fmt::join(parts, " | "));
}

// The statistics table of the digest: a header, a row per type, the total.
std::vector<std::array<std::string, 5>> StatCells(const Stats& stats, const Lexicon& lex) {
  std::vector<std::array<std::string, 5>> rows = {{"種別", "件数", "人数", "件数(記録)", "カード"}};
  auto row = [&](const std::string& label, const StatRow& r) {
    rows.push_back({label, std::to_string(r.incidents), GroupedNumber(r.persons),
                    GroupedNumber(r.records), GroupedNumber(r.cards)});
  };
  for (const StatRow& r : stats.rows) row(lex.Word("type_label", r.key), r);
  row("合計", stats.total);
  return rows;
}

std::string PpcShare(const Stats& stats) {
  return fmt::format("個人情報保護委員会への報告に言及があったインシデント: {}件 / {}件",
                     stats.total.reported_to_ppc, stats.total.incidents);
}

std::string WindowText(const Digest& d) {
  if (!d.from && !d.to) return "全期間";
  return (d.from ? JapaneseDate(*d.from) : std::string()) + "〜" +
         (d.to ? JapaneseDate(*d.to) : std::string());
}

// --- HTML

std::string HtmlLine(const Line& line) {
  std::string out;
  for (const Run& run : line) {
    const std::string t = EscapeXml(run.text);
    if (run.bold) {
      out += "<strong>" + t + "</strong>";
    } else if (run.quote) {
      out += "<q>" + t + "</q>";
    } else {
      out += t;
    }
  }
  return out;
}

constexpr const char* kCss = R"(
body{margin:0;background:#f6f6f3;color:#222;font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;line-height:1.75}
main{max-width:860px;margin:0 auto;padding:24px 28px 48px;background:#fff;box-shadow:0 0 0 1px #e4e4df}
h1{font-size:1.5em;margin:.4em 0 .1em}
.window{color:#666;margin:0 0 1.5em}
article{border-top:1px solid #e4e4df;padding:1.2em 0 .4em}
h2{font-size:1.15em;margin:0 0 .2em;line-height:1.5}
h2 .mark{color:#b22}
.meta{color:#555;font-size:.9em;margin:0 0 .6em}
.sources{font-size:.85em;margin:0 0 .8em;padding:0;list-style:none;word-break:break-all}
.sources li{margin:0}
.sources a{color:#2a5db0}
h3{font-size:1em;margin:1em 0 .3em;padding-left:.5em;border-left:4px solid #b22}
h3.comment{border-left-color:#2a5db0}
ul.points{margin:0;padding-left:1.4em}
ul.points li{margin:.25em 0}
q{quotes:"「" "」";color:#444}
q::before{content:""}q::after{content:""}
strong{background:linear-gradient(transparent 62%,#fff1a8 62%)}
section.stats{border-top:2px solid #222;margin-top:2em;padding-top:1em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}
th,td{border-bottom:1px solid #ddd;padding:.25em .8em;text-align:right}
th:first-child,td:first-child{text-align:left}
.chart{overflow-x:auto}
footer{color:#888;font-size:.8em;margin-top:2em}
)";

}  // namespace

std::string DigestMarkdown(const Digest& d, const Lexicon& lex) {
  std::string out = "# セキュリティ事件簿ダイジェスト(" + WindowText(d) + ")\n\n";
  out += fmt::format("{}件(インシデント{}件、注意喚起等{}件)\n", d.items.size(),
                     d.stats.total.incidents, d.items.size() - d.stats.total.incidents);
  for (const DigestItem& item : d.items) {
    out += "\n## ●" + EscapeMarkdown(Heading(item, lex)) + "\n\n";
    out += EscapeMarkdown(Meta(item, lex)) + "\n\n";
    for (const std::string& url : item.source_urls) {
      out += SafeUrl(url) ? "<" + url + ">\n" : EscapeMarkdown(url) + "\n";
    }
    for (const auto& o : item.originals) {
      out += "原文アーカイブ: " + EscapeMarkdown(o.path) + "(sha256:" + o.sha256.substr(0, 12) +
             "、`jikenbo archive show " + o.sha256.substr(0, 12) + "`)\n";
    }
    out += "\n### このニュースをザックリ言うと…\n\n";
    for (const Line& line : item.summary) out += "- " + MarkdownLine(line) + "\n";
    if (!item.comment.empty()) {
      out += "\n### 所感\n\n";
      for (const Line& line : item.comment) out += "- " + MarkdownLine(line) + "\n";
    }
  }
  out += "\n## 期間中の統計\n\n";
  const auto cells = StatCells(d.stats, lex);
  for (size_t k = 0; k < cells.size(); ++k) {
    out += "|";
    for (const std::string& c : cells[k]) {
      out += ' ';
      out += EscapeMarkdown(c);
      out += " |";
    }
    out += k == 0 ? "\n|---|---:|---:|---:|---:|\n" : "\n";
  }
  out += "\n" + PpcShare(d.stats) + "\n";
  return out;
}

std::string DigestHtmlContent(const Digest& d, const Lexicon& lex) {
  const std::string title = "セキュリティ事件簿ダイジェスト(" + WindowText(d) + ")";
  std::string out;
  out += "<h1>" + EscapeXml(title) + "</h1>\n";
  out += fmt::format("<p class=\"window\">{}件(インシデント{}件、注意喚起等{}件)</p>\n",
                     d.items.size(), d.stats.total.incidents,
                     d.items.size() - d.stats.total.incidents);
  for (const DigestItem& item : d.items) {
    out += fmt::format("<article id=\"a{}\">\n<h2><span class=\"mark\">●</span>{}</h2>\n", item.id,
                       EscapeXml(Heading(item, lex)));
    out += "<p class=\"meta\">" + EscapeXml(Meta(item, lex)) + "</p>\n<ul class=\"sources\">";
    for (const std::string& url : item.source_urls) {
      out += SafeUrl(url)
                 ? "<li><a href=\"" + EscapeXml(url) + "\" rel=\"noopener noreferrer nofollow\">" +
                       EscapeXml(url) + "</a></li>"
                 : "<li>" + EscapeXml(url) + "</li>";
    }
    for (const auto& o : item.originals) {
      out += "<li>原文アーカイブ: " + EscapeXml(o.path) + "(sha256:" + o.sha256.substr(0, 12) +
             ")</li>";
    }
    out += "</ul>\n<h3>このニュースをザックリ言うと…</h3>\n<ul class=\"points\">";
    for (const Line& line : item.summary) out += "<li>" + HtmlLine(line) + "</li>";
    out += "</ul>\n";
    if (!item.comment.empty()) {
      out += "<h3 class=\"comment\">所感</h3>\n<ul class=\"points\">";
      for (const Line& line : item.comment) out += "<li>" + HtmlLine(line) + "</li>";
      out += "</ul>\n";
    }
    out += "</article>\n";
  }
  out += "<section class=\"stats\"><h2>期間中の統計</h2>\n<table>";
  const auto cells = StatCells(d.stats, lex);
  for (size_t k = 0; k < cells.size(); ++k) {
    const bool head = k == 0 || k + 1 == cells.size();
    out += "<tr>";
    for (const std::string& c : cells[k]) {
      out += (head ? "<th>" : "<td>") + EscapeXml(c) + (head ? "</th>" : "</td>");
    }
    out += "</tr>";
  }
  out += "</table>\n<p>" + EscapeXml(PpcShare(d.stats)) + "</p>\n";
  if (d.stats.month_type.size() > 1) {
    Stats monthly = d.stats;
    monthly.by = "month";
    out += "<div class=\"chart\">" + StatsSvg(monthly, lex) + "</div>\n";
  }
  out += "<div class=\"chart\">" + StatsSvg(d.stats, lex) + "</div>\n";
  out += "</section>\n";
  return out;
}

std::string DigestHtml(const Digest& d, const Lexicon& lex) {
  const std::string title = "セキュリティ事件簿ダイジェスト(" + WindowText(d) + ")";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; img-src data:\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
      EscapeXml(title) + "</title><style>" + kCss + "</style></head><body><main>\n";
  out += DigestHtmlContent(d, lex);
  out +=
      "<footer>jikenbo digest: 要約と所感は抽出された項目から生成しています。"
      "「」内は発表からの引用です。</footer>\n</main></body></html>\n";
  return out;
}

}  // namespace jikenbo::report
