// Dates: Western (2023年6月2日, 2023/6/2), Japanese era (令和5年5月29日, 平成31年, 令和元年),
// month-only, without a year (resolved against a reference), relative (同日, 同17日, 翌日, 同月末),
// ranges (A~B), and English (4 May 2031, May 4, 2031). The announcement date and the incident
// date are chosen from them.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "base/deadline.h"
#include "base/utf8.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {
namespace {

struct Ymd {
  int y = 0, m = 0, d = 0;  // d == 0: month precision
};

bool Valid(const Ymd& x) {
  static constexpr std::array<int, 13> kDays = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return x.y >= 1900 && x.y <= 2200 && x.m >= 1 && x.m <= 12 && x.d >= 0 && x.d <= kDays[x.m];
}

std::string Iso(const Ymd& x) {
  return x.d == 0 ? fmt::format("{:04d}-{:02d}", x.y, x.m)
                  : fmt::format("{:04d}-{:02d}-{:02d}", x.y, x.m, x.d);
}

// The date of an ISO YYYY-MM-DD string.
Ymd YmdOf(std::string_view iso) {
  auto number = [&](size_t at, size_t len) {
    return std::atoi(std::string(iso.substr(at, len)).c_str());
  };
  return {number(0, 4), number(5, 2), number(8, 2)};
}

// Day `day` of `ref`'s month, or of the month before it.
Ymd DayOfMonth(const Ymd& ref, int day, bool month_before) {
  Ymd x{ref.y, ref.m, day};
  if (month_before && --x.m == 0) x.m = 12, --x.y;
  return x;
}

int LastDay(int y, int m) {
  static constexpr std::array<int, 13> kDays = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m];
}

Ymd NextDay(Ymd x) {
  if (x.d == 0) return x;
  if (++x.d > LastDay(x.y, x.m)) {
    x.d = 1;
    if (++x.m > 12) x.m = 1, ++x.y;
  }
  return x;
}

// A number in ASCII digits or in kanji numerals (十六, 三十一, 二〇三一), as newspapers write
// dates: the counts' parser reads both.
int Int(std::string_view s) {
  const auto n = ParseNumber(s);
  return n && *n < 100000 ? static_cast<int>(*n) : 0;
}

int EraBase(std::string_view era) {
  if (era == "令和") return 2018;
  if (era == "平成") return 1988;
  if (era == "昭和") return 1925;
  return 0;
}

int MonthNumber(std::string_view name) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string lower = utf8::AsciiLower(name.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i]) return i + 1;
  }
  return 0;
}

const RE2& DateRe() {
  // One alternation; groups: 1 era, 2 era year, 3 era month, 4 era day, 5 y, 6 m, 7 d (Japanese),
  // 8 y, 9 m, 10 d (slashes), 11 y, 12 m (month only), 13 m, 14 d (no year), 15 同N日,
  // 16 同日/翌日/同月末, 17 d, 18 month name, 19 y (English d Month y), 20 month name, 21 d, 22 y,
  // 23 month name, 24 y (English Month y), 25 去年/昨年/今年/本年, 26 m, 27 d.
  // An era year may carry its Western year: 令和5(2023)年11月9日, 令和4年(2022年)6月7日.
  // Month and day may be kanji numerals (十月十六日), a year four kanji digits (二〇二三年).
#define JK_N "(\\d{1,2}|[一二三四五六七八九十]{1,3})"
#define JK_Y "(\\d{4}|[〇一二三四五六七八九]{4})"
  static const RE2 re(
      "(令和|平成|昭和)\\s*(\\d{1,2}|元|[一二三四五六七八九十]{1,3})\\s*(?:\\(\\d{4}\\))?\\s*年"
      "(?:\\s*\\(\\d{4}年?\\))?\\s*" JK_N "\\s*月(?:\\s*" JK_N
      "\\s*日)?"
      "|" JK_Y "\\s*年\\s*" JK_N "\\s*月\\s*" JK_N
      "\\s*日"
      "|(\\d{4})[/.-](\\d{1,2})[/.-](\\d{1,2})"
      "|" JK_Y "\\s*年\\s*" JK_N
      "\\s*月"
      "|" JK_N "\\s*月\\s*" JK_N
      "\\s*日"
      "|同\\s*" JK_N
      "\\s*日"
      "|(同日|翌日|同月末)"
      "|\\b(\\d{1,2}) (January|February|March|April|May|June|July|August|September|October|"
      "November|December) (\\d{4})"
      "|\\b(January|February|March|April|May|June|July|August|September|October|November|"
      "December) (\\d{1,2}), (\\d{4})"
      "|\\b(January|February|March|April|May|June|July|August|September|October|November|"
      "December),? (\\d{4})\\b"
      "|(去年|昨年|今年|本年)\\s*(?:の)?\\s*" JK_N "\\s*月(?:\\s*" JK_N "\\s*日)?");
#undef JK_N
#undef JK_Y
  return re;
}

