// The Social Progress Index over HTTP (issue 6): the stateless compute endpoint with CSV texts
// and JSON arrays and its errors, the read endpoints over the EU-SPI 2020 demo data, the
// ranking as a CSV download, the scorecard as JSON, and an editor importing values through
// the page with a report of the rejected rows.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { CookieJar, formBody, request } from "./client.mjs";
import { binaryPath, repoRoot, startServer } from "./server.mjs";

const SPI = join(repoRoot, "data", "spi");
let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) await server.dispose();
});

function assertProblem(res, status) {
  assert.equal(res.status, status, res.text.slice(0, 500));
  assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.status, status);
  assert.ok(problem.detail.length > 0);
  return problem;
}

// `samverkan user add` with the password on standard input, against the server's storage.
function addUser(email, password, roles) {
  const args = ["user", "add", ...server.storage.args(), "--email", email];
  for (const role of roles) args.push("--role", role);
  return new Promise((resolveRun, reject) => {
    const child = spawn(binaryPath, args, {
      cwd: repoRoot,
      env: { ...process.env, SAMVERKAN_FAST_HASH: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolveRun() : reject(new Error(`user add: ${code} ${stderr}`))));
    child.stdin.end(`${password}\n`);
  });
}

async function signIn(email, password) {
  const jar = new CookieJar();
  const res = await request(server, "/api/v1/session", { method: "POST", body: { email, password }, jar });
  assert.equal(res.status, 200, res.text);
  return jar;
}

describe("POST /api/v1/progress/compute", () => {
  it("computes the EU-SPI 2020 from CSV texts: 240 regions, 231 with an index, SE33 85.16", async () => {
    const body = {
      framework: await readFile(join(SPI, "eu_spi_2020_indicator_metadata.csv"), "utf8"),
      data: await readFile(join(SPI, "eu_spi_2020_indicators_regional.csv"), "utf8"),
    };
    const res = await request(server, "/api/v1/progress/compute?lang=en", { method: "POST", body });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const out = res.json();
    assert.deepEqual(out.summary, { regions: 240, complete: 231, incomplete: 9 });
    const se33 = out.results.find((r) => r.region === "SE33");
    assert.equal(se33.index, 85.16);
    assert.equal(se33.complete, true);
    const fi20 = out.results.find((r) => r.region === "FI20");
    assert.equal(fi20.index, null);
    assert.ok(fi20.notes.some((n) => n.level === "index" && /cannot be computed/.test(n.text)), JSON.stringify(fi20.notes));
  });

  it("reads JSON arrays, uses a stored framework by code, and points at the rejected items", async () => {
    const data = [
      { region: "SE33", indicator: "Infant mortality", year: 2020, value: 2 },
      { region: "SE33", indicator: "Premature mortality (<65)", year: 2020, value: "many" },
      { region: "SE33", indicator: "no such indicator", year: 2020, value: 1 },
    ];
    const res = await request(server, "/api/v1/progress/compute?lang=sv", {
      method: "POST",
      body: { framework: "eu-spi-2020", data, exponent_dimension: 1, exponent_index: 1 },
    });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    const out = res.json();
    assert.equal(out.framework.code, "eu-spi-2020");
    assert.equal(out.options.exponent_dimension, 1);
    assert.equal(out.results.length, 1);
    assert.equal(out.results[0].year, 2020);
    assert.equal(out.results[0].index, null);
    const rejected = out.imports[0].rejected;
    assert.deepEqual(rejected.map((r) => r.item), [1, 2]);
    assert.equal(rejected[0].text, "Värdet many är inte ett tal.");
  });

  it("answers problems for a missing framework, wrong types, and a body that is not JSON", async () => {
    const empty = assertProblem(await request(server, "/api/v1/progress/compute?lang=en", { method: "POST", body: {} }), 422);
    assert.equal(empty.errors[0].field, "framework");
    const types = assertProblem(
      await request(server, "/api/v1/progress/compute?lang=en", {
        method: "POST",
        body: { framework: 3, data: { region: "x" }, decimals: 20 },
      }),
      422,
    );
    assert.deepEqual(types.errors.map((e) => e.field), ["framework", "data", "decimals"]);
    const unknown = assertProblem(
      await request(server, "/api/v1/progress/compute", { method: "POST", body: { framework: "no-such", data: "a,b\n1,2\n" } }),
      404,
    );
    assert.ok(unknown.detail.length > 0);
    const broken = await request(server, "/api/v1/progress/compute", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    assert.ok(broken.status === 400 || broken.status === 422, `${broken.status}`);
    assert.match(String(broken.headers["content-type"]), /^application\/problem\+json/);
  });

  it("refuses a body over the server's 1 MiB limit with 413", async () => {
    const big = JSON.stringify({ framework: "eu-spi-2020", data: "region,x\n" + "SE33,1\n".repeat(200_000) });
    assert.ok(big.length > 1024 * 1024);
    const res = await request(server, "/api/v1/progress/compute", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: big,
    });
    assert.equal(res.status, 413);
  });
});

describe("stored frameworks, datasets and results", () => {
  it("lists the EU-SPI 2020 framework and its datasets", async () => {
    const frameworks = (await request(server, "/api/v1/progress/frameworks")).json();
    const spi = frameworks.items.find((f) => f.code === "eu-spi-2020");
    assert.deepEqual([spi.dimensions, spi.components, spi.indicators], [3, 12, 55]);
    const framework = (await request(server, "/api/v1/progress/frameworks/eu-spi-2020")).json();
    assert.equal(framework.dimensions[0].components[0].indicators[1].direction, "lower");
    const datasets = (await request(server, "/api/v1/progress/datasets")).json();
    const regions = datasets.items.find((d) => d.slug === "eu-spi-2020");
    assert.equal(regions.regions, 240);
    assert.deepEqual(regions.years, [2020]);
    assert.ok(datasets.items.some((d) => d.slug === "eu-spi-2020-lander" && d.regions === 27));
  });

  it("ranks the regions of a year as JSON, unavailable scores last with the reason", async () => {
    const res = await request(server, "/api/v1/progress/datasets/eu-spi-2020/ranking?year=2020&lang=en");
    assert.equal(res.status, 200);
    const ranking = res.json();
    assert.equal(ranking.items.length, 240);
    assert.equal(ranking.complete, 231);
    assert.deepEqual(ranking.items.slice(0, 3).map((r) => r.region), ["SE33", "FI1B", "SE32"]);
    assert.equal(ranking.items[0].rank, 1);
    assert.equal(ranking.items[0].index, 85.16);
    const last = ranking.items[239];
    assert.equal(last.rank, null);
    assert.equal(last.index, null);
    assert.ok(last.notes.some((n) => n.level === "index"));
    assertProblem(await request(server, "/api/v1/progress/datasets/eu-spi-2020/ranking?year=1999"), 404);
    assertProblem(await request(server, "/api/v1/progress/datasets/eu-spi-2020/ranking?year=soon"), 422);
    assertProblem(await request(server, "/api/v1/progress/datasets/no-such/ranking"), 404);
  });

  it("downloads the ranking as CSV with the index and dimension scores", async () => {
    const res = await request(server, "/framsteg/eu-spi-2020/rankning?year=2020&format=csv&lang=en");
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/csv; charset=utf-8/);
    assert.match(String(res.headers["content-disposition"]), /^attachment; filename="eu-spi-2020-2020\.csv"$/);
    const lines = res.text.trim().split("\r\n");
    assert.equal(lines.length, 241);
    const header = lines[0].split(",");
    assert.deepEqual(header.slice(0, 7), ["rank", "region", "name", "country", "year", "complete", "index"]);
    assert.ok(header.includes("basic_human_needs"), header.join(","));
    assert.match(lines[1], /^1,SE33,Övre Norrland,SE,2020,yes,85\.16,/);
    assert.match(lines[240], /^,[A-Z0-9]+,.*,2020,no,,/);
  });

  it("gives the scorecard of SE33 as JSON, against the country's regions or chosen peers", async () => {
    const res = await request(server, "/api/v1/progress/datasets/eu-spi-2020/regions/SE33/scorecard?lang=en");
    assert.equal(res.status, 200, res.text.slice(0, 300));
    const card = res.json();
    assert.equal(card.region.name, "Övre Norrland");
    assert.equal(card.year, 2020);
    assert.equal(card.index.score, 85.16);
    assert.equal(card.index.rank, 1);
    assert.equal(card.index.ranked_regions, 231);
    assert.equal(card.peers.kind, "country");
    assert.equal(card.peers.regions.length, 7);
    assert.equal(card.components.length, 12);
    assert.equal(card.indicators.length, 55);
    assert.ok(card.indicators.every((i) => i.raw !== undefined && "score" in i.normalised));
    assert.ok(Array.isArray(card.strengths) && Array.isArray(card.weaknesses));

    const chosen = (await request(server, "/api/v1/progress/datasets/eu-spi-2020/regions/SE33/scorecard?peers=FI1B,DK01")).json();
    assert.equal(chosen.peers.kind, "chosen");
    assert.deepEqual(chosen.peers.regions.map((r) => r.code), ["FI1B", "DK01"]);

    const badPeer = assertProblem(
      await request(server, "/api/v1/progress/datasets/eu-spi-2020/regions/SE33/scorecard?peers=XX99&lang=en"),
      422,
    );
    assert.equal(badPeer.errors[0].field, "peers");
    assertProblem(await request(server, "/api/v1/progress/datasets/eu-spi-2020/regions/XX99/scorecard"), 404);
  });

  it("serves the overview, ranking and scorecard pages in both languages", async () => {
    for (const [path, text] of [
      ["/framsteg?lang=sv", "Sociala framsteg"],
      ["/framsteg?lang=en", "Social progress"],
      ["/framsteg/eu-spi-2020/rankning?lang=sv", "Rankning 2020"],
      ["/framsteg/eu-spi-2020/SE33?lang=en", "Övre Norrland"],
      ["/framsteg/ramverk/eu-spi-2020?lang=sv", "Spädbarnsdödlighet"],
    ]) {
      const res = await request(server, path);
      assert.equal(res.status, 200, path);
      assert.ok(res.text.includes(text), `${path} lacks ${text}`);
    }
    assert.equal((await request(server, "/framsteg/eu-spi-2020/XX99")).status, 404);
    assert.equal((await request(server, "/framsteg/finns-inte/rankning")).status, 404);
  });
});

