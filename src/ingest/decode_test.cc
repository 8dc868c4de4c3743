#include "ingest/decode.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "base/utf8.h"
#include "ingest/ingest.h"
#include "tests/testing.h"

namespace jikenbo::ingest {
namespace {

using testing::Encode;

const std::string kNotice =
    "架空第一病院 ① 個人情報を含むUSBメモリの紛失について\n株式会社㈱テスト 髙橋 﨑";

// ---- encodings ---------------------------------------------------------------------------------

TEST(Charset, DetectsJapaneseEncodingsWithoutALabel) {
  struct Case {
    const char* icu;
    const char* reported;
  } cases[] = {{"windows-31j", "Shift_JIS"},
               {"EUC-JP", "EUC-JP"},
               {"ISO-2022-JP", "ISO-2022-JP"},
               {"UTF-8", "UTF-8"}};
  for (const Case& c : cases) {
    // ISO-2022-JP has no NEC extensions or IBM kanji: test it on the plain part.
    const std::string text = std::string(c.icu) == "ISO-2022-JP"
                                 ? std::string("個人情報を含むUSBメモリの紛失について")
                                 : kNotice;
    const TextBytes t = ToUtf8(Encode(text, c.icu));
    EXPECT_EQ(t.encoding, c.reported) << c.icu;
    EXPECT_EQ(t.how, "detected") << c.icu;
    EXPECT_EQ(t.utf8, text) << c.icu;
    EXPECT_TRUE(t.warnings.empty()) << c.icu << ": " << t.warnings.front().message;
  }
}

TEST(Charset, ByteOrderMarksWin) {
  auto with = [](std::string bom, const std::string& bytes) { return bom.append(bytes); };
  const TextBytes le = ToUtf8(with("\xFF\xFE", Encode(kNotice, "UTF-16LE")), "Shift_JIS");
  EXPECT_EQ(le.encoding, "UTF-16LE");
  EXPECT_EQ(le.how, "bom");
  EXPECT_EQ(le.utf8, kNotice);
  const TextBytes be = ToUtf8(with("\xFE\xFF", Encode(kNotice, "UTF-16BE")));
  EXPECT_EQ(be.encoding, "UTF-16BE");
  EXPECT_EQ(be.utf8, kNotice);
  const TextBytes u8 = ToUtf8(with("\xEF\xBB\xBF", kNotice));
  EXPECT_EQ(u8.encoding, "UTF-8");
  EXPECT_EQ(u8.utf8, kNotice);  // the BOM is not text
  const TextBytes bare = ToUtf8(Encode("お知らせ notice text", "UTF-16LE"));
  EXPECT_EQ(bare.encoding, "UTF-16LE");  // no BOM: recognised by its NUL bytes
  EXPECT_EQ(bare.utf8, "お知らせ notice text");
}

TEST(Charset, ADeclaredLabelIsCheckedAgainstTheBytes) {
  const std::string sjis = Encode(kNotice, "windows-31j");
  const TextBytes ok = ToUtf8(sjis, "shift_jis");
  EXPECT_EQ(ok.encoding, "Shift_JIS");
  EXPECT_EQ(ok.how, "declared");
  EXPECT_EQ(ok.utf8, kNotice);
  const TextBytes wrong =
      ToUtf8(Encode("個人情報の漏えいについてお知らせします", "EUC-JP"), "Shift_JIS");
  EXPECT_EQ(wrong.encoding, "EUC-JP");
  EXPECT_EQ(wrong.how, "detected");
  ASSERT_FALSE(wrong.warnings.empty());
  EXPECT_NE(wrong.warnings[0].message.find("does not match"), std::string::npos);
  const TextBytes unknown = ToUtf8(sjis, "x-no-such-charset");
  EXPECT_EQ(unknown.encoding, "Shift_JIS");
  EXPECT_NE(unknown.warnings.at(0).message.find("unknown declared charset"), std::string::npos);
  // A Latin-1 label on UTF-8 bytes is a mislabel.
  EXPECT_EQ(ToUtf8(kNotice, "iso-8859-1").encoding, "UTF-8");
}

TEST(Charset, UndecodableBytesBecomeReplacementCharactersWithOffsets) {
  const std::string euc = Encode("個人情報の漏えい", "EUC-JP");
  const std::string bytes = euc.substr(0, 6) + std::string(1, '\xFF') + euc.substr(6);
  const TextBytes t = ToUtf8(bytes, "EUC-JP");
  EXPECT_EQ(t.encoding, "EUC-JP");
  EXPECT_NE(t.utf8.find("\xEF\xBF\xBD"), std::string::npos);
  ASSERT_FALSE(t.warnings.empty());
  EXPECT_EQ(t.warnings.back().offset, 6u);
  EXPECT_TRUE(utf8::IsValid(t.utf8));
}

TEST(Charset, LabelsInMarkupAndHttpHeaders) {
  EXPECT_EQ(DeclaredCharset("<html><head><meta charset=\"Shift_JIS\">"), "Shift_JIS");
  EXPECT_EQ(
      DeclaredCharset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=euc-jp\">"),
      "euc-jp");
  EXPECT_EQ(DeclaredCharset("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><rss>"),
            "ISO-2022-JP");
  EXPECT_EQ(DeclaredCharset("<p>charset=utf-8 in text is no declaration</p>"), std::nullopt);
  EXPECT_EQ(HttpCharset("text/html; charset=\"EUC-JP\""), "EUC-JP");
  EXPECT_EQ(HttpCharset("text/html"), "");
  EXPECT_EQ(CanonicalCharset("SJIS"), "Shift_JIS");
  EXPECT_EQ(CanonicalCharset("no-such"), std::nullopt);
}

// ---- formats -----------------------------------------------------------------------------------

TEST(Sniff, ContentTypeThenContentThenExtension) {
  EXPECT_EQ(Sniff("%PDF-1.4", {"x.txt", "", ""}), Format::kPdf);
  EXPECT_EQ(Sniff("<?xml version='1.0'?><rss version='2.0'>", {"x", "", ""}), Format::kFeed);
  EXPECT_EQ(Sniff("<feed xmlns='http://www.w3.org/2005/Atom'>", {"x", "", ""}), Format::kFeed);
  EXPECT_EQ(Sniff("<!DOCTYPE html><html>", {"x.txt", "", ""}), Format::kHtml);
  EXPECT_EQ(Sniff("From: a@example.invalid\nSubject: x\n\nbody", {"x", "", ""}), Format::kEmail);
  EXPECT_EQ(Sniff("anything", {"a/b.htm", "", ""}), Format::kHtml);
  EXPECT_EQ(Sniff("anything", {"a/b.md", "", ""}), Format::kMarkdown);
  EXPECT_EQ(Sniff("件名: 本文です", {"note.txt", "", ""}), Format::kText);
  EXPECT_EQ(Sniff("plain", {"u", "", "text/html; charset=UTF-8"}), Format::kHtml);
}

TEST(ResolveUrl, RelativeReferences) {
  const std::string base = "https://city.example.invalid/news/2031/0512.html?x=1";
  EXPECT_EQ(ResolveUrl(base, "detail.pdf"), "https://city.example.invalid/news/2031/detail.pdf");
  EXPECT_EQ(ResolveUrl(base, "../a/b.html#s"), "https://city.example.invalid/news/a/b.html#s");
  EXPECT_EQ(ResolveUrl(base, "/top"), "https://city.example.invalid/top");
  EXPECT_EQ(ResolveUrl(base, "//cdn.example.invalid/x"), "https://cdn.example.invalid/x");
  EXPECT_EQ(ResolveUrl(base, "?page=2"), "https://city.example.invalid/news/2031/0512.html?page=2");
  EXPECT_EQ(ResolveUrl(base, "http://other.example.invalid/"), "http://other.example.invalid/");
  EXPECT_EQ(ResolveUrl(base, "javascript:alert(1)"), "");
  EXPECT_EQ(ResolveUrl(base, " JavaScript:alert(1)"), "");
  EXPECT_EQ(ResolveUrl(base, "#top"), "");
  EXPECT_EQ(ResolveUrl("", "relative.html"), "");
}

TEST(Html, MainTextWithoutTheChromeOfThePage) {
  const std::string page = R"(<!DOCTYPE html><html><head>
<title>不正アクセスによる情報漏えいについて | 架空市</title>
<meta property="article:published_time" content="2031-06-02T09:00:00+09:00">
<style>.x{color:red}</style><script>var cue = "ランサムウェア";</script></head>
<body><header class="site-header"><a href="/">架空市トップ</a></header>
<nav><ul><li><a href="/a">くらし</a></li><li><a href="/b">防災</a></li></ul></nav>
<div class="breadcrumb">ホーム &gt; お知らせ</div>
<main><h1>不正アクセスによる情報漏えいについて</h1>
<p>2031年6月2日<br>架空市 情報政策課</p>
<p>当市のサーバーが不正アクセスを受け、<b>市民 37名</b>の氏名が漏えいしました。</p>
<ul><li>氏名</li><li>住所</li></ul>
<p>詳細は<a href="detail/0602.pdf">報告書</a>をご覧ください。</p>
<table><tr><th>件数</th><td>37名</td></tr></table>
<div hidden>隠れた文</div><p style="display:none">見えない文</p>
</main><footer>© 架空市 電話 0120-000-000</footer></body></html>)";
  auto doc = DecodeHtml(page, "https://city.example.invalid/news/0602.html");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "不正アクセスによる情報漏えいについて");
  EXPECT_EQ(doc->published, "2031-06-02T09:00:00+09:00");
  EXPECT_EQ(doc->text,
            "# 不正アクセスによる情報漏えいについて\n\n"
            "2031年6月2日\n架空市 情報政策課\n\n"
            "当市のサーバーが不正アクセスを受け、市民 37名の氏名が漏えいしました。\n\n"
            "・氏名\n・住所\n\n"
            "詳細は報告書 <https://city.example.invalid/news/detail/0602.pdf>をご覧ください。\n\n"
            "件数 37名\n");
  ASSERT_EQ(doc->links.size(), 1u);
  for (const char* absent :
       {"ランサムウェア", "くらし", "ホーム", "0120", "隠れた", "見えない", "color"}) {
    EXPECT_EQ(doc->text.find(absent), std::string::npos) << absent;
  }
}