// Is offset inside a URL (a path such as /2031/11/04/ is no date of the text)? Looks back over
// the ASCII run that holds it, at most 2 KiB, for "://".
bool InUrl(std::string_view view, size_t offset) {
  size_t start = offset;
  while (start > 0 && offset - start < 2048) {
    const auto c = static_cast<unsigned char>(view[start - 1]);
    if (c <= 0x20 || c >= 0x7F || c == '<' || c == '(' || c == '"' || c == '\'') break;
    --start;
  }
  return view.substr(start, offset - start).find("://") != std::string_view::npos;
}

}  // namespace

std::vector<DateMention> FindDates(std::string_view view, std::optional<int> reference_year) {
  std::vector<DateMention> out;
  const RE2& re = DateRe();
  constexpr int kGroups = 27;
  re2::StringPiece input(view);
  std::array<re2::StringPiece, kGroups + 1> g;
  Ymd previous;
  int depth = 0;  // parenthesis depth at the scan position
  size_t scanned = 0;
  while (!input.empty()) {
    if (!re.Match(input, 0, input.size(), RE2::UNANCHORED, g.data(), kGroups + 1)) break;
    CheckDeadline();
    const size_t b = static_cast<size_t>(g[0].data() - view.data());
    const size_t e = b + g[0].size();
    for (; scanned < b; ++scanned) {
      const char c = view[scanned];
      if (c == '(') ++depth;
      if (c == ')' && depth > 0) --depth;
      if (c == '\n') depth = 0;
    }
    input = re2::StringPiece(view.data() + e, view.size() - e);
    Ymd x;
    bool inferred = false;
    if (!g[1].empty()) {
      x = {EraBase(g[1]) + (g[2] == "元" ? 1 : Int(g[2])), Int(g[3]), Int(g[4])};
    } else if (!g[5].empty()) {
      x = {Int(g[5]), Int(g[6]), Int(g[7])};
    } else if (!g[8].empty()) {
      x = {Int(g[8]), Int(g[9]), Int(g[10])};
    } else if (!g[11].empty()) {
      x = {Int(g[11]), Int(g[12]), 0};
    } else if (!g[13].empty()) {
      const int year = previous.y != 0 ? previous.y : reference_year.value_or(0);
      x = {year, Int(g[13]), Int(g[14])};
      inferred = true;
    } else if (!g[15].empty()) {
      if (previous.y == 0) continue;
      x = {previous.y, previous.m, Int(g[15])};
      inferred = true;
    } else if (!g[16].empty()) {
      if (previous.y == 0 || previous.d == 0) continue;
      inferred = true;
      x = g[16] == "翌日"     ? NextDay(previous)
          : g[16] == "同月末" ? Ymd{previous.y, previous.m, LastDay(previous.y, previous.m)}
                              : previous;
    } else if (!g[17].empty()) {
      x = {Int(g[19]), MonthNumber(g[18]), Int(g[17])};
    } else if (!g[20].empty()) {
      x = {Int(g[22]), MonthNumber(g[20]), Int(g[21])};
    } else if (!g[23].empty()) {
      x = {Int(g[24]), MonthNumber(g[23]), 0};
    } else {
      if (!reference_year) continue;
      x = {*reference_year - (g[25] == "去年" || g[25] == "昨年" ? 1 : 0), Int(g[26]), Int(g[27])};
      inferred = true;
    }
    if (!Valid(x) || InUrl(view, b)) continue;
    // 2023年3月期 (a fiscal period), 3月末: no date of an event.
    if (x.d == 0 && (view.substr(e, 3) == "期" || view.substr(e, 6) == "期決")) continue;
    // 「(2030年12月撮影)」: a photograph's caption dates the picture, not anything of the text
    // (nor the year of its yearless dates).
    if (view.substr(e, 6) == "撮影") continue;
    const std::string_view before = view.substr(b >= 3 ? b - 3 : 0, b >= 3 ? 3 : b);
    const bool range_end =
        before.find('~') != std::string_view::npos || before.find("から") != std::string_view::npos;
    // 本日(令和6年6月3日): the date of the day itself, no side remark.
    const std::string_view lead = view.substr(b >= 7 ? b - 7 : 0, b >= 7 ? 7 : b);
    const bool today = lead.find("日(") != std::string_view::npos &&
                       (lead.find("本日") != std::string_view::npos ||
                        lead.find("当日") != std::string_view::npos);
    out.push_back({Iso(x), {b, e}, range_end, depth > 0 && !today, inferred});
    previous = x;
  }
  return out;
}

