// Accounts over HTTP: signing in through the API and the form, the session cookie and its
// attributes, rotation and "sign out everywhere", CSRF on cookie-authenticated API calls,
// bearer tokens and their scopes and revocation, answers that do not reveal whether an
// address is registered, throttling of sign-in, registration and reset (429 with
// Retry-After), the password-reset link, and the GDPR data download and erasure.
//
// Every server runs with SAMVERKAN_FAST_HASH=1. Tests that count failures per client
// address use an address of their own (127.0.x.y) so that they do not disturb each other.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { CookieJar, exportMessages, parseSetCookies, request } from "./client.mjs";
import { startServer, runCli } from "./server.mjs";
import { startSmtpSink } from "./smtp-sink.mjs";
import {
  FAST_HASH,
  PASSWORD,
  addUser,
  apiCall,
  apiSignIn,
  bearer,
  createToken,
  ensureCsrf,
  isRefusal,
  linkIn,
  location,
  newClientAddress,
  pageTokens,
  postForm,
  rowsOf,
  signedIn,
  snapshot,
  summarise,
  uniqueEmail,
} from "./accounts-helpers.mjs";

let server;
let sink;

before(async () => {
  sink = await startSmtpSink();
  server = await startServer({
    demo: false,
    env: FAST_HASH,
    extraArgs: ({ baseUrl }) => [
      "--smtp-url", sink.url,
      "--smtp-from", "Samverkan <noreply@example.se>",
      "--public-url", baseUrl,
    ],
  });
});

after(async () => {
  if (server) await server.dispose();
  if (sink) await sink.stop();
});

function assertProblem(res, status) {
  assert.equal(res.status, status, summarise(res));
  assert.match(String(res.headers["content-type"]), /^application\/problem\+json/, summarise(res));
  const problem = res.json();
  assert.equal(problem.status, status);
  assert.equal(typeof problem.detail, "string");
  assert.ok(problem.detail.trim().length > 0, "empty problem detail");
  return problem;
}

async function me(jarOrHeaders) {
  if (jarOrHeaders instanceof CookieJar) return request(server, "/api/v1/me", { jar: jarOrHeaders });
  return request(server, "/api/v1/me", { headers: jarOrHeaders });
}

// A jar holding nothing but the given session cookie (a copy, as a thief would have it).
function jarWithSession(value) {
  const jar = new CookieJar();
  jar.cookies.set("samverkan_session", value);
  return jar;
}

