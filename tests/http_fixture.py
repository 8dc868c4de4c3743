#!/usr/bin/env python3
"""A local HTTP server for jikenbo's fetch and watch tests (127.0.0.1 only, fictional content).

Prints the port it listens on, then serves until killed:
  /feed.rss        RSS feed, version 1 (two items); /admin/next switches to version 2 (one more).
                   ETag and Last-Modified; a matching If-None-Match gets 304.
  /notice/N.html   a Shift_JIS notice page of a fictional organisation (N = 1, 2, 3)
  /redirect        302 to /notice/1.html        /loop      302 to itself
  /slow            answers after 3 s            /fail      always 500
  /flaky           503 the first time, then a page
  /big             3 MB of text                 /missing   404
  /feed-broken.rss an item whose link fails (500)
  /admin/count?path=P   how often P was requested, and how often it got 304
  /admin/ua        the User-Agent of the last request outside /admin/
"""
import http.server
import sys
import threading
import time
import urllib.parse

NOTICES = {
    1: ("架空港湾株式会社 不正アクセスによる顧客情報流出のお知らせ", "2031年11月10日",
        "2031年11月7日、当社の予約システムが不正アクセスを受け、顧客約640名の氏名とメールアドレスが流出した可能性があることが判明しました。"),
    2: ("架空郡第三小学校 児童の個人情報を記録したUSBメモリの紛失について", "2031年11月12日",
        "2031年11月11日、教員が児童35名の氏名と成績を記録したUSBメモリを紛失しました。警察に遺失届を提出しました。"),
    3: ("架空信用組合 ランサムウェア被害について", "2031年11月14日",
        "2031年11月13日、当組合のファイルサーバーがランサムウェアに感染し、ファイルが暗号化されました。"),
}


def page(n):
    title, date, body = NOTICES[n]
    html = (f'<!DOCTYPE html><html><head><meta charset="Shift_JIS"><title>{title}</title></head>'
            f'<body><nav><a href="/">トップ</a></nav><main><h1>{title}</h1><p>{date}</p>'
            f'<p>{body}</p></main><footer>架空サイト</footer></body></html>')
    return html.encode("cp932")


def feed(version):
    items = [1, 2] + ([3] if version >= 2 else [])
    parts = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>架空速報</title>']
    for n in reversed(items):
        parts.append(f"<item><title>{NOTICES[n][0]}</title><link>/notice/{n}.html</link>"
                     f"<guid>notice-{n}</guid><description>要約 {n}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


class State:
    lock = threading.Lock()
    version = 1
    counts = {}
    not_modified = {}
    flaky_seen = False
    user_agent = ""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", ctype="text/html; charset=Shift_JIS", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size limit, timeout): that is what was tested

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        path = url.path
        with State.lock:
            State.counts[path] = State.counts.get(path, 0) + 1
            if not path.startswith("/admin/"):
                State.user_agent = self.headers.get("User-Agent", "")
        if path == "/feed.rss":
            etag = f'"feed-v{State.version}"'
            if self.headers.get("If-None-Match") == etag:
                with State.lock:
                    State.not_modified[path] = State.not_modified.get(path, 0) + 1
                return self.send(304, headers=[("ETag", etag)])
            return self.send(200, feed(State.version), "application/rss+xml; charset=UTF-8",
                             [("ETag", etag), ("Last-Modified", "Mon, 10 Nov 2031 00:00:00 GMT")])
        if path.startswith("/notice/"):
            n = int(path.split("/")[-1].split(".")[0])
            return self.send(200, page(n)) if n in NOTICES else self.send(404, b"no")
        if path == "/redirect":
            return self.send(302, headers=[("Location", "/notice/1.html")])
        if path == "/loop":
            return self.send(302, headers=[("Location", "/loop")])
        if path == "/slow":  # ?s=N: N seconds (default 3)
            time.sleep(float(urllib.parse.parse_qs(url.query).get("s", ["3"])[0]))
            return self.send(200, page(1))
        if path == "/fail":
            return self.send(500, b"server error", "text/plain")
        if path == "/flaky":
            with State.lock:
                first = not State.flaky_seen
                State.flaky_seen = True
            return self.send(503, b"busy", "text/plain") if first else self.send(200, page(3))
        if path == "/big":
            return self.send(200, b"x" * (3 << 20), "text/plain")
        if path == "/feed-broken.rss":  # an item whose notice cannot be fetched
            body = ('<?xml version="1.0"?><rss version="2.0"><channel><item><title>壊れた項目</title>'
                    '<link>/fail</link><guid>broken-1</guid></item></channel></rss>').encode()
            return self.send(200, body, "application/rss+xml", [("ETag", '"broken"')])
        if path == "/admin/ua":
            with State.lock:
                return self.send(200, State.user_agent.encode(), "text/plain")
        if path == "/admin/next":
            with State.lock:
                State.version += 1
            return self.send(200, b"ok", "text/plain")
        if path == "/admin/count":
            p = urllib.parse.parse_qs(url.query).get("path", [""])[0]
            with State.lock:
                body = f"{State.counts.get(p, 0)} {State.not_modified.get(p, 0)}".encode()
            return self.send(200, body, "text/plain")
        return self.send(404, b"not found", "text/plain")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