namespace {

// The year of the latest full date of the article: the reference for dates without a year. A
// page's update stamp (更新日) may be years later than the notice: skip(offset) leaves it out.
template <typename Skip>
std::optional<int> ReferenceYear(std::string_view view, Skip skip) {
  std::optional<int> latest;
  for (const DateMention& d : FindDates(view, std::nullopt)) {
    if (skip(d.piece.begin)) continue;
    const int y = std::atoi(d.iso.substr(0, 4).c_str());
    if (!latest || y > *latest) latest = y;
  }
  return latest;
}

bool IsDateOnlyLine(std::string_view line, const DateMention& d, size_t line_begin) {
  // A date written across a line break ("2031年5\n月1日") is no date line.
  if (d.piece.begin < line_begin || d.piece.end > line_begin + line.size()) return false;
  const std::string_view rest = utf8::Trim(line.substr(d.piece.end - line_begin));
  const std::string_view head = utf8::Trim(line.substr(0, d.piece.begin - line_begin));
  // A bullet before it (「- 令和13年4月1日(火曜日)」) makes it a step of a timeline, not the
  // notice's date.
  const bool bullet = head == "-" || head == "*" || head == "\u30FB" || head == "\u25CF" ||
                      head == "\u25A0" || head == "\u25CB" || head == "\u25C6";
  // A time after it (2031/09/16 20:47, 2031年9月16日 14時30分) is a post's stamp.
  static const RE2 time_re("[0-9]{1,2}(?::[0-9]{2}|\\s*時(?:\\s*[0-9]{1,2}\\s*分)?)");
  const bool time = RE2::FullMatch(re2::StringPiece(rest.data(), rest.size()), time_re);
  return head.size() <= 3 && !bullet &&
         (time || ((rest.empty() || rest.front() == '(') && rest.size() <= 12));
}

// Where a Japanese sentence's reporting verb stands: its main predicate closes the sentence
// ("…と発表した。"); a verb inside a relative clause earlier on ("公表した資料について…") reports
// nothing. English puts the verb near its subject, so an English sentence is taken whole.
std::string_view ReportingTail(std::string_view after_date) {
  constexpr size_t kTail = 60;  // about 20 Japanese characters
  const bool japanese = std::any_of(after_date.begin(), after_date.end(),
                                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (!japanese || after_date.size() <= kTail) return after_date;
  size_t from = after_date.size() - kTail;
  while (from < after_date.size() && (static_cast<unsigned char>(after_date[from]) & 0xC0) == 0x80)
    ++from;
  return after_date.substr(from);
}

}  // namespace

// "Xは1日、…と発表した": the day of a reporting sentence, resolved against the article's own
// date `stamp` (on or before it: 28日 under 2031年8月2日 is July 28).
std::optional<DateMention> DayOnlyReport(const Extractor::Impl& impl, const ArticleText& text,
                                         const DateMention& stamp) {
  static const RE2 re(R"re((?:は|が)\s*([0-9]{1,2})日(?:\([^)\n]{1,6}\))?[、,])re");
  const std::string_view v = text.view();
  const Ymd ref = YmdOf(stamp.iso);
  for (const Piece& s : text.sentences()) {
    if (s.begin > 2000) break;  // the lead of the article
    const std::string_view sentence = v.substr(s.begin, s.end - s.begin);
    re2::StringPiece day;
    re2::StringPiece in(sentence);
    if (!RE2::PartialMatch(in, re, &day)) continue;
    const size_t end = static_cast<size_t>(day.data() - sentence.data()) + day.size();
    if (!AnyCue(impl, "reporting", ReportingTail(sentence.substr(end)))) continue;
    const int d = std::atoi(std::string(day.data(), day.size()).c_str());
    const Ymd x = DayOfMonth(ref, d, d > ref.d);
    if (!Valid(x) || x.d < 1) continue;
    const size_t b = s.begin + static_cast<size_t>(day.data() - sentence.data());
    return DateMention{Iso(x), {b, b + day.size() + 3}, false, false, /*inferred=*/true};
  }
  return std::nullopt;
}

// "架空信金の全店で8日午後、…利用できなくなった", "今月24日、…を紛失した": a day without its month
// in an event sentence of the lead (no reporting sentence), resolved against the announcement
// `stamp` (this month when on or before its day, else the month before; 先月 the month before).
std::optional<DateMention> DayOnlyEvent(const Extractor::Impl& impl, const ArticleText& text,
                                        const DateMention& stamp, size_t body) {
  static const RE2 re(
      R"re((?:^|[^0-9月年日])(今月|先月)?([0-9]{1,2})日\s*(?:\([^)\n]{1,6}\))?\s*)re"
      R"re((?:午前|午後|朝|昼|夜|夕方|未明|深夜|早朝)?[0-9時分半]*\s*(?:ごろ|頃)?\s*(?:から)?[、,])re");
  const std::string_view v = text.view();
  const Ymd ref = YmdOf(stamp.iso);
  for (const Piece& s : text.sentences()) {
    if (s.end <= body) continue;
    if (s.begin > 2000) break;  // the lead of the article
    const std::string_view sentence = v.substr(s.begin, s.end - s.begin);
    re2::StringPiece month, day;
    re2::StringPiece in(sentence);
    if (!RE2::PartialMatch(in, re, &month, &day)) continue;
    const size_t end = static_cast<size_t>(day.data() - sentence.data()) + day.size();
    if (AnyCue(impl, "reporting", ReportingTail(sentence.substr(end)))) continue;
    if (AnyCue(impl, "not_event", sentence) || !AnyCue(impl, "event", sentence.substr(end)))
      continue;
    const int d = std::atoi(std::string(day.data(), day.size()).c_str());
    const bool last_month = month == "\u5148\u6708";           // 先月
    if (!last_month && !month.empty() && d > ref.d) continue;  // 今月 after the stamp's day
    const Ymd x = DayOfMonth(ref, d, last_month || (month.empty() && d > ref.d));
    if (!Valid(x) || x.d < 1) continue;
    const size_t b = s.begin + static_cast<size_t>(day.data() - sentence.data());
    return DateMention{Iso(x), {b, b + day.size() + 3}, false, false, /*inferred=*/true};
  }
  return std::nullopt;
}

void ExtractDates(const Extractor::Impl& impl, const ArticleText& text,
                  const std::vector<Piece>& asides, model::Incident* inc) {
  const std::string_view v = text.view();
  const Piece title = text.title_line();
  std::optional<DateMention> announce;
  std::string announce_doubt;
  // 1. A full date in the title line (casebook titles end with it), when the first line is a
  //    title and not the opening sentence of a page without one.
  const std::string_view title_line = text.TitleIsHeading() ? text.Text(title) : "";
  for (const DateMention& d : FindDates(title_line, std::nullopt)) {
    // 「公開日 2031/04/01 更新日 2031/04/05」: the update stamp dates a revision.
    if (AnyCue(impl, "page_date", title_line.substr(0, d.piece.begin))) continue;
    const std::string_view next = title_line.substr(d.piece.end, 3);
    const bool range = d.range_end || next.rfind("~", 0) == 0 || next.rfind("\u301C", 0) == 0 ||
                       next.rfind("\uFF5E", 0) == 0 || next.rfind("から", 0) == 0;
    if (d.iso.size() == 10 && !range)
      announce = DateMention{d.iso, {d.piece.begin + title.begin, d.piece.end + title.begin}};
  }
  const bool stamped_title = announce.has_value();
  const auto& lines = text.lines();
  auto line_before_at = [&](size_t at) {  // the text of its line before `at`
    const Piece line = lines[text.LineIndex(at)];
    return v.substr(line.begin, at - line.begin);
  };
  auto line_before = [&](const DateMention& d) { return line_before_at(d.piece.begin); };
  const auto year =
      ReferenceYear(v, [&](size_t at) { return AnyCue(impl, "page_date", line_before_at(at)); });
  std::vector<DateMention> dates = FindDates(v, year);
  // 2. A labelled date of the notice itself: 発表日時 2023/1/10, 公開日:…, 6月8日プレリリース.
  for (const DateMention& d : dates) {
    if (announce) break;
    if (d.iso.size() != 10) continue;
    if (AnyCue(impl, "date_label", line_before(d)) ||
        AnyCue(impl, "date_after_label", v.substr(d.piece.end, 48))) {
      announce = d;
    }
  }
  // 3. The date of a reporting sentence, right after its subject: "X は11月5日、…と発表した",
  //    "11月18日(日本時間)、X より…と発表されました", "On May 4, 2031, X announced". It
  //    also beats a stamp in the title line (a news post's own date, 2025-07-22 above "X は7月
  //    3日、…を公表した"): the organisation announced on its date, the post came later.
  std::optional<DateMention> reported;
  for (const DateMention& d : dates) {
    if (reported || (announce && !stamped_title)) break;
    if (d.iso.size() != 10 || d.in_parens) continue;
    const Piece s = text.sentences()[text.SentenceIndex(d.piece.begin)];
    const std::string_view after_date = v.substr(d.piece.end, s.end - d.piece.end);
    const std::string_view before_date = v.substr(s.begin, d.piece.begin - s.begin);
    if (AnyCue(impl, "reporting_before", before_date)) {
      reported = d;
      break;
    }
    if (!AnyCue(impl, "reporting", ReportingTail(after_date))) continue;
    std::string_view next = after_date;
    if (!next.empty() && next.front() == '(')
      next.remove_prefix(std::min(next.find(')'), next.size() - 1) + 1);
    if (next.rfind("、", 0) == 0 || next.rfind(",", 0) == 0 || next.rfind(" that", 0) == 0) {
      reported = d;
    }
  }
  // 3b. News dates its subject's announcement by the day alone ("架空電機は1日、…と発表した")
  //     under the article's own date (a dateline or a stamp in the title): that day is on or
  //     before the article's, in its month or the month before.
  if (!reported && announce && stamped_title && announce->iso.size() == 10) {
    if (auto day = DayOnlyReport(impl, text, *announce)) reported = std::move(day);
  }
  if (reported && (!announce || (reported->iso < announce->iso &&
                                 reported->iso.substr(0, 4) == announce->iso.substr(0, 4)))) {
    announce = reported;
  }
  // 4. A line that holds only a date near the top or the bottom (the notice's date line).
  for (const DateMention& d : dates) {
    if (announce || d.iso.size() != 10) break;
    const size_t k = text.LineIndex(d.piece.begin);
    if (k > 6 && k + 5 < lines.size()) continue;
    if (AnyCue(impl, "page_date", line_before(d))) continue;
    if (!IsDateOnlyLine(text.Text(lines[k]), d, lines[k].begin)) continue;
    // Under an event's label (「2 発生日時」, 「判明日」) the date is the event's, not the
    // notice's.
    size_t above = k;
    while (above > 0 && utf8::Trim(text.Text(lines[above - 1])).empty()) --above;
    if (above > 0 && AnyCue(impl, "event_label", utf8::Trim(text.Text(lines[above - 1])))) {
      continue;
    }
    announce = d;
  }
  // 5. The page's update stamp, when nothing else dates the notice.
  for (const DateMention& d : dates) {
    if (announce) break;
    if (d.iso.size() == 10 && AnyCue(impl, "page_date", line_before(d))) {
      announce = d;
      announce_doubt = "the page's update stamp";
    }
  }
  if (announce && announce->inferred) {
    announce_doubt = "its year is taken from another date";
    // An announcement follows the events it reports: a yearless date that would fall before a
    // dated event of the text belongs to the next year (2月20日 reporting 2019年12月).
    std::string latest;
    for (const DateMention& d : dates) {
      // Datelines and stamps (a page's own date, 2022.05.02 above a news report) date no event.
      if (utf8::Trim(line_before(d)).size() <= 12 || AnyCue(impl, "page_date", line_before(d)))
        continue;
      if (d.piece.begin < title.end && stamped_title) continue;  // the title's own stamp
      if (!d.inferred && d.piece.begin != announce->piece.begin && d.iso.size() >= 7) {
        const std::string month = d.iso.substr(0, 7);
        if (month > latest) latest = month;
      }
    }
    if (!latest.empty() && announce->iso.substr(0, 7) < latest) {
      const int y = std::atoi(announce->iso.substr(0, 4).c_str()) + 1;
      const std::string bumped = std::to_string(y) + announce->iso.substr(4);
      if (bumped.substr(0, 7) >= latest) announce->iso = bumped;
    }
  }
  if (!announce && std::any_of(dates.begin(), dates.end(),
                               [](const DateMention& d) { return d.iso.size() == 10; })) {
    announce_doubt = "the text has dates, none marked as the notice's own";
  }
  if (!announce_doubt.empty()) model::AddDoubt(inc, "announce_date", announce_doubt);
  if (announce) {
    inc->announce_date = announce->iso;
    inc->evidence.push_back(
        {"announce_date", text.ToSpan(announce->piece.begin, announce->piece.end)});
    // Dates without a year belong to the announcement's year: re-read them if that differs.
    const int announce_year = std::atoi(announce->iso.substr(0, 4).c_str());
    if (announce_year != year) dates = FindDates(v, announce_year);
  }
  // Incident date: the first date of an event sentence, not in the title, not the announcement,
  // not a side remark in parentheses, not after the announcement. The announcement's own date in
  // a sentence that also tells the event ("X社は11月4日、…に感染したと発表した") is taken only
  // when no other sentence dates the event ("感染は11月2日に判明した").
  std::optional<DateMention> announcement_sentence_date;
  const size_t body = text.body_begin();
  for (const DateMention& d : dates) {
    if (d.piece.begin < body || d.range_end || d.in_parens) continue;
    if (announce && d.piece.begin == announce->piece.begin) continue;
    if (inc->announce_date && d.iso > *inc->announce_date) continue;
    if (Inside(asides, d.piece.begin)) continue;
    // 「4月5日時点で…判明していた」, 「5月1日現在」: the date of a status, not of an event.
    const std::string_view next = v.substr(d.piece.end, 6);
    if (next.rfind("\u6642\u70B9", 0) == 0 || next.rfind("\u73FE\u5728", 0) == 0) continue;
    const Piece s = text.sentences()[text.SentenceIndex(d.piece.begin)];
    const std::string_view sentence = text.Text(s);
    if (AnyCue(impl, "not_event", sentence)) continue;
    // A date on a line of its own takes its meaning from the heading above (2 発生年月日).
    if (!AnyCue(impl, "event", Context(text, d.piece.begin))) continue;
    if (announce && d.iso == announce->iso && AnyCue(impl, "announce", sentence)) {
      if (!AnyCue(impl, "event", sentence.substr(d.piece.end - s.begin))) continue;
      if (!announcement_sentence_date) announcement_sentence_date = d;
      continue;
    }
    announcement_sentence_date.reset();
    // A month in a summary (「令和13年3月、…漏えいした可能性」) that the account below dates to
    // the day (「令和13年2月9日15時20分、…送信した」): the day.
    const DateMention* chosen = &d;
    if (d.iso.size() == 7) {
      for (const DateMention& later : dates) {
        if (later.piece.begin <= d.piece.begin || later.iso.size() != 10 ||
            later.iso.compare(0, 7, d.iso) != 0 || later.range_end || later.in_parens ||
            Inside(asides, later.piece.begin)) {
          continue;
        }
        if (!AnyCue(impl, "event", Context(text, later.piece.begin))) continue;
        chosen = &later;
        break;
      }
    }
    inc->incident_date = chosen->iso;
    inc->evidence.push_back({"incident_date", text.ToSpan(chosen->piece.begin, chosen->piece.end)});
    if (chosen->inferred)
      model::AddDoubt(inc, "incident_date", "resolved from a relative or yearless phrase");
    break;
  }
  if (!inc->incident_date && !announcement_sentence_date && announce &&
      announce->iso.size() == 10) {
    if (auto day = DayOnlyEvent(impl, text, *announce, body)) {
      inc->incident_date = day->iso;
      inc->evidence.push_back({"incident_date", text.ToSpan(day->piece.begin, day->piece.end)});
      model::AddDoubt(inc, "incident_date", "resolved from a relative or yearless phrase");
    }
  }
  if (announcement_sentence_date) {
    const DateMention& d = *announcement_sentence_date;
    inc->incident_date = d.iso;
    inc->evidence.push_back({"incident_date", text.ToSpan(d.piece.begin, d.piece.end)});
    model::AddDoubt(inc, "incident_date", "the date the announcement gives for the event");
  }
}

}  // namespace jikenbo::extract
