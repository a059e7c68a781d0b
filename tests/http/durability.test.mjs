// Durability: a message the server acknowledged (201) survives SIGKILL. Eight clients send
// messages for about two seconds; the server is killed half-way; after a restart on the
// same --data (and --database) every acknowledged message must be there, unchanged.

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";

import { listMessages, request } from "./client.mjs";
import { createStorage, startServer } from "./server.mjs";

const CLIENTS = 8;
const STREAM_MS = 2_000;
const KILL_AFTER_MS = 1_000;

describe("SIGKILL durability", () => {
  it("every acknowledged message is stored after SIGKILL and restart", async (t) => {
    const storage = await createStorage();
    let first = null;
    let second = null;
    try {
      first = await startServer({ storage });
      const run = Math.random().toString(36).slice(2, 10);
      const acknowledged = new Map(); // id -> message text
      const failures = [];
      let afterKill = 0;
      let killed = false;
      const deadline = Date.now() + STREAM_MS;

      const clients = Array.from({ length: CLIENTS }, (_, c) =>
        (async () => {
          for (let n = 0; Date.now() < deadline; n++) {
            const text = `durable ${run} client ${c} message ${n}`;
            const killedBefore = killed;
            try {
              const res = await request(first, "/api/v1/messages", {
                method: "POST",
                body: { name: `Klient ${c}`, email: `klient${c}@example.se`, message: text },
                timeoutMs: 5_000,
              });
              if (res.status === 201) {
                const { id } = res.json();
                if (acknowledged.has(id)) failures.push(`id ${id} acknowledged twice`);
                acknowledged.set(id, text);
              } else if (!killed) {
                failures.push(`${res.status} ${res.text.slice(0, 200)}`);
              }
            } catch (err) {
              if (killed || killedBefore) {
                afterKill++;
                await sleep(10);
              } else {
                failures.push(err.code || err.message);
              }
            }
          }
        })(),
      );

      await sleep(KILL_AFTER_MS);
      killed = true;
      const { signal } = await first.kill();
      assert.equal(signal, "SIGKILL");
      const ackedAtKill = acknowledged.size;
      await Promise.all(clients);

      t.diagnostic(`${ackedAtKill} messages acknowledged before SIGKILL; ${afterKill} requests failed after it`);
      assert.deepEqual(failures, [], "requests failed before the kill");
      assert.ok(acknowledged.size >= CLIENTS, `only ${acknowledged.size} messages acknowledged in ${KILL_AFTER_MS} ms`);

      second = await startServer({ storage });
      const { messages, via } = await listMessages(second);
      t.diagnostic(`read back ${messages.length} messages via ${via}`);
      const stored = new Map(messages.map((m) => [m.id, m]));
      const missing = [];
      const changed = [];
      for (const [id, text] of acknowledged) {
        const m = stored.get(id);
        if (!m) missing.push(id);
        else if (m.message !== text) changed.push(`${id}: ${JSON.stringify(m.message)} != ${JSON.stringify(text)}`);
      }
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.size} acknowledged messages lost`);
      assert.deepEqual(changed, []);

      // The restarted server takes new messages with fresh ids.
      const res = await request(second, "/api/v1/messages", {
        method: "POST",
        body: { name: "Efter", email: "efter@example.se", message: `after restart ${run}` },
      });
      assert.equal(res.status, 201, res.text);
      assert.ok(!acknowledged.has(res.json().id), "an id was given out again after the restart");
    } finally {
      if (first && !first.exited) await first.kill();
      if (second) await second.stop().catch(() => {});
      await storage.dispose();
    }
  });
});