// An indicator table written without whitespace between cells: each cell stays apart in the
// text, so no indicator is glued to its neighbour (a date, a label, the next indicator).
TEST(Html, TableCellsStayApartSoIndicatorsAreNotGlued) {
  auto doc = DecodeHtml(
      "<html><body><table><tr><th>種別</th><th>値</th><th>確認日</th></tr>"
      "<tr><td>C2</td><td>kasora-c2.top</td><td>2031-01-05</td></tr>"
      "<tr><td>URL</td><td>https://kasora-drop.net/a.php</td><td>2031-01-06</td></tr>"
      "</table></body></html>",
      "");
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc->text.find("C2 kasora-c2.top 2031-01-05\n"), std::string::npos) << doc->text;
  EXPECT_NE(doc->text.find("URL https://kasora-drop.net/a.php 2031-01-06\n"), std::string::npos)
      << doc->text;
}

TEST(Html, NoHeadingMeansTheTitleLeadsAndHostileMarkupStaysText) {
  auto doc = DecodeHtml(
      "<html><head><title>お知らせ</title></head><body><p>&lt;script&gt;alert(1)&lt;/script&gt; "
      "&quot;&gt;&lt;img onerror=x&gt;</p><time "
      "datetime=\"2031-01-05\">1月5日</time></body></html>",
      "");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "# お知らせ\n\n<script>alert(1)</script> \"><img onerror=x>\n\n1月5日\n");
  EXPECT_EQ(doc->published, "2031-01-05");
}

