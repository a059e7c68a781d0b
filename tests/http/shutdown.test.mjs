// Graceful shutdown: SIGTERM while requests are in flight. The server stops accepting,
// answers every request it has begun to receive, and exits 0.

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "node:net";
import { describe, it } from "node:test";

import { RawConnection, request } from "./client.mjs";
import { startServer } from "./server.mjs";

function refused(server) {
  return new Promise((resolveRefused) => {
    const socket = connect({ host: server.host, port: server.port });
    socket.once("connect", () => {
      socket.destroy();
      resolveRefused(false);
    });
    socket.once("error", () => resolveRefused(true));
  });
}

describe("SIGTERM", () => {
  it("lets a slow stream of requests in flight complete, then exits 0", async (t) => {
    const server = await startServer();
    try {
      // Steady load: four clients, back to back, until just before SIGTERM.
      let sigtermSent = false;
      const steady = { ok: 0, failures: [], tolerated: [] };
      const steadyClients = Array.from({ length: 4 }, (_, i) =>
        (async () => {
          const paths = ["/", "/om", "/sdg", "/regioner"];
          while (!sigtermSent) {
            const path = paths[i % paths.length];
            const startedBeforeSigterm = !sigtermSent;
            try {
              const res = await request(server, path, { timeoutMs: 20_000 });
              if (res.status === 200) steady.ok++;
              else steady.failures.push(`${path}: ${res.status}`);
            } catch (err) {
              // A new connection that meets the closing listener may be reset or refused;
              // a response that had begun and was cut off is never acceptable.
              if (sigtermSent && startedBeforeSigterm && !err.responseStarted) {
                steady.tolerated.push(`${path}: ${err.code || err.message}`);
              } else {
                steady.failures.push(`${path}: ${err.code || err.message}`);
              }
            }
          }
        })(),
      );

      // Slow clients: each sends its request header by header over ~1.5 s, so that they
      // are in the middle of their requests when SIGTERM comes.
      const host = `${server.host}:${server.port}`;
      const slow = [];
      for (let i = 0; i < 4; i++) {
        const conn = await RawConnection.open(server);
        await conn.write(`GET /om?lang=${i % 2 ? "en" : "sv"} HTTP/1.1\r\nHost: ${host}\r\n`);
        slow.push(conn);
      }
      const slowResults = Promise.all(
        slow.map(async (conn, i) => {
          for (let k = 0; k < 10; k++) {
            await sleep(150);
            await conn.write(`X-Slow-${k}: client ${i}\r\n`).catch((err) => {
              throw new Error(`the server closed the connection while the request was arriving (${k} of 10 header lines sent${sigtermSent ? ", after SIGTERM" : ""}): ${err.code || err.message}`);
            });
          }
          await conn.write("Connection: close\r\n\r\n");
          const [res] = await conn.responsesUpTo(1, 20_000);
          conn.close();
          return res;
        }),
      );
      // A request fully received and waiting to be answered on a kept-alive connection.
      const keptAlive = await RawConnection.open(server);
      await keptAlive.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      await keptAlive.responsesUpTo(1, 10_000);

      await sleep(500);
      sigtermSent = true;
      const exited = server.stop({ timeoutMs: 30_000 });

      // Collect every way it went wrong, then report them together.
      const problems = [];
      const [slowOutcome] = await Promise.allSettled([slowResults]);
      if (slowOutcome.status === "rejected") {
        problems.push(`a slow request in flight at SIGTERM was not answered: ${slowOutcome.reason.message}`);
      } else {
        for (const res of slowOutcome.value) {
          if (res.status !== 200) problems.push(`a slow request got ${res.status}`);
          else if (!/<\/html>\s*$/.test(res.text)) problems.push("a slow request's page was cut short");
        }
      }
      await Promise.all(steadyClients);
      const { code, signal } = await exited;
      if (signal !== null) problems.push(`killed by ${signal}`);
      if (code !== 0) problems.push(`exit code ${code}`);
      if (steady.ok === 0) problems.push("the steady clients got no answer before SIGTERM");
      for (const f of steady.failures) problems.push(`steady client: ${f}`);
      if (steady.tolerated.length) t.diagnostic(`refused at SIGTERM (allowed): ${steady.tolerated.join("; ")}`);
      t.diagnostic(`${steady.ok} steady requests answered before and during SIGTERM`);
      // An idle kept-alive connection is closed, not left hanging.
      if (!(await keptAlive.waitClosed(1_000))) problems.push("an idle kept-alive connection was left open");
      keptAlive.close();
      if (!(await refused(server))) problems.push("the port still accepts connections after exit");
      assert.deepEqual(problems, [], `\n${server.output()}`);
    } finally {
      await server.dispose();
    }
  });

  it("exits 0 promptly when idle, even with idle kept-alive connections open", async () => {
    const server = await startServer();
    try {
      const idle = await RawConnection.open(server);
      await idle.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
      await idle.responsesUpTo(1);
      const started = Date.now();
      const { code, signal } = await server.stop({ timeoutMs: 15_000 });
      const took = Date.now() - started;
      assert.equal(signal, null);
      assert.equal(code, 0, server.output());
      assert.ok(took < 5_000, `took ${took} ms to exit`);
      idle.close();
    } finally {
      await server.dispose();
    }
  });
});
