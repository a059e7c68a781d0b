// Importing and exporting the registry as an operator and as an admin over the API: JSON
// Lines and CSV (UTF-8, Swedish letters intact), upsert by external_id, a report of the
// rejected rows with line and reason, and nothing half-imported unless partial is asked for.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createStorage, runCli, startServer } from "./server.mjs";
import { request } from "./client.mjs";
import { FAST_HASH, addUser, bearer, createToken } from "./accounts-helpers.mjs";

const BOM = "\uFEFF";

async function cliFails(args) {
  try {
    await runCli(args);
  } catch (err) {
    return err;
  }
  throw new Error(`samverkan ${args.join(" ")} succeeded but should have failed`);
}

async function exportJsonl(storage) {
  const { stdout } = await runCli(["export", "actors", ...storage.args()]);
  return stdout.trim() ? stdout.trim().split("\n").map((l) => JSON.parse(l)) : [];
}

const byExternalId = (a, b) => a.external_id.localeCompare(b.external_id);

// Two good rows (one naming the other as partner), one with a flag that is not a flag (the
// file's reader refuses it) and one with an unknown sector (validation refuses it).
const CSV_WITH_BAD_ROWS = [
  "external_id;name_sv;name_en;sector;social_enterprise;sdgs;municipality;partners",
  "imp-1;Café Älvsbyn;Älvsbyn Café;business;ja;3|8;2560;imp-2",
  "imp-2;Föreningen Öppen Dörr;Open Door Association;civil_society;nej;10;0180;",
  "imp-3;Trasig rad;;business;kanske;;;",
  "imp-5;Fel sektor;;no-such-sector;nej;;;",
].join("\r\n");

describe("actors import and export on the command line", () => {
  let work;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), "samverkan-import-"));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("exports the demo actors as CSV that imports into another database unchanged", async () => {
    const source = await createStorage();
    const target = await createStorage();
    try {
      await runCli(["migrate", ...source.args()]);
      await runCli(["demo", ...source.args()]);
      const { stdout: csv } = await runCli(["export", "actors", "--format", "csv", ...source.args()]);
      assert.ok(csv.startsWith(`${BOM}external_id,language,name_sv,name_en,sector`), csv.slice(0, 80));
      assert.match(csv, /Umeå kommun/);
      const file = join(work, "actors.csv");
      await writeFile(file, csv);
      await runCli(["migrate", ...target.args()]);
      const imported = await runCli(["import", "actors", file, ...target.args()]);
      assert.match(imported.stderr, /inserted 48, updated 0, rejected 0/);
      const before = (await exportJsonl(source)).sort(byExternalId);
      const after = (await exportJsonl(target)).sort(byExternalId);
      assert.equal(after.length, 48);
      assert.deepEqual(after, before);
      // Again: every row is an update of the actor with its external_id.
      const again = await runCli(["import", "actors", file, ...target.args()]);
      assert.match(again.stderr, /inserted 0, updated 48, rejected 0/);
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });

  it("reports the bad rows of a CSV file by line and imports nothing, or the good ones with --partial", async () => {
    const storage = await createStorage();
    try {
      await runCli(["migrate", ...storage.args()]);
      const file = join(work, "bad.csv");
      await writeFile(file, CSV_WITH_BAD_ROWS);
      const refused = await cliFails(["import", "actors", file, ...storage.args()]);
      assert.match(refused.stderr, /line 4: social_enterprise: /);
      assert.match(refused.stderr, /line 5: sector: /);
      assert.match(refused.stderr, /inserted 0, updated 0, rejected 2/);
      assert.deepEqual(await exportJsonl(storage), []);

      const partial = await cliFails(["import", "actors", file, "--partial", ...storage.args()]);
      assert.match(partial.stderr, /inserted 2, updated 0, rejected 2/);
      const stored = (await exportJsonl(storage)).sort(byExternalId);
      assert.deepEqual(stored.map((a) => a.name.sv), ["Café Älvsbyn", "Föreningen Öppen Dörr"]);
      assert.deepEqual(stored[0].partners, ["imp-2"]);
      assert.deepEqual(stored[0].sdgs, [3, 8]);
      assert.equal(stored[0].social_enterprise, true);
    } finally {
      await storage.dispose();
    }
  });
});

