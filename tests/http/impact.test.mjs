// The stateless impact calculators over HTTP and on the command line: POST
// /api/v1/impact/sroi and /api/v1/impact/socioeconomic with hand-computed cases, problems with
// the JSON path of every field in the reader's language, the calculator forms with their CSRF
// token, and `samverkan impact sroi|socioeconomic`.

import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { CookieJar, formBody, request } from "./client.mjs";
import { runCli, startServer } from "./server.mjs";

let server;
let work;

before(async () => {
  server = await startServer({ demo: false });
  work = await mkdtemp(join(tmpdir(), "samverkan-impact-"));
});

after(async () => {
  if (server) await server.dispose();
  if (work) await rm(work, { recursive: true, force: true });
});

// The domain tests' hand-computed case (EndOfYearConventionDiscountsYearOne): 1035 kr a year
// for two years at 3.5 %, end of year: 1035/1.035 + 1035/1.035^2 = 1000 + 966.18 = 1966.18 kr
// from 1000 kr of inputs paid in year 1.
const TWO_YEARS = {
  discount_rate: 0.035,
  convention: "end_of_year",
  inputs: [{ value: 1000, year: 1 }],
  outcomes: [{ stakeholder: "Participants", outcome: "In work", quantity: 1, proxy: 1035, duration: 2 }],
};

// The examples of src/modules/impact/FORMATS.md.
const FORMATS_MAP = {
  currency: "SEK",
  discount_rate: 0.035,
  convention: "end_of_year",
  inputs: [
    { value: 400000, year: 1, kind: "cash", description: "Grant" },
    { value: 51750, year: 2, kind: "in_kind", description: "Volunteer hours" },
  ],
  outcomes: [
    { stakeholder: "Participants", outcome: "In paid work", quantity: 12, proxy: 60000, deadweight: 0.25,
      displacement: 0.1, attribution: 0.2, drop_off: 0.3, duration: 3 },
    { stakeholder: "Municipality", outcome: "Less social assistance paid", quantity: 12, proxy: "24000.50",
      deadweight: 0.25, duration: 2 },
    { stakeholder: "Neighbours", outcome: "More traffic", quantity: 40, proxy: -250, duration: 1 },
  ],
};

const FORMATS_CASE = {
  currency: "SEK",
  group_size: 10,
  horizon_years: 5,
  discount_rate: 0.035,
  convention: "end_of_year",
  items: [
    { name: "Försörjningsstöd", kind: "transfer", payer: "municipality", recipient: "individual", without: 120000, with: 0 },
    { name: "Handläggning, socialtjänst", kind: "resource_use", actor: "municipality", without: 20000, with: 5000 },
    { name: "Primärvård och psykiatri", kind: "resource_use", actor: "region", without: 30000, with: 10000 },
    { name: "Produktionsvärde i arbete", kind: "production", actor: "enterprise", without: 0, with: 300000 },
    { name: "Lön", kind: "transfer", payer: "enterprise", recipient: "individual", without: 0, with: 240000 },
    { name: "Kommunalskatt", kind: "transfer", payer: "individual", recipient: "municipality", without: 0, with: 50000 },
    { name: "Arbetsgivaravgifter", kind: "transfer", payer: "enterprise", recipient: "state", without: 0, with: 60000 },
  ],
  investments: [{ actor: "municipality", value: 2500000, year: 1, description: "Programme" }],
};

function post(path, body, lang) {
  return request(server, `${path}${lang ? `?lang=${lang}` : ""}`, { method: "POST", body });
}

function problem(res, status = 422) {
  assert.equal(res.status, status, res.text.slice(0, 500));
  assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.status, status);
  assert.ok(Array.isArray(body.errors), "no errors array");
  return body;
}