describe("import through the page", () => {
  const password = "Progress-import-2024!";

  it("sends visitors to sign in and refuses members", async () => {
    const res = await request(server, "/framsteg/importera");
    assert.equal(res.status, 303);
    assert.match(String(res.headers.location), /^\/logga-in\?next=%2Fframsteg%2Fimportera/);
    await addUser("member-progress@example.se", password, ["member"]);
    const jar = await signIn("member-progress@example.se", password);
    assert.equal((await request(server, "/framsteg/importera", { jar })).status, 403);
  });

  it("lets an editor import a long-form file, reports the rejected rows and stores the rest", async () => {
    await addUser("editor-progress@example.se", password, ["editor"]);
    const jar = await signIn("editor-progress@example.se", password);
    const page = await request(server, "/framsteg/importera?lang=en", { jar });
    assert.equal(page.status, 200);
    const token = page.text.match(/name="csrf_token" value="([^"]+)"/)[1];
    const csv = [
      "kommunkod;nyckeltal;år;värde",
      "2480;Infant mortality;2022;2,5",
      "2480;Life expectancy;2022;83,1",
      "2480;Infant mortality;2022;3",
      "0114;Infant mortality;2022;abc",
      "0114;Life expectancy;2022;82",
    ].join("\n");
    const res = await request(server, "/framsteg/importera?lang=en", {
      method: "POST",
      jar,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formBody({
        csrf_token: token,
        dataset: "",
        framework: "eu-spi-2020",
        slug: "kommuner-test",
        name_sv: "Testkommuner",
        name_en: "",
        exponent_dimension: "0,5",
        exponent_index: "0,5",
        data: csv,
        year: "",
        regions: "",
      }),
    });
    assert.equal(res.status, 200, res.text.slice(0, 2000));
    assert.ok(res.text.includes("3 values from 5 rows were imported into Testkommuner for 2022."), res.text.match(/<section[^]*?<\/section>/)?.[0]);
    assert.ok(res.text.includes("<caption>Rows that were not imported</caption>"));
    assert.match(res.text, /<td class="num">4<\/td><td>A second value of infant_mortality for 2480 in 2022; the first is kept\.<\/td>/);
    assert.match(res.text, /<td class="num">5<\/td><td>The value abc is not a number\.<\/td>/);

    const datasets = (await request(server, "/api/v1/progress/datasets")).json();
    const stored = datasets.items.find((d) => d.slug === "kommuner-test");
    assert.equal(stored.values, 3);
    assert.deepEqual(stored.years, [2022]);
    const ranking = (await request(server, "/api/v1/progress/datasets/kommuner-test/ranking?lang=en")).json();
    assert.equal(ranking.items.length, 2);
    // Two of the 55 indicators: most components have no value, and nothing is filled in.
    assert.ok(ranking.items.every((r) => r.index === null && r.notes.length > 0));

    // Without the form token nothing is imported.
    const forged = await request(server, "/framsteg/importera", {
      method: "POST",
      jar,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formBody({ dataset: "kommuner-test", data: csv }),
    });
    assert.equal(forged.status, 403);
  });
});
