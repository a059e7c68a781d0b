// The HTTP server as a client sees it: health, metrics, security headers, static files,
// language, error pages, request limits, keep-alive and pipelining.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";

import { CookieJar, RawConnection, parseSetCookies, request } from "./client.mjs";
import { startServer } from "./server.mjs";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) await server.dispose();
});

function htmlLang(text) {
  const m = text.match(/<html[^>]*\slang="([^"]*)"/);
  return m ? m[1] : null;
}

function cspDirectives(header) {
  const directives = new Map();
  for (const part of String(header || "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

describe("health and metrics", () => {
  it("GET /healthz answers 200", async () => {
    const res = await request(server, "/healthz");
    assert.equal(res.status, 200, res.text);
  });

  it("GET /readyz answers 200", async () => {
    const res = await request(server, "/readyz");
    assert.equal(res.status, 200, res.text);
  });

  it("GET /metrics counts requests and has a latency histogram", async () => {
    await request(server, "/");
    await request(server, "/finns-inte");
    const res = await request(server, "/metrics");
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/plain/);
    assert.match(res.text, /^# TYPE samverkan_http_requests_total counter$/m);
    assert.match(res.text, /^samverkan_http_requests_total\{[^}]*\} \d+$/m);
    const histogram = res.text.match(/^# TYPE (\S+) histogram$/m);
    assert.ok(histogram, "no metric of type histogram");
    const name = histogram[1];
    assert.match(res.text, new RegExp(`^${name}_bucket\\{[^}]*le="\\+Inf"[^}]*\\} \\d+$`, "m"));
    assert.match(res.text, new RegExp(`^${name}_sum(\\{[^}]*\\})? [0-9.e+-]+$`, "m"));
    assert.match(res.text, new RegExp(`^${name}_count(\\{[^}]*\\})? \\d+$`, "m"));
    // The 404 above was counted with a 4xx status.
    assert.match(res.text, /^samverkan_http_requests_total\{[^}]*status="4xx"[^}]*\} [1-9]\d*$/m);
  });
});

describe("security headers", () => {
  const paths = ["/", "/om?lang=en", "/finns-inte", "/api/v1/openapi.json", "/static/app.css", "/healthz"];
  for (const path of paths) {
    it(`on ${path}`, async () => {
      const res = await request(server, path);
      const csp = res.headers["content-security-policy"];
      assert.ok(csp, "no Content-Security-Policy");
      const d = cspDirectives(csp);
      const scriptSrc = d.get("script-src") || d.get("default-src");
      assert.ok(scriptSrc, `CSP has neither script-src nor default-src: ${csp}`);
      assert.ok(!scriptSrc.includes("'unsafe-inline'"), `script-src allows 'unsafe-inline': ${csp}`);
      assert.ok(!scriptSrc.includes("'unsafe-eval'"), `script-src allows 'unsafe-eval': ${csp}`);
      assert.ok(!scriptSrc.includes("*"), `script-src allows any host: ${csp}`);
      assert.ok(d.has("frame-ancestors"), `CSP has no frame-ancestors: ${csp}`);
      assert.ok(d.has("object-src") || d.get("default-src")?.includes("'none'"), `CSP leaves object-src open: ${csp}`);
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.ok(res.headers["referrer-policy"], "no Referrer-Policy");
      assert.notEqual(res.headers["referrer-policy"], "unsafe-url");
    });
  }

  it("cookies are HttpOnly and SameSite", async () => {
    const res = await request(server, "/?lang=en");
    const cookies = parseSetCookies(res.headers);
    assert.ok(Object.keys(cookies).length > 0, "GET /?lang=en set no cookie");
    for (const [name, cookie] of Object.entries(cookies)) {
      assert.ok(cookie.attributes.includes("httponly"), `cookie ${name} is not HttpOnly`);
      assert.ok(cookie.attributes.some((a) => a.startsWith("samesite=")), `cookie ${name} has no SameSite`);
      assert.ok(cookie.attributes.includes("path=/"), `cookie ${name} has no Path=/`);
    }
  });
});

describe("static files", () => {
  let cssUrl;

  before(async () => {
    const home = await request(server, "/");
    const link = home.text.match(/<link[^>]*rel="stylesheet"[^>]*>/);
    assert.ok(link, "the home page links no stylesheet");
    cssUrl = link[0].match(/href="([^"]+)"/)[1].replace(/&amp;/g, "&");
  });

  it("pages link /static/app.css and /static/app.js with a ?v= version", async () => {
    const home = await request(server, "/");
    assert.match(cssUrl, /^\/static\/app\.css\?v=[\w.-]+$/);
    const script = home.text.match(/<script[^>]*src="([^"]+)"[^>]*>/);
    assert.ok(script, "the home page loads no script file");
    assert.match(script[1], /^\/static\/app\.js\?v=[\w.-]+$/);
    assert.doesNotMatch(home.text, /<script(?![^>]*\ssrc=)[^>]*>/, "an inline <script> on the page");
    assert.doesNotMatch(home.text, /\son[a-z]+="/i, "an inline event handler on the page");
  });

  it("app.css has a strong ETag and long caching when versioned", async () => {
    const res = await request(server, cssUrl);
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/css/);
    assert.match(String(res.headers.etag), /^"[^"]+"$/, "no strong ETag");
    const cc = String(res.headers["cache-control"]);
    const maxAge = Number((cc.match(/max-age=(\d+)/) || [])[1] || 0);
    assert.ok(maxAge >= 31536000 || /immutable/.test(cc), `versioned asset not cached long: ${cc}`);
    assert.ok(res.body.length > 1000, "app.css is nearly empty: was ui/ built (npm run build)?");
    assert.match(res.text, /\.skip-link/);
    // Without the current version, the browser must revalidate.
    const unversioned = await request(server, "/static/app.css");
    assert.equal(unversioned.status, 200);
    assert.match(String(unversioned.headers["cache-control"]), /no-cache|max-age=0/);
  });

  it("If-None-Match with the ETag gets 304 without a body", async () => {
    const first = await request(server, cssUrl);
    const res = await request(server, cssUrl, { headers: { "If-None-Match": first.headers.etag } });
    assert.equal(res.status, 304);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.etag, first.headers.etag);
    const stale = await request(server, cssUrl, { headers: { "If-None-Match": '"not-the-etag"' } });
    assert.equal(stale.status, 200);
  });

  it("Accept-Encoding: gzip gets the same bytes gzip-compressed", async () => {
    const plain = await request(server, cssUrl, { headers: { "Accept-Encoding": "identity" } });
    assert.equal(plain.headers["content-encoding"], undefined);
    const res = await request(server, cssUrl, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], "gzip");
    assert.match(String(res.headers.vary), /accept-encoding/i);
    assert.ok(res.body.length < plain.body.length, "the gzip body is not smaller");
    assert.deepEqual(gunzipSync(res.body), plain.body);
  });

  it("serves app.js and favicon.svg", async () => {
    const js = await request(server, "/static/app.js");
    assert.equal(js.status, 200);
    assert.match(String(js.headers["content-type"]), /javascript/);
    const icon = await request(server, "/static/favicon.svg");
    assert.equal(icon.status, 200);
    assert.match(String(icon.headers["content-type"]), /^image\/svg\+xml/);
    assert.match(icon.text, /<title[^>]*>[^<]+<\/title>/);
  });

  it("refuses paths outside the static folder", async () => {
    for (const path of ["/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt", "/static/..%2fCMakeLists.txt", "/static/does-not-exist.css"]) {
      const res = await request(server, path);
      assert.equal(res.status, 404, `${path} answered ${res.status}`);
      assert.doesNotMatch(res.text, /cmake_minimum_required/);
    }
  });
});