TEST(Html, DeepNestingIsRefusedBeforeParsing) {
  std::string deep;
  for (int i = 0; i < 100'000; ++i) deep += "<div>";
  deep += "本文";
  auto doc = DecodeHtml(deep, "");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Code::kInvalidInput);
  EXPECT_NE(doc.status().what().find("nested deeper"), std::string::npos);
  // Unclosed paragraphs and list items are not nesting.
  std::string flat;
  for (int i = 0; i < 5'000; ++i) flat += "<p>段落" + std::to_string(i);
  EXPECT_TRUE(DecodeHtml(flat, "").ok());
}

TEST(Pdf, TextLayerInReadingOrderWithTheInfoTitle) {
  const std::string pdf =
      testing::MakePdf({"USBメモリの紛失について", "", "2031年5月12日", "架空病院", "",
                        "当院職員が患者情報を含むUSBメモリを紛失しました。"},
                       "USBメモリの紛失について");
  auto doc = DecodePdf(pdf);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "USBメモリの紛失について");
  EXPECT_NE(doc->text.find("USBメモリの紛失について\n"), std::string::npos) << doc->text;
  EXPECT_NE(doc->text.find("2031年5月12日"), std::string::npos) << doc->text;
  EXPECT_NE(doc->text.find("当院職員が患者情報を含むUSBメモリを紛失しました。"), std::string::npos)
      << doc->text;
}