describe("signing in through the API", () => {
  it("POST /api/v1/session sets an HttpOnly, SameSite=Lax session cookie and GET /api/v1/me works with it", async () => {
    const user = await addUser(server.storage, { name: "Sara Svensson", roles: ["member"] });
    const { res, jar } = await apiSignIn(server, user.email, user.password);
    assert.equal(res.status, 200, summarise(res));
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const body = res.json();
    assert.equal(body.user.email, user.email);
    assert.equal(body.user.name, "Sara Svensson");
    assert.deepEqual(body.user.roles, ["member"]);
    assert.ok(!/argon2|password/i.test(res.text), "the answer mentions the password or its hash");

    const cookies = parseSetCookies(res.headers);
    const session = cookies.samverkan_session;
    assert.ok(session, `no samverkan_session cookie in ${JSON.stringify(res.headers["set-cookie"])}`);
    assert.ok(session.value.length >= 32, "the session token is short");
    assert.ok(session.attributes.includes("httponly"), "the session cookie is not HttpOnly");
    assert.ok(session.attributes.includes("samesite=lax"), "the session cookie is not SameSite=Lax");
    assert.ok(session.attributes.includes("path=/"), "the session cookie is not for Path=/");
    const maxAge = session.attributes.find((a) => a.startsWith("max-age="));
    assert.ok(maxAge && Number(maxAge.split("=")[1]) > 0, "the session cookie does not expire (no Max-Age)");
    assert.ok(!session.attributes.includes("secure"), "Secure without --secure-cookies (plain HTTP would lose it)");

    const mine = await me(jar);
    assert.equal(mine.status, 200, summarise(mine));
    assert.equal(mine.json().email, user.email);
    assert.equal(mine.json().id, user.id);

    const anonymous = await request(server, "/api/v1/me");
    assertProblem(anonymous, 401);
    const forged = await me(jarWithSession(`${session.value.slice(0, -4)}AAAA`));
    assertProblem(forged, 401);
  });

  it("a wrong password and an unknown address get the same 401", async () => {
    const user = await addUser(server.storage);
    const localAddress = newClientAddress();
    const wrong = await apiSignIn(server, user.email, "not the password at all", { localAddress });
    const unknown = await apiSignIn(server, uniqueEmail("nobody"), "not the password at all", { localAddress });
    assertProblem(wrong.res, 401);
    assertProblem(unknown.res, 401);
    assert.equal(wrong.res.text, unknown.res.text);
    assert.equal(wrong.jar.get("samverkan_session"), undefined);
  });

  it("an account whose address is not confirmed cannot sign in", async () => {
    const localAddress = newClientAddress();
    const email = uniqueEmail("unconfirmed");
    const reg = await postForm(server, "/registrera", { name: "Ulla Obekräftad", email, password: PASSWORD }, { localAddress });
    assert.equal(reg.status, 200, summarise(reg));
    const { res, jar } = await apiSignIn(server, email, PASSWORD, { localAddress });
    assert.ok([401, 403].includes(res.status), summarise(res));
    assertProblem(res, res.status);
    assert.equal(jar.get("samverkan_session"), undefined, "a session for an unconfirmed address");
  });
});

