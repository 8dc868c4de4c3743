#include "serve/assets.h"

namespace jikenbo::serve {
namespace {

constexpr std::string_view kCss = R"css(
*{box-sizing:border-box}
body{margin:0;background:#f6f6f3;color:#222;font:15px/1.7 "Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif}
header{background:#222;color:#fff;padding:.5em 1.2em;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}
header .brand{font-weight:bold;font-size:1.1em}
header nav a{margin-right:1em;opacity:.85}
header nav a.on{opacity:1;border-bottom:2px solid #e33}
header #lang{margin-left:auto;color:#fff;font-size:.9em;opacity:.85}
main{max-width:1100px;margin:0 auto;padding:1.2em 1.5em 3em;background:#fff;min-height:90vh}
h1{font-size:1.35em;margin:.2em 0 .6em}
h2{font-size:1.1em;margin:1.4em 0 .4em}
a{color:#2a5db0}
form.filters{display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:end;background:#f3f3ef;padding:.8em 1em;border-radius:6px;margin-bottom:1em}
form.filters label{display:flex;flex-direction:column;font-size:.8em;color:#555}
form.filters input,form.filters select{font:inherit;font-size:.95rem;padding:.2em .4em}
form.filters button{font:inherit;padding:.3em 1.2em}
details.edit{display:inline-block;margin-left:.6em;font-size:.85em;vertical-align:top}
details.edit summary{cursor:pointer;color:#2a5db0}
details.edit form{display:flex;gap:.4em;flex-wrap:wrap;align-items:center;margin:.3em 0}
#editing form{margin:.4em 0}
#split{list-style:none;padding:0}
.error{color:#b00020}
.count{color:#555;margin:.3em 0 .8em}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e4e4df;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#fafaf7;font-weight:normal;color:#555;font-size:.9em}
td.num{text-align:right;white-space:nowrap}
#cases td:nth-child(1),#cases td:nth-child(2){white-space:nowrap}
.tag{display:inline-block;font-size:.75em;padding:0 .5em;border-radius:3px;background:#eee;margin:0 .2em .1em 0}
.tag.type{background:#e8eefb}
.pager{margin:1em 0;display:flex;gap:1em}
dl.fields{display:grid;grid-template-columns:11em 1fr;gap:.2em 1em;margin:0}
dl.fields dt{color:#555}
dl.fields dd{margin:0}
button.ev{font:inherit;background:none;border:none;border-bottom:1px dashed #2a5db0;color:#2a5db0;cursor:pointer;padding:0;text-align:left}
button.ev.on{background:#fff1a8}
pre.notice{white-space:pre-wrap;word-break:break-word;background:#fbfbf8;border:1px solid #e4e4df;padding:1em;font:14px/1.8 "Noto Sans CJK JP",sans-serif}
pre.notice span.hl{background:#ffe066;outline:2px solid #f0b400}
mark{background:#fff1a8}
.snippet{color:#444;font-size:.9em}
.cards{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
.card{background:#f3f3ef;border-radius:6px;padding:.7em 1.2em;min-width:9em}
.card b{display:block;font-size:1.5em}
.chart{margin:.5em 0 1.5em}
.chart svg{max-width:100%;height:auto}
button.copy{font-size:.8em}
.muted{color:#777}
.doubt{display:inline-block;margin-left:.4em;padding:0 .3em;border-radius:3px;background:#fde2b8;color:#7a4a00;font-size:.8em}
.reason{margin-left:.4em;font-size:.8em}
)css";

// Click a field to see where the notice says it: every evidence segment of the notice carries
// the numbers of the values it supports (data-ev); the button of a value names its number.
constexpr std::string_view kJs = R"js(
'use strict';
document.addEventListener('click', function (e) {
  var b = e.target.closest('button.ev');
  if (b) {
    var id = b.getAttribute('data-ev');
    document.querySelectorAll('button.ev.on').forEach(function (x) { x.classList.remove('on'); });
    document.querySelectorAll('pre.notice span.hl').forEach(function (x) { x.classList.remove('hl'); });
    b.classList.add('on');
    var first = null;
    document.querySelectorAll('pre.notice span[data-ev]').forEach(function (s) {
      if ((' ' + s.getAttribute('data-ev') + ' ').indexOf(' ' + id + ' ') >= 0) {
        s.classList.add('hl');
        if (!first) first = s;
      }
    });
    if (first) first.scrollIntoView({block: 'center'});
    return;
  }
  var c = e.target.closest('button.copy');
  if (c && navigator.clipboard) {
    navigator.clipboard.writeText(c.getAttribute('data-copy')).then(function () {
      c.textContent = c.getAttribute('data-done') || c.textContent;
    });
  }
});
)js";

}  // namespace

std::optional<Asset> FindAsset(std::string_view name) {
  if (name == "app.css") return Asset{"text/css; charset=utf-8", kCss};
  if (name == "app.js") return Asset{"text/javascript; charset=utf-8", kJs};
  return std::nullopt;
}

}  // namespace jikenbo::serve