TEST(Pdf, BrokenSentencesAreRejoined) {
  // A paragraph wrapped at 20 characters by the layout; short lines are the author's own.
  auto doc = DecodePdf(testing::MakePdf(
      {"報告書", "2031年5月12日", "架空病院", "当院職員が患者情報を含むUSBメモリを紛",
       "失しました。紛失したUSBメモリには氏名", "が含まれています。"}));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_NE(doc->text.find("2031年5月12日\n架空病院\n当院職員が患者情報を含むUSBメモリを紛失しま"
                           "した。紛失したUSBメモリには氏名が含まれています。"),
            std::string::npos)
      << doc->text;
}

TEST(Pdf, TruncatedScannedAndForeignBytesAreClearErrors) {
  const std::string pdf = testing::MakePdf({"本文です。"});
  auto truncated = DecodePdf(pdf.substr(0, pdf.size() / 3));
  EXPECT_FALSE(truncated.ok());
  auto empty = DecodePdf(testing::MakePdf({"", ""}));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Code::kUnsupported);
  EXPECT_NE(empty.status().what().find("without a text layer"), std::string::npos);
  EXPECT_FALSE(DecodePdf("GIF89a").ok());
  auto locked = DecodePdf(testing::MakePdf({"本文です。"}, "", /*encrypted=*/true));
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.status().code(), Code::kUnsupported) << locked.status().ToString();
  EXPECT_NE(locked.status().what().find("encrypted"), std::string::npos);
}

TEST(Email, EncodedSubjectAndBodyInIso2022Jp) {
  const std::string subject = Encode("個人情報の漏えいについて", "ISO-2022-JP");
  std::string b64;
  {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 2 < subject.size(); i += 3) {
      const uint32_t v =
          (uint8_t(subject[i]) << 16) | (uint8_t(subject[i + 1]) << 8) | uint8_t(subject[i + 2]);
      for (int s = 18; s >= 0; s -= 6) b64 += k[(v >> s) & 63];
    }
    if (i < subject.size()) {
      uint32_t v = uint8_t(subject[i]) << 16;
      if (i + 1 < subject.size()) v |= uint8_t(subject[i + 1]) << 8;
      b64 += k[(v >> 18) & 63];
      b64 += k[(v >> 12) & 63];
      b64 += i + 1 < subject.size() ? k[(v >> 6) & 63] : '=';
      b64 += '=';
    }
  }
  const std::string mail =
      "From: info@example.invalid\r\nTo: press@example.invalid\r\n"
      "Subject: =?ISO-2022-JP?B?" +
      b64 +
      "?=\r\n"
      "Date: Mon, 12 May 2031 10:00:00 +0900\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
      "Content-Transfer-Encoding: 7bit\r\n\r\n" +
      Encode("架空市は、市民37名の氏名が漏えいしたと発表しました。", "ISO-2022-JP") + "\r\n";
  auto doc = DecodeEmail(mail);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "個人情報の漏えいについて");
  EXPECT_EQ(doc->published, "Mon, 12 May 2031 10:00:00 +0900");
  EXPECT_EQ(doc->text,
            "# 個人情報の漏えいについて\n\n架空市は、市民37名の氏名が漏えいしたと発表しました。\n");
}

