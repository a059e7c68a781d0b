// Small HTTP helpers for the tests: a request function that neither decompresses nor follows
// redirects (so tests see exactly what the server sent), a cookie jar, a raw-socket
// exchange with a minimal HTTP/1.1 response parser (for pipelining, keep-alive and
// malformed requests), and reading back the stored contact messages.

import http from "node:http";
import { connect } from "node:net";

import { runCli } from "./server.mjs";

// One HTTP request. body: string | Buffer | object (sent as JSON). Returns
// { status, headers, body (Buffer), text, json() }. localAddress: the source address of the
// connection (any 127.x.y.z works on Linux), so that tests can act as different clients.
export function request(
  server,
  path,
  { method = "GET", headers = {}, body, jar, timeoutMs = 30_000, localAddress } = {},
) {
  const url = new URL(path, server.baseUrl);
  const finalHeaders = { ...headers };
  let payload = body;
  if (payload !== undefined && !Buffer.isBuffer(payload) && typeof payload !== "string") {
    payload = JSON.stringify(payload);
    if (!hasHeader(finalHeaders, "content-type")) finalHeaders["Content-Type"] = "application/json";
  }
  if (jar && !hasHeader(finalHeaders, "cookie")) {
    const cookie = jar.header();
    if (cookie) finalHeaders.Cookie = cookie;
  }
  if (payload !== undefined) finalHeaders["Content-Length"] = Buffer.byteLength(payload);
  return new Promise((resolveRes, reject) => {
    const req = http.request(
      url,
      { method, headers: finalHeaders, agent: false, timeout: timeoutMs, ...(localAddress ? { localAddress } : {}) },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        // An error from here on means the response was cut off after it had begun.
        const cutOff = (err) => {
          err.responseStarted = true;
          err.status = res.statusCode;
          reject(err);
        };
        res.on("error", cutOff);
        res.on("aborted", () => cutOff(new Error(`${method} ${path}: response cut off after ${res.statusCode}`)));
        res.on("end", () => {
          if (jar) jar.store(res.headers["set-cookie"]);
          const buffer = Buffer.concat(chunks);
          resolveRes({
            status: res.statusCode,
            headers: res.headers,
            body: buffer,
            text: buffer.toString("utf8"),
            json() {
              return JSON.parse(buffer.toString("utf8"));
            },
          });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function hasHeader(headers, name) {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

// Cookies by name, from Set-Cookie headers; enough for one host.
export class CookieJar {
  constructor() {
    this.cookies = new Map();
  }
  store(setCookie) {
    for (const line of [].concat(setCookie || [])) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attributes.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      if (value === "" || (maxAge && Number(maxAge.split("=")[1]) <= 0)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name) {
    return this.cookies.get(name);
  }
  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }
}

// Parses the Set-Cookie headers of a response into { name: { value, attributes } }.
export function parseSetCookies(headers) {
  const out = {};
  for (const line of [].concat(headers["set-cookie"] || [])) {
    const [pair, ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    out[pair.slice(0, eq).trim()] = {
      value: pair.slice(eq + 1).trim(),
      attributes: attributes.map((a) => a.trim().toLowerCase()),
    };
  }
  return out;
}

// Gets the contact form and returns { jar, token }: the samverkan_csrf cookie in the jar and
// the hidden csrf_token field of the form.
export async function contactFormToken(server, lang = "sv") {
  const jar = new CookieJar();
  const res = await request(server, `/kontakt?lang=${lang}`, { jar });
  if (res.status !== 200) throw new Error(`GET /kontakt answered ${res.status}`);
  const match = res.text.match(/<input[^>]*name="csrf_token"[^>]*>/);
  const value = match && match[0].match(/value="([^"]*)"/);
  if (!value) throw new Error("GET /kontakt: no hidden input named csrf_token in the form");
  if (!jar.get("samverkan_csrf")) throw new Error("GET /kontakt: no samverkan_csrf cookie set");
  return { jar, token: value[1] };
}

export function formBody(fields) {
  return new URLSearchParams(fields).toString();
}

// ---- Raw sockets -------------------------------------------------------------------------

// Parses as many complete HTTP/1.1 responses as `buffer` holds. Returns { responses, rest }.
// Knows Content-Length, chunked bodies, and bodyless statuses (1xx, 204, 304).
export function parseResponses(buffer, { headRequests = 0 } = {}) {
  const responses = [];
  let rest = buffer;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) break;
    const head = rest.subarray(0, end).toString("latin1");
    const [statusLine, ...lines] = head.split("\r\n");
    const m = statusLine.match(/^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/);
    if (!m) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
    const headers = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const status = Number(m[2]);
    let bodyStart = end + 4;
    let body;
    const isHead = responses.length < headRequests;
    if (isHead || status < 200 || status === 204 || status === 304) {
      body = Buffer.alloc(0);
    } else if (/chunked/i.test(headers["transfer-encoding"] || "")) {
      const chunks = [];
      let pos = bodyStart;
      let complete = false;
      for (;;) {
        const lineEnd = rest.indexOf("\r\n", pos);
        if (lineEnd < 0) break;
        const size = parseInt(rest.subarray(pos, lineEnd).toString("latin1"), 16);
        if (size === 0) {
          const trailerEnd = rest.indexOf("\r\n\r\n", lineEnd);
          if (trailerEnd < 0 && rest.length < lineEnd + 4) break;
          pos = trailerEnd >= 0 ? trailerEnd + 4 : lineEnd + 4;
          complete = true;
          break;
        }
        if (rest.length < lineEnd + 2 + size + 2) break;
        chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        pos = lineEnd + 2 + size + 2;
      }
      if (!complete) break;
      body = Buffer.concat(chunks);
      bodyStart = pos;
      rest = rest.subarray(bodyStart);
      responses.push({ version: m[1], status, reason: m[3] || "", headers, body, text: body.toString("utf8") });
      continue;
    } else if (headers["content-length"] !== undefined) {
      const length = Number(headers["content-length"]);
      if (rest.length < bodyStart + length) break;
      body = rest.subarray(bodyStart, bodyStart + length);
      bodyStart += length;
    } else {
      // Delimited by the close of the connection: only complete when the caller says so.
      break;
    }
    responses.push({ version: m[1], status, reason: m[3] || "", headers, body, text: body.toString("utf8") });
    rest = rest.subarray(bodyStart);
  }
  return { responses, rest };
}

// A raw TCP connection with helpers to write bytes and await parsed responses.
export class RawConnection {
  static open(server) {
    return new Promise((resolveConn, reject) => {
      const socket = connect({ host: server.host, port: server.port }, () => {
        socket.off("error", reject);
        resolveConn(new RawConnection(socket));
      });
      socket.once("error", reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.responses = [];
    this.closed = false;
    this.error = null;
    this.waiters = [];
    socket.on("data", (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      const { responses, rest } = parseResponses(this.buffer);
      this.responses.push(...responses);
      this.buffer = rest;
      this.wake();
    });
    socket.on("error", (err) => {
      this.error = err;
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  write(data) {
    return new Promise((resolveWrite, reject) => {
      this.socket.write(data, (err) => (err ? reject(err) : resolveWrite()));
    });
  }

  // Resolves with the first `count` responses (counting from the start of the connection),
  // or rejects when the connection closes or `timeoutMs` passes first.
  async responsesUpTo(count, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (this.responses.length < count) {
      if (this.closed || this.error) {
        throw new Error(
          `connection ${this.error ? `failed (${this.error.code || this.error.message})` : "closed"} ` +
            `after ${this.responses.length} of ${count} responses` +
            (this.buffer.length ? `; unparsed: ${JSON.stringify(this.buffer.toString("latin1").slice(0, 200))}` : ""),
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.responses.length} of ${count} responses within ${timeoutMs} ms`);
      await new Promise((r) => {
        const timer = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
    return this.responses.slice(0, count);
  }

  // Waits until the peer closes the connection (or `timeoutMs` passes); true when it closed.
  async waitClosed(timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((r) => {
        const timer = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
    return true;
  }

  close() {
    this.socket.destroy();
  }
}

// ---- Stored messages ---------------------------------------------------------------------

// Every stored contact message as { id, name, email, message, ... }, read through
// GET /api/v1/messages (following next_cursor), or, when the API refuses (401/403) or does
// not have that route yet (404/405), through `samverkan export messages`. Returns
// { messages, via } where via says which was used.
export async function listMessages(server, { storage = server.storage, pageSize = 100 } = {}) {
  const first = await request(server, `/api/v1/messages?limit=${pageSize}`);
  if ([401, 403, 404, 405].includes(first.status)) {
    return { messages: await exportMessages(storage), via: `cli (GET /api/v1/messages answered ${first.status})` };
  }
  const messages = [];
  let res = first;
  const seenCursors = new Set();
  for (let page = 0; ; page++) {
    if (res.status !== 200) throw new Error(`GET /api/v1/messages answered ${res.status}: ${res.text.slice(0, 300)}`);
    const body = res.json();
    if (!Array.isArray(body.items)) throw new Error(`GET /api/v1/messages: no items array in ${res.text.slice(0, 300)}`);
    messages.push(...body.items);
    const cursor = body.next_cursor;
    if (cursor === null || cursor === undefined || cursor === "") break;
    if (seenCursors.has(String(cursor))) throw new Error(`GET /api/v1/messages repeats cursor ${cursor}`);
    seenCursors.add(String(cursor));
    if (page > 100_000) throw new Error("GET /api/v1/messages: too many pages");
    res = await request(server, `/api/v1/messages?limit=${pageSize}&cursor=${encodeURIComponent(cursor)}`);
  }
  return { messages, via: "api" };
}

// Every stored message through the CLI (JSON Lines on stdout).
export async function exportMessages(storage) {
  const { stdout } = await runCli(["export", "messages", ...storage.args()]);
  return stdout
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}
