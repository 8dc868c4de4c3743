// RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> one document per item: its title, link, date and
// content (HTML content through the HTML path). The XML parser never fetches anything and never
// expands entities (no XXE); the bytes are converted to UTF-8 by our own charset code first.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <memory>
#include <mutex>

#include "base/deadline.h"
#include "base/utf8.h"
#include "ingest/decode.h"

namespace jikenbo::ingest {
namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct BufferFree {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};

std::string_view Name(const xmlNode* n) {
  return n->name != nullptr ? reinterpret_cast<const char*>(n->name) : "";
}

std::string Content(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c != nullptr ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return std::string(utf8::Trim(s));
}

std::string Prop(const xmlNode* n, const char* name) {
  xmlChar* c = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string s = c != nullptr ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

std::string Serialize(xmlNode* n, bool children_only) {
  std::unique_ptr<xmlBuffer, BufferFree> buf(xmlBufferCreate());
  if (children_only) {
    for (xmlNode* c = n->children; c != nullptr; c = c->next)
      xmlNodeDump(buf.get(), n->doc, c, 0, 0);
  } else {
    xmlNodeDump(buf.get(), n->doc, n, 0, 0);
  }
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buf.get())),
                     static_cast<size_t>(xmlBufferLength(buf.get())));
}

struct Item {
  std::string title, link, date, html, id;
};

Item ReadItem(xmlNode* item, bool atom) {
  Item it;
  for (xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = Name(c);
    if (name == "title") {
      it.title = Content(c);
    } else if (name == "link") {
      if (atom) {
        const std::string rel = Prop(c, "rel");
        if (rel.empty() || rel == "alternate") it.link = Prop(c, "href");
      } else {
        it.link = Content(c);
      }
    } else if (name == "pubDate" || name == "date" || name == "published" ||
               (name == "updated" && it.date.empty())) {
      it.date = Content(c);
    } else if (name == "encoded" || (name == "content" && atom)) {
      // content:encoded (RSS) or Atom content: the fullest form of the item
      it.html = atom && Prop(c, "type") == "xhtml" ? Serialize(c, true) : Content(c);
      if (atom && Prop(c, "type").empty()) it.html = "<pre>" + it.html + "</pre>";  // text
    } else if ((name == "description" || name == "summary") && it.html.empty()) {
      it.html = Content(c);
    } else if (name == "guid" || name == "id") {
      it.id = Content(c);
    }
  }
  return it;
}

}  // namespace

Result<std::vector<DecodedDoc>> DecodeFeed(std::string_view bytes, const DecodeOptions& options) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  const auto declared = DeclaredCharset(bytes);
  TextBytes text = ToUtf8(bytes, declared.value_or(""));
  if (text.utf8.size() > static_cast<size_t>(INT32_MAX))
    return Status::InvalidInput("feed too large");
  const int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, DocFree> doc(xmlReadMemory(
      text.utf8.data(), static_cast<int>(text.utf8.size()), "feed.xml", "UTF-8", flags));
  if (!doc) {
    const xmlError* e = xmlGetLastError();
    std::string why = e != nullptr && e->message != nullptr ? e->message : "parse error";
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return Status::InvalidInput("feed is not well-formed XML (line " +
                                std::to_string(e != nullptr ? e->line : 0) + ": " + why + ")");
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::InvalidInput("feed without a root element");
  const std::string_view kind = Name(root);
  const bool atom = kind == "feed";
  std::vector<xmlNode*> items;
  auto collect = [&](xmlNode* parent, std::string_view tag) {
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && Name(c) == tag) items.push_back(c);
    }
  };
  if (atom) {
    collect(root, "entry");
  } else if (kind == "rss") {
    for (xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && Name(c) == "channel") collect(c, "item");
    }
  } else if (kind == "RDF") {
    collect(root, "item");
  } else {
    return Status::InvalidInput("XML but not a feed (root element <" + std::string(kind) + ">)");
  }
  if (items.size() > options.max_feed_items) {
    return Status::InvalidInput("feed with more than " + std::to_string(options.max_feed_items) +
                                " items");
  }
  std::vector<DecodedDoc> out;
  for (xmlNode* node : items) {
    CheckDeadline();
    Item it = ReadItem(node, atom);
    DecodedDoc d;
    d.format = Format::kFeed;
    d.encoding = text.encoding;
    d.encoding_how = text.how;
    d.title = it.title;
    d.published = it.date;
    d.url = it.link;
    d.item_bytes = Serialize(node, false);
    d.item_id = it.id;
    std::string body;
    if (!utf8::IsBlank(it.html)) {
      auto html = DecodeHtml(it.html, it.link, options);
      if (html.ok()) {
        body = std::move(html->text);
        d.links = std::move(html->links);
      } else {
        d.warnings.push_back({0, "item content: " + html.status().what()});
      }
    }
    // The title, the item's link under it (where source links of a notice stand), the content.
    std::string t = it.title.empty() ? "" : "# " + it.title + "\n";
    if (!it.link.empty()) t += "<" + it.link + ">\n";
    if (!t.empty()) t += "\n";
    t += body;
    if (utf8::IsBlank(t)) continue;  // an empty item carries nothing to ingest
    d.text = std::move(t);
    out.push_back(std::move(d));
  }
  if (out.empty()) return Status::InvalidInput("feed without items");
  return out;
}

}  // namespace jikenbo::ingest
