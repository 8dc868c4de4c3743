// Affected counts: 37名, 13,706件, 最大4,908件, 約500人, 約3万件, 1万2千件, 三十七名, 1 2 社分,
// with the unit (persons, records, emails, cards, companies, files) and qualifier (exact, max,
// approx, min). Numbers that count no victims — years, money, phone numbers, 10市町, 知人1名 — are
// not taken: a count needs a unit word right after it and a victim cue in its sentence.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "base/deadline.h"
#include "base/utf8.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {
namespace {

int KanjiDigit(char32_t cp) {
  static const char32_t kDigits[] = U"〇一二三四五六七八九";
  for (int i = 0; i < 10; ++i) {
    if (kDigits[i] == cp) return i;
  }
  return cp == U'零' ? 0 : -1;
}

// Parses kanji numerals with 十百千万億 (三十七, 一万二千) and mixed forms (3万, 1万2千).
std::optional<int64_t> ParseMixed(std::string_view s) {
  int64_t total = 0, section = 0, digits = -1;
  bool any = false;
  for (size_t i = 0; i < s.size();) {
    const utf8::Decoded d = utf8::Next(s, i);
    i += d.len;
    int k = d.cp >= '0' && d.cp <= '9' ? static_cast<int>(d.cp - '0') : KanjiDigit(d.cp);
    if (k >= 0) {
      digits = (digits < 0 ? 0 : digits) * 10 + k;
      if (digits > 1'000'000'000'000LL) return std::nullopt;
      any = true;
      continue;
    }
    int64_t unit = d.cp == U'十' ? 10 : d.cp == U'百' ? 100 : d.cp == U'千' ? 1000 : 0;
    if (unit > 0) {
      section += (digits < 0 ? 1 : digits) * unit;
      digits = -1;
      any = true;
      continue;
    }
    unit = d.cp == U'万' ? 10'000 : d.cp == U'億' ? 100'000'000 : 0;
    if (unit > 0) {
      total += (section + (digits < 0 ? 0 : digits)) * unit;
      if (total > 1'000'000'000'000LL) return std::nullopt;
      section = 0;
      digits = -1;
      any = true;
      continue;
    }
    if (d.cp == ',' || d.cp == ' ') continue;
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return total + section + (digits < 0 ? 0 : digits);
}

// A count as written: digits and kanji numerals (ParseMixed), a decimal before a unit numeral
// (1.2万件) or an English multiplier (2 million customers, 1.5 billion records).
std::optional<int64_t> ParseCount(std::string_view s) {
  static const RE2 scaled(R"re(([0-9]+(?:\.[0-9]+)?) ?(万|億|million|billion|thousand))re");
  std::string number, scale;
  if (!RE2::FullMatch(re2::StringPiece(s.data(), s.size()), scaled, &number, &scale))
    return ParseMixed(s);
  const double factor = scale == "万"        ? 1e4
                        : scale == "億"      ? 1e8
                        : scale == "million" ? 1e6
                        : scale == "billion" ? 1e9
                                             : 1e3;
  const double n = std::strtod(number.c_str(), nullptr) * factor;
  if (!(n >= 1) || n > 1e12) return std::nullopt;
  return static_cast<int64_t>(n + 0.5);
}

const RE2& CountRe() {
  // 1 qualifier before, 2 number, 3 unit, 4 qualifier after
  static const RE2 re(
      "(最大|約|およそ|概ね|合計|計|あわせて|合わせて|延べ|少なくとも|(?i:about|approximately|up "
      "to|at least|more than|over))?"
      "\\s*(\\d+(?:\\.\\d+)? (?:million|billion|thousand)"
      "|(?:\\d{1,3}(?:, ?\\d{3})+|\\d+(?: \\d+)*)(?:\\.\\d+)?"
      "(?:[万千百十億](?:\\d{1,3}(?:, ?\\d{3})+|\\d*))*"  // 9万2,500
      "|[〇一二三四五六七八九十百千万億]+)"
      "\\s*(名|人|件|社|枚|通|アカウント|アドレス|ファイル|(?:[A-Za-z]+ "
      "){0,2}(?:people|persons|individuals|"
      "customers|records|accounts|e-?mails|emails|cards|companies|files|contacts|students|"
      "patients|members|users|residents|clients|employees|subscribers|applicants))"
      "(?:分)?(以上|超|余り|強)?");
  return re;
}

std::string UnitFor(std::string_view unit, std::string_view sentence) {
  if (const size_t sp = unit.rfind(' '); sp != std::string_view::npos) unit = unit.substr(sp + 1);
  const bool card = sentence.find("カード") != std::string_view::npos ||
                    sentence.find("card") != std::string_view::npos;
  const bool mail = sentence.find("メール") != std::string_view::npos ||
                    sentence.find("mail") != std::string_view::npos;
  const bool personal = sentence.find("個人情報") != std::string_view::npos;
  if (unit == "名" || unit == "人" || unit == "people" || unit == "persons" ||
      unit == "individuals" || unit == "customers" || unit == "contacts" || unit == "students" ||
      unit == "patients" || unit == "members" || unit == "users" || unit == "residents" ||
      unit == "clients" || unit == "employees" || unit == "subscribers" || unit == "applicants") {
    return "persons";  // クレジットカード情報(1,234名分): people, whatever they lost
  }
  if (unit == "件" || unit == "records") {
    if (card && !personal) return "cards";
    if (mail &&
        (sentence.find("送信") != std::string_view::npos ||
         sentence.find("配信") != std::string_view::npos) &&
        !personal) {
      return "emails";
    }
    return "records";
  }
  if (unit == "社" || unit == "companies") return "companies";
  if (unit == "枚" || unit == "cards") return card || unit == "cards" ? "cards" : "records";
  if (unit == "通" || unit == "アドレス" || unit == "emails" || unit == "e-mails") return "emails";
  if (unit == "アカウント" || unit == "accounts") return "records";
  return "files";
}

model::Qualifier QualifierFor(std::string_view before_as_written, std::string_view after) {
  const std::string lower = utf8::AsciiLower(before_as_written);  // Approximately 630 …
  const std::string_view before = lower;
  if (before == "最大" || before == "up to") return model::Qualifier::kMax;
  if (before == "約" || before == "およそ" || before == "概ね" || before == "about" ||
      before == "approximately" || after == "余り" || after == "強") {
    return model::Qualifier::kApprox;
  }
  if (before == "少なくとも" || before == "at least" || before == "over" || before == "more than" ||
      after == "以上" || after == "超") {
    return model::Qualifier::kMin;
  }
  return model::Qualifier::kExact;
}

// "生徒52人の保護者47件のメールアドレス": a count followed by の and, a few characters on,
// another count is the population the second one counts in.
bool CountsAnother(std::string_view v, size_t at) {
  if (v.substr(at, 3) != "\u306E") return false;  // の
  at += 3;
  for (int k = 0; k < 8 && at < v.size(); ++k) {
    const utf8::Decoded d = utf8::Next(v, at);
    if (d.cp >= '0' && d.cp <= '9') return true;
    if (!utf8::IsCjk(d.cp)) return false;  // 、 。 space: the phrase ended
    at += d.len;
  }
  return false;
}

// What a count at `at` counts, when a phrase after (分)の names it: 「85件のメールアドレス」,
// 「1名分のメールアカウント」 ("" otherwise).
std::string_view CountedThing(std::string_view v, size_t at) {
  if (v.substr(at, 3) == "\u5206") at += 3;    // 分
  if (v.substr(at, 3) != "\u306E") return {};  // の
  return v.substr(at + 3, 30);
}

// "85件のメールアドレス", "85件分のアドレス": the count is of mail addresses.
bool AddressesOf(std::string_view v, size_t at) {
  const std::string_view rest = CountedThing(v, at);
  return rest.rfind("メールアドレス", 0) == 0 || rest.rfind("アドレス", 0) == 0 ||
         rest.rfind("電子メールアドレス", 0) == 0;
}

// "利用者1名分のメールアカウントが乗っ取られ": the owners of the accounts taken over, not the
// people the incident reached (the mails sent from them are).
bool AccountsOf(std::string_view v, size_t at) {
  const std::string_view rest = CountedThing(v, at);
  return rest.rfind("アカウント", 0) == 0 || rest.rfind("メールアカウント", 0) == 0 ||
         rest.rfind("メールアドレスのアカウント", 0) == 0;
}

}  // namespace

std::optional<int64_t> ParseNumber(std::string_view digits) { return ParseMixed(digits); }

void ExtractCounts(const Extractor::Impl& impl, const ArticleText& text,
                   const std::vector<Piece>& asides, model::Incident* inc) {
  const std::string_view v = text.view();
  // What makes a count the headline: a stated total (計900名, 合計, in total) first; a count
  // that is only the population a part was taken from (10万人のうち) last; otherwise the first.
  enum Rank { kTotal = 0, kOther = 1, kPopulation = 2 };
  std::vector<int> ranks;
  const RE2& re = CountRe();
  std::array<re2::StringPiece, 5> g;
  re2::StringPiece input(v);
  while (!input.empty() &&
         re.Match(input, 0, input.size(), RE2::UNANCHORED, g.data(), static_cast<int>(g.size()))) {
    const size_t b = static_cast<size_t>(g[0].data() - v.data());
    const size_t e = b + g[0].size();
    input = re2::StringPiece(v.data() + e, v.size() - e);
    if (g[0].empty()) break;
    CheckDeadline();
    const size_t nb = static_cast<size_t>(g[2].data() - v.data());
    // Not part of a larger number, a date, an ordinal (第1報) or an identifier.
    if (nb > 0) {
      const size_t p = nb - 1;
      const char c = v[p];
      if ((c >= '0' && c <= '9') || c == '-' || c == '/' || c == '.') continue;
      if (c == ':' && p > 0 && v[p - 1] >= '0' && v[p - 1] <= '9') continue;  // 9:05
      if (v.substr(nb >= 3 ? nb - 3 : 0, nb >= 3 ? 3 : nb) == "第") continue;
    }
    const std::string_view tail = v.substr(e, 9);
    if (tail.rfind("当たり", 0) == 0 || tail.rfind("あたり", 0) == 0 ||
        tail.rfind("につき", 0) == 0) {
      continue;  // 1人当たり: a rate, not a count
    }
    if (Inside(asides, b)) continue;
    const Piece s = text.sentences()[text.SentenceIndex(b)];
    const std::string_view sentence = text.Text(s);
    // A stated total on a line of its own (計837名) closes the list above it: its victims are
    // named there.
    // A stated total: 計, 合計, あわせて, or など closing a list of people (「…名簿(148人分)など
    // 151人分」; 「書類など1130枚」 counts sheets).
    const bool people = g[3] == "人" || g[3] == "名";
    const bool total = g[1] == "合計" || g[1] == "計" || g[1] == "あわせて" || g[1] == "合わせて" ||
                       (people && v.substr(b >= 6 ? b - 6 : 0, std::min<size_t>(b, 6)) == "など");
    const std::string_view above = v.substr(b >= 600 ? b - 600 : 0, std::min<size_t>(b, 600));
    if (!AnyCue(impl, "victim", Context(text, b, /*bullets_only=*/true)) &&
        !(total && AnyCue(impl, "victim", above))) {
      continue;
    }
    const std::string_view lead = v.substr(s.begin, nb - s.begin);
    const std::string_view near = lead.substr(lead.size() > 12 ? lead.size() - 12 : 0);
    if (AnyCue(impl, "not_victim", near)) continue;
    if (AnyCue(impl, "not_counted", v.substr(e, 120))) continue;  // 2件発生: events, not victims
    auto count = ParseCount(g[2]);
    if (!count || *count <= 0 || *count > impl.options.max_count) continue;
    model::AffectedCount c;
    c.count = *count;
    c.unit = UnitFor(g[3], sentence);
    // 85件のメールアドレス: the count is of mail addresses.
    // メールアドレス45件: so does the word right before it.
    if (c.unit == "records" &&
        (AddressesOf(v, e) ||
         v.substr(nb >= 12 ? nb - 12 : 0, std::min<size_t>(nb, 12)) == "アドレス"))
      c.unit = "emails";
    c.qualifier = QualifierFor(g[1], g[4]);
    // 1.4万件, 2.5 million: a rounded figure whatever it says before it.
    const std::string_view written(g[2].data(), g[2].size());
    if (c.qualifier == model::Qualifier::kExact && written.find('.') != std::string_view::npos &&
        written.find_first_of("0123456789") != std::string_view::npos &&
        !std::all_of(written.begin(), written.end(),
                     [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; })) {
      c.qualifier = model::Qualifier::kApprox;
    }
    c.evidence = text.ToSpan(g[1].empty() ? nb : b, e);
    // One number, one count: a specific unit (cards, emails) replaces a generic one (records).
    const std::string_view follows = v.substr(e, 12);
    const int rank = total || follows.rfind(" in total", 0) == 0 ||
                             v.substr(b >= 6 ? b - 6 : 0, std::min<size_t>(b, 6)).find("total") !=
                                 std::string_view::npos
                         ? kTotal
                     : follows.rfind("のうち", 0) == 0 || follows.rfind("中", 0) == 0 ||
                             CountsAnother(v, e) || AccountsOf(v, e) ||
                             follows.rfind("を含む", 0) == 0 ||
                             (c.unit == "files" && c.count <= 10)  // 1ファイルを添付: the medium
                         ? kPopulation
                         : kOther;
    // A rounded count and the precise one it rounds (約9万件 in the headline, 9万2,500件 in
    // the body) are one count: the precise figure stands for both.
    // So are a headline's round floor and the figure it rounds down (7万件超 / 7万1,943件,
    // 2700人分 / 2,747人分).
    auto rounds = [](const model::AffectedCount& approx, const model::AffectedCount& exact) {
      if (exact.qualifier != model::Qualifier::kExact || approx.count == exact.count) return false;
      const bool round = approx.count >= 1000 && approx.count % 100 == 0 && exact.count % 100 != 0;
      if (approx.qualifier == model::Qualifier::kApprox ||
          (approx.qualifier == model::Qualifier::kExact && round)) {
        return std::llabs(approx.count - exact.count) * 20 <= approx.count;
      }
      return approx.qualifier == model::Qualifier::kMin && round && exact.count > approx.count &&
             (exact.count - approx.count) * 10 <= approx.count;
    };
    auto rounded = std::find_if(inc->affected.begin(), inc->affected.end(),
                                [&](const auto& o) { return rounds(o, c) || rounds(c, o); });
    if (rounded != inc->affected.end()) {
      int& known_rank = ranks[static_cast<size_t>(rounded - inc->affected.begin())];
      // The precise statement tells the figure's role (「7万1,943件を含む」: a part).
      known_rank = rounds(*rounded, c) && known_rank != kTotal ? rank : std::min(known_rank, rank);
      if (rounds(*rounded, c)) {
        c.unit = rounded->unit == "records" ? c.unit : rounded->unit;
        *rounded = std::move(c);
      }
      continue;
    }
    auto same = std::find_if(inc->affected.begin(), inc->affected.end(),
                             [&](const auto& o) { return o.count == c.count; });
    if (same == inc->affected.end()) {
      inc->affected.push_back(std::move(c));
      ranks.push_back(rank);
      if (inc->affected.size() >= 32) break;
      continue;
    }
    int& known_rank = ranks[static_cast<size_t>(same - inc->affected.begin())];
    known_rank = std::min(known_rank, rank);
    if ((same->unit == "records" || same->unit == "persons") && c.unit != "records" &&
        c.unit != "persons") {
      *same = std::move(c);
    } else if (same->unit == "records" && c.unit == "persons") {
      same->unit = "persons";  // 4,908件 ... 4,908名: the records are people's
    }
  }
  // The headline first; the others keep their order.
  const auto best = std::min_element(ranks.begin(), ranks.end());
  if (best != ranks.end() && *best != kTotal) {
    const std::string& unit = inc->affected[static_cast<size_t>(best - ranks.begin())].unit;
    const auto same_unit = std::count_if(inc->affected.begin(), inc->affected.end(),
                                         [&](const auto& a) { return a.unit == unit; });
    if (same_unit > 1) model::AddDoubt(inc, "affected", "several counts and no stated total");
  }
  if (best != ranks.end() && best != ranks.begin()) {
    const size_t at = static_cast<size_t>(best - ranks.begin());
    std::rotate(inc->affected.begin(), inc->affected.begin() + static_cast<long>(at),
                inc->affected.begin() + static_cast<long>(at) + 1);
  }
}

}  // namespace jikenbo::extract
