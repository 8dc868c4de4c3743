// The web UI in Japanese and English. Messages come from rules/ui.rules (KEY, Japanese, English);
// the names of vocabulary values (types, kinds, data items, authorities …) are the digest's
// Japanese words (rules/digest.rules) and their English in rules/labels_en.rules. A request's
// language: ?lang=, then the jikenbo_lang cookie (set by /lang), then Accept-Language; Japanese
// when none of them names ja or en.
#pragma once

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/file_source.h"
#include "base/status.h"
#include "report/lexicon.h"
#include "serve/http.h"

namespace jikenbo::serve {

enum class Lang { kJa = 0, kEn = 1 };

inline constexpr const char* kLangCookie = "jikenbo_lang";
// "ja" or "en".
std::string_view LangCode(Lang lang);
// "ja"/"en" (any case, with or without a region: "en-GB") to a language, else nullopt.
std::optional<Lang> ParseLang(std::string_view tag);
// The language an Accept-Language header prefers among ja and en (highest q, the first of
// equals; q=0 refuses), or nullopt when it names neither.
std::optional<Lang> FromAcceptLanguage(std::string_view header);
// The language of a request: ?lang=, the cookie, Accept-Language, else Japanese.
Lang LangOf(const Request& r);

// `text` with each "{}" replaced by the next of `args` (a missing one by "").
std::string Fill(std::string_view text, const std::vector<std::string_view>& args);

// The messages of rules/ui.rules. Every message has both languages, and "{}" placeholders, the
// same number in each (checked at load, with the line named). Keys "phrase:PATTERN" translate
// the phrases the analysis writes in English (low-confidence reasons, a case's changes between
// reports, why reports are linked): PATTERN is such a phrase with "{}" for its variable parts.
// Immutable after loading.
class UiText {
 public:
  static Result<UiText> Parse(const report::NamedText& file);
  // The message `key` with each "{}" replaced by the next of `args`; "[key]" when unknown.
  std::string Get(Lang lang, std::string_view key,
                  std::initializer_list<std::string_view> args = {}) const;
  bool Has(std::string_view key) const;
  size_t size() const { return messages_.size(); }
  // An analysis phrase in `lang`: the first phrase pattern it matches (in file order), its
  // variable parts carried over; else the phrase as written.
  std::string Phrase(Lang lang, std::string_view phrase) const;

 private:
  struct PhrasePattern {
    std::vector<std::string> literals;  // the pattern split at its "{}"
    std::array<std::string, 2> text;
  };
  std::unordered_map<std::string, std::array<std::string, 2>> messages_;
  std::vector<PhrasePattern> phrases_;
};

// The vocabulary words for `lang`: the Japanese lexicon itself, or a copy whose label roles
// (type_label, kind, data_item, unit, authority, org_kind, ioc_role, chart_title) come from
// labels_en.rules. Errors name file:line (an unknown role, a value of no vocabulary).
Result<report::Lexicon> EnglishLexicon(const report::Lexicon& japanese,
                                       const report::NamedText& labels_en);

// One request's words: its language, the messages and the lexicon of that language.
class Tr {
 public:
  Tr(const UiText& ui, const report::Lexicon& lexicon, Lang lang)
      : ui_(&ui), lexicon_(&lexicon), lang_(lang) {}
  Lang lang() const { return lang_; }
  std::string_view code() const { return LangCode(lang_); }
  std::string operator()(std::string_view key,
                         std::initializer_list<std::string_view> args = {}) const {
    return ui_->Get(lang_, key, args);
  }
  // The name of a vocabulary value (role as in digest.rules), the value itself when unnamed.
  const std::string& Word(const std::string& role, const std::string& value) const {
    return lexicon_->Word(role, value);
  }
  const report::Lexicon& lexicon() const { return *lexicon_; }
  // The message `key` as HTML: its text escaped, then each "{}" replaced by the next of `html`
  // (markup the caller built and escaped).
  std::string Html(std::string_view key, const std::vector<std::string_view>& html) const;
  // An analysis phrase (UiText::Phrase) in this language.
  std::string Phrase(const std::string& phrase) const { return ui_->Phrase(lang_, phrase); }

 private:
  const UiText* ui_;
  const report::Lexicon* lexicon_;
  Lang lang_;
};

}  // namespace jikenbo::serve