describe("actors import and export over the API", () => {
  let server;
  let admin, adminToken, writeOnlyAdminToken, editorToken;
  before(async () => {
    server = await startServer({ demo: false, env: FAST_HASH });
    admin = await addUser(server.storage, { roles: ["admin"] });
    adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
    writeOnlyAdminToken = await createToken(server.storage, admin.email, ["read", "write"]);
    const editor = await addUser(server.storage, { roles: ["editor"] });
    editorToken = await createToken(server.storage, editor.email, ["read", "write"]);
  });
  after(async () => {
    if (server) await server.dispose();
  });

  const importRequest = (token, body, lang = "sv") =>
    request(server, `/api/v1/actors/import?lang=${lang}`, { method: "POST", headers: bearer(token), body });

  it("is for admins with the admin scope only", async () => {
    const body = { format: "csv", data: CSV_WITH_BAD_ROWS, partial: true };
    assert.equal((await request(server, "/api/v1/actors/import", { method: "POST", body })).status, 401);
    assert.equal((await importRequest(editorToken, body)).status, 403);
    assert.equal((await importRequest(writeOnlyAdminToken, body)).status, 403);
    assert.equal((await request(server, "/api/v1/actors/export")).status, 401);
    assert.equal((await request(server, "/api/v1/actors/export", { headers: bearer(editorToken) })).status, 403);
    assert.equal((await request(server, "/api/v1/actors/export", { headers: bearer(writeOnlyAdminToken) })).status, 403);
  });

  it("refuses a file with a bad row as a whole, listing the row's errors in the reader's language", async () => {
    const res = await importRequest(adminToken, { format: "csv", data: CSV_WITH_BAD_ROWS });
    assert.equal(res.status, 422, res.text);
    assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
    const problem = res.json();
    assert.equal(problem.detail, "Inget importerades: avvisade rader: 2.");
    assert.deepEqual(problem.rejected.map((r) => r.line), [4, 5]);
    assert.deepEqual(problem.rejected.map((r) => r.errors.map((e) => e.field)), [["social_enterprise"], ["sector"]]);
    assert.match(problem.rejected[0].errors[0].detail, /ja eller nej/);
    const english = (await importRequest(adminToken, { format: "csv", data: CSV_WITH_BAD_ROWS }, "en")).json();
    assert.equal(english.detail, "Nothing was imported: rows rejected: 2.");
    assert.match(english.rejected[0].errors[0].detail, /ja or nej/);
    const list = (await request(server, "/api/v1/actors")).json();
    assert.equal(list.total, 0);
  });

  it("imports the good rows with partial, then upserts JSON Lines by external_id", async () => {
    const res = await importRequest(adminToken, { format: "csv", data: CSV_WITH_BAD_ROWS, partial: true });
    assert.equal(res.status, 200, res.text);
    const report = res.json();
    assert.equal(report.inserted, 2);
    assert.equal(report.written, true);
    assert.deepEqual(report.rejected.map((r) => r.line), [4, 5]);

    const jsonl = [
      JSON.stringify({ external_id: "imp-1", language: "sv", name: "Café Älvsbyn Ekonomisk Förening", sector: "business" }),
      JSON.stringify({ external_id: "imp-4", language: "en", name: "Northern Light Cooperative", sector: "business" }),
    ].join("\n");
    const upsert = await importRequest(adminToken, { format: "jsonl", data: jsonl });
    assert.equal(upsert.status, 200, upsert.text);
    assert.deepEqual([upsert.json().inserted, upsert.json().updated], [1, 1]);

    const csv = await request(server, "/api/v1/actors/export?format=csv", { headers: bearer(adminToken) });
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers["content-type"]), /^text\/csv/);
    assert.ok(csv.text.startsWith(`${BOM}external_id,`));
    assert.match(csv.text, /Café Älvsbyn Ekonomisk Förening/);
    assert.equal(csv.text.trim().split("\r\n").length, 1 + 3);
  });

  it("refuses a body that is not an import with field errors", async () => {
    const res = await importRequest(adminToken, { format: "xlsx", partial: "yes" }, "en");
    assert.equal(res.status, 422);
    assert.deepEqual(res.json().errors.map((e) => e.field), ["format", "data", "partial"]);
  });

  it("takes an import larger than the server's usual body limit, up to its own", async () => {
    // About 2 MiB of valid JSON Lines: over the 1 MiB other routes take.
    const lines = [];
    for (let i = 0; lines.join("\n").length < 2 * 1024 * 1024; i++) {
      lines.push(JSON.stringify({ external_id: `big-${i}`, name: `Stor import ${i}`, sector: "business", summary: "x".repeat(400) }));
    }
    const big = await importRequest(adminToken, { format: "jsonl", data: lines.join("\n") });
    assert.equal(big.status, 200, big.text.slice(0, 300));
    assert.equal(big.json().inserted, lines.length);

    const elsewhere = await request(server, "/api/v1/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "x", email: "x@example.se", message: "y".repeat(2 * 1024 * 1024) }),
    });
    assert.equal(elsewhere.status, 413);

    const tooBig = await request(server, "/api/v1/actors/import", {
      method: "POST",
      headers: { ...bearer(adminToken), "Content-Type": "application/json" },
      body: JSON.stringify({ format: "jsonl", data: "z".repeat(33 * 1024 * 1024) }),
    });
    assert.equal(tooBig.status, 413);
  });
});
