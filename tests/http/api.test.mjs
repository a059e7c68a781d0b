// The JSON API and the contact form over HTTP: the OpenAPI document and that every path in
// it answers, problem+json errors in the reader's language, messages through the API and
// through the form with its CSRF protection.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { Validator } from "@seriousme/openapi-schema-validator";

import { CookieJar, contactFormToken, formBody, listMessages, request } from "./client.mjs";
import { startServer } from "./server.mjs";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) await server.dispose();
});

function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function assertProblem(res, status) {
  assert.equal(res.status, status, res.text.slice(0, 500));
  assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.status, status);
  assert.equal(typeof problem.title, "string");
  assert.equal(typeof problem.detail, "string");
  assert.ok(problem.detail.length > 0);
  return problem;
}

describe("OpenAPI document", () => {
  let doc;

  before(async () => {
    const res = await request(server, "/api/v1/openapi.json");
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    doc = res.json();
  });

  it("is valid OpenAPI 3.1", async () => {
    assert.match(String(doc.openapi), /^3\.1\.\d+$/);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    assert.ok(result.valid, `invalid OpenAPI document:\n${JSON.stringify(result, null, 2).slice(0, 4000)}`);
    assert.equal(validator.version, "3.1");
  });

  it("describes the API routes the site has", () => {
    const paths = Object.keys(doc.paths || {});
    assert.ok(paths.length > 0, "no paths");
    for (const path of paths) assert.match(path, /^\/api\//, `${path} is not under /api/`);
    for (const expected of ["/api/v1/messages", "/api/v1/reference/sdgs"]) {
      assert.ok(paths.includes(expected), `${expected} is not in the OpenAPI document`);
    }
    assert.ok(doc.paths["/api/v1/messages"].post, "POST /api/v1/messages is not described");
    // Messages hold visitors' e-mail addresses: they are for staff, and there is no public list.
    assert.equal(doc.paths["/api/v1/messages"].get, undefined, "GET /api/v1/messages must not be public");
  });

  it("every GET path without parameters answers 200 JSON (or its documented 401)", async () => {
    const failures = [];
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths || {})) {
      if (!item.get || path.includes("{")) continue;
      checked++;
      const res = await request(server, path);
      const type = String(res.headers["content-type"]);
      // Routes that document 401 need a signed-in user: anonymously they must say so.
      if (item.get.responses?.["401"] && res.status === 401) {
        if (!/^application\/problem\+json/.test(type)) failures.push(`GET ${path}: 401 as ${type}`);
        continue;
      }
      if (res.status !== 200) {
        failures.push(`GET ${path}: ${res.status} ${res.text.slice(0, 200)}`);
        continue;
      }
      if (!/^application\/(.+\+)?json/.test(type)) {
        failures.push(`GET ${path}: Content-Type ${type}`);
        continue;
      }
      try {
        JSON.parse(res.text);
      } catch (err) {
        failures.push(`GET ${path}: body is not JSON (${err.message})`);
      }
    }
    assert.ok(checked > 0, "no GET path without parameters to check");
    assert.deepEqual(failures, []);
  });

  it("every other operation answers (no 404 for its route, no 5xx, JSON)", async () => {
    const failures = [];
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of ["get", "post", "put", "patch", "delete"]) {
        const op = item[method];
        if (!op || (method === "get" && !path.includes("{"))) continue;
        // Path parameters get a value that names nothing; the route must still answer.
        const concrete = path.replace(/\{[^}]+\}/g, "0");
        const res = await request(server, concrete, {
          method: method.toUpperCase(),
          body: method === "get" || method === "delete" ? undefined : {},
        });
        const type = String(res.headers["content-type"]);
        if (res.status >= 500) failures.push(`${method.toUpperCase()} ${concrete}: ${res.status} ${res.text.slice(0, 200)}`);
        else if (res.status === 405) failures.push(`${method.toUpperCase()} ${concrete}: 405, but the document lists it`);
        else if (res.status === 404 && !/^application\/problem\+json/.test(type))
          failures.push(`${method.toUpperCase()} ${concrete}: 404 without problem+json`);
        else if (res.body.length && !/^application\/(.+\+)?json/.test(type))
          failures.push(`${method.toUpperCase()} ${concrete}: Content-Type ${type}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

describe("API errors", () => {
  it("an unknown API path is a 404 problem, translated", async () => {
    const sv = assertProblem(await request(server, "/api/v1/finns-inte?lang=sv"), 404);
    const en = assertProblem(await request(server, "/api/v1/finns-inte?lang=en"), 404);
    assert.notEqual(sv.detail, en.detail, `detail not translated: ${sv.detail}`);
  });

  it("an invalid message is a 422 problem with field errors, translated", async () => {
    const sv = assertProblem(await request(server, "/api/v1/messages?lang=sv", { method: "POST", body: { name: "", email: "inte-en-adress", message: "" } }), 422);
    const en = assertProblem(await request(server, "/api/v1/messages?lang=en", { method: "POST", body: { name: "", email: "inte-en-adress", message: "" } }), 422);
    assert.notEqual(sv.detail, en.detail, `detail not translated: ${sv.detail}`);
    assert.ok(Array.isArray(sv.errors), "no errors array");
    const fields = sv.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ["email", "message", "name"]);
    const byField = (p, f) => p.errors.find((e) => e.field === f).detail;
    assert.notEqual(byField(sv, "email"), byField(en, "email"), "field messages not translated");
  });

  it("malformed JSON is a 400 or 422 problem", async () => {
    const res = await request(server, "/api/v1/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"name": "Anna", ',
    });
    assert.ok([400, 422].includes(res.status), `malformed JSON answered ${res.status}`);
    assertProblem(res, res.status);
  });
});

describe("messages through the API", () => {
  it("POST /api/v1/messages with JSON answers 201 with an id, and the message is stored", async () => {
    const text = unique("api-message");
    const res = await request(server, "/api/v1/messages", {
      method: "POST",
      body: { name: "Anna Andersson", email: "anna@example.se", message: text },
    });
    assert.equal(res.status, 201, res.text);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const { id } = res.json();
    assert.ok(Number.isInteger(id) && id > 0, `id ${id} is not a positive integer`);
    const { messages } = await listMessages(server);
    const stored = messages.find((m) => m.id === id);
    assert.ok(stored, `message ${id} is not stored`);
    assert.equal(stored.message, text);
    assert.equal(stored.email, "anna@example.se");
  });

  it("POST /api/v1/messages with a form content type is refused (4xx) and stores nothing", async () => {
    const text = unique("form-type");
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]) {
      const body = type.startsWith("application/x-www") ? formBody({ name: "Anna", email: "anna@example.se", message: text }) : `name=Anna&email=anna@example.se&message=${text}`;
      const res = await request(server, "/api/v1/messages", { method: "POST", headers: { "Content-Type": type }, body });
      assert.ok(res.status >= 400 && res.status < 500, `${type}: ${res.status}`);
      assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
    }
    const { messages } = await listMessages(server);
    assert.ok(!messages.some((m) => m.message === text), "a refused message was stored");
  });

  it("POST /api/v1/messages from another site's origin is refused", async () => {
    const res = await request(server, "/api/v1/messages", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: { name: "Anna", email: "anna@example.se", message: unique("cross-site") },
    });
    assert.equal(res.status, 403);
  });

  it("GET /api/v1/messages is not public: visitors' e-mail addresses are never listed", async () => {
    const text = unique("private");
    const res = await request(server, "/api/v1/messages", { method: "POST", body: { name: "Bo", email: "bo-private@example.se", message: text } });
    assert.equal(res.status, 201, res.text);
    const list = await request(server, "/api/v1/messages?limit=2");
    assert.equal(list.status, 405, `GET /api/v1/messages answered ${list.status}`);
    assert.ok(!list.text.includes("bo-private@example.se"), "an e-mail address leaked");
    const { messages, via } = await listMessages(server, { pageSize: 2 });
    assert.match(via, /^cli/);
    assert.ok(messages.some((m) => m.message === text), `${text} missing from the export`);
  });
});

describe("contact form", () => {
  it("POST /kontakt with the CSRF token redirects (303) to /kontakt/tack and stores the message", async () => {
    const { jar, token } = await contactFormToken(server);
    const text = unique("form-message");
    const res = await request(server, "/kontakt", {
      method: "POST",
      jar,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formBody({ name: "Cecilia", email: "cecilia@example.se", message: text, csrf_token: token }),
    });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(new URL(res.headers.location, server.baseUrl).pathname, "/kontakt/tack");
    const thanks = await request(server, res.headers.location, { jar });
    assert.equal(thanks.status, 200);
    const { messages } = await listMessages(server);
    assert.ok(messages.some((m) => m.message === text), "the message sent through the form is not stored");
  });

  it("POST /kontakt without a CSRF token is 403 and stores nothing", async () => {
    const text = unique("no-csrf");
    const { jar } = await contactFormToken(server);
    const withoutToken = await request(server, "/kontakt", {
      method: "POST",
      jar,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formBody({ name: "Eve", email: "eve@example.se", message: text }),
    });
    assert.equal(withoutToken.status, 403);
    assert.match(String(withoutToken.headers["content-type"]), /^text\/html/);

    const withoutCookie = await request(server, "/kontakt", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formBody({ name: "Eve", email: "eve@example.se", message: text, csrf_token: "x".repeat(43) }),
    });
    assert.equal(withoutCookie.status, 403);

    const wrongToken = await request(server, "/kontakt", {
      method: "POST",
      jar,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formBody({ name: "Eve", email: "eve@example.se", message: text, csrf_token: "y".repeat(43) }),
    });
    assert.equal(wrongToken.status, 403);

    const { messages } = await listMessages(server);
    assert.ok(!messages.some((m) => m.message === text), "a message refused for CSRF was stored");
  });

  it("POST /kontakt with a valid token but from another origin is 403", async () => {
    const { jar, token } = await contactFormToken(server);
    const res = await request(server, "/kontakt", {
      method: "POST",
      jar,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: formBody({ name: "Eve", email: "eve@example.se", message: unique("origin"), csrf_token: token }),
    });
    assert.equal(res.status, 403);
  });

  it("POST /kontakt with empty fields re-renders the form (422) with an error summary, in the reader's language", async () => {
    for (const lang of ["sv", "en"]) {
      const { jar, token } = await contactFormToken(server, lang);
      const res = await request(server, `/kontakt?lang=${lang}`, {
        method: "POST",
        jar,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: formBody({ name: "", email: "", message: "", csrf_token: token }),
      });
      assert.equal(res.status, 422);
      assert.match(res.text, new RegExp(`<html[^>]*lang="${lang}"`));
      assert.match(res.text, /class="error-summary"/);
      for (const field of ["name", "email", "message"]) {
        assert.match(res.text, new RegExp(`href="#field-${field}"`), `the summary does not link ${field}`);
      }
      assert.equal((res.text.match(/aria-invalid="true"/g) || []).length, 3);
    }
  });

  it("an unknown GET under /kontakt is 404", async () => {
    const res = await request(server, "/kontakt/finns-inte");
    assert.equal(res.status, 404);
  });

  it("the CSRF cookie is set once and kept", async () => {
    const jar = new CookieJar();
    await request(server, "/kontakt", { jar });
    const first = jar.get("samverkan_csrf");
    assert.ok(first && first.length >= 32, "no samverkan_csrf cookie of at least 32 characters");
    const again = await request(server, "/kontakt", { jar });
    assert.equal(jar.get("samverkan_csrf"), first);
    assert.match(again.text, new RegExp(`name="csrf_token" value="${first}"`));
  });
});
