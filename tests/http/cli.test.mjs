// The command line as an operator uses it: help on every subcommand, migrations that are
// safe to run twice, an online backup taken while the server writes, restored elsewhere.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createStorage, runCli, startServer } from "./server.mjs";
import { request } from "./client.mjs";

const SUBCOMMANDS = ["serve", "migrate", "demo", "backup", "restore", "export", "import", "routes", "version"];

async function cliFails(args) {
  try {
    await runCli(args);
  } catch (err) {
    return err;
  }
  throw new Error(`samverkan ${args.join(" ")} succeeded but should have failed`);
}

describe("command line", () => {
  let work;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), "samverkan-cli-"));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("has --help on every subcommand, naming --data and --database", async () => {
    for (const sub of SUBCOMMANDS) {
      const { stdout } = await runCli([sub, "--help"]);
      assert.match(stdout, /--data/, `${sub} --help does not name --data`);
      assert.match(stdout, /--database/, `${sub} --help does not name --database`);
    }
    const { stdout } = await runCli(["serve", "--help"]);
    assert.match(stdout, /--listen/);
    assert.match(stdout, /--no-demo/);
  });

  it("prints its version", async () => {
    const { stdout } = await runCli(["version"]);
    assert.match(stdout, /^samverkan \d+\.\d+\.\d+/);
  });

  it("applies migrations once; a second run applies none", async () => {
    const storage = await createStorage();
    try {
      const first = await runCli(["migrate", ...storage.args()]);
      assert.match(first.stdout, /[1-9]\d* applied, 0 already applied/);
      const second = await runCli(["migrate", ...storage.args()]);
      assert.match(second.stdout, /^0 applied, [1-9]\d* already applied/m);
    } finally {
      await storage.dispose();
    }
  });

  it("refuses an unknown kind of data and a missing file with a clear message", async () => {
    const storage = await createStorage();
    try {
      const unknown = await cliFails(["export", "nonsense", ...storage.args()]);
      assert.match(unknown.stderr, /Unknown kind nonsense/);
      assert.match(unknown.stderr, /messages/);
      const missing = await cliFails(["restore", "--from", join(work, "nothing.jsonl"), ...storage.args()]);
      assert.match(missing.stderr, /Cannot read/);
    } finally {
      await storage.dispose();
    }
  });

  it("backs up online while the server writes, and restores into an empty database", async () => {
    const server = await startServer({ demo: false });
    const target = await createStorage();
    try {
      const sent = [];
      for (let i = 0; i < 20; i++) {
        const res = await request(server, "/api/v1/messages", {
          method: "POST",
          body: { name: "Dana", email: "dana@example.se", message: `backup-${i} åäö` },
        });
        assert.equal(res.status, 201, res.text);
        sent.push(res.json().id);
      }
      // Writes keep coming while the backup runs.
      let writing = true;
      const writer = (async () => {
        while (writing) {
          await request(server, "/api/v1/messages", {
            method: "POST",
            body: { name: "Eve", email: "eve@example.se", message: "during backup" },
          });
        }
      })();
      const file = join(work, "backup.jsonl");
      const backup = await runCli(["backup", "--to", file, ...server.storage.args()]);
      writing = false;
      await writer;
      assert.match(backup.stderr, /backup: \d+ tables, \d+ rows/);
      const lines = (await readFile(file, "utf8")).trim().split("\n");
      assert.equal(JSON.parse(lines[0]).format, "samverkan-backup");

      await runCli(["migrate", ...target.args()]);
      const restored = await runCli(["restore", "--from", file, ...target.args()]);
      assert.match(restored.stderr, /restored: \d+ tables/);
      const { stdout } = await runCli(["export", "messages", ...target.args()]);
      const messages = stdout.trim().split("\n").map((l) => JSON.parse(l));
      for (const id of sent) {
        const m = messages.find((x) => x.id === id);
        assert.ok(m, `message ${id} written before the backup is missing after restore`);
        assert.match(m.message, /^backup-\d+ åäö$/);
      }
      // A second restore into the same database is refused and changes nothing.
      const again = await cliFails(["restore", "--from", file, ...target.args()]);
      assert.match(again.stderr, /already holds data/);
      const { stdout: after } = await runCli(["export", "messages", ...target.args()]);
      assert.equal(after, stdout);
    } finally {
      await server.stop();
      await target.dispose();
    }
  });
});
