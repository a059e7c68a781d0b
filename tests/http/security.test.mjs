// The attack suite of issue 3:
//
// - a route × role table: every route that changes data (POST/PUT/PATCH/DELETE, from
//   `samverkan routes`) must be listed in PERMISSIONS by name, and is tried as each role
//   (anonymous, member, representative, juror, editor, admin); allowed means 2xx/3xx,
//   forbidden means 401/403 or a redirect to /logga-in, and nothing changed;
// - requests without a valid CSRF token to every form route, and cookie-authenticated API
//   calls without X-CSRF-Token or with a body that is not JSON: 403/4xx, nothing changed;
// - SQL- and script-injection payloads in every field of the public forms and JSON bodies:
//   stored verbatim and rendered inert (escaped in the HTML; in Chromium no dialog fires
//   and no injected element exists);
// - oversized and malformed bodies: 4xx with a clear problem detail, nothing changed;
// - another organisation's resources: a representative of actor A cannot edit actor B.
//
// "Nothing changed" is checked on the whole database, through `samverkan backup`.

import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { CookieJar, RawConnection, exportMessages, request } from "./client.mjs";
import { runCli, startServer } from "./server.mjs";
import {
  FAST_HASH,
  PASSWORD,
  addUser,
  bearer,
  createToken,
  diffSnapshots,
  ensureCsrf,
  isRefusal,
  location,
  newClientAddress,
  postForm,
  rowsOf,
  signedIn,
  snapshot,
  summarise,
  uniqueEmail,
} from "./accounts-helpers.mjs";
import { launchBrowser } from "../browser/browser.mjs";

// ---- Valid inputs for the routes that take a document ----------------------------------------

const SPI_FRAMEWORK = await readFile(new URL("../../data/spi/eu_spi_2020_indicator_metadata.csv", import.meta.url), "utf8");
// The header and two regions of the EU-SPI 2020 data: enough for a computation.
const SPI_DATA = (await readFile(new URL("../../data/spi/eu_spi_2020_indicators_regional.csv", import.meta.url), "utf8"))
  .split("\n").slice(0, 3).join("\n");
const SROI_JSON = {
  discount_rate: 0.035,
  inputs: [{ value: 1000, year: 1 }],
  outcomes: [{ stakeholder: "Participants", outcome: "In work", quantity: 1, proxy: 1035, duration: 2 }],
};
const SROI_FORM = {
  discount_rate: "3.5", convention: "end_of_year", "inputs[0].kind": "cash", "inputs[0].value": "1000",
  "outcomes[0].stakeholder": "Participants", "outcomes[0].outcome": "In work", "outcomes[0].quantity": "1",
  "outcomes[0].proxy": "1035", "outcomes[0].duration": "2",
};
const SOCIOECONOMIC_JSON = {
  group_size: 10, horizon_years: 5, discount_rate: 0.035,
  items: [{ name: "Handläggning", kind: "resource_use", actor: "municipality", without: 20000, with: 5000 }],
  investments: [{ actor: "municipality", value: 250000, year: 1 }],
};
const SOCIOECONOMIC_FORM = {
  group_size: "10", horizon_years: "5", discount_rate: "3,5", convention: "end_of_year",
  "items[0].name": "Handläggning", "items[0].kind": "resource_use", "items[0].actor": "municipality",
  "items[0].without": "20000", "items[0].with": "5000",
};