describe("language", () => {
  it("Swedish by default", async () => {
    const res = await request(server, "/");
    assert.equal(res.status, 200);
    assert.equal(htmlLang(res.text), "sv");
    assert.equal(res.headers["content-language"], "sv");
  });

  it("?lang=en sets a cookie and later requests without ?lang are English", async () => {
    const jar = new CookieJar();
    const english = await request(server, "/om?lang=en", { jar });
    assert.equal(english.status, 200);
    assert.equal(htmlLang(english.text), "en");
    const cookies = parseSetCookies(english.headers);
    const langCookie = Object.entries(cookies).find(([, c]) => c.value === "en");
    assert.ok(langCookie, `no cookie remembers the language: ${JSON.stringify(english.headers["set-cookie"])}`);

    const next = await request(server, "/om", { jar });
    assert.equal(htmlLang(next.text), "en");
    assert.equal(next.headers["content-language"], "en");

    const back = await request(server, "/om?lang=sv", { jar });
    assert.equal(htmlLang(back.text), "sv");
    const after = await request(server, "/om", { jar });
    assert.equal(htmlLang(after.text), "sv");
  });

  it("the language switch links to the same page in the other language", async () => {
    const res = await request(server, "/om?lang=sv");
    const link = res.text.match(/<a[^>]*class="lang-switch"[^>]*>/);
    assert.ok(link, "no .lang-switch link");
    assert.match(link[0], /href="\/om\?lang=en"/);
    assert.match(link[0], /\slang="en"/);
  });

  it("an unknown ?lang falls back to Swedish", async () => {
    const res = await request(server, "/?lang=xx");
    assert.equal(res.status, 200);
    assert.equal(htmlLang(res.text), "sv");
  });
});