describe("CSRF on cookie-authenticated API calls", () => {
  it("an unsafe call without X-CSRF-Token is refused with 403; with the page's token it passes", async () => {
    const user = await addUser(server.storage);
    const jar = await signedIn(server, user);
    const { meta } = await pageTokens(server, jar, "/konto");
    assert.ok(meta, "/konto has no <meta name=csrf-token>");
    assert.equal(meta, jar.get("samverkan_csrf"), "the meta csrf-token differs from the samverkan_csrf cookie");

    const text = (label) => `CSRF ${label} ${Date.now()} ${Math.random()}`;
    const message = (label) => ({ name: "Sara", email: user.email, message: text(label) });

    const bodies = {};
    const send = async (label, headers) => {
      bodies[label] = message(label);
      return request(server, "/api/v1/messages", { method: "POST", body: bodies[label], jar, headers });
    };
    assertProblem(await send("none", {}), 403);
    assertProblem(await send("wrong", { "X-CSRF-Token": `${meta.slice(0, -2)}xx` }), 403);
    assertProblem(await send("empty", { "X-CSRF-Token": "" }), 403);
    assertProblem(await send("foreign", { "X-CSRF-Token": meta, Origin: "https://evil.example" }), 403);
    const good = await send("good", { "X-CSRF-Token": meta });
    assert.equal(good.status, 201, summarise(good));
    const sameOrigin = await send("same-origin", { "X-CSRF-Token": meta, Origin: server.baseUrl });
    assert.equal(sameOrigin.status, 201, summarise(sameOrigin));

    const stored = (await exportMessages(server.storage)).map((m) => m.message);
    for (const label of ["none", "wrong", "empty", "foreign"]) {
      assert.ok(!stored.includes(bodies[label].message), `the refused call (${label}) stored its message`);
    }
    assert.ok(stored.includes(bodies.good.message));

    // Signing out is a state change too.
    const out = await request(server, "/api/v1/session", { method: "DELETE", jar });
    assertProblem(out, 403);
    assert.equal((await me(jar)).status, 200, "a refused DELETE /api/v1/session ended the session");
    const outWithToken = await apiCall(server, "/api/v1/session", { method: "DELETE", jar });
    assert.equal(outWithToken.status, 200, summarise(outWithToken));
    const cleared = parseSetCookies(outWithToken.headers).samverkan_session;
    assert.ok(cleared && (cleared.value === "" || cleared.attributes.includes("max-age=0")), "the cookie is not cleared");
    assert.equal((await me(jar)).status, 401);
  });

  it("a bearer-token call needs no CSRF token and a form-encoded body to the API is refused", async () => {
    const user = await addUser(server.storage);
    const token = await createToken(server.storage, user.email, ["read", "write"]);
    const body = { name: "Skript", email: user.email, message: `bearer ${Date.now()}` };
    const ok = await request(server, "/api/v1/messages", { method: "POST", body, headers: bearer(token) });
    assert.equal(ok.status, 201, summarise(ok));
    const form = await request(server, "/api/v1/messages", {
      method: "POST",
      body: new URLSearchParams(body).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    assert.ok(form.status >= 400 && form.status < 500, summarise(form));
    assertProblem(form, form.status);
  });
});

describe("sessions", () => {
  async function formSignIn(jar, user, localAddress) {
    return postForm(server, "/logga-in", { email: user.email, password: user.password }, { jar, localAddress });
  }

  it("each sign-in gets a new session token (rotation)", async () => {
    const user = await addUser(server.storage);
    const jar = new CookieJar();
    const values = [];
    for (let i = 0; i < 3; i++) {
      const res = await formSignIn(jar, user);
      assert.equal(res.status, 303, summarise(res));
      assert.equal(location(res), "/konto");
      const cookie = parseSetCookies(res.headers).samverkan_session;
      assert.ok(cookie && cookie.value, "no session cookie set at sign-in");
      assert.ok(cookie.attributes.includes("httponly") && cookie.attributes.includes("samesite=lax"));
      values.push(cookie.value);
    }
    const viaApi = await signedIn(server, user);
    values.push(viaApi.get("samverkan_session"));
    assert.equal(new Set(values).size, values.length, "a sign-in reused a session token");
    assert.equal((await me(jar)).json().email, user.email);

    // Signing in as someone else in the same browser gives that person's session.
    const other = await addUser(server.storage);
    const res = await formSignIn(jar, other);
    assert.equal(res.status, 303, summarise(res));
    assert.ok(!values.includes(jar.get("samverkan_session")));
    assert.equal((await me(jar)).json().email, other.email);
  });

  it("signing out ends the session on the server, not only in the browser", async () => {
    const user = await addUser(server.storage);
    const jar = await signedIn(server, user);
    const stolen = jar.get("samverkan_session");
    const res = await postForm(server, "/logga-ut", {}, { jar });
    assert.equal(res.status, 303, summarise(res));
    assert.equal(jar.get("samverkan_session"), undefined, "the cookie was not cleared");
    assertProblem(await me(jarWithSession(stolen)), 401);
  });

  it("\"sign out everywhere\" ends every session of the account and no one else's", async () => {
    const user = await addUser(server.storage);
    const other = await addUser(server.storage);
    const jars = [await signedIn(server, user), await signedIn(server, user), new CookieJar()];
    const viaForm = await formSignIn(jars[2], user);
    assert.equal(viaForm.status, 303);
    const otherJar = await signedIn(server, other);
    for (const jar of jars) assert.equal((await me(jar)).status, 200);
    const values = jars.map((jar) => jar.get("samverkan_session"));

    const res = await postForm(server, "/konto/logga-ut-overallt", {}, { jar: jars[0] });
    assert.ok(res.status === 303 || res.status === 302, summarise(res));
    // Replay every session token, including the one whose cookie this answer cleared.
    for (const value of values) assertProblem(await me(jarWithSession(value)), 401);
    assert.equal((await me(otherJar)).status, 200, "another account's session ended");
  });

  it("with --secure-cookies the session and CSRF cookies are Secure", async () => {
    const secure = await startServer({ demo: false, env: FAST_HASH, extraArgs: ["--secure-cookies"] });
    try {
      const user = await addUser(secure.storage);
      const { res } = await apiSignIn(secure, user.email, user.password);
      assert.equal(res.status, 200, summarise(res));
      const session = parseSetCookies(res.headers).samverkan_session;
      assert.ok(session, "no session cookie");
      assert.ok(session.attributes.includes("secure"), `not Secure: ${res.headers["set-cookie"]}`);
      assert.ok(session.attributes.includes("httponly") && session.attributes.includes("samesite=lax"));
      const page = await request(secure, "/logga-in?lang=en");
      const cookies = parseSetCookies(page.headers);
      assert.ok(cookies.samverkan_csrf?.attributes.includes("secure"), "the CSRF cookie is not Secure");
      assert.ok(cookies.lang?.attributes.includes("secure"), "the language cookie is not Secure");
    } finally {
      await secure.dispose();
    }
  });
});

describe("API tokens", () => {
  it("a token from `samverkan token create` works for GET /api/v1/me and is stored only as a hash", async () => {
    const user = await addUser(server.storage, { name: "Tove Token" });
    const token = await createToken(server.storage, user.email, ["read"]);
    const res = await me(bearer(token));
    assert.equal(res.status, 200, summarise(res));
    assert.equal(res.json().email, user.email);
    assert.equal(res.headers["set-cookie"], undefined, "a bearer call set a cookie");
    const snap = await snapshot(server.storage);
    const everything = JSON.stringify(snap);
    assert.ok(!everything.includes(token), "the token is stored in plain text");
    assert.ok(!everything.includes(token.replace(/^svk_/, "")), "the token is stored in plain text");
  });

  it("a read-scoped token cannot change anything; a write-scoped one can change the profile", async () => {
    const user = await addUser(server.storage, { name: "Rut Läsare" });
    const read = await createToken(server.storage, user.email, ["read"], "read only");
    const write = await createToken(server.storage, user.email, ["write"], "writer");
    const session = await signedIn(server, user);
    const data = (await request(server, "/api/v1/me/data", { jar: session })).json();
    const readId = data.api_tokens.find((t) => t.name === "read only").id;

    // A script holding a token can fetch a CSRF cookie and token from any page like anyone;
    // what stops it must be the token's scope.
    const attempts = [
      ["/konto/profil", { name: "Ändrad av läsnyckel", language: "en" }],
      ["/konto/losenord", { current_password: user.password, password: "ett helt nytt lösenord" }],
      ["/konto/nycklar", { token_name: "made by a read token", scope: "write" }],
      [`/konto/nycklar/${readId}/aterkalla`, {}],
      ["/konto/logga-ut-overallt", {}],
      ["/konto/radera", { password: user.password }],
    ];
    const failures = [];
    for (const [path, fields] of attempts) {
      const res = await postForm(server, path, fields, { headers: bearer(read) });
      if (!isRefusal(res)) failures.push(`POST ${path} with a read-scoped token: ${summarise(res)}`);
    }
    const after = await me(session);
    if (after.status !== 200) failures.push(`the session ended after the read-token attempts (GET /api/v1/me ${after.status})`);
    else if (after.json().name !== "Rut Läsare") failures.push(`the name changed to ${after.json().name}`);
    if ((await me(bearer(read))).status !== 200) failures.push("the read token was revoked by itself");
    const afterData = (await request(server, "/api/v1/me/data", { jar: session })).json?.();
    if (afterData?.api_tokens?.some((t) => t.name === "made by a read token")) failures.push("a read token created a token");
    const signIn = await apiSignIn(server, user.email, user.password);
    if (signIn.res.status !== 200) failures.push(`the password or account changed: sign-in answers ${signIn.res.status}`);
    assert.deepEqual(failures, [], "a read-scoped token changed data");

    const res = await postForm(server, "/konto/profil", { name: "Ändrad av skrivnyckel", language: "sv" }, { headers: bearer(write) });
    assert.ok(res.status === 303 || res.status === 302, summarise(res));
    assert.equal((await me(session)).json().name, "Ändrad av skrivnyckel");
  });

  it("the admin scope: only an administrator's token gets it, and a read token of an admin cannot use it", async () => {
    const member = await addUser(server.storage, { roles: ["member"] });
    await assert.rejects(createToken(server.storage, member.email, ["admin"]), /admin/i, "a member got an admin-scoped token");
    const admin = await addUser(server.storage, { roles: ["admin"] });
    const read = await createToken(server.storage, admin.email, ["read"]);
    const full = await createToken(server.storage, admin.email, ["read", "admin"]);
    const routes = (await runCli(["routes", ...server.storage.args()])).stdout;
    assert.match(routes, /^GET \/api\/v1\/audit /m, "no admin-only API route to test the admin scope with");
    assertProblem(await request(server, "/api/v1/audit", { headers: bearer(read) }), 403);
    const ok = await request(server, "/api/v1/audit", { headers: bearer(full) });
    assert.equal(ok.status, 200, summarise(ok));
    assertProblem(await request(server, "/api/v1/audit", { headers: bearer(await createToken(server.storage, member.email, ["read", "write"])) }), 403);
  });

  it("a revoked token gets 401 with WWW-Authenticate and application/problem+json", async () => {
    const user = await addUser(server.storage);
    const token = await createToken(server.storage, user.email, ["read"], "to revoke");
    assert.equal((await me(bearer(token))).status, 200);
    const session = await signedIn(server, user);
    const data = (await request(server, "/api/v1/me/data", { jar: session })).json();
    const record = data.api_tokens.find((t) => t.name === "to revoke");
    assert.ok(record, `the token is not in my data: ${JSON.stringify(data.api_tokens)}`);

    // Someone else cannot revoke it.
    const stranger = await signedIn(server, await addUser(server.storage));
    await postForm(server, `/konto/nycklar/${record.id}/aterkalla`, {}, { jar: stranger });
    assert.equal((await me(bearer(token))).status, 200, "another account revoked the token");

    const revoke = await postForm(server, `/konto/nycklar/${record.id}/aterkalla`, {}, { jar: session });
    assert.ok(revoke.status === 303 || revoke.status === 302, summarise(revoke));
    const res = await me(bearer(token));
    assertProblem(res, 401);
    assert.match(String(res.headers["www-authenticate"] || ""), /^Bearer\b/, "no WWW-Authenticate: Bearer");

    for (const authorization of [`Bearer svk_${"x".repeat(43)}`, "Bearer ", `Basic ${Buffer.from("a:b").toString("base64")}`]) {
      const other = await request(server, "/api/v1/me", { headers: { Authorization: authorization } });
      assertProblem(other, 401);
      assert.match(String(other.headers["www-authenticate"] || ""), /^Bearer\b/, `no WWW-Authenticate for ${authorization}`);
    }
  });
});

// The tests that wait for mail run side by side: the sender sends what is waiting in rounds.
describe("mail: answers that do not reveal registered addresses, reset and verification links", { concurrency: true }, () => {
  // The page with the echoed address and the CSRF token taken out.
  function normalise(text, email) {
    const escaped = email.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return text.split(email).join("EMAIL").split(escaped).join("EMAIL").replace(/[A-Za-z0-9_-]{40,}/g, "TOKEN");
  }

  async function compare(path, registered, unregistered, extraFields = {}) {
    const jar = new CookieJar();
    const localAddress = newClientAddress();
    await pageTokens(server, jar, `${path}?lang=sv`, { localAddress });
    const known = await postForm(server, path, { ...extraFields, email: registered }, { jar, localAddress });
    const unknown = await postForm(server, path, { ...extraFields, email: unregistered }, { jar, localAddress });
    assert.equal(known.status, unknown.status, `${path}: ${summarise(known)} vs ${summarise(unknown)}`);
    assert.equal(known.headers["content-type"], unknown.headers["content-type"]);
    assert.equal(known.headers.location, unknown.headers.location);
    const cookieNames = (res) => Object.keys(parseSetCookies(res.headers)).sort();
    assert.deepEqual(cookieNames(known), cookieNames(unknown));
    assert.equal(normalise(known.text, registered), normalise(unknown.text, unregistered), `${path} answers differ`);
    return { known, unknown };
  }

  it("registration answers alike for a registered and a new address (the owner is told by mail)", async () => {
    const user = await addUser(server.storage);
    const fresh = uniqueEmail("fresh");
    const { known } = await compare("/registrera", user.email, fresh, { name: "Vera Vem", password: PASSWORD });
    assert.equal(known.status, 200, summarise(known));
    const toOwner = await sink.waitFor((m) => m.to === user.email, 45_000);
    assert.ok(!linkIn(toOwner, "/verifiera"), "the owner of a taken address got a verification link");
    const toNew = await sink.waitFor((m) => m.to === fresh, 45_000);
    assert.ok(linkIn(toNew, "/verifiera"), `no verification link in: ${toNew.text}`);
  });

  it("a password-reset request answers alike for a registered and an unknown address", async () => {
    const user = await addUser(server.storage);
    const unknown = uniqueEmail("unknown");
    const { known } = await compare("/glomt-losenord", user.email, unknown);
    assert.equal(known.status, 200, summarise(known));
    const mail = await sink.waitFor((m) => m.to === user.email && linkIn(m, "/aterstall-losenord"), 45_000);
    assert.ok(mail);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!sink.messages.some((m) => m.to === unknown), "a mail went to an address without an account");
  });

  it("a reset link sets a new password once and ends every session", async () => {
    const user = await addUser(server.storage);
    const localAddress = newClientAddress();
    const session = await signedIn(server, user, { localAddress });
    const asked = await postForm(server, "/glomt-losenord", { email: user.email }, { localAddress });
    assert.equal(asked.status, 200, summarise(asked));
    const mail = await sink.waitFor((m) => m.to === user.email && linkIn(m, "/aterstall-losenord"), 45_000);
    const link = new URL(linkIn(mail, "/aterstall-losenord"));
    assert.equal(link.origin, new URL(server.baseUrl).origin, "the link does not use --public-url");
    const token = link.searchParams.get("token");
    const form = await request(server, `${link.pathname}${link.search}`);
    assert.equal(form.status, 200);

    const short = await postForm(server, "/aterstall-losenord", { token, password: "kort" }, { localAddress });
    assert.ok(short.status >= 400 && short.status < 500, summarise(short));
    const newPassword = "ett nytt långt lösenord";
    const done = await postForm(server, "/aterstall-losenord", { token, password: newPassword }, { localAddress });
    assert.equal(done.status, 303, summarise(done));
    assert.equal(location(done), "/logga-in?reset=1");
    assertProblem(await me(session), 401);
    assertProblem((await apiSignIn(server, user.email, user.password, { localAddress })).res, 401);
    assert.equal((await apiSignIn(server, user.email, newPassword, { localAddress })).res.status, 200);
    const again = await postForm(server, "/aterstall-losenord", { token, password: "ännu ett nytt lösenord" }, { localAddress });
    assert.ok(again.status >= 400 && again.status < 500, `a used link worked again: ${summarise(again)}`);
    assert.equal((await apiSignIn(server, user.email, newPassword, { localAddress })).res.status, 200);
  });

  it("a verification link works once", async () => {
    const localAddress = newClientAddress();
    const email = uniqueEmail("verify");
    const reg = await postForm(server, "/registrera?lang=en", { name: "Vilma", email, password: PASSWORD }, { localAddress });
    assert.equal(reg.status, 200, summarise(reg));
    const mail = await sink.waitFor((m) => m.to === email, 45_000);
    assert.equal(mail.subject, "Confirm your e-mail address");
    const link = new URL(linkIn(mail, "/verifiera"));
    const first = await request(server, `${link.pathname}${link.search}`);
    assert.equal(first.status, 200);
    assert.equal((await apiSignIn(server, email, PASSWORD, { localAddress })).res.status, 200);
    const second = await request(server, `${link.pathname}${link.search}&lang=en`);
    assert.match(second.text, /did not work/, "a used verification link was accepted again");
  });
});

describe("throttling", () => {
  const retryAfter = (res) => {
    const value = res.headers["retry-after"];
    assert.ok(value !== undefined, `429 without Retry-After: ${summarise(res)}`);
    assert.match(String(value), /^\d+$/, `Retry-After is not a number of seconds: ${value}`);
    assert.ok(Number(value) >= 1, `Retry-After ${value}`);
    return Number(value);
  };

  it("API sign-in: after the allowed failures, 429 with Retry-After, and the right password is refused too", async () => {
    const user = await addUser(server.storage);
    const bystander = await addUser(server.storage);
    const localAddress = newClientAddress();
    const statuses = [];
    let limited = null;
    for (let i = 0; i < 15 && !limited; i++) {
      const { res } = await apiSignIn(server, user.email, `wrong password ${i}`, { localAddress });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else assertProblem(res, 401);
    }
    assert.ok(limited, `no 429 after 15 wrong passwords: ${statuses.join(" ")}`);
    assert.ok(statuses.filter((s) => s === 401).length >= 3, `throttled too early: ${statuses.join(" ")}`);
    assertProblem(limited, 429);
    retryAfter(limited);

    const right = await apiSignIn(server, user.email, user.password, { localAddress });
    assertProblem(right.res, 429);
    retryAfter(right.res);
    assert.equal(right.jar.get("samverkan_session"), undefined, "a session while blocked");

    // Another account from the same address is not locked out by this one's failures.
    const other = await apiSignIn(server, bystander.email, bystander.password, { localAddress });
    assert.equal(other.res.status, 200, summarise(other.res));
  });

  it("form sign-in: 429 with Retry-After and an error summary, no session for the right password", async () => {
    const user = await addUser(server.storage);
    const localAddress = newClientAddress();
    let limited = null;
    const statuses = [];
    for (let i = 0; i < 15 && !limited; i++) {
      const res = await postForm(server, "/logga-in?lang=en", { email: user.email, password: `nope ${i}` }, { localAddress });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, `no 429 after 15 wrong passwords: ${statuses.join(" ")}`);
    retryAfter(limited);
    assert.match(limited.text, /class="error-summary"/);
    const jar = new CookieJar();
    const right = await postForm(server, "/logga-in", { email: user.email, password: user.password }, { jar, localAddress });
    assert.equal(right.status, 429, summarise(right));
    retryAfter(right);
    assert.equal(jar.get("samverkan_session"), undefined, "a session while blocked");
  });

  it("per address: failures against many accounts block the address, not other addresses", async () => {
    const user = await addUser(server.storage);
    const attacker = newClientAddress();
    let limited = null;
    const statuses = [];
    for (let i = 0; i < 40 && !limited; i++) {
      const { res } = await apiSignIn(server, uniqueEmail(`guess${i}`), "Sommar2024!", { localAddress: attacker });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, `no 429 from one address after 40 failures on different accounts: ${statuses.join(" ")}`);
    retryAfter(limited);
    const blocked = await apiSignIn(server, user.email, user.password, { localAddress: attacker });
    assertProblem(blocked.res, 429);
    const elsewhere = await apiSignIn(server, user.email, user.password, { localAddress: newClientAddress() });
    assert.equal(elsewhere.res.status, 200, summarise(elsewhere.res));
  });

  it("registration from one address is limited: 429 with Retry-After", async () => {
    const localAddress = newClientAddress();
    let limited = null;
    const statuses = [];
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await postForm(server, "/registrera", { name: `Massa ${i}`, email: uniqueEmail("mass"), password: PASSWORD }, { localAddress });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, `no 429 after 25 registrations from one address: ${statuses.join(" ")}`);
    assert.ok(statuses.filter((s) => s === 200).length >= 3, `throttled too early: ${statuses.join(" ")}`);
    retryAfter(limited);
  });

  it("password-reset requests from one address are limited: 429 with Retry-After", async () => {
    const user = await addUser(server.storage);
    const localAddress = newClientAddress();
    let limited = null;
    const statuses = [];
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await postForm(server, "/glomt-losenord", { email: user.email }, { localAddress });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, `no 429 after 40 reset requests from one address: ${statuses.join(" ")}`);
    retryAfter(limited);
  });
});