// ---- The routes, read before the tests are defined -----------------------------------------

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function listRoutes() {
  const dir = await mkdtemp(join(tmpdir(), "samverkan-routes-"));
  try {
    const { stdout } = await runCli(["routes", "--data", dir]);
    return stdout
      .split("\n")
      .filter((l) => l.trim())
      .map((line) => {
        const [method, pattern, name] = line.trim().split(/\s+/);
        return { method, pattern, name };
      });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ROUTES = await listRoutes();
const WRITE_ROUTES = ROUTES.filter((r) => !SAFE_METHODS.has(r.method));

// ---- The permission table ------------------------------------------------------------------

const ACTORS = ["anonymous", "member", "representative", "juror", "editor", "admin"];
const allow = (...who) => Object.fromEntries(ACTORS.map((a) => [a, who.includes(a)]));
const EVERYONE = allow(...ACTORS);
const SIGNED_IN = allow("member", "representative", "juror", "editor", "admin");
const ADMINS = allow("admin");
const EDITORS = allow("editor", "admin");

// The "representative" of the table represents actor A; routes about one actor target
// actor B, so for them the representative is someone else's representative.
//
// Each entry: the route's method and pattern (checked against `samverkan routes`), who may
// use it, and prepare(ctx) → the request to send: { path, form } for a form (the CSRF token
// is added when sent) or { path, json } for the API, and optionally allowed(res, ctx) → an
// error text when an allowed attempt did not work (default: any 2xx/3xx that is not a
// redirect to the sign-in page).
const PERMISSIONS = {
  "accounts.register": {
    method: "POST", pattern: "/registrera", access: EVERYONE,
    prepare: () => ({ path: "/registrera", form: { name: "Ny Person", email: uniqueEmail("reg"), password: PASSWORD } }),
    allowed: (res) => (res.status === 200 ? null : "not the confirmation page"),
  },
  "accounts.sign_in": {
    method: "POST", pattern: "/logga-in", access: EVERYONE,
    prepare: async (ctx) => {
      const who = ctx.user || (await addUser(fixture.storage));
      return { path: "/logga-in", form: { email: who.email, password: who.password } };
    },
    allowed: (res) => (res.status === 303 && location(res) === "/konto" ? null : "no redirect to /konto"),
  },
  "accounts.sign_out": {
    method: "POST", pattern: "/logga-ut", access: EVERYONE,
    prepare: () => ({ path: "/logga-ut", form: {} }),
  },
  "accounts.forgot": {
    method: "POST", pattern: "/glomt-losenord", access: EVERYONE,
    prepare: (ctx) => ({ path: "/glomt-losenord", form: { email: ctx.user?.email || uniqueEmail("forgot") } }),
    allowed: (res) => (res.status === 200 ? null : "not the confirmation page"),
  },
  "accounts.reset": {
    method: "POST", pattern: "/aterstall-losenord", access: EVERYONE,
    prepare: async () => ({ path: "/aterstall-losenord", form: { token: await resetToken(), password: "ett nytt långt lösenord" } }),
    allowed: (res) => (res.status === 303 && location(res) === "/logga-in?reset=1" ? null : "no redirect to /logga-in?reset=1"),
  },
  "accounts.update_profile": {
    method: "POST", pattern: "/konto/profil", access: SIGNED_IN,
    prepare: () => ({ path: "/konto/profil", form: { name: "Nytt Namn", language: "en" } }),
  },
  "accounts.change_password": {
    method: "POST", pattern: "/konto/losenord", access: SIGNED_IN,
    prepare: (ctx) => ({ path: "/konto/losenord", form: { current_password: ctx.user?.password || PASSWORD, password: "ett annat långt lösenord" } }),
  },
  "accounts.sign_out_everywhere": {
    method: "POST", pattern: "/konto/logga-ut-overallt", access: SIGNED_IN,
    prepare: () => ({ path: "/konto/logga-ut-overallt", form: {} }),
    // Success also ends at the sign-in page; what shows it worked is the ended session.
    allowed: async (res, ctx) => {
      if (res.status !== 303 && res.status !== 302) return "no redirect";
      const me = await request(fixture.server, "/api/v1/me", { headers: { Cookie: `samverkan_session=${ctx.sessionToken}` } });
      return me.status === 401 ? null : "the session still works";
    },
  },
  "accounts.create_token": {
    method: "POST", pattern: "/konto/nycklar", access: SIGNED_IN,
    prepare: () => ({ path: "/konto/nycklar", form: { token_name: "table", scope: "read" } }),
    allowed: (res) => (res.status === 200 && /svk_[A-Za-z0-9_-]{20,}/.test(res.text) ? null : "no new token shown"),
  },
  "accounts.revoke_token": {
    method: "POST", pattern: "/konto/nycklar/{id}/aterkalla", access: SIGNED_IN,
    // The caller's own token; for anonymous, someone's token.
    prepare: async (ctx) => ({ path: `/konto/nycklar/${await tokenIdOf(ctx.user || (await addUser(fixture.storage)))}/aterkalla`, form: {} }),
  },
  "accounts.delete": {
    method: "POST", pattern: "/konto/radera", access: SIGNED_IN,
    prepare: (ctx) => ({ path: "/konto/radera", form: { password: ctx.user?.password || PASSWORD } }),
  },
  "admin.user_roles": {
    method: "POST", pattern: "/admin/anvandare/{id}/roller", access: ADMINS,
    prepare: async () => ({ path: `/admin/anvandare/${(await addUser(fixture.storage)).id}/roller`, form: [["role", "editor"]] }),
  },
  "admin.user_actors": {
    method: "POST", pattern: "/admin/anvandare/{id}/organisationer", access: ADMINS,
    prepare: async () => ({ path: `/admin/anvandare/${(await addUser(fixture.storage)).id}/organisationer`, form: { actors: String(fixture.actorB) } }),
  },
  "api.accounts.set_roles": {
    method: "PUT", pattern: "/api/v1/users/{id}/roles", access: ADMINS,
    prepare: async () => ({ path: `/api/v1/users/${(await addUser(fixture.storage)).id}/roles`, method: "PUT", json: { roles: ["editor"] } }),
  },
  "api.accounts.set_actors": {
    method: "PUT", pattern: "/api/v1/users/{id}/actors", access: ADMINS,
    prepare: async () => ({ path: `/api/v1/users/${(await addUser(fixture.storage)).id}/actors`, method: "PUT", json: { actors: [fixture.actorB] } }),
  },
  "api.accounts.sign_in": {
    method: "POST", pattern: "/api/v1/session", access: EVERYONE,
    prepare: async (ctx) => {
      const who = ctx.user || (await addUser(fixture.storage));
      return { path: "/api/v1/session", json: { email: who.email, password: who.password } };
    },
  },
  "api.accounts.sign_out": {
    method: "DELETE", pattern: "/api/v1/session", access: EVERYONE,
    prepare: () => ({ path: "/api/v1/session", method: "DELETE" }),
  },
  "contact.send": {
    method: "POST", pattern: "/kontakt", access: EVERYONE,
    prepare: () => ({ path: "/kontakt", form: { name: "Kim", email: "kim@example.se", message: `table ${Date.now()}` } }),
  },
  "api.contact.send": {
    method: "POST", pattern: "/api/v1/messages", access: EVERYONE,
    prepare: () => ({ path: "/api/v1/messages", json: { name: "Kim", email: "kim@example.se", message: `table ${Date.now()}` } }),
  },
  "actors.create": {
    method: "POST", pattern: "/aktorer/ny", access: EDITORS,
    prepare: () => ({ path: "/aktorer/ny", form: { name_sv: `Ny aktör ${Date.now()}`, sector: fixture.sector } }),
  },
  "actors.update": {
    method: "POST", pattern: "/aktorer/{id}/redigera", access: EDITORS,
    prepare: () => ({ path: `/aktorer/${fixture.actorB}/redigera`, form: { name_sv: `B ändrad ${Date.now()}`, sector: fixture.sector } }),
  },
  "api.actors.create": {
    method: "POST", pattern: "/api/v1/actors", access: EDITORS,
    prepare: () => ({ path: "/api/v1/actors", json: { name: { sv: `Ny aktör ${Date.now()}` }, sector: fixture.sector } }),
  },
  "api.actors.replace": {
    method: "PUT", pattern: "/api/v1/actors/{id}", access: EDITORS,
    prepare: () => ({ path: `/api/v1/actors/${fixture.actorB}`, method: "PUT", json: { name: { sv: `B ersatt ${Date.now()}` }, sector: fixture.sector } }),
  },
  "api.actors.import": {
    method: "POST", pattern: "/api/v1/actors/import", access: ADMINS,
    bodyLimit: 32 * 1024 * 1024,  // imports take more than the usual 1 MiB
    prepare: () => ({
      path: "/api/v1/actors/import",
      json: { format: "jsonl", data: JSON.stringify({ external_id: `tabell-${Date.now()}-${Math.random()}`, name: "Importerad", sector: fixture.sector }) },
    }),
  },
  "progress.import": {
    method: "POST", pattern: "/framsteg/importera", access: EDITORS,
    prepare: async () => ({
      path: "/framsteg/importera",
      form: {
        dataset: "", framework: await storedFramework(), slug: `tabell-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
        name_sv: "Tabellens data", name_en: "", exponent_dimension: "0,5", exponent_index: "0,5",
        data: "kommunkod;nyckeltal;år;värde\n2480;Infant mortality;2022;2,5\n", year: "", regions: "",
      },
    }),
    allowed: (res) => (res.status === 200 && /<section[^>]*>/.test(res.text) && !/role="alert"/.test(res.text) ? null : "nothing imported"),
  },
  "progress.framework_define": {
    method: "POST", pattern: "/framsteg/nytt-ramverk", access: ADMINS,
    prepare: () => ({
      path: "/framsteg/nytt-ramverk",
      form: { code: `tabell-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, name_sv: "Tabellens ramverk", name_en: "", framework: SPI_FRAMEWORK },
    }),
  },
  // The calculators store nothing: everyone may use them.
  "api.progress.compute": {
    method: "POST", pattern: "/api/v1/progress/compute", access: EVERYONE,
    prepare: () => ({ path: "/api/v1/progress/compute", json: { framework: SPI_FRAMEWORK, data: SPI_DATA } }),
  },
  "impact.sroi.calculate": {
    method: "POST", pattern: "/effekt/sroi", access: EVERYONE,
    prepare: () => ({ path: "/effekt/sroi", form: SROI_FORM }),
  },
  "impact.socioeconomic.calculate": {
    method: "POST", pattern: "/effekt/samhallsekonomi", access: EVERYONE,
    prepare: () => ({ path: "/effekt/samhallsekonomi", form: SOCIOECONOMIC_FORM }),
  },
  "api.impact.sroi": {
    method: "POST", pattern: "/api/v1/impact/sroi", access: EVERYONE,
    prepare: () => ({ path: "/api/v1/impact/sroi", json: SROI_JSON }),
  },
  "api.impact.socioeconomic": {
    method: "POST", pattern: "/api/v1/impact/socioeconomic", access: EVERYONE,
    prepare: () => ({ path: "/api/v1/impact/socioeconomic", json: SOCIOECONOMIC_JSON }),
  },
  // The alliance: representatives apply for their own organisation (actor A), editors and
  // admins for any (a fresh actor each time: one pending application per organisation);
  // editors and admins decide and end memberships; admins set the goals.
  "alliance.apply": {
    method: "POST", pattern: "/allians/ansok", access: allow("representative", "editor", "admin"),
    prepare: async (ctx) => ({ path: "/allians/ansok", form: allianceForm(await allianceApplicant(ctx)) }),
  },
  "alliance.approve": {
    method: "POST", pattern: "/allians/ansokningar/{id}/godkann", access: EDITORS,
    prepare: async () => ({ path: `/allians/ansokningar/${await alliancePending()}/godkann`, form: { since: "" } }),
  },
  "alliance.refuse": {
    method: "POST", pattern: "/allians/ansokningar/{id}/avsla", access: EDITORS,
    prepare: async () => ({ path: `/allians/ansokningar/${await alliancePending()}/avsla`, form: { reason: "table" } }),
  },
  "alliance.end_membership": {
    method: "POST", pattern: "/admin/allians/medlemmar/{actor}/avsluta", access: EDITORS,
    prepare: async () => ({ path: `/admin/allians/medlemmar/${await allianceMember()}/avsluta`, form: { until: "" } }),
  },
  "alliance.set_goals": {
    method: "POST", pattern: "/admin/allians/mal", access: ADMINS,
    prepare: async () => ({ path: "/admin/allians/mal", form: { total: "50", ...Object.fromEntries((await allianceSectors()).map((c) => [`sector_${c}`, "1"])) } }),
  },
  "api.alliance.apply": {
    method: "POST", pattern: "/api/v1/alliance/applications", access: allow("representative", "editor", "admin"),
    prepare: async (ctx) => ({ path: "/api/v1/alliance/applications", json: allianceApplication(await allianceApplicant(ctx)) }),
  },
  "api.alliance.approve": {
    method: "POST", pattern: "/api/v1/alliance/applications/{id}/approve", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/alliance/applications/${await alliancePending()}/approve`, json: {} }),
  },
  "api.alliance.refuse": {
    method: "POST", pattern: "/api/v1/alliance/applications/{id}/refuse", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/alliance/applications/${await alliancePending()}/refuse`, json: { reason: "table" } }),
  },
  "api.alliance.end_membership": {
    method: "POST", pattern: "/api/v1/alliance/members/{actor}/end", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/alliance/members/${await allianceMember()}/end`, json: {} }),
  },
  "api.alliance.set_goals": {
    method: "PUT", pattern: "/api/v1/alliance/goals", access: ADMINS,
    prepare: async () => ({ path: "/api/v1/alliance/goals", method: "PUT", json: { total: 50, per_sector: Object.fromEntries((await allianceSectors()).map((c) => [c, 1])) } }),
  },
  // Matching: representatives post needs and offers for their own organisation (actor A);
  // the existing ones belong to actor B, so only editors and admins change them.
  "matching.need_create": {
    method: "POST", pattern: "/behov/ny", access: allow("representative", "editor", "admin"),
    prepare: () => ({ path: "/behov/ny", form: { actor: String(fixture.actorA), title: `Behov ${Date.now()}`, where: "national" } }),
  },
  "matching.need_update": {
    method: "POST", pattern: "/behov/{id}/redigera", access: EDITORS,
    prepare: async () => ({ path: `/behov/${await matchingItem("needs")}/redigera`, form: { actor: String(fixture.actorB), title: `B:s behov ${Date.now()}`, where: "national" } }),
  },
  "matching.offer_create": {
    method: "POST", pattern: "/erbjudanden/ny", access: allow("representative", "editor", "admin"),
    prepare: () => ({ path: "/erbjudanden/ny", form: { actor: String(fixture.actorA), title: `Erbjudande ${Date.now()}`, national: "1" } }),
  },
  "matching.offer_update": {
    method: "POST", pattern: "/erbjudanden/{id}/redigera", access: EDITORS,
    prepare: async () => ({ path: `/erbjudanden/${await matchingItem("offers")}/redigera`, form: { actor: String(fixture.actorB), title: `B:s erbjudande ${Date.now()}`, national: "1" } }),
  },
  "api.needs.create": {
    method: "POST", pattern: "/api/v1/needs", access: allow("representative", "editor", "admin"),
    prepare: () => ({ path: "/api/v1/needs", json: { owner: String(fixture.actorA), title: { sv: `Behov ${Date.now()}` }, where: { national: true } } }),
  },
  "api.needs.replace": {
    method: "PUT", pattern: "/api/v1/needs/{id}", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/needs/${await matchingItem("needs")}`, method: "PUT", json: { owner: String(fixture.actorB), title: { sv: `B:s behov ${Date.now()}` }, where: { national: true } } }),
  },
  "api.offers.create": {
    method: "POST", pattern: "/api/v1/offers", access: allow("representative", "editor", "admin"),
    prepare: () => ({ path: "/api/v1/offers", json: { actor: String(fixture.actorA), title: { sv: `Erbjudande ${Date.now()}` }, reach: { national: true } } }),
  },
  "api.offers.replace": {
    method: "PUT", pattern: "/api/v1/offers/{id}", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/offers/${await matchingItem("offers")}`, method: "PUT", json: { actor: String(fixture.actorB), title: { sv: `B:s erbjudande ${Date.now()}` }, reach: { national: true } } }),
  },
  // Match cases: a representative of actor A asks for contact about A's need and B's offer;
  // on a case the admin opened for B's need and A's offer, A's representative is the side
  // that was asked, so it may decline, write and record the agreement. Editors act on all.
  "matching.case_request": {
    method: "POST", pattern: "/matchningar", access: allow("representative", "editor", "admin"),
    prepare: async () => {
      const { need, offer } = await matchPair(fixture.actorA, fixture.actorB);
      return { path: "/matchningar", form: { need_id: String(need), offer_id: String(offer), as: "need" } };
    },
  },
  "matching.case_step": {
    method: "POST", pattern: "/matchningar/{id}/steg", access: allow("representative", "editor", "admin"),
    prepare: async () => ({ path: `/matchningar/${await matchCase()}/steg`, form: { to_state: "declined", note: "table" } }),
  },
  "matching.case_message": {
    method: "POST", pattern: "/matchningar/{id}/meddelanden", access: allow("representative", "editor", "admin"),
    prepare: async () => ({ path: `/matchningar/${await matchCase()}/meddelanden`, form: { body: "table" } }),
  },
  "matching.case_agreement": {
    method: "POST", pattern: "/matchningar/{id}/avtal", access: allow("representative", "editor", "admin"),
    prepare: async () => ({ path: `/matchningar/${await matchCase(true)}/avtal`, form: { collaboration_form: "iop", value_sek: "1000", starts_on: "2026-01-01", ends_on: "" } }),
  },
  "api.matches.request": {
    method: "POST", pattern: "/api/v1/matches", access: allow("representative", "editor", "admin"),
    prepare: async () => {
      const { need, offer } = await matchPair(fixture.actorA, fixture.actorB);
      return { path: "/api/v1/matches", json: { need_id: need, offer_id: offer } };
    },
  },
  "api.matches.step": {
    method: "POST", pattern: "/api/v1/matches/{id}/events", access: allow("representative", "editor", "admin"),
    prepare: async () => ({ path: `/api/v1/matches/${await matchCase()}/events`, json: { to_state: "declined", note: "table" } }),
  },
  "api.matches.message": {
    method: "POST", pattern: "/api/v1/matches/{id}/messages", access: allow("representative", "editor", "admin"),
    prepare: async () => ({ path: `/api/v1/matches/${await matchCase()}/messages`, json: { body: "table" } }),
  },
  "api.matches.agreement": {
    method: "POST", pattern: "/api/v1/matches/{id}/agreement", access: allow("representative", "editor", "admin"),
    prepare: async () => ({ path: `/api/v1/matches/${await matchCase(true)}/agreement`, json: { collaboration_form: "iop", value_sek: 1000, starts_on: "2026-01-01" } }),
  },
  // Matching alerts are the account's own: marking one read changes only the caller's rows (an
  // id that is not theirs changes nothing and answers the same); a choice of alert level is
  // the caller's own and takes effect only while they represent the item's actor. Visitors
  // are refused.
  "matching.alerts_read_all": {
    method: "POST", pattern: "/bevakningar/las-alla", access: SIGNED_IN,
    prepare: () => ({ path: "/bevakningar/las-alla", form: {} }),
  },
  "matching.alert_read": {
    method: "POST", pattern: "/bevakningar/{id}/last", access: SIGNED_IN,
    prepare: () => ({ path: "/bevakningar/999999999/last", form: {} }),
  },
  "matching.alert_settings": {
    method: "POST", pattern: "/bevakningar/installningar", access: SIGNED_IN,
    prepare: async () => ({ path: "/bevakningar/installningar", form: { kind: "offer", item_id: String(await matchingItem("offers")), level: "broad", email: "1", enabled: "1" } }),
  },
  "api.alerts.read": {
    method: "POST", pattern: "/api/v1/alerts/{id}/read", access: SIGNED_IN,
    prepare: () => ({ path: "/api/v1/alerts/999999999/read", json: {} }),
  },
  "api.alert_subscriptions.put": {
    method: "PUT", pattern: "/api/v1/alert-subscriptions", access: SIGNED_IN,
    prepare: async () => ({ path: "/api/v1/alert-subscriptions", method: "PUT", json: { kind: "offer", item_id: await matchingItem("offers"), level: "broad" } }),
  },
  // Stored impact work: representatives create initiatives for their own organisation (actor
  // A); an existing initiative belongs to actor B, so only editors and admins change it;
  // editors curate the indicator library.
  "impact.initiative.create": {
    method: "POST", pattern: "/effekt/initiativ/ny", access: allow("representative", "editor", "admin"),
    prepare: () => ({ path: "/effekt/initiativ/ny", form: { actor: String(fixture.actorA), name_sv: `Initiativ ${Date.now()}` } }),
  },
  "impact.initiative.update": {
    method: "POST", pattern: "/effekt/initiativ/{id}/redigera", access: EDITORS,
    prepare: async () => ({ path: `/effekt/initiativ/${await impactInitiative()}/redigera`, form: { name_sv: `B ändrat ${Date.now()}` } }),
  },
  "impact.logic_model.edit": {
    method: "POST", pattern: "/effekt/initiativ/{id}/modell", access: EDITORS,
    prepare: async () => ({ path: `/effekt/initiativ/${await impactInitiative()}/modell`, form: { action: "add-element", level: "activity", title_sv: "Tabellens aktivitet" } }),
  },
  "impact.initiative.indicators_edit": {
    method: "POST", pattern: "/effekt/initiativ/{id}/indikatorer", access: EDITORS,
    prepare: async () => ({ path: `/effekt/initiativ/${await impactInitiative()}/indikatorer`, form: { action: "pick", indicator: await impactIndicator(), baseline: "1" } }),
  },
  "impact.initiative.sroi_save": {
    method: "POST", pattern: "/effekt/initiativ/{id}/sroi", access: EDITORS,
    prepare: async () => ({ path: `/effekt/initiativ/${await impactInitiative()}/sroi`, form: SROI_FORM }),
    allowed: (res) => (res.status === 200 && /role="status"/.test(res.text) ? null : "the map was not saved"),
  },
  "impact.indicator.create": {
    method: "POST", pattern: "/effekt/indikatorer/ny", access: EDITORS,
    prepare: () => ({ path: "/effekt/indikatorer/ny", form: { id: `tabell-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, name_sv: "Tabellens indikator", unit: "people" } }),
  },
  "api.impact.initiative_create": {
    method: "POST", pattern: "/api/v1/impact/initiatives", access: allow("representative", "editor", "admin"),
    prepare: () => ({ path: "/api/v1/impact/initiatives", json: { actor: fixture.actorA, name: { sv: `Initiativ ${Date.now()}` } } }),
  },
  "api.impact.initiative_update": {
    method: "PUT", pattern: "/api/v1/impact/initiatives/{id}", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/impact/initiatives/${await impactInitiative()}`, method: "PUT", json: { name: { sv: `B ersatt ${Date.now()}` } } }),
  },
  "api.impact.logic_model": {
    method: "PUT", pattern: "/api/v1/impact/initiatives/{id}/logic-model", access: EDITORS,
    prepare: async () => ({
      path: `/api/v1/impact/initiatives/${await impactInitiative()}/logic-model`, method: "PUT",
      json: { elements: [{ id: "e1", level: "activity", title: { sv: `Aktivitet ${Date.now()}` } }], links: [] },
    }),
  },
  "api.impact.pick": {
    method: "PUT", pattern: "/api/v1/impact/initiatives/{id}/indicators/{indicator}", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/impact/initiatives/${await impactInitiative()}/indicators/${await impactIndicator()}`, method: "PUT", json: { baseline: Date.now() % 1000 } }),
  },
  "api.impact.unpick": {
    method: "DELETE", pattern: "/api/v1/impact/initiatives/{id}/indicators/{indicator}", access: EDITORS,
    prepare: async () => {
      const { id, indicator } = await impactPicked();
      return { path: `/api/v1/impact/initiatives/${id}/indicators/${indicator}`, method: "DELETE" };
    },
  },
  "api.impact.report_value": {
    method: "POST", pattern: "/api/v1/impact/initiatives/{id}/values", access: EDITORS,
    prepare: async () => {
      const { id, indicator } = await impactPicked();
      return { path: `/api/v1/impact/initiatives/${id}/values`, json: { indicator, period: "2025", value: Date.now() % 1000 } };
    },
  },
  "api.impact.sroi_map": {
    method: "PUT", pattern: "/api/v1/impact/initiatives/{id}/sroi-map", access: EDITORS,
    prepare: async () => ({ path: `/api/v1/impact/initiatives/${await impactInitiative()}/sroi-map`, method: "PUT", json: SROI_JSON }),
  },
  "impact.proxy.create": {
    method: "POST", pattern: "/effekt/proxyer/ny", access: EDITORS,
    prepare: () => ({
      path: "/effekt/proxyer/ny",
      form: { id: `tabell-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, name_sv: "Tabellens proxy", kind: "amount", value: "1000", currency: "SEK", unit: "per person", price_year: "2025", source: "Tabellen", licence: "CC0" },
    }),
  },
  "api.impact.proxy_create": {
    method: "POST", pattern: "/api/v1/impact/proxies", access: EDITORS,
    prepare: () => ({
      path: "/api/v1/impact/proxies",
      json: { id: `tabell-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, name: { sv: "Tabellens proxy" }, kind: "amount", value: 1000, currency: "SEK", unit: "per person", price_year: 2025, source: "Tabellen", licence: "CC0" },
    }),
  },
  "api.impact.indicator_create": {
    method: "POST", pattern: "/api/v1/impact/indicators", access: EDITORS,
    prepare: () => ({ path: "/api/v1/impact/indicators", json: { id: `tabell-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, name: { sv: "Tabellens indikator" }, unit: "people" } }),
  },
};

// ---- Alliance fixtures, made with the admin's token ----------------------------------------

function allianceApplication(actorId) {
  return { actor_id: actorId, motivation: "table", contact_name: "Kim", contact_email: "kim@example.se", commitments: ["share_needs"] };
}

function allianceForm(actorId) {
  return { actor_id: String(actorId), motivation: "table", contact_name: "Kim", contact_email: "kim@example.se", commitments: "share_needs" };
}

async function allianceCall(path, method = "POST", body) {
  const res = await request(fixture.server, path, { method, headers: bearer(fixture.adminToken), body });
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: ${summarise(res)}`);
  return res.json();
}

async function allianceActor() {
  return (await allianceCall("/api/v1/actors", "POST", { name: { sv: `Allians ${Date.now()} ${Math.random()}` }, sector: fixture.sector })).id;
}

// Actor A for its representative, with a pending application of A refused first; a fresh
// actor for everyone else.
async function allianceApplicant(ctx) {
  if (ctx.role !== "representative") return allianceActor();
  const pending = await allianceCall("/api/v1/alliance/applications?status=pending", "GET");
  for (const a of pending.items.filter((x) => x.actor_id === fixture.actorA)) {
    await allianceCall(`/api/v1/alliance/applications/${a.id}/refuse`, "POST", { reason: "table" });
  }
  return fixture.actorA;
}

async function alliancePending() {
  return (await allianceCall("/api/v1/alliance/applications", "POST", allianceApplication(await allianceActor()))).id;
}

async function allianceMember() {
  const actor = await allianceActor();
  const app = await allianceCall("/api/v1/alliance/applications", "POST", allianceApplication(actor));
  await allianceCall(`/api/v1/alliance/applications/${app.id}/approve`, "POST", {});
  return actor;
}

async function allianceSectors() {
  const list = (await request(fixture.server, "/api/v1/reference/sectors")).json();
  return (Array.isArray(list) ? list : list.items).map((s) => s.code);
}

// ---- Impact fixtures, made with the admin's token: one initiative of actor B and one library
// indicator, made once; impactPicked() makes the initiative follow the indicator again.

let impactInitiativeId = null;
async function impactInitiative() {
  if (!impactInitiativeId) {
    impactInitiativeId = (await allianceCall("/api/v1/impact/initiatives", "POST", { actor: fixture.actorB, name: { sv: "Organisation B:s initiativ" } })).id;
  }
  return impactInitiativeId;
}

// A need or an offer of actor B, made once by the admin.
const matchingItems = {};
async function matchingItem(kind) {
  if (!matchingItems[kind]) {
    const body = kind === "needs"
      ? { owner: String(fixture.actorB), title: { sv: "B:s behov" }, where: { national: true } }
      : { actor: String(fixture.actorB), title: { sv: "B:s erbjudande" }, reach: { national: true } };
    matchingItems[kind] = (await allianceCall(`/api/v1/${kind}`, "POST", body)).id;
  }
  return matchingItems[kind];
}

// A fresh open need of `needActor` and offer of `offerActor`, made by the admin.
async function matchPair(needActor, offerActor) {
  const stamp = `${Date.now()} ${Math.random()}`;
  const need = (await allianceCall("/api/v1/needs", "POST", { owner: String(needActor), title: { sv: `Behov ${stamp}` }, where: { national: true } })).id;
  const offer = (await allianceCall("/api/v1/offers", "POST", { actor: String(offerActor), title: { sv: `Erbjudande ${stamp}` }, reach: { national: true } })).id;
  return { need, offer };
}

// A match case of B's need and A's offer that the admin asked for on B's side (so A's
// representative is the side that was asked), accepted by the admin when `inDialogue`.
async function matchCase(inDialogue = false) {
  const { need, offer } = await matchPair(fixture.actorB, fixture.actorA);
  const c = await allianceCall("/api/v1/matches", "POST", { need_id: need, offer_id: offer });
  if (inDialogue) await allianceCall(`/api/v1/matches/${c.id}/events`, "POST", { to_state: "in_dialogue", note: "table" });
  return c.id;
}

let impactIndicatorId = null;
async function impactIndicator() {
  if (!impactIndicatorId) {
    impactIndicatorId = `tabell-${Date.now()}`;
    await allianceCall("/api/v1/impact/indicators", "POST", { id: impactIndicatorId, name: { sv: "Tabellens indikator" }, unit: "people" });
  }
  return impactIndicatorId;
}

async function impactPicked() {
  const id = await impactInitiative();
  const indicator = await impactIndicator();
  await allianceCall(`/api/v1/impact/initiatives/${id}/indicators/${indicator}`, "PUT", {});
  return { id, indicator };
}

// Routes that change one actor: how a representative of actor A tries them on actor `id`.
const CROSS_ORGANISATION = {
  "actors.update": (id, name) => ({ path: `/aktorer/${id}/redigera`, form: { name_sv: name, sector: fixture.sector } }),
  "api.actors.replace": (id, name) => ({ path: `/api/v1/actors/${id}`, method: "PUT", json: { name: { sv: name }, sector: fixture.sector } }),
};

// ---- The fixture ---------------------------------------------------------------------------

const fixture = { server: null, storage: null, admin: null, adminToken: null, actorA: 0, actorB: 0, sector: "" };

before(async () => {
  fixture.server = await startServer({ demo: false, env: FAST_HASH });
  fixture.storage = fixture.server.storage;
  fixture.admin = await addUser(fixture.storage, { roles: ["admin"], name: "Admin Adminsson" });
  fixture.adminToken = await createToken(fixture.storage, fixture.admin.email, ["read", "write", "admin"], "fixture");
  const sectors = await request(fixture.server, "/api/v1/reference/sectors");
  assert.equal(sectors.status, 200);
  const list = sectors.json();
  const first = Array.isArray(list) ? list[0] : (list.items || [])[0];
  fixture.sector = first.code;
  if (WRITE_ROUTES.some((r) => r.name === "api.actors.create")) {
    for (const key of ["actorA", "actorB"]) {
      const res = await request(fixture.server, "/api/v1/actors", {
        method: "POST",
        headers: bearer(fixture.adminToken),
        body: { name: { sv: `Organisation ${key}`, en: `Organisation ${key}` }, sector: fixture.sector },
      });
      assert.equal(res.status, 201, `creating ${key}: ${summarise(res)}`);
      fixture[key] = res.json().id;
    }
  }
});

after(async () => {
  if (fixture.server) await fixture.server.dispose();
});

// A user of `role`, signed in through the API from an address of its own. The
// representative represents actor A.
async function actorContext(role) {
  const localAddress = newClientAddress();
  if (role === "anonymous") return { role, user: null, jar: new CookieJar(), localAddress };
  const user = await addUser(fixture.storage, { roles: [role], name: `Test ${role}` });
  if (role === "representative" && fixture.actorA) {
    const res = await request(fixture.server, `/api/v1/users/${user.id}/actors`, {
      method: "PUT",
      headers: bearer(fixture.adminToken),
      body: { actors: [fixture.actorA] },
    });
    assert.equal(res.status, 200, `making a representative: ${summarise(res)}`);
  }
  const jar = await signedIn(fixture.server, user, { localAddress });
  return { role, user, jar, localAddress, sessionToken: jar.get("samverkan_session") };
}

// Sends a prepared request as ctx. Options: csrf: false leaves the form token or the
// X-CSRF-Token header out; headers are added.
async function send(ctx, prepared, { csrf = true, headers = {} } = {}) {
  const { server } = fixture;
  if (prepared.form) {
    return postForm(server, prepared.path, prepared.form, { jar: ctx.jar, csrf, headers, localAddress: ctx.localAddress });
  }
  const finalHeaders = { ...headers };
  if (csrf && ctx.jar.get("samverkan_session")) {
    finalHeaders["X-CSRF-Token"] = await ensureCsrf(server, ctx.jar, { localAddress: ctx.localAddress });
  }
  return request(server, prepared.path, {
    method: prepared.method || "POST",
    body: prepared.json,
    jar: ctx.jar,
    headers: finalHeaders,
    localAddress: ctx.localAddress,
  });
}

async function checkAllowed(entry, res, ctx) {
  if (res.status >= 500 || res.status < 200 || res.status >= 400) return `expected 2xx/3xx, got ${summarise(res)}`;
  if (entry.allowed) {
    const why = await entry.allowed(res, ctx);
    return why ? `${why}: ${summarise(res)}` : null;
  }
  if (isRefusal(res)) return `refused: ${summarise(res)}`;
  return null;
}

// A reset link's token for a fresh account, read from the outbox (no SMTP configured).
async function resetToken() {
  const victim = await addUser(fixture.storage);
  const asked = await postForm(fixture.server, "/glomt-losenord", { email: victim.email }, { localAddress: newClientAddress() });
  assert.equal(asked.status, 200, summarise(asked));
  const mail = rowsOf(await snapshot(fixture.storage), "outbox").find((m) => m.recipient === victim.email);
  assert.ok(mail, "no reset mail in the outbox");
  const m = mail.body_text.match(/aterstall-losenord\?token=([A-Za-z0-9_-]+)/);
  assert.ok(m, `no reset link in ${mail.body_text}`);
  return m[1];
}

// A framework defined once by the fixture's admin, for imports to use (the table's server has
// no demo data).
let frameworkCode = null;
async function storedFramework() {
  if (frameworkCode) return frameworkCode;
  const jar = await signedIn(fixture.server, fixture.admin, { localAddress: newClientAddress() });
  const res = await postForm(fixture.server, "/framsteg/nytt-ramverk", { code: "tabell-spi", name_sv: "Tabellens ramverk", name_en: "", framework: SPI_FRAMEWORK }, { jar });
  assert.ok(res.status === 303 || res.status === 200, `defining a framework: ${summarise(res)}`);
  frameworkCode = "tabell-spi";
  return frameworkCode;
}

async function tokenIdOf(user) {
  const name = `own token ${Date.now()} ${Math.random()}`;
  await createToken(fixture.storage, user.email, ["read"], name);
  const row = rowsOf(await snapshot(fixture.storage), "api_tokens").find((t) => t.name === name);
  assert.ok(row, "the new token is not in the database");
  return row.id;
}

// ---- Route × role --------------------------------------------------------------------------

describe("route × role permission table", () => {
  it("lists every route that changes data, and only routes that exist", () => {
    const problems = [];
    for (const r of WRITE_ROUTES) {
      const entry = PERMISSIONS[r.name];
      if (!entry) problems.push(`route ${r.name} (${r.method} ${r.pattern}) has no entry in the permission table`);
      else if (entry.method !== r.method || entry.pattern !== r.pattern) {
        problems.push(`route ${r.name} is ${r.method} ${r.pattern}, the table says ${entry.method} ${entry.pattern}`);
      }
    }
    for (const name of Object.keys(PERMISSIONS)) {
      if (!WRITE_ROUTES.some((r) => r.name === name)) problems.push(`the permission table names ${name}, which is not a state-changing route`);
    }
    assert.ok(WRITE_ROUTES.length > 0, "samverkan routes lists no state-changing route");
    assert.deepEqual(problems, []);
  });

  for (const route of WRITE_ROUTES) {
    const entry = PERMISSIONS[route.name];
    if (!entry) continue; // reported by the test above
    describe(`${route.method} ${route.pattern} (${route.name})`, () => {
      for (const role of ACTORS) {
        const allowed = entry.access[role];
        it(`${role}: ${allowed ? "allowed" : "forbidden"}`, async () => {
          const ctx = await actorContext(role);
          const prepared = await entry.prepare(ctx);
          if (allowed) {
            const res = await send(ctx, prepared);
            const why = await checkAllowed(entry, res, ctx);
            assert.equal(why, null, `${route.method} ${prepared.path} as ${role}: ${why}`);
          } else {
            const before = await snapshot(fixture.storage);
            const res = await send(ctx, prepared);
            assert.ok(isRefusal(res), `${route.method} ${prepared.path} as ${role} was not refused: ${summarise(res)}`);
            const changes = diffSnapshots(before, await snapshot(fixture.storage));
            assert.deepEqual(changes, [], `the refused ${route.method} ${prepared.path} as ${role} changed data`);
          }
        });
      }
    });
  }
});

// ---- CSRF ----------------------------------------------------------------------------------

// The first role the table allows, preferring an ordinary signed-in member.
function roleFor(entry) {
  return ["member", "editor", "admin", "anonymous"].find((r) => entry.access[r]);
}

function withoutCsrfCookie(jar) {
  const copy = new CookieJar();
  for (const [k, v] of jar.cookies) if (k !== "samverkan_csrf") copy.cookies.set(k, v);
  return copy;
}

describe("CSRF", () => {
  const formRoutes = WRITE_ROUTES.filter((r) => !r.pattern.startsWith("/api/"));
  const apiRoutes = WRITE_ROUTES.filter((r) => r.pattern.startsWith("/api/"));

  it("there are form routes and API routes to check", () => {
    assert.ok(formRoutes.length > 0 && apiRoutes.length > 0);
  });

  for (const route of formRoutes) {
    it(`POST ${route.pattern} (${route.name}) without a valid CSRF token is refused with 403 and changes nothing`, async () => {
      const entry = PERMISSIONS[route.name];
      assert.ok(entry, `route ${route.name} has no entry in the permission table`);
      const role = roleFor(entry);
      const ctx = await actorContext(role);
      const prepared = await entry.prepare(ctx);
      const token = await ensureCsrf(fixture.server, ctx.jar, { localAddress: ctx.localAddress });
      const fields = Array.isArray(prepared.form) ? prepared.form : Object.entries(prepared.form);
      const before = await snapshot(fixture.storage);
      const attempts = {
        "no csrf_token field": () => send(ctx, prepared, { csrf: false }),
        "a wrong csrf_token": () => postForm(fixture.server, prepared.path, [...fields, ["csrf_token", `${token.slice(0, -4)}AAAA`]], { jar: ctx.jar, csrf: false, localAddress: ctx.localAddress }),
        "an empty csrf_token": () => postForm(fixture.server, prepared.path, [...fields, ["csrf_token", ""]], { jar: ctx.jar, csrf: false, localAddress: ctx.localAddress }),
        "the token without the cookie": () => postForm(fixture.server, prepared.path, [...fields, ["csrf_token", token]], { jar: withoutCsrfCookie(ctx.jar), csrf: false, localAddress: ctx.localAddress }),
        "the token in the query instead": () => postForm(fixture.server, `${prepared.path}?csrf_token=${token}`, fields, { jar: ctx.jar, csrf: false, localAddress: ctx.localAddress }),
        "a foreign Origin": () => send(ctx, prepared, { headers: { Origin: "https://evil.example" } }),
        "a null Origin": () => send(ctx, prepared, { headers: { Origin: "null" } }),
      };
      const failures = [];
      for (const [what, attempt] of Object.entries(attempts)) {
        const res = await attempt();
        if (res.status !== 403) failures.push(`${what}: ${summarise(res)}`);
      }
      const changes = diffSnapshots(before, await snapshot(fixture.storage));
      assert.deepEqual(failures, [], `POST ${prepared.path} as ${role} was not refused with 403`);
      assert.deepEqual(changes, [], "a refused request changed data");
      // The same request with its token works: the 403s came from the CSRF check.
      const control = await send(ctx, prepared);
      const why = await checkAllowed(entry, control, ctx);
      assert.equal(why, null, `the control request with the token failed: ${why}`);
    });
  }

  for (const route of apiRoutes) {
    it(`${route.method} ${route.pattern} (${route.name}): a cookie session without X-CSRF-Token, a foreign Origin or a body that is not JSON is refused and changes nothing`, async () => {
      const entry = PERMISSIONS[route.name];
      assert.ok(entry, `route ${route.name} has no entry in the permission table`);
      // A signed-in caller, so that the session cookie is what a forged request would ride on.
      const role = ["member", "editor", "admin"].find((r) => entry.access[r]);
      const ctx = await actorContext(role);
      const prepared = await entry.prepare(ctx);
      const method = prepared.method || "POST";
      const json = prepared.json === undefined ? "{}" : JSON.stringify(prepared.json);
      const token = await ensureCsrf(fixture.server, ctx.jar, { localAddress: ctx.localAddress });
      const raw = (body, headers) => request(fixture.server, prepared.path, { method, body, jar: ctx.jar, headers, localAddress: ctx.localAddress });
      const before = await snapshot(fixture.storage);
      const attempts = {
        "no X-CSRF-Token": [403, () => raw(json, { "Content-Type": "application/json" })],
        "a wrong X-CSRF-Token": [403, () => raw(json, { "Content-Type": "application/json", "X-CSRF-Token": `${token.slice(0, -4)}AAAA` })],
        "a foreign Origin": [403, () => raw(json, { "Content-Type": "application/json", "X-CSRF-Token": token, Origin: "https://evil.example" })],
        "text/plain": [null, () => raw(json, { "Content-Type": "text/plain", "X-CSRF-Token": token })],
        "a form body": [null, () => raw(new URLSearchParams(prepared.json || { signed_out: "1" }).toString(), { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token })],
        "multipart": [null, () => raw(`--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n${json}\r\n--b--\r\n`, { "Content-Type": "multipart/form-data; boundary=b", "X-CSRF-Token": token })],
      };
      const failures = [];
      for (const [what, [status, attempt]] of Object.entries(attempts)) {
        const res = await attempt();
        const ok = status ? res.status === status : res.status >= 400 && res.status < 500;
        if (!ok) failures.push(`${what}: ${summarise(res)}`);
        else if (!/^application\/problem\+json/.test(String(res.headers["content-type"]))) failures.push(`${what}: ${res.status} not as problem+json`);
      }
      const changes = diffSnapshots(before, await snapshot(fixture.storage));
      assert.deepEqual(failures, [], `${method} ${prepared.path} as ${role}`);
      assert.deepEqual(changes, [], "a refused request changed data");
      const control = await send(ctx, prepared);
      const why = await checkAllowed(entry, control, ctx);
      assert.equal(why, null, `the control request with X-CSRF-Token failed: ${why}`);
    });
  }
});

// ---- Injection -----------------------------------------------------------------------------

const PAYLOADS = [
  ["sql-drop", "'; DROP TABLE users;--"],
  ["sql-or", "\" OR 1=1 --"],
  ["sql-quote", "x' OR '1'='1' /*"],
  ["script", "<script>alert(1)</script>"],
  ["img-onerror", "<img src=x onerror=alert(1)>"],
  ["attribute-break", "\"><svg onload=alert(1)>'"],
  ["template", "{{7*7}} {{{body}}} ${7*7} <%= 7*7 %>"],
  ["rtl-override", "abc\u202Egnp.exe"],
  ["nul-byte", "före\u0000efter"],
];

// An address that passes an e-mail check yet carries the payload's characters.
function emailFor(payload, unique = "") {
  return `${payload.replace(/[\s\u0000@]/g, "")}${unique}@example.se`;
}

// Whether the raw HTML holds the payload unescaped where that would matter.
function unescapedIn(html, payload) {
  return /[<>"]/.test(payload) && html.includes(payload);
}

// Stored verbatim, or (for a NUL byte, which PostgreSQL text cannot hold) refused with a
// 4xx that names the field and stores nothing. Never silently changed, never a 5xx.
function acceptsOrRefusesNul(label, res) {
  return label === "nul-byte" && res.status >= 400 && res.status < 500;
}

describe("injection payloads are stored verbatim and rendered inert", () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
  });

  // Loads `url` (or runs `navigate`) in Chromium and returns { dialogs, injected }.
  async function inBrowser(page, navigate) {
    const dialogs = [];
    const onDialog = (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    };
    page.on("dialog", onDialog);
    try {
      await navigate();
      await page.waitForLoadState("load");
      await page.waitForTimeout(150);
      const injected = await page.evaluate(() => {
        const bad = [];
        for (const el of document.querySelectorAll("*")) {
          for (const attr of el.attributes) if (/^on/i.test(attr.name)) bad.push(`<${el.tagName.toLowerCase()} ${attr.name}>`);
        }
        for (const s of document.scripts) {
          if (!s.src || new URL(s.src).pathname !== "/static/app.js") bad.push(`<script> ${(s.src || s.textContent).slice(0, 60)}`);
        }
        for (const el of document.querySelectorAll('img[src="x"], svg')) bad.push(el.outerHTML.slice(0, 80));
        return bad;
      });
      return { dialogs, injected };
    } finally {
      page.off("dialog", onDialog);
    }
  }

  // Whether a 422 answer (problem+json or the form page) refuses the e-mail field and nothing else.
  function refusesOnlyEmail(res) {
    if (/problem\+json/.test(String(res.headers["content-type"]))) {
      const fields = (JSON.parse(res.text).errors || []).map((e) => e.field);
      return fields.length === 1 && fields[0] === "email";
    }
    const links = [...res.text.matchAll(/href="#field-([a-z_]+)"/g)].map((m) => m[1]);
    return links.length === 1 && links[0] === "email";
  }

  it("contact form and POST /api/v1/messages: every field", async () => {
    const sent = [];
    const failures = [];
    for (const [label, payload] of PAYLOADS) {
      for (const via of ["form", "api"]) {
        const marker = `inj-${via}-${label}-${Date.now()}`;
        const fields = { name: payload, email: emailFor(payload, `.${via}`), message: `${marker} ${payload}` };
        const send = (f) =>
          via === "form"
            ? postForm(fixture.server, "/kontakt", f, { localAddress: newClientAddress() })
            : request(fixture.server, "/api/v1/messages", { method: "POST", body: f });
        let res = await send(fields);
        const expected = via === "form" ? 303 : 201;
        // An address made of the payload may be refused, as long as the refusal names the
        // e-mail field alone; the other fields are then sent again with a plain address.
        if (res.status === 422 && refusesOnlyEmail(res)) {
          fields.email = `plain.${label}.${via}@example.se`;
          res = await send(fields);
        }
        if (res.status === expected) sent.push({ label, via, marker, fields });
        else if (acceptsOrRefusesNul(label, res)) sent.push({ label, via, marker, fields, refused: true });
        else failures.push(`${via} ${label}: ${summarise(res)}`);
      }
    }
    const stored = await exportMessages(fixture.storage);
    for (const s of sent) {
      const found = stored.filter((m) => String(m.message).startsWith(s.marker));
      if (s.refused) {
        if (found.length) failures.push(`${s.via} ${s.label}: refused but stored as ${JSON.stringify(found[0])}`);
        continue;
      }
      if (found.length !== 1) {
        failures.push(`${s.via} ${s.label}: stored ${found.length} times (message changed?)`);
        continue;
      }
      for (const field of ["name", "email", "message"]) {
        if (found[0][field] !== s.fields[field]) {
          failures.push(`${s.via} ${s.label}: ${field} stored as ${JSON.stringify(found[0][field])}, sent ${JSON.stringify(s.fields[field])}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("the contact form shows the payloads back escaped, and Chromium runs none of them", async () => {
    const page = await browser.newPage();
    const failures = [];
    try {
      for (const [label, payload] of PAYLOADS.filter(([l]) => l !== "nul-byte")) {
        // Over HTTP: the page that comes back with an error (no message) holds the values.
        const res = await postForm(fixture.server, "/kontakt", { name: payload, email: emailFor(payload), message: "" }, { localAddress: newClientAddress() });
        if (res.status !== 422 && res.status !== 400) failures.push(`${label}: ${summarise(res)}`);
        if (unescapedIn(res.text, payload)) failures.push(`${label}: the raw payload is in the HTML`);
        // In the browser: typed into the form and sent.
        const { dialogs, injected } = await inBrowser(page, async () => {
          await page.goto(fixture.server.url("/kontakt?lang=en"));
          await page.locator('form[action="/kontakt"] [name="name"]').fill(payload);
          await page.locator('form[action="/kontakt"] [name="email"]').fill(emailFor(payload));
          await Promise.all([page.waitForNavigation(), page.locator('form[action="/kontakt"] [type="submit"]').click()]);
        });
        if (dialogs.length) failures.push(`${label}: dialogs ${dialogs.join("; ")}`);
        if (injected.length) failures.push(`${label}: injected ${injected.join("; ")}`);
        const value = await page.locator('form[action="/kontakt"] [name="name"]').inputValue();
        if (value !== payload) failures.push(`${label}: the name field shows ${JSON.stringify(value)}`);
      }
      page.takeProblems();
    } finally {
      await page.close();
    }
    assert.deepEqual(failures, []);
  });

  it("registration: the name is stored verbatim and echoed escaped", async () => {
    const failures = [];
    const expected = [];
    for (const [label, payload] of PAYLOADS) {
      const email = uniqueEmail(`name-${label}`);
      const res = await postForm(fixture.server, "/registrera", { name: payload, email, password: PASSWORD }, { localAddress: newClientAddress() });
      if (res.status === 200) expected.push({ label, payload, email });
      else if (!acceptsOrRefusesNul(label, res)) failures.push(`${label}: ${summarise(res)}`);
      // The form shown again with an error (the password too short) holds the name.
      const again = await postForm(fixture.server, "/registrera", { name: payload, email: uniqueEmail("again"), password: "kort" }, { localAddress: newClientAddress() });
      if (again.status !== 422 && again.status !== 400) failures.push(`${label} (short password): ${summarise(again)}`);
      if (unescapedIn(again.text, payload)) failures.push(`${label}: the raw name is in the form shown again`);
    }
    const users = rowsOf(await snapshot(fixture.storage), "users");
    for (const e of expected) {
      const row = users.find((u) => u.email === e.email);
      if (!row) failures.push(`${e.label}: no user stored with the address ${e.email}`);
      else if (row.display_name !== e.payload) failures.push(`${e.label}: the name is stored as ${JSON.stringify(row.display_name)}`);
    }
    assert.deepEqual(failures, []);
  });

  it("registration: a payload in the address is stored verbatim or refused on the address field, and echoed escaped", async () => {
    const failures = [];
    for (const [label, payload] of PAYLOADS) {
      const email = emailFor(payload, `.${Date.now()}.${label}`);
      const res = await postForm(fixture.server, "/registrera", { name: "Adam Adress", email, password: PASSWORD }, { localAddress: newClientAddress() });
      if (unescapedIn(res.text, email)) failures.push(`${label}: the raw address is in the HTML`);
      const users = rowsOf(await snapshot(fixture.storage), "users");
      const row = users.find((u) => u.email === email.toLowerCase());
      if (res.status === 200) {
        // Accepted: stored as sent (e-mail addresses are kept in lower case).
        if (!row) failures.push(`${label}: accepted, but no user with the address ${JSON.stringify(email.toLowerCase())}`);
      } else if (res.status >= 400 && res.status < 500) {
        // Refused: the error names the address field, the field is marked, nothing stored.
        const links = [...res.text.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]).filter((id) => id.startsWith("field-"));
        const marked = /<input[^>]*name="email"[^>]*aria-invalid="true"/.test(res.text);
        if (!links.includes("field-email") || !marked) {
          failures.push(`${label}: refused with ${res.status}, but the error summary links ${JSON.stringify(links)} and the address field is ${marked ? "" : "not "}marked invalid`);
        }
        for (const id of links) {
          if (!res.text.includes(`id="${id}"`)) failures.push(`${label}: the error summary links #${id}, which is not on the page`);
        }
        if (row) failures.push(`${label}: refused, yet stored`);
      } else {
        failures.push(`${label}: ${summarise(res)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it("sign-in and password-reset fields: payloads as address and password sign no one in and are echoed escaped", async () => {
    const failures = [];
    for (const [label, payload] of PAYLOADS) {
      const localAddress = newClientAddress();
      const api = await request(fixture.server, "/api/v1/session", { method: "POST", body: { email: payload, password: payload }, localAddress });
      if (api.status !== 401 && !acceptsOrRefusesNul(label, api)) failures.push(`API sign-in ${label}: ${summarise(api)}`);
      const form = await postForm(fixture.server, "/logga-in", { email: payload, password: payload, next: payload }, { localAddress });
      if (form.status !== 401 && !acceptsOrRefusesNul(label, form)) failures.push(`form sign-in ${label}: ${summarise(form)}`);
      if (unescapedIn(form.text, payload)) failures.push(`form sign-in ${label}: the raw payload is in the HTML`);
      const forgot = await postForm(fixture.server, "/glomt-losenord", { email: payload }, { localAddress });
      if (forgot.status !== 200 && !acceptsOrRefusesNul(label, forgot)) failures.push(`reset ${label}: ${summarise(forgot)}`);
      if (unescapedIn(forgot.text, payload)) failures.push(`reset ${label}: the raw payload is in the HTML`);
    }
    // The classic "' OR 1=1" with a real account's address signs no one in either.
    const real = await addUser(fixture.storage);
    for (const password of ["' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\""]) {
      const res = await request(fixture.server, "/api/v1/session", { method: "POST", body: { email: real.email, password }, localAddress: newClientAddress() });
      if (res.status !== 401) failures.push(`password ${password}: ${summarise(res)}`);
    }
    const res = await request(fixture.server, "/api/v1/session", { method: "POST", body: { email: `${real.email}' --`, password: "x" }, localAddress: newClientAddress() });
    if (res.status !== 401) failures.push(`address with a comment: ${summarise(res)}`);
    // And the tables are all still there.
    const ok = await request(fixture.server, "/api/v1/session", { method: "POST", body: { email: real.email, password: real.password }, localAddress: newClientAddress() });
    if (ok.status !== 200) failures.push(`the real account cannot sign in afterwards: ${summarise(ok)}`);
    assert.deepEqual(failures, []);
  });

  it("profile name and API token name: stored verbatim, rendered inert on /konto in Chromium", async () => {
    const failures = [];
    const page = await browser.newPage();
    try {
      for (const [label, payload] of PAYLOADS) {
        const user = await addUser(fixture.storage, { name: "Inte Ändrad" });
        const jar = await signedIn(fixture.server, user, { localAddress: newClientAddress() });
        const profile = await postForm(fixture.server, "/konto/profil", { name: payload, language: "sv" }, { jar });
        const token = await postForm(fixture.server, "/konto/nycklar", [["token_name", payload], ["scope", "read"]], { jar });
        const data = (await request(fixture.server, "/api/v1/me/data", { jar })).json();
        let nameStored = false;
        if (profile.status === 303) {
          nameStored = true;
          if (data.account.name !== payload) failures.push(`${label}: the profile name is stored as ${JSON.stringify(data.account.name)}`);
        } else if (!acceptsOrRefusesNul(label, profile)) {
          failures.push(`${label} profile: ${summarise(profile)}`);
        } else if (data.account.name !== "Inte Ändrad") {
          failures.push(`${label}: refused, yet the name is now ${JSON.stringify(data.account.name)}`);
        }
        let tokenStored = false;
        if (token.status === 200) {
          tokenStored = true;
          if (unescapedIn(token.text, payload)) failures.push(`${label}: the raw token name is in the HTML`);
          if (!data.api_tokens.some((t) => t.name === payload)) {
            failures.push(`${label}: the token name is stored as ${JSON.stringify(data.api_tokens.map((t) => t.name))}`);
          }
        } else if (!acceptsOrRefusesNul(label, token)) {
          failures.push(`${label} token: ${summarise(token)}`);
        }

        const konto = await request(fixture.server, "/konto", { jar });
        if (unescapedIn(konto.text, payload)) failures.push(`${label}: the raw payload is in /konto`);
        await page.context().clearCookies();
        await page.context().addCookies([
          { name: "samverkan_session", value: jar.get("samverkan_session"), url: fixture.server.baseUrl },
        ]);
        const { dialogs, injected } = await inBrowser(page, () => page.goto(fixture.server.url("/konto")));
        if (dialogs.length) failures.push(`${label}: dialogs on /konto: ${dialogs.join("; ")}`);
        if (injected.length) failures.push(`${label}: injected into /konto: ${injected.join("; ")}`);
        // HTML itself cannot carry U+0000: the parser turns it into U+FFFD in attribute
        // values and drops it from text. Anything else must come out as it went in.
        if (nameStored) {
          const shown = await page.locator("#field-name").inputValue();
          if (shown !== payload.replace(/\u0000/g, "\uFFFD")) failures.push(`${label}: /konto shows the name as ${JSON.stringify(shown)}`);
        }
        if (tokenStored) {
          const rows = await page.locator("table th[scope=row]").allTextContents();
          if (!rows.includes(payload.replace(/\u0000/g, ""))) failures.push(`${label}: the token table shows ${JSON.stringify(rows)}`);
        }
      }
      page.takeProblems();
    } finally {
      await page.context().clearCookies();
      await page.close();
    }
    assert.deepEqual(failures, []);
  });
});

// ---- Oversized and malformed bodies --------------------------------------------------------

const MIB = 1024 * 1024;

describe("oversized and malformed bodies", () => {
  const jsonRoutes = WRITE_ROUTES.filter((r) => r.pattern.startsWith("/api/") && r.method !== "DELETE");

  // A bearer token of a role the table allows (so that no CSRF rule is involved), or none
  // for public routes.
  const tokens = {};
  async function callerFor(entry) {
    if (entry.access.anonymous) return {};
    const role = ["editor", "admin"].find((r) => entry.access[r]);
    if (!tokens[role]) {
      const user = await addUser(fixture.storage, { roles: [role] });
      tokens[role] = await createToken(fixture.storage, user.email, role === "admin" ? ["read", "write", "admin"] : ["read", "write"]);
    }
    return bearer(tokens[role]);
  }

  function clearProblem(res) {
    if (res.status < 400 || res.status >= 500) return `expected 4xx, got ${summarise(res)}`;
    if (!/^application\/problem\+json/.test(String(res.headers["content-type"]))) return `${res.status} as ${res.headers["content-type"]}, not problem+json`;
    let problem;
    try {
      problem = res.json();
    } catch {
      return "the problem is not JSON";
    }
    if (typeof problem.detail !== "string" || !problem.detail.trim()) return "no detail";
    return null;
  }

  it("there are JSON routes to check", () => assert.ok(jsonRoutes.length > 0));

  for (const route of jsonRoutes) {
    it(`${route.method} ${route.pattern} (${route.name}): 4xx with a problem detail, nothing changed`, async () => {
      const entry = PERMISSIONS[route.name];
      assert.ok(entry, `route ${route.name} has no entry in the permission table`);
      const prepared = await entry.prepare({ role: "anonymous", user: null, jar: new CookieJar() });
      const auth = await callerFor(entry);
      const method = prepared.method || "POST";
      const valid = JSON.stringify(prepared.json);
      const send = (body, type = "application/json") =>
        request(fixture.server, prepared.path, { method, body, headers: { ...auth, "Content-Type": type }, localAddress: newClientAddress() });
      const cases = {
        "bad JSON": valid.slice(0, -3),
        "trailing garbage": `${valid} x`,
        "an array": "[]",
        "a number": "42",
        "a string": '"text"',
        null: "null",
        empty: "",
        "invalid UTF-8": Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","email":"a@example.se","message":"x","password":"x"}')]),
        "an overlong UTF-8 slash": Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('","email":"a@example.se","message":"x"}')]),
        "a lone surrogate": '{"name":"\\ud800","email":"a@example.se","message":"x","password":"x"}',
        "wrong types": JSON.stringify({ name: 42, email: ["x@example.se"], message: { a: 1 }, password: true, roles: "admin", actors: { a: 1 }, sector: [], sdgs: "1" }),
        "deep nesting": `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      };
      const before = await snapshot(fixture.storage);
      const failures = [];
      for (const [what, body] of Object.entries(cases)) {
        const res = await send(body);
        const why = clearProblem(res);
        if (why) failures.push(`${what}: ${why}`);
      }
      const changes = diffSnapshots(before, await snapshot(fixture.storage));
      const health = await request(fixture.server, "/healthz");
      assert.equal(health.status, 200, "the server is not healthy after the malformed bodies");
      assert.deepEqual(failures, []);
      assert.deepEqual(changes, [], "a malformed body changed data");
    });

    const limit = PERMISSIONS[route.name]?.bodyLimit || MIB;
    it(`${route.method} ${route.pattern} (${route.name}): ${limit / MIB} MiB + 1 gets 413 with a clear problem detail, nothing changed`, async () => {
      const entry = PERMISSIONS[route.name];
      assert.ok(entry, `route ${route.name} has no entry in the permission table`);
      const prepared = await entry.prepare({ role: "anonymous", user: null, jar: new CookieJar() });
      const auth = await callerFor(entry);
      // A valid body padded with spaces to one byte over the route's limit.
      const base = Buffer.from(JSON.stringify(prepared.json));
      const body = Buffer.concat([base.subarray(0, base.length - 1), Buffer.alloc(limit + 1 - base.length, " "), Buffer.from("}")]);
      assert.equal(body.length, limit + 1);
      const before = await snapshot(fixture.storage);
      const res = await request(fixture.server, prepared.path, {
        method: prepared.method || "POST",
        body,
        headers: { ...auth, "Content-Type": "application/json" },
      }).catch((err) => ({ error: err }));
      assert.ok(!res.error, `no answer to 1 MiB + 1: ${res.error?.message}`);
      assert.equal(res.status, 413, summarise(res));
      assert.deepEqual(diffSnapshots(before, await snapshot(fixture.storage)), [], "the refused body changed data");
      assert.match(res.text, /too large|för stor/i, "no clear message");
      assert.equal(clearProblem(res), null, "an API route answers 413 outside application/problem+json");
    });
  }

  it("a chunked body over 1 MiB is refused with 413 too", async () => {
    const conn = await RawConnection.open(fixture.server);
    try {
      const chunk = Buffer.alloc(64 * 1024, "a");
      await conn.write(`POST /api/v1/messages HTTP/1.1\r\nHost: ${fixture.server.host}:${fixture.server.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      for (let sent = 0; sent <= MIB && !conn.closed && conn.responses.length === 0; sent += chunk.length) {
        await conn.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])).catch(() => {});
      }
      await conn.write("0\r\n\r\n").catch(() => {});
      const [res] = await conn.responsesUpTo(1, 10_000);
      assert.equal(res.status, 413);
    } finally {
      conn.close();
    }
  });

  it("exactly 1 MiB is read (and refused for its content, not its size)", async () => {
    const message = "a".repeat(MIB - 60);
    let body = JSON.stringify({ name: "Stor", email: "stor@example.se", message });
    body = body.slice(0, -1) + " ".repeat(MIB - Buffer.byteLength(body)) + "}";
    assert.equal(Buffer.byteLength(body), MIB);
    const res = await request(fixture.server, "/api/v1/messages", { method: "POST", body, headers: { "Content-Type": "application/json" } });
    assert.notEqual(res.status, 413, "a body of exactly 1 MiB was refused as too large");
    assert.ok(res.status >= 400 && res.status < 500, summarise(res));
  });

  it("form routes: a body over 1 MiB gets 413, invalid UTF-8 gets 4xx, and nothing is stored", async () => {
    // A server of its own: should invalid text get stored, it must not spoil the others' data.
    const own = await startServer({ demo: false, env: FAST_HASH });
    try {
      const before = await snapshot(own.storage);
      const failures = [];
      const jar = new CookieJar();
      const token = await ensureCsrf(own, jar);
      const big = `csrf_token=${token}&name=Stor&email=stor%40example.se&message=${"a".repeat(MIB)}`;
      const res = await request(own, "/kontakt", { method: "POST", body: big, jar, headers: { "Content-Type": "application/x-www-form-urlencoded" } }).catch((err) => ({ error: err }));
      if (res.error) failures.push(`over 1 MiB: no answer (${res.error.message})`);
      else if (res.status !== 413) failures.push(`over 1 MiB: ${summarise(res)}`);
      for (const [what, name] of [["invalid UTF-8", "%FF%FE%C3"], ["an overlong slash", "a%C0%AFb"], ["a lone surrogate", "a%ED%A0%80b"]]) {
        for (const path of ["/kontakt", "/registrera"]) {
          const bad = `csrf_token=${token}&name=${name}&email=${encodeURIComponent(uniqueEmail("utf"))}&password=${encodeURIComponent(PASSWORD)}&message=${encodeURIComponent(`${what} ${Date.now()}`)}`;
          const r = await request(own, path, { method: "POST", body: bad, jar, headers: { "Content-Type": "application/x-www-form-urlencoded" }, localAddress: newClientAddress() });
          if (r.status < 400 || r.status >= 500) failures.push(`${what} in the name field of POST ${path}: ${summarise(r)}`);
        }
      }
      let changes;
      try {
        changes = diffSnapshots(before, await snapshot(own.storage));
      } catch (err) {
        failures.push(`samverkan backup fails afterwards: ${String(err.stderr || err.message).trim().split("\n").slice(-2).join(" ")}`);
      }
      try {
        await exportMessages(own.storage);
      } catch (err) {
        failures.push(`samverkan export messages fails afterwards: ${String(err.stderr || err.message).trim().split("\n").slice(-2).join(" ")}`);
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(changes, [], "a refused form changed data");
    } finally {
      await own.dispose();
    }
  });
});

// ---- Another organisation's resources ------------------------------------------------------

describe("another organisation's resources", () => {
  const actorWrites = WRITE_ROUTES.filter((r) => /^\/aktorer(\/|$)|^\/api\/v1\/actors(\/|$)/.test(r.pattern));
  const perActor = actorWrites.filter((r) => r.pattern.includes("{id}"));

  it("every route that changes one actor has a cross-organisation check", () => {
    const missing = perActor.filter((r) => !CROSS_ORGANISATION[r.name]).map((r) => `actor write route ${r.name} (${r.method} ${r.pattern}) has no cross-organisation check`);
    assert.deepEqual(missing, []);
    // Until actors can be edited, there is nothing to check; once routes appear each needs
    // an entry above (and in the permission table).
    for (const name of Object.keys(CROSS_ORGANISATION)) {
      assert.ok(perActor.some((r) => r.name === name), `CROSS_ORGANISATION names ${name}, which is not an actor write route`);
    }
  });

  for (const route of perActor) {
    if (!CROSS_ORGANISATION[route.name]) continue;
    for (const via of ["session", "write token"]) {
      it(`${route.method} ${route.pattern}: a representative of A edits A but not B (${via})`, async () => {
        const ctx = await actorContext("representative");
        const me = (await request(fixture.server, "/api/v1/me", { jar: ctx.jar })).json();
        assert.deepEqual(me.actor_ids, [fixture.actorA], "the representative does not represent actor A");
        assert.ok(me.roles.includes("representative"));
        if (via === "write token") {
          const token = await createToken(fixture.storage, ctx.user.email, ["read", "write"]);
          ctx.jar = new CookieJar();
          ctx.headers = bearer(token);
        }
        const sendAs = (prepared) => send(ctx, prepared, { headers: ctx.headers || {} });
        const nameOf = async (id) => (await request(fixture.server, `/api/v1/actors/${id}`)).json().name.sv;

        const bBefore = await nameOf(fixture.actorB);
        const before = await snapshot(fixture.storage);
        const refused = await sendAs(CROSS_ORGANISATION[route.name](fixture.actorB, `Kapad ${Date.now()}`));
        assert.ok(refused.status === 403 || (refused.status === 404 && route.pattern.startsWith("/api/")), `editing B: ${summarise(refused)}`);
        assert.equal(await nameOf(fixture.actorB), bBefore, "actor B changed");
        assert.deepEqual(diffSnapshots(before, await snapshot(fixture.storage)), [], "the refused edit changed data");

        const own = `A ändrad ${Date.now()}`;
        const done = await sendAs(CROSS_ORGANISATION[route.name](fixture.actorA, own));
        assert.ok(done.status >= 200 && done.status < 400 && !isRefusal(done), `editing A: ${summarise(done)}`);
        assert.equal(await nameOf(fixture.actorA), own);
      });
    }
  }

  it("a read-scoped token of a representative cannot edit their own organisation", async (t) => {
    const route = perActor.find((r) => r.pattern.startsWith("/api/") && CROSS_ORGANISATION[r.name]);
    assert.ok(route || perActor.length === 0, "no API route to edit an actor with");
    if (!route) {
      t.diagnostic("no actor write route yet");
      assert.equal(actorWrites.length, 0);
      return;
    }
    const ctx = await actorContext("representative");
    const token = await createToken(fixture.storage, ctx.user.email, ["read"]);
    const res = await send({ ...ctx, jar: new CookieJar() }, CROSS_ORGANISATION[route.name](fixture.actorA, "med läsnyckel"), { headers: bearer(token) });
    assert.equal(res.status, 403, summarise(res));
  });

  it("a representative cannot make themselves the representative of another organisation", async () => {
    const ctx = await actorContext("representative");
    const res = await send(ctx, { path: `/api/v1/users/${ctx.user.id}/actors`, method: "PUT", json: { actors: [fixture.actorA, fixture.actorB] } });
    assert.equal(res.status, 403, summarise(res));
    const form = await send(ctx, { path: `/admin/anvandare/${ctx.user.id}/organisationer`, form: { actors: `${fixture.actorA}, ${fixture.actorB}` } });
    assert.equal(form.status, 403, summarise(form));
    const me = (await request(fixture.server, "/api/v1/me", { jar: ctx.jar })).json();
    assert.deepEqual(me.actor_ids, [fixture.actorA]);
  });

  it("a representative cannot change the fields only editors manage", async () => {
    const route = perActor.find((r) => r.name === "api.actors.replace");
    assert.ok(route, "no PUT /api/v1/actors/{id}");
    const ctx = await actorContext("representative");
    const before = (await request(fixture.server, `/api/v1/actors/${fixture.actorA}`)).json();
    const res = await send(ctx, {
      path: `/api/v1/actors/${fixture.actorA}`,
      method: "PUT",
      json: { name: { sv: "A med medlemskap" }, sector: fixture.sector, alliance_member: true, member_since: "2020-01-01", external_id: "stolen-id" },
    });
    assert.ok(res.status === 403 || res.status === 422 || res.status === 200, summarise(res));
    const afterwards = (await request(fixture.server, `/api/v1/actors/${fixture.actorA}`)).json();
    assert.equal(afterwards.alliance_member, before.alliance_member, "a representative changed alliance_member");
    assert.equal(afterwards.member_since ?? null, before.member_since ?? null, "a representative changed member_since");
    assert.equal(afterwards.external_id ?? null, before.external_id ?? null, "a representative changed external_id");
  });
});
