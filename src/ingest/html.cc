// HTML pages -> the main text of the page, as lines: an HTML5 parser (gumbo), the main content
// element when the page marks one, navigation, menus, footers, scripts and styles dropped,
// headings and paragraphs kept as lines, links resolved against the page address.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>

#include "base/deadline.h"
#include "base/utf8.h"
#include "ingest/decode.h"

namespace jikenbo::ingest {
namespace {

struct OutputDeleter {
  void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

std::string_view Attr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a != nullptr && a->value != nullptr ? std::string_view(a->value) : std::string_view();
}

bool HasToken(std::string_view list, std::string_view token) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ' ' || list[i] == '\t' || list[i] == '\n')) ++i;
    size_t j = i;
    while (j < list.size() && list[j] != ' ' && list[j] != '\t' && list[j] != '\n') ++j;
    if (utf8::AsciiLower(list.substr(i, j - i)) == token) return true;
    i = j;
  }
  return false;
}

// Elements that never hold the notice: scripts and styles, forms, and the page's chrome.
bool Dropped(const GumboElement& el, bool root_is_body) {
  switch (el.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_MENU:
      return true;
    case GUMBO_TAG_HEADER:
      if (root_is_body) return true;
      break;
    default:
      break;
  }
  if (gumbo_get_attribute(&el.attributes, "hidden") != nullptr) return true;
  if (Attr(el, "aria-hidden") == "true") return true;
  const std::string style = utf8::AsciiLower(Attr(el, "style"));
  if (style.find("display:none") != std::string::npos ||
      style.find("display: none") != std::string::npos) {
    return true;
  }
  const std::string role = utf8::AsciiLower(Attr(el, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "search" ||
      role == "complementary" || role == "menu" || role == "menubar") {
    return true;
  }
  static constexpr std::array<std::string_view, 20> kChrome = {
      "nav",       "navi",      "navigation", "menu",   "breadcrumb", "breadcrumbs", "pankuzu",
      "topicpath", "sidebar",   "side",       "footer", "header",     "site-header", "site-footer",
      "gnav",      "globalnav", "global-nav", "skip",   "share",      "pagetop"};
  for (const char* attr : {"class", "id"}) {
    const std::string_view v = Attr(el, attr);
    if (v.empty()) continue;
    for (std::string_view t : kChrome) {
      if (HasToken(v, t)) return true;
    }
  }
  return false;
}

int HeadingLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
      return 1;
    case GUMBO_TAG_H2:
      return 2;
    case GUMBO_TAG_H3:
      return 3;
    case GUMBO_TAG_H4:
      return 4;
    case GUMBO_TAG_H5:
      return 5;
    case GUMBO_TAG_H6:
      return 6;
    default:
      return 0;
  }
}

// Paragraph-level blocks are set off by a blank line; other blocks by a line break.
enum class Break { kNone, kLine, kParagraph };
Break BreakOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_ADDRESS:
      return Break::kParagraph;
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CENTER:
      return Break::kLine;
    default:
      return Break::kNone;
  }
}

// Builds the text: words joined by single spaces, lines and blank lines as the blocks say.
class TextBuilder {
 public:
  void Words(std::string_view s, bool pre) {
    for (char c : s) {
      if (pre) {
        if (c == '\n') {
          LineBreak();
        } else {
          Char(c);
        }
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = !line_.empty();
      } else {
        Char(c);
      }
    }
  }
  void Raw(std::string_view s) {
    for (char c : s) Char(c);
  }
  void LineBreak() {
    if (!line_.empty()) Flush();
  }
  void Paragraph() {
    LineBreak();
    if (!out_.empty()) pending_blank_ = 1;
  }
  void Space() { space_ = !line_.empty(); }
  std::string Take() {
    LineBreak();
    return std::move(out_);
  }

 private:
  void Char(char c) {
    if (space_) line_.push_back(' ');
    space_ = false;
    line_.push_back(c);
  }
  void Flush() {
    std::string_view l = utf8::Trim(line_);
    if (!l.empty()) {
      if (pending_blank_ > 0 && !out_.empty()) out_ += '\n';
      out_.append(l);
      out_ += '\n';
    }
    pending_blank_ = 0;
    line_.clear();
    space_ = false;
  }
  std::string out_;
  std::string line_;
  bool space_ = false;
  int pending_blank_ = 0;
};

void CollectText(const GumboNode* node, std::string* out) {
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    CheckDeadline();
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      out->append(n->v.text.text);
    } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
      const GumboVector& kids = n->v.element.children;
      for (size_t i = kids.length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
      }
    }
  }
}