TEST(Email, AlternativePrefersPlainTextAndQuotedPrintableIsDecoded) {
  const std::string mail =
      "Subject: =?UTF-8?Q?=E3=81=8A=E7=9F=A5=E3=82=89=E3=81=9B?=\n"
      "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
      "preamble\n--b1\nContent-Type: text/plain; charset=UTF-8\n"
      "Content-Transfer-Encoding: quoted-printable\n\n"
      "=E6=9C=AC=E6=96=87=E3=81=A7=E3=81=99=E3=80=82 long=\nline\n"
      "--b1\nContent-Type: text/html; charset=UTF-8\n\n<p>HTMLの本文</p>\n--b1--\n";
  auto doc = DecodeEmail(mail);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "お知らせ");
  EXPECT_EQ(doc->text, "# お知らせ\n\n本文です。 longline\n");
  // HTML only: read through the HTML path; base64 decoded.
  const std::string html_only =
      "Subject: x\nContent-Type: multipart/alternative; boundary=zz\n\n--zz\n"
      "Content-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n"
      "PHA+SFRNTOOBruacrOaWhzwvcD4=\n--zz--\n";
  auto html = DecodeEmail(html_only);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_NE(html->text.find("HTMLの本文"), std::string::npos) << html->text;
}

TEST(Email, BrokenMimeIsAClearErrorOrAWarning) {
  auto missing = DecodeEmail("Subject: x\nContent-Type: multipart/mixed; boundary=nope\n\nbody\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().what().find("boundary"), std::string::npos);
  auto unclosed = DecodeEmail(
      "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n"
      "本文だけ\n");
  ASSERT_TRUE(unclosed.ok()) << unclosed.status().ToString();
  EXPECT_NE(unclosed->text.find("本文だけ"), std::string::npos);
  ASSERT_FALSE(unclosed->warnings.empty());
  EXPECT_NE(unclosed->warnings[0].message.find("never closed"), std::string::npos);
  EXPECT_FALSE(DecodeEmail("no headers here").ok());
}

TEST(Feed, RssAndAtomItemsBecomeDocuments) {
  const std::string rss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>架空ニュース</title>
<item><title>架空市で情報漏えい</title><link>https://news.example.invalid/a/1</link>
<pubDate>Mon, 12 May 2031 10:00:00 +0900</pubDate><guid>a1</guid>
<description>&lt;p&gt;架空市は&lt;b&gt;37名&lt;/b&gt;の氏名が漏えいしたと発表した。&lt;/p&gt;</description></item>
<item><title>二件目</title><link>https://news.example.invalid/a/2</link>
<description><![CDATA[<p>本文二。</p>]]></description></item>
</channel></rss>)";
  auto items = DecodeFeed(rss);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 2u);
  const DecodedDoc& a = (*items)[0];
  EXPECT_EQ(a.title, "架空市で情報漏えい");
  EXPECT_EQ(a.url, "https://news.example.invalid/a/1");
  EXPECT_EQ(a.published, "Mon, 12 May 2031 10:00:00 +0900");
  EXPECT_EQ(a.text,
            "# 架空市で情報漏えい\n<https://news.example.invalid/a/1>\n\n"
            "架空市は37名の氏名が漏えいしたと発表した。\n");
  EXPECT_NE(a.item_bytes.find("<guid>a1</guid>"), std::string::npos);
  EXPECT_NE((*items)[1].text.find("本文二。"), std::string::npos);

  const std::string atom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Atomの記事</title><link rel="alternate" href="https://blog.example.invalid/p/9"/>
<id>urn:x:9</id><updated>2031-06-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;記事の本文。&lt;/p&gt;</content></entry></feed>)";
  auto entries = DecodeFeed(atom);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].url, "https://blog.example.invalid/p/9");
  EXPECT_EQ((*entries)[0].published, "2031-06-01T00:00:00Z");
  EXPECT_NE((*entries)[0].text.find("記事の本文。"), std::string::npos);
}