const close = (actual, expected, digits = 9) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`);

describe("POST /api/v1/impact/sroi", () => {
  it("calculates the hand-computed two-year case", async () => {
    const res = await post("/api/v1/impact/sroi", TWO_YEARS);
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const r = res.json();
    assert.equal(r.inputs_present_value, 1000);
    assert.equal(r.present_value, 1966.18);
    assert.equal(r.npv, 966.18);
    close(r.ratio, 1.9661835748792271);
    close(r.net_ratio, r.ratio - 1, 12);
    assert.deepEqual(r.outcomes[0].yearly, [1035, 1035]);
    assert.deepEqual(r.years.map((y) => y.year), [1, 2]);
    assert.equal(r.sensitivity.discount_rates.length, 5);
    // At 0 % nothing is discounted: 2070 kr.
    assert.equal(r.sensitivity.discount_rates[0].present_value, 2070);
  });

  it("calculates the example of FORMATS.md, exact to the öre", async () => {
    const r = (await post("/api/v1/impact/sroi", FORMATS_MAP)).json();
    assert.equal(r.inputs_present_value, 450000);
    assert.equal(r.present_value, 1202228.03);
    assert.equal(r.npv, 752228.03);
    close(r.ratio, 2.671617847101094);
    assert.deepEqual(r.outcomes[0].yearly, [388800, 272160, 190512]);
    assert.equal(r.outcomes[2].present_value, -9661.84);
    assert.equal(r.sensitivity.switching_values[0].drop_off.switching_value, null);
    assert.equal(r.sensitivity.switching_values[0].proxy.switching_value, 3691.81);
  });

  it("answers invalid maps with 422 and the JSON path of every field, in the reader's language", async () => {
    const bad = structuredClone(TWO_YEARS);
    bad.outcomes[0].deadweight = 1.5;
    bad.outcomes[0].duration = 0;
    bad.inputs[0].value = 0;
    const sv = problem(await post("/api/v1/impact/sroi", bad, "sv"));
    const en = problem(await post("/api/v1/impact/sroi", bad, "en"));
    assert.deepEqual(en.errors.map((e) => e.field), ["inputs", "outcomes[0].deadweight", "outcomes[0].duration"]);
    assert.deepEqual(sv.errors.map((e) => e.field), en.errors.map((e) => e.field));
    assert.notEqual(sv.detail, en.detail, "detail not translated");
    for (let i = 0; i < en.errors.length; i++) {
      assert.notEqual(sv.errors[i].detail, en.errors[i].detail, `${en.errors[i].field} not translated`);
    }
    assert.equal(en.errors[1].detail, "Must be between 0 and 1.");
  });

  it("answers text that is not JSON, wrong types and unknown members with their paths", async () => {
    const notJson = problem(
      await request(server, "/api/v1/impact/sroi?lang=en", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"inputs": [',
      }),
    );
    assert.equal(notJson.errors[0].field, "$");
    assert.match(notJson.errors[0].detail, /not valid JSON \(at character \d+\)/);

    const wrong = problem(
      await post("/api/v1/impact/sroi", {
        inputs: [{ value: "lots" }],
        outcomes: [{ stakeholder: "A", outcome: "B", quantity: 1, proxy: 10, duration: 1, dead_weight: 0.2 }],
      }, "en"),
    );
    assert.deepEqual(wrong.errors.map((e) => e.field), ["inputs[0].value", "outcomes[0].dead_weight"]);
  });
});

describe("POST /api/v1/impact/socioeconomic", () => {
  it("calculates the example of FORMATS.md: who gains, and whose gains repay whose investment", async () => {
    const res = await post("/api/v1/impact/socioeconomic", FORMATS_CASE);
    assert.equal(res.status, 200, res.text);
    const r = res.json();
    const perActor = Object.fromEntries(r.per_person_year.actors.map((a) => [a.actor, a]));
    assert.equal(perActor.municipality.total, 185000);
    assert.equal(perActor.municipality.resource_use, 15000);
    assert.equal(perActor.municipality.transfers, 170000);
    assert.equal(perActor.region.total, 20000);
    assert.equal(perActor.state.total, 60000);
    assert.equal(perActor.individual.total, 70000);
    assert.equal(perActor.enterprise.total, 0);
    // Transfers cancel for society: 35 000 resources saved + 300 000 production.
    assert.deepEqual(r.per_person_year.society, { resource_use: 35000, transfers: 0, production: 300000, total: 335000 });
    assert.equal(r.group_per_year.society.total, 3350000);
    assert.equal(r.investment.society.gains_present_value, 15125425.46);
    const repaid = Object.fromEntries(r.repayment[0].repaid_by.map((x) => [x.actor, x.discounted_payback_years]));
    assert.equal(r.repayment[0].investor, "municipality");
    assert.equal(repaid.municipality.toFixed(2), "1.41");
    assert.equal(repaid.state.toFixed(2), "4.59");
    assert.equal(repaid.individual.toFixed(2), "3.88");
    assert.equal(repaid.region, null);
    assert.equal(repaid.society.toFixed(2), "0.77");
    assert.equal(r.break_even_persons, 2);
  });

  it("answers an invalid case with the JSON paths, translated", async () => {
    const bad = structuredClone(FORMATS_CASE);
    bad.items[0].recipient = "municipality";
    bad.investments[0].year = 9;
    delete bad.group_size;
    const sv = problem(await post("/api/v1/impact/socioeconomic", bad, "sv"));
    const en = problem(await post("/api/v1/impact/socioeconomic", bad, "en"));
    assert.deepEqual(en.errors.map((e) => e.field), ["group_size"]);
    assert.notEqual(sv.errors[0].detail, en.errors[0].detail);
    bad.group_size = 10;
    const domain = problem(await post("/api/v1/impact/socioeconomic", bad, "en"));
    assert.deepEqual(domain.errors.map((e) => e.field), ["items[0].recipient", "investments[0].year"]);
  });
});

describe("OpenAPI", () => {
  it("describes both calculators with request and response schemas", async () => {
    const doc = (await request(server, "/api/v1/openapi.json")).json();
    for (const path of ["/api/v1/impact/sroi", "/api/v1/impact/socioeconomic"]) {
      const op = doc.paths[path]?.post;
      assert.ok(op, `${path} is not described`);
      assert.ok(op.requestBody.content["application/json"].schema.properties, `${path} has no request schema`);
      assert.ok(op.responses["200"].content["application/json"].schema.properties, `${path} has no response schema`);
      assert.ok(op.responses["422"], `${path} does not document 422`);
    }
  });
});

describe("calculator forms", () => {
  async function formToken(path) {
    const jar = new CookieJar();
    const res = await request(server, path, { jar });
    assert.equal(res.status, 200);
    const token = res.text.match(/name="csrf_token" value="([^"]+)"/)[1];
    return { jar, token };
  }

  it("the SROI form calculates with the CSRF token, and refuses without it", async () => {
    const { jar, token } = await formToken("/effekt/sroi?lang=en");
    const fields = {
      csrf_token: token,
      discount_rate: "3.5",
      convention: "end_of_year",
      "inputs[0].kind": "cash",
      "inputs[0].value": "1,000",
      "outcomes[0].stakeholder": "Participants",
      "outcomes[0].outcome": "In work",
      "outcomes[0].quantity": "1",
      "outcomes[0].proxy": "1035",
      "outcomes[0].duration": "2",
    };
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    const res = await request(server, "/effekt/sroi?lang=en", { method: "POST", headers, body: formBody(fields), jar });
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.match(res.text, /1,966\.18/);
    assert.match(res.text, /1 : 1\.97/);
    const sv = await request(server, "/effekt/sroi?lang=sv", {
      method: "POST",
      headers,
      body: formBody({ ...fields, discount_rate: "3,5", "inputs[0].value": "1 000" }),
      jar,
    });
    assert.equal(sv.status, 200);
    assert.match(sv.text, /1\u00a0966,18/);
    assert.match(sv.text, /1 : 1,97/);
    const forged = await request(server, "/effekt/sroi", { method: "POST", headers, body: formBody({ ...fields, csrf_token: "x".repeat(43) }), jar });
    assert.equal(forged.status, 403);
  });

  it("keeps the values and answers 422 with an error summary linking to the fields", async () => {
    const { jar, token } = await formToken("/effekt/samhallsekonomi?lang=sv");
    const res = await request(server, "/effekt/samhallsekonomi?lang=sv", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formBody({
        csrf_token: token,
        group_size: "tio",
        horizon_years: "5",
        discount_rate: "3,5",
        convention: "end_of_year",
        "items[0].name": "Försörjningsstöd",
        "items[0].kind": "transfer",
        "items[0].actor": "municipality",
        "items[0].recipient": "",
        "items[0].without": "120 000",
      }),
      jar,
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /class="error-summary"/);
    assert.match(res.text, /href="#field-group_size"/);
    assert.match(res.text, /href="#field-items-0-recipient"/);
    assert.match(res.text, /value="tio"/);
    assert.match(res.text, /value="120 000"/);
  });

  it("every guide answers in both languages; an unknown one is 404", async () => {
    for (const slug of ["forandringsteori", "finansiella-proxyer", "dodvikt", "undantrangning", "attribution", "avtagande", "diskontering", "socioekonomiskt-bokslut"]) {
      for (const lang of ["sv", "en"]) {
        const res = await request(server, `/effekt/guider/${slug}?lang=${lang}`);
        assert.equal(res.status, 200, `${slug} ${lang}`);
        assert.match(res.text, new RegExp(`<html lang="${lang}"`));
      }
    }
    const proxies = await request(server, "/effekt/guider/finansiella-proxyer?lang=en");
    assert.match(proxies.text, /Price base amount 2025/);
    assert.match(proxies.text, /socialförsäkringsbalken/);
    assert.equal((await request(server, "/effekt/guider/finns-inte")).status, 404);
  });
});

describe("samverkan impact", () => {
  it("sroi --map FILE --format json prints the result", async () => {
    const file = join(work, "map.json");
    await writeFile(file, JSON.stringify(FORMATS_MAP));
    const { stdout } = await runCli(["impact", "sroi", "--map", file, "--format", "json"]);
    const r = JSON.parse(stdout);
    assert.equal(r.present_value, 1202228.03);
    close(r.net_ratio, r.ratio - 1, 12);
  });

  it("socioeconomic --case FILE prints the result", async () => {
    const file = join(work, "case.json");
    await writeFile(file, JSON.stringify(FORMATS_CASE));
    const { stdout } = await runCli(["impact", "socioeconomic", "--case", file]);
    assert.equal(JSON.parse(stdout).per_person_year.society.total, 335000);
  });

  it("names the JSON path of each problem and exits with 1", async () => {
    const file = join(work, "bad.json");
    const bad = structuredClone(TWO_YEARS);
    bad.outcomes[0].attribution = -0.1;
    await writeFile(file, JSON.stringify(bad));
    const err = await runCli(["impact", "sroi", "--map", file, "--format", "json"]).then(
      () => assert.fail("an invalid map was accepted"),
      (e) => e,
    );
    assert.equal(err.code, 1);
    assert.match(err.stderr, /outcomes\[0\]\.attribution: Must be between 0 and 1\./);
    assert.equal(err.stdout, "");
  });
});
