// Helpers for the accounts and security tests: users and API tokens made with the command
// line, signing in through the API and through the form, the CSRF tokens a page hands out,
// distinct client addresses (so that per-address throttles of one test do not reach the
// next), and a snapshot of the whole database (through `samverkan backup`) to prove that a
// refused request changed nothing.

import { CookieJar, formBody, request } from "./client.mjs";
import { runCli, runCliInput } from "./server.mjs";

// Cheap password hashing in every server and command the tests start.
export const FAST_HASH = { SAMVERKAN_FAST_HASH: "1" };

export const PASSWORD = "korrekt häst batteri 42";

export const ROLES = ["admin", "editor", "representative", "juror", "member"];

let counter = 0;
export function uniqueEmail(prefix = "user") {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}@example.se`;
}

// A fresh client address for each caller: 127.0.B.C, never 127.0.0.1 (the browser's and
// the default). The server throttles sign-in, registration and reset per address.
let addressCounter = Math.floor(Math.random() * 200);
export function newClientAddress() {
  addressCounter++;
  const b = 1 + (Math.floor(addressCounter / 250) % 250);
  const c = 2 + (addressCounter % 250);
  return `127.0.${b}.${c}`;
}

// `samverkan user add`: a verified account; the password goes to standard input.
export async function addUser(storage, { email = uniqueEmail(), roles = ["member"], name, password = PASSWORD } = {}) {
  const args = ["user", "add", ...storage.args(), "--email", email];
  for (const role of roles) args.push("--role", role);
  if (name !== undefined) args.push("--name", name);
  const { stdout } = await runCliInput(args, `${password}\n`, { env: FAST_HASH });
  const m = stdout.match(/added user (\d+)/);
  if (!m) throw new Error(`samverkan user add printed no id: ${stdout}`);
  return { id: Number(m[1]), email, password, roles, name };
}

// `samverkan token create`: the token printed once on standard output.
export async function createToken(storage, email, scopes = ["read"], name) {
  const args = ["token", "create", ...storage.args(), "--email", email];
  for (const scope of scopes) args.push("--scope", scope);
  if (name) args.push("--name", name);
  const { stdout } = await runCli(args, { env: FAST_HASH });
  const token = stdout.trim();
  if (!/^\S{20,}$/.test(token)) throw new Error(`samverkan token create printed ${JSON.stringify(stdout)}`);
  return token;
}

export function bearer(token) {
  return { Authorization: `Bearer ${token}` };
}

// POST /api/v1/session. Returns { res, jar } (the jar holds the session cookie on success).
export async function apiSignIn(server, email, password, { jar = new CookieJar(), localAddress } = {}) {
  const res = await request(server, "/api/v1/session", {
    method: "POST",
    body: { email, password },
    jar,
    localAddress,
  });
  return { res, jar };
}

// Signs in through the API and fails the test unless it worked.
export async function signedIn(server, user, { localAddress } = {}) {
  const { res, jar } = await apiSignIn(server, user.email, user.password, { localAddress });
  if (res.status !== 200) {
    throw new Error(`POST /api/v1/session for ${user.email} answered ${res.status}: ${res.text.slice(0, 300)}`);
  }
  if (!jar.get("samverkan_session")) throw new Error("POST /api/v1/session set no samverkan_session cookie");
  return jar;
}

// Loads an HTML page with the jar (which then holds the samverkan_csrf cookie) and returns
// { res, form: the first hidden csrf_token input's value, meta: <meta name="csrf-token"> }.
export async function pageTokens(server, jar, path = "/kontakt", { localAddress, headers } = {}) {
  const res = await request(server, path, { jar, localAddress, headers });
  const input = res.text.match(/<input[^>]*name="csrf_token"[^>]*>/);
  const form = input ? (input[0].match(/value="([^"]*)"/) || [])[1] : undefined;
  const metaTag = res.text.match(/<meta[^>]*name="csrf-token"[^>]*>/);
  const meta = metaTag ? (metaTag[0].match(/content="([^"]*)"/) || [])[1] : undefined;
  return { res, form, meta };
}

// Makes sure the jar holds a CSRF cookie and returns its value.
export async function ensureCsrf(server, jar, { localAddress } = {}) {
  if (!jar.get("samverkan_csrf")) {
    const { meta } = await pageTokens(server, jar, "/kontakt", { localAddress });
    if (!meta) throw new Error("GET /kontakt has no <meta name=csrf-token>");
  }
  const value = jar.get("samverkan_csrf");
  if (!value) throw new Error("no samverkan_csrf cookie after GET /kontakt");
  return value;
}

// A form POST as the browser sends it: urlencoded, with the CSRF token of the jar's cookie
// unless csrf: false. fields may be an object or an array of [name, value] pairs.
export async function postForm(server, path, fields, { jar = new CookieJar(), csrf = true, headers = {}, localAddress } = {}) {
  const pairs = Array.isArray(fields) ? [...fields] : Object.entries(fields);
  if (csrf) pairs.push(["csrf_token", await ensureCsrf(server, jar, { localAddress })]);
  return request(server, path, {
    method: "POST",
    body: formBody(pairs),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    jar,
    localAddress,
  });
}

// A cookie-authenticated API call as a page's script makes it: JSON with X-CSRF-Token.
export async function apiCall(server, path, { method = "POST", body, jar, headers = {}, localAddress } = {}) {
  const token = await ensureCsrf(server, jar, { localAddress });
  return request(server, path, { method, body, jar, headers: { "X-CSRF-Token": token, ...headers }, localAddress });
}

export function location(res) {
  const loc = res.headers.location;
  return loc ? new URL(loc, "http://x").pathname + new URL(loc, "http://x").search : null;
}

// Whether a response refuses a signed-out or unauthorised caller: 401/403, or a redirect
// to the sign-in page.
export function isRefusal(res) {
  if (res.status === 401 || res.status === 403) return true;
  if (res.status >= 300 && res.status < 400) return (location(res) || "").startsWith("/logga-in");
  return false;
}

export function summarise(res) {
  const loc = res.headers.location ? ` → ${res.headers.location}` : "";
  const type = res.headers["content-type"] ? ` (${res.headers["content-type"]})` : "";
  return `${res.status}${loc}${type}: ${res.text.replace(/\s+/g, " ").slice(0, 300)}`;
}

// The whole database as { table: [row as JSON, …] (sorted) }, from an online backup.
export async function snapshot(storage) {
  const { stdout } = await runCli(["backup", ...storage.args(), "--to", "-"]);
  const tables = {};
  let current = null;
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    const obj = JSON.parse(line);
    if (obj.table) {
      current = obj.table;
      tables[current] = { columns: obj.columns, rows: [] };
    } else if (obj.row && current) {
      tables[current].rows.push(JSON.stringify(obj.row));
    }
  }
  for (const t of Object.values(tables)) t.rows.sort();
  return tables;
}

// The rows of one table as objects.
export function rowsOf(snap, table) {
  const t = snap[table];
  if (!t) throw new Error(`no table ${table} in the backup (tables: ${Object.keys(snap).join(" ")})`);
  return t.rows.map((r) => {
    const values = JSON.parse(r);
    return Object.fromEntries(t.columns.map((c, i) => [c, values[i]]));
  });
}

// Columns that authenticating a request updates by itself (when a session or token was
// last used): bookkeeping, not a change the request made.
export const AUTH_BOOKKEEPING = { sessions: ["last_seen", "expires_at"], api_tokens: ["last_used"] };

// What differs between two snapshots, as readable lines (empty when nothing changed),
// leaving out the `ignore` columns ({ table: [column, …] }).
export function diffSnapshots(before, after, { ignore = AUTH_BOOKKEEPING } = {}) {
  const out = [];
  const project = (snap, table) => {
    const t = snap[table];
    if (!t) return new Set();
    const drop = new Set((ignore[table] || []).map((c) => t.columns.indexOf(c)).filter((i) => i >= 0));
    if (!drop.size) return new Set(t.rows);
    return new Set(t.rows.map((r) => JSON.stringify(JSON.parse(r).filter((_, i) => !drop.has(i)))));
  };
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = project(before, table);
    const b = project(after, table);
    for (const r of b) if (!a.has(r)) out.push(`${table}: + ${r.slice(0, 200)}`);
    for (const r of a) if (!b.has(r)) out.push(`${table}: - ${r.slice(0, 200)}`);
  }
  return out;
}

// A link from a mail's text, e.g. /verifiera?token=… .
export function linkIn(mail, path) {
  const m = mail.text.match(new RegExp(`https?://[^\\s]+${path.replace(/[?]/g, "\\?")}\\?token=[A-Za-z0-9_\\-]+`));
  return m ? m[0] : null;
}