TEST(Feed, NotXmlAndExternalEntitiesAreRefusedQuietly) {
  auto bad = DecodeFeed("<rss><channel><item><title>unclosed");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().what().find("not well-formed XML"), std::string::npos);
  EXPECT_FALSE(DecodeFeed("<html><body>not a feed</body></html>").ok());
  const std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>t &leak;</title><description>d</description></item></channel></rss>)";
  auto items = DecodeFeed(xxe);
  if (items.ok()) {
    for (const auto& d : *items) EXPECT_EQ(d.text.find("root:"), std::string::npos);
  }
}

// ---- one notice, every format -----------------------------------------------------------------

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

// The notice as a city's web page: title in <h1>, paragraphs at blank lines, with menus,
// scripts and a footer around it that must not count.
std::string AsHtml(const std::string& text, const char* charset) {
  const size_t nl = text.find('\n');
  std::string html = std::string("<!DOCTYPE html><html><head><meta charset=\"") + charset +
                     "\"><title>" + HtmlEscape(text.substr(0, nl)) +
                     " | 架空サイト</title><script>var t='ランサムウェア 不正アクセス';</script>"
                     "</head><body><nav><a href=\"/\">トップ</a> <a href=\"/x\">お問い合わせ</a>"
                     "</nav><main><h1>" +
                     HtmlEscape(text.substr(0, nl)) + "</h1>\n<p>";
  bool open = true;
  std::string_view rest = std::string_view(text).substr(nl + 1);
  size_t i = 0;
  bool first_line = true;
  while (i <= rest.size()) {
    size_t j = rest.find('\n', i);
    if (j == std::string_view::npos) j = rest.size();
    const std::string_view line = rest.substr(i, j - i);
    i = j + 1;
    if (utf8::IsBlank(line)) {
      if (!first_line) html += "</p>\n<p>";
      first_line = true;
      continue;
    }
    if (!first_line) html += "<br>\n";
    html += HtmlEscape(line);
    first_line = false;
  }
  if (open) html += "</p>";
  html += "</main><footer>© 架空サイト 電話 0120-000-000 ランサムウェア対策</footer></body></html>";
  return html;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string Fields(const Prepared& p) {
  EXPECT_EQ(p.articles.size(), 1u) << p.document.path;
  if (p.articles.empty()) return "";
  const model::Incident& inc = p.articles[0].incident;
  std::string s = "kind=" + inc.kind.value_or("-") + " type=" + inc.type.value_or("-") +
                  " org=" + inc.title_org.value_or("-") +
                  " org_kind=" + inc.org_kind.value_or("-") +
                  " announced=" + inc.announce_date.value_or("-") +
                  " incident=" + inc.incident_date.value_or("-") + " affected=";
  for (const auto& a : inc.affected) s += std::to_string(a.count) + a.unit + ",";
  s += " items=";
  for (const auto& d : inc.data_items) s += d + ",";
  s += " reported=";
  for (const auto& r : inc.reported_to) s += r.authority + ",";
  s += " cause=" + inc.cause.value_or("-");
  return s;
}

TEST(AllFormats, OneNoticeGivesTheSameFieldsInEveryFormat) {
  for (const char* name :
       {"examples/01_kasora_city_misdelivery.txt", "examples/03_minato_hospital_usb_loss.txt",
        "examples/04_sample_shoji_web_skimming.txt", "tests/notices/n02_heisei31.txt",
        "tests/notices/n06_not_leaked.txt", "tests/notices/n29_sql_injection.txt"}) {
    SCOPED_TRACE(name);
    const std::string text = testing::ReadFile(testing::SourceDir() + "/" + name);
    const auto& pipeline = testing::DefaultPipeline();
    auto plain = Prepare("notice.txt", text, pipeline);
    ASSERT_TRUE(plain.ok()) << plain.status().ToString();
    const std::string want = Fields(plain->front());
    const size_t nl = text.find('\n');
    const std::string title = text.substr(0, nl);
    std::string body(utf8::Trim(std::string_view(text).substr(nl + 1)));
    std::vector<std::pair<std::string, std::string>> forms = {
        {"notice-sjis.html", Encode(AsHtml(text, "Shift_JIS"), "windows-31j")},
        {"notice-euc.html", Encode(AsHtml(text, "EUC-JP"), "EUC-JP")},
        {"notice-sjis.txt", Encode(text, "windows-31j")},
        {"notice.pdf", testing::MakePdf(Lines(text), title)},
        {"feed.xml",
         "<?xml version=\"1.0\" encoding=\"EUC-JP\"?><rss version=\"2.0\"><channel><item><title>" +
             Encode(HtmlEscape(title), "EUC-JP") +
             "</title><link>https://news.example.invalid/n/1</link><description>" +
             Encode(HtmlEscape(AsHtml(text, "UTF-8")), "EUC-JP") +
             "</description></item></channel></rss>"},
        {"notice.eml",
         "From: koho@example.invalid\nSubject: " + title +
             "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-2022-JP\n\n" +
             Encode(body, "ISO-2022-JP") + "\n"},
    };
    for (auto& [path, bytes] : forms) {
      auto got = Prepare(path, bytes, pipeline);
      ASSERT_TRUE(got.ok()) << path << ": " << got.status().ToString();
      ASSERT_EQ(got->size(), 1u) << path;
      EXPECT_EQ(Fields(got->front()), want) << path << "\n" << got->front().document.text;
    }
  }
}

}  // namespace
}  // namespace jikenbo::ingest