describe("my data and deleting the account", () => {
  it("download my data holds the account, its tokens and its messages; anonymous callers are refused", async () => {
    const user = await addUser(server.storage, { name: "Dora Data" });
    await createToken(server.storage, user.email, ["read"], "dora's script");
    const session = await signedIn(server, user);
    const text = `Dora's message ${Date.now()}`;
    const sent = await apiCall(server, "/api/v1/messages", { jar: session, body: { name: "Dora", email: user.email, message: text } });
    assert.equal(sent.status, 201, summarise(sent));

    const page = await request(server, "/konto/mina-data", { jar: session });
    assert.equal(page.status, 200, summarise(page));
    assert.match(String(page.headers["content-type"]), /^application\/json/);
    assert.match(String(page.headers["content-disposition"] || ""), /attachment/);
    const data = page.json();
    assert.equal(data.account.email, user.email);
    assert.equal(data.account.name, "Dora Data");
    assert.ok(data.api_tokens.some((t) => t.name === "dora's script"));
    assert.ok(!JSON.stringify(data).match(/argon2|token_hash/), "my data shows secrets");
    assert.ok(data.contact_messages.some((m) => m.message === text), "my contact message is missing");
    assert.deepEqual((await request(server, "/api/v1/me/data", { jar: session })).json(), data);

    const anonymous = await request(server, "/konto/mina-data");
    assert.ok(isRefusal(anonymous), summarise(anonymous));
    assertProblem(await request(server, "/api/v1/me/data"), 401);
  });

  it("deleting the account needs the password, then erases the person and ends the sessions", async () => {
    const name = `Erik Raderas ${Date.now()}`;
    const user = await addUser(server.storage, { name });
    const token = await createToken(server.storage, user.email, ["read"]);
    const session = await signedIn(server, user);
    const other = await signedIn(server, user);
    const text = `Erik's message ${Date.now()}`;
    assert.equal((await apiCall(server, "/api/v1/messages", { jar: session, body: { name, email: user.email, message: text } })).status, 201);

    const wrong = await postForm(server, "/konto/radera", { password: "fel lösenord helt" }, { jar: session });
    assert.ok(wrong.status >= 400 && wrong.status < 500, summarise(wrong));
    assert.equal((await me(session)).status, 200, "a wrong password deleted the account");

    const res = await postForm(server, "/konto/radera", { password: user.password }, { jar: session });
    assert.ok(res.status === 303 || res.status === 302, summarise(res));
    assertProblem(await me(other), 401);
    assertProblem(await me(bearer(token)), 401);
    assertProblem((await apiSignIn(server, user.email, user.password)).res, 401);

    const snap = await snapshot(server.storage);
    const leaks = [];
    for (const table of ["users", "sessions", "api_tokens", "one_time_tokens", "user_roles", "contact_messages"]) {
      for (const row of snap[table].rows) {
        if (row.includes(user.email) || row.includes(name) || row.includes(text)) leaks.push(`${table}: ${row.slice(0, 200)}`);
      }
    }
    assert.deepEqual(leaks, [], "personal data left after deleting the account");
    const erased = rowsOf(snap, "users").find((u) => u.id === user.id);
    assert.ok(erased, "the user row is gone (expected it kept without personal data)");
    assert.equal(erased.password_hash, "");
  });
});
