#include "store/pg_search.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "normalize/normalize.h"
#include "store/search_text.h"
#include "store/store.h"

namespace jikenbo::store {
namespace {

// A tsvector holds at most 1 MiB and lexemes under 2 KiB: rows beyond that are left
// unfiltered (tokens NULL) and are checked at every search.
constexpr size_t kMaxLexeme = 2000;
constexpr size_t kMaxVector = 900 * 1024;

// bm25 as FTS5 computes it (fts5_aux.c): k1 1.2, b 0.75, column weights title 5, text 1.
constexpr double kK1 = 1.2, kB = 0.75, kTitleWeight = 5.0, kBodyWeight = 1.0;

std::string Lexeme(std::string_view token) {
  std::string out = "'";
  for (char c : token) {
    if (c == '\'' || c == '\\') out.push_back(c == '\'' ? '\'' : '\\');
    out.push_back(c);
  }
  return out + "'";
}

// The tsquery every article holding the phrase matches (a superset: its tokens, in any order).
std::string FilterQuery(const Phrase& phrase) {
  std::string q;
  for (size_t k = 0; k < phrase.tokens.size(); ++k) {
    if (!q.empty()) q += " & ";
    q += Lexeme(phrase.tokens[k].substr(0, kMaxLexeme));
    if (k + 1 == phrase.tokens.size() && phrase.prefix) q += ":*";
  }
  return q;
}

struct Hit {
  double freq = 0;   // weighted phrase instances
  int64_t size = 0;  // tokens of title and text
};

}  // namespace

Status PgIndex(StmtCache& stmts, const IndexRow& row) {
  const std::vector<std::string> title = Tokens(row.title), body = Tokens(row.body);
  std::set<std::string_view> distinct;
  for (const auto& t : title) distinct.insert(t);
  for (const auto& t : body) distinct.insert(t);
  std::optional<std::string> joined = std::string();
  for (std::string_view t : distinct) {
    if (t.size() > kMaxLexeme || joined->size() > kMaxVector) {
      joined.reset();
      break;
    }
    if (!joined->empty()) joined->push_back(' ');
    joined->append(t);
  }
  Stmt& st = stmts.Get(
      "INSERT INTO article_search (article_id, tokens, ntokens)"
      " VALUES (?1, array_to_tsvector(string_to_array(?2, ' ')), ?3)"
      " ON CONFLICT (article_id) DO UPDATE SET tokens = excluded.tokens,"
      " ntokens = excluded.ntokens");
  JK_RETURN_IF_ERROR(st.status("index article"));
  st.Bind(1, row.id).Bind(2, joined).Bind(3, static_cast<int64_t>(title.size() + body.size()));
  return st.Run("index article");
}

Result<std::vector<std::pair<int64_t, double>>> PgMatch(Db& db, std::string_view query,
                                                        size_t limit) {
  const std::vector<Phrase> phrases = QueryPhrases(query);
  for (const Phrase& p : phrases) {
    if (p.tokens.empty()) return std::vector<std::pair<int64_t, double>>{};
  }
  double rows = 0, total = 0;
  {
    Stmt st(&db, "SELECT count(*), coalesce(sum(ntokens), 0) FROM article_search");
    if (st.Step() != kRow) return st.Error("Search");
    rows = static_cast<double>(st.Int(0));
    total = static_cast<double>(st.Int(1));
  }
  if (rows == 0) return std::vector<std::pair<int64_t, double>>{};
  const double avgdl = total / rows;

  // Per phrase: the articles that hold it, with its weighted count there. A phrase whose tokens
  // more than kSearchCandidates articles hold is checked in its newest kSearchCandidates only
  // (the text of each candidate is normalised to find the phrase: the bound keeps a common
  // word's first page fast), and its document frequency is then the token index's count. One
  // pass reads the candidates of every phrase, newest first, and normalises each article once
  // for all the phrases whose candidate it is.
  std::vector<std::map<int64_t, Hit>> found(phrases.size());
  std::vector<double> frequency(phrases.size());
  std::vector<size_t> seen(phrases.size());
  std::string any, matches;  // the filters joined with |; one match column per phrase
  for (size_t i = 0; i < phrases.size(); ++i) {
    any += (i ? " | (" : "(") + FilterQuery(phrases[i]) + ")";
    matches +=
        ", (s.tokens IS NULL OR s.tokens @@ CAST(?" + std::to_string(i + 3) + " AS tsquery))::int";
  }
  {
    Stmt st(&db, ("SELECT s.article_id, s.ntokens, a.title, a.text" + matches +
                  " FROM article_search s JOIN articles a ON a.id = s.article_id"
                  " WHERE s.tokens @@ CAST(?1 AS tsquery) OR s.tokens IS NULL"
                  " ORDER BY s.article_id DESC LIMIT ?2")
                     .c_str());
    JK_RETURN_IF_ERROR(st.status("Search"));
    st.Bind(1, any).Bind(2, static_cast<int64_t>(phrases.size() * (kSearchCandidates + 1)));
    for (size_t i = 0; i < phrases.size(); ++i)
      st.Bind(static_cast<int>(i + 3), FilterQuery(phrases[i]));
    for (int rc = st.Step(); rc != kDone; rc = st.Step()) {
      if (rc != kRow) return st.Error("Search");
      std::optional<std::pair<std::vector<std::string>, std::vector<std::string>>> tokens;
      bool open = false;  // a phrase still takes candidates
      for (size_t i = 0; i < phrases.size(); ++i) {
        if (seen[i] > kSearchCandidates) continue;
        if (st.Int(static_cast<int>(i + 4)) == 0) {
          open = true;
          continue;
        }
        if (++seen[i] > kSearchCandidates) continue;
        open = true;
        if (!tokens) {
          tokens.emplace(Tokens(IndexText(normalize::Nfkc(st.Text(2)))),
                         Tokens(IndexText(normalize::Nfkc(st.Text(3)))));
        }
        const size_t in_title = CountPhrase(tokens->first, phrases[i]);
        const size_t in_body = CountPhrase(tokens->second, phrases[i]);
        if (in_title + in_body == 0) continue;
        found[i][st.Int(0)] = {kTitleWeight * static_cast<double>(in_title) +
                                   kBodyWeight * static_cast<double>(in_body),
                               st.Int(1)};
      }
      if (!open) break;  // every phrase has its candidates
    }
  }
  for (size_t i = 0; i < phrases.size(); ++i) {
    frequency[i] = static_cast<double>(found[i].size());
    if (seen[i] > kSearchCandidates) {
      Stmt count(&db,
                 "SELECT count(*) FROM article_search"
                 " WHERE tokens @@ CAST(?1 AS tsquery) OR tokens IS NULL");
      JK_RETURN_IF_ERROR(count.status("Search"));
      count.Bind(1, FilterQuery(phrases[i]));
      if (count.Step() != kRow) return count.Error("Search");
      frequency[i] = static_cast<double>(count.Int(0));
    }
  }
  std::vector<double> idf(phrases.size());
  for (size_t i = 0; i < phrases.size(); ++i) {
    const double hits = frequency[i];
    idf[i] = std::log((rows - hits + 0.5) / (hits + 0.5));
    if (idf[i] <= 0.0) idf[i] = 1e-6;
  }
  std::vector<std::pair<int64_t, double>> ranked;
  for (const auto& [id, first] : found[0]) {
    double score = 0;
    bool all = true;
    for (size_t i = 0; i < phrases.size() && all; ++i) {
      const auto it = found[i].find(id);
      if (it == found[i].end()) {
        all = false;
        break;
      }
      const double f = it->second.freq, d = static_cast<double>(it->second.size);
      score += idf[i] * ((f * (kK1 + 1.0)) / (f + kK1 * (1 - kB + kB * d / avgdl)));
    }
    if (all) ranked.emplace_back(id, score);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  return ranked;
}

}  // namespace jikenbo::store