describe("error pages", () => {
  it("404 in Swedish and in English", async () => {
    const sv = await request(server, "/finns-inte?lang=sv");
    const en = await request(server, "/finns-inte?lang=en");
    for (const [res, lang] of [[sv, "sv"], [en, "en"]]) {
      assert.equal(res.status, 404);
      assert.match(String(res.headers["content-type"]), /^text\/html/);
      assert.equal(htmlLang(res.text), lang);
      assert.equal((res.text.match(/<h1[\s>]/g) || []).length, 1, "not exactly one <h1>");
      assert.match(res.text, /href="\/"/, "no link back to the home page");
    }
    const h1 = (t) => t.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)[1];
    assert.notEqual(h1(sv.text), h1(en.text), "the 404 heading is not translated");
  });

  it("a wrong method gets 405 with Allow", async () => {
    const res = await request(server, "/om", { method: "DELETE" });
    // A DELETE without a CSRF token may be refused first; either way never a 2xx or 5xx.
    assert.ok([403, 405].includes(res.status), `DELETE /om answered ${res.status}`);
    const put = await request(server, "/api/v1/openapi.json", { method: "PUT", body: {} });
    assert.equal(put.status, 405);
    assert.match(String(put.headers.allow), /GET/);
    assert.match(String(put.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(JSON.parse(put.text).status, 405, `the problem's status differs from the response's: ${put.text}`);
  });
});

describe("request limits and framing", () => {
  it("a request body over 1 MiB gets 413 (Content-Length)", async () => {
    const conn = await RawConnection.open(server);
    const size = 1024 * 1024 + 1;
    await conn.write(
      `POST /api/v1/messages HTTP/1.1\r\nHost: ${server.host}:${server.port}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
    );
    // Send the body in pieces until the server answers (it may answer before reading it all).
    const chunk = Buffer.alloc(64 * 1024, " ");
    let sent = 0;
    while (sent < size && conn.responses.length === 0 && !conn.closed && !conn.error) {
      const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
      await conn.write(piece).catch(() => {});
      sent += piece.length;
    }
    const [res] = await conn.responsesUpTo(1, 15_000);
    conn.close();
    assert.equal(res.status, 413);
  });

  it("a chunked request body over 1 MiB gets 413", async () => {
    const conn = await RawConnection.open(server);
    await conn.write(
      `POST /api/v1/messages HTTP/1.1\r\nHost: ${server.host}:${server.port}\r\n` +
        `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const piece = Buffer.alloc(64 * 1024, " ");
    const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    for (let sent = 0; sent <= 1024 * 1024 + piece.length && conn.responses.length === 0 && !conn.closed && !conn.error; sent += piece.length) {
      await conn.write(frame).catch(() => {});
    }
    if (conn.responses.length === 0 && !conn.closed) await conn.write("0\r\n\r\n").catch(() => {});
    const [res] = await conn.responsesUpTo(1, 15_000);
    conn.close();
    assert.equal(res.status, 413);
  });

  it("a malformed request line gets 400 and the connection closes", async () => {
    for (const line of ["GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/9.9x\r\nHost: x\r\n\r\n", "GET  HTTP/1.1\r\nHost: x\r\n\r\n"]) {
      const conn = await RawConnection.open(server);
      await conn.write(line);
      const [res] = await conn.responsesUpTo(1, 10_000);
      assert.equal(res.status, 400, `${JSON.stringify(line)} answered ${res.status}`);
      assert.ok(await conn.waitClosed(5_000), `connection left open after ${JSON.stringify(line)}`);
      conn.close();
    }
  });

  it("oversized headers get 431", async () => {
    const conn = await RawConnection.open(server);
    await conn.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`).catch(() => {});
    const [res] = await conn.responsesUpTo(1, 10_000);
    conn.close();
    assert.equal(res.status, 431);
  });
});

describe("connections", () => {
  it("pipelining: two requests in one write get two responses in order", async () => {
    const conn = await RawConnection.open(server);
    const host = `${server.host}:${server.port}`;
    await conn.write(
      `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
        `GET /finns-inte?lang=en HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
        `GET /api/v1/openapi.json HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    );
    const [first, second, third] = await conn.responsesUpTo(3, 15_000);
    assert.equal(first.status, 200);
    assert.equal(second.status, 404);
    assert.match(second.text, /<html[^>]*lang="en"/);
    assert.equal(third.status, 200);
    assert.doesNotThrow(() => JSON.parse(third.text));
    assert.ok(await conn.waitClosed(5_000), "the server kept the connection open after Connection: close");
    conn.close();
  });

  it("keep-alive: several requests, one after the other, on one connection", async () => {
    const conn = await RawConnection.open(server);
    const host = `${server.host}:${server.port}`;
    const paths = ["/", "/om", "/static/app.css", "/api/v1/openapi.json", "/healthz"];
    for (let i = 0; i < paths.length; i++) {
      await conn.write(`GET ${paths[i]} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      const responses = await conn.responsesUpTo(i + 1, 10_000);
      const res = responses[i];
      assert.equal(res.status, 200, `${paths[i]} answered ${res.status}`);
      assert.doesNotMatch(String(res.headers.connection || ""), /close/i);
      assert.equal(conn.closed, false);
    }
    conn.close();
  });

  it("HTTP/1.0 without keep-alive is answered and closed", async () => {
    const conn = await RawConnection.open(server);
    await conn.write("GET /healthz HTTP/1.0\r\n\r\n");
    const [res] = await conn.responsesUpTo(1, 10_000);
    assert.equal(res.status, 200);
    assert.ok(await conn.waitClosed(5_000));
    conn.close();
  });

  it("HEAD gets the headers of GET and no body", async () => {
    const get = await request(server, "/om?lang=sv");
    const res = await request(server, "/om?lang=sv", { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers["content-type"], get.headers["content-type"]);
    assert.equal(Number(res.headers["content-length"]), get.body.length);
  });
});