std::string CollapsedText(const GumboNode* node) {
  std::string raw;
  CollectText(node, &raw);
  TextBuilder b;
  b.Words(raw, false);
  std::string s = b.Take();
  while (!s.empty() && s.back() == '\n') s.pop_back();
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// Elements of the page found in one walk: the main-content candidates and the metadata.
struct PageParts {
  const GumboNode* body = nullptr;
  const GumboNode* main = nullptr;  // <main> or role=main
  std::vector<const GumboNode*> articles;
  const GumboNode* title = nullptr;
  std::string base_href;
  std::string published;
  std::string og_title;
  size_t depth = 0;
};

void NoteMeta(const GumboElement& el, PageParts* parts) {
  const std::string name = utf8::AsciiLower(Attr(el, "name"));
  const std::string prop = utf8::AsciiLower(Attr(el, "property"));
  const std::string item = utf8::AsciiLower(Attr(el, "itemprop"));
  const std::string_view content = Attr(el, "content");
  if (content.empty()) return;
  static constexpr std::array<std::string_view, 10> kDates = {"article:published_time",
                                                              "og:published_time",
                                                              "date",
                                                              "pubdate",
                                                              "publishdate",
                                                              "dc.date",
                                                              "dc.date.issued",
                                                              "dcterms.issued",
                                                              "dcterms.date",
                                                              "datepublished"};
  if (parts->published.empty()) {
    for (std::string_view k : kDates) {
      if (name == k || prop == k || item == k) {
        parts->published = std::string(content);
        break;
      }
    }
  }
  if (prop == "og:title" && parts->og_title.empty()) parts->og_title = std::string(content);
}

PageParts FindParts(const GumboNode* root) {
  PageParts parts;
  std::vector<std::pair<const GumboNode*, size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    CheckDeadline();
    auto [n, depth] = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    parts.depth = std::max(parts.depth, depth);
    const GumboElement& el = n->v.element;
    switch (el.tag) {
      case GUMBO_TAG_BODY:
        parts.body = n;
        break;
      case GUMBO_TAG_MAIN:
        if (parts.main == nullptr) parts.main = n;
        break;
      case GUMBO_TAG_ARTICLE:
        parts.articles.push_back(n);
        break;
      case GUMBO_TAG_TITLE:
        if (parts.title == nullptr) parts.title = n;
        break;
      case GUMBO_TAG_BASE:
        if (parts.base_href.empty()) parts.base_href = std::string(Attr(el, "href"));
        break;
      case GUMBO_TAG_META:
        NoteMeta(el, &parts);
        break;
      case GUMBO_TAG_TIME:
        if (parts.published.empty()) parts.published = std::string(Attr(el, "datetime"));
        break;
      default:
        break;
    }
    if (parts.main == nullptr && utf8::AsciiLower(Attr(el, "role")) == "main") parts.main = n;
    const GumboVector& kids = el.children;
    for (size_t i = kids.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), depth + 1});
    }
  }
  return parts;
}

// Writes the text of the subtree under root.
class Renderer {
 public:
  Renderer(std::string base, bool root_is_body) : base_(std::move(base)), body_(root_is_body) {}

  void Render(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      size_t next;  // next child to visit
    };
    std::vector<Frame> stack{{root, 0}};
    Enter(root);
    while (!stack.empty()) {
      CheckDeadline();
      Frame& f = stack.back();
      const GumboVector& kids = f.node->v.element.children;
      if (f.next >= kids.length) {
        Exit(f.node);
        stack.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(kids.data[f.next++]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
          child->type == GUMBO_NODE_WHITESPACE) {
        text_.Words(child->v.text.text, pre_ > 0);
      } else if (child->type == GUMBO_NODE_ELEMENT && !Dropped(child->v.element, body_)) {
        Enter(child);
        stack.push_back({child, 0});
      }
    }
  }
  std::string Take() { return text_.Take(); }
  std::vector<std::string> links;
  bool saw_heading = false;