namespace jikenbo::ingest {
namespace {

// The example PDF is made by MakePdf from a text fixture; JIKENBO_UPDATE_GOLDEN=1 rewrites it.
TEST(Fixtures, ExamplePdfIsMadeFromItsTextAndReadsBack) {
  const std::string source =
      testing::ReadFile(testing::SourceDir() + "/tests/fixtures/press_release_pdf.txt");
  const std::vector<std::string> lines = Lines(source);
  const std::string pdf = testing::MakePdf(lines, lines.at(0));
  const std::string path = testing::SourceDir() + "/examples/16_kasora_town_school_letter.pdf";
  if (std::getenv("JIKENBO_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << pdf;
  }
  EXPECT_EQ(testing::ReadFile(path), pdf) << "regenerate with JIKENBO_UPDATE_GOLDEN=1";
  auto got = Prepare(path, pdf, testing::DefaultPipeline());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 1u);
  const Prepared& p = got->front();
  EXPECT_EQ(p.document.content_type, "application/pdf");
  EXPECT_EQ(p.document.title, lines[0]);
  // The wrapped sentence reads as one again.
  EXPECT_NE(p.document.text.find(
                "生徒の成績一覧を含む書類を、保護者あての封筒に誤って同封して郵送していた"),
            std::string::npos)
      << p.document.text;
  ASSERT_EQ(p.articles.size(), 1u);
  const model::Incident& inc = p.articles[0].incident;
  EXPECT_EQ(inc.kind, "incident");
  EXPECT_EQ(inc.announce_date, "2031-09-16");
  EXPECT_EQ(inc.incident_date, "2031-09-12");
  ASSERT_FALSE(inc.affected.empty());
  EXPECT_EQ(inc.affected[0].count, 42);
}

TEST(DecodeEmail, ABoundaryThatStartsAnotherIsNotItsDelimiter) {
  // "--b10" is not a delimiter of "b1": nested parts named ----=_Part_1 / ----=_Part_10 are common.
  auto d = DecodeEmail(
      "Subject: x\nContent-Type: multipart/mixed; boundary=b1\n\n--b1\n"
      "Content-Type: multipart/alternative; boundary=b10\n\n--b10\nContent-Type: text/plain\n\n"
      "内側の本文\n--b10--\n--b1\nContent-Type: text/plain\n\n二つ目\n--b1--\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_NE(d->text.find("内側の本文"), std::string::npos) << d->text;
  EXPECT_NE(d->text.find("二つ目"), std::string::npos) << d->text;
}

}  // namespace
}  // namespace jikenbo::ingest