 private:
  void Enter(const GumboNode* n) {
    const GumboElement& el = n->v.element;
    const Break br = BreakOf(el.tag);
    if (br == Break::kParagraph) text_.Paragraph();
    if (br == Break::kLine) text_.LineBreak();
    if (el.tag == GUMBO_TAG_PRE) ++pre_;
    if (el.tag == GUMBO_TAG_UL) lists_.push_back(0);
    if (el.tag == GUMBO_TAG_OL) lists_.push_back(1);
    if (el.tag == GUMBO_TAG_LI && !lists_.empty()) {
      int& counter = lists_.back();
      text_.Raw(counter == 0 ? "・" : std::to_string(counter++) + ". ");
    }
    if (el.tag == GUMBO_TAG_TD || el.tag == GUMBO_TAG_TH) text_.Space();
    if (const int level = HeadingLevel(el.tag); level > 0) {
      saw_heading = true;
      text_.Raw(std::string(static_cast<size_t>(level), '#') + " ");
    }
  }
  void Exit(const GumboNode* n) {
    const GumboElement& el = n->v.element;
    const Break br = BreakOf(el.tag);
    if (br == Break::kParagraph) text_.Paragraph();
    if (br == Break::kLine) text_.LineBreak();
    if (el.tag == GUMBO_TAG_PRE) --pre_;
    if ((el.tag == GUMBO_TAG_UL || el.tag == GUMBO_TAG_OL) && !lists_.empty()) lists_.pop_back();
    if (el.tag == GUMBO_TAG_TD || el.tag == GUMBO_TAG_TH) text_.Space();
    if (el.tag == GUMBO_TAG_A) {
      const std::string url = ResolveUrl(base_, std::string(Attr(el, "href")));
      if (!url.empty() && url.rfind("http", 0) == 0) {
        links.push_back(url);
        // The address goes into the text after the link's words, so that source links
        // (詳細はこちら <https://…>) are found and kept with their evidence.
        const std::string words = CollapsedText(n);
        if (words.find(url) == std::string::npos) text_.Raw(" <" + url + ">");
      }
    }
  }
  TextBuilder text_;
  std::string base_;
  bool body_;
  int pre_ = 0;
  std::vector<int> lists_;  // 0 = bullets, n > 0 = next number
};

// Nesting of elements that need an end tag, estimated from the bytes before parsing: the parser
// and its tree must never see 100,000 nested elements.
size_t EstimatedDepth(std::string_view html) {
  static constexpr std::array<std::string_view, 14> kContainers = {
      "div", "span", "section", "article", "table", "blockquote", "b",
      "i",   "em",   "strong",  "font",    "a",     "ul",         "ol"};
  size_t depth = 0, deepest = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    const bool close = i + 1 < html.size() && html[i + 1] == '/';
    size_t j = i + (close ? 2 : 1);
    size_t k = j;
    while (k < html.size() && k - j < 12 && ((html[k] | 0x20) >= 'a' && (html[k] | 0x20) <= 'z')) {
      ++k;
    }
    const std::string name = utf8::AsciiLower(html.substr(j, k - j));
    if (std::find(kContainers.begin(), kContainers.end(), name) == kContainers.end()) continue;
    if (close) {
      if (depth > 0) --depth;
    } else {
      deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

std::string TitleWithoutSite(std::string title) {
  // "お知らせ | 架空市" -> "お知らせ": a site name after a separator is not the notice's title.
  for (std::string_view sep : {" | ", "｜", " - ", " – ", " — ", " :: "}) {
    const size_t at = title.rfind(sep);
    if (at != std::string::npos && at > 0) return title.substr(0, at);
  }
  return title;
}

}  // namespace

Result<DecodedDoc> DecodeHtml(std::string_view utf8_html, const std::string& base_url,
                              const DecodeOptions& options) {
  if (EstimatedDepth(utf8_html) > options.max_html_depth) {
    return Status::InvalidInput("HTML nested deeper than " +
                                std::to_string(options.max_html_depth) + " elements");
  }
  std::unique_ptr<GumboOutput, OutputDeleter> out(
      gumbo_parse_with_options(&kGumboDefaultOptions, utf8_html.data(), utf8_html.size()));
  if (!out || out->root == nullptr) return Status::InvalidInput("HTML could not be parsed");
  const PageParts parts = FindParts(out->root);
  DecodedDoc doc;
  doc.format = Format::kHtml;
  doc.url = base_url;
  doc.published = parts.published;
  if (parts.title != nullptr) doc.title = TitleWithoutSite(CollapsedText(parts.title));
  if (doc.title.empty()) doc.title = parts.og_title;
  std::string base = base_url;
  if (!parts.base_href.empty()) {
    const std::string resolved = ResolveUrl(base_url, parts.base_href);
    if (!resolved.empty()) base = resolved;
  }
  const GumboNode* root = parts.main;
  if (root == nullptr && parts.articles.size() == 1) root = parts.articles.front();
  if (root == nullptr) root = parts.body != nullptr ? parts.body : out->root;
  Renderer r(base, root == parts.body || root == out->root);
  r.Render(root);
  std::string text = r.Take();
  // A page whose content has no heading gets its <title> as the first line.
  if (!r.saw_heading && !doc.title.empty()) text = "# " + doc.title + "\n\n" + text;
  if (utf8::IsBlank(text)) return Status::InvalidInput("HTML page without text");
  doc.text = std::move(text);
  doc.links = std::move(r.links);
  return doc;
}

}  // namespace jikenbo::ingest
