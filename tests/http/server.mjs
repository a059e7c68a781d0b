// Starts the real samverkan binary for a test file and stops it again.
//
//   const server = await startServer();          // fresh data directory (and database)
//   await fetch(server.url("/healthz"));
//   const { code } = await server.stop();        // SIGTERM, waits for the exit
//
// - The binary is $SAMVERKAN_BIN, or <repo>/build/release/bin/samverkan. A missing binary is
//   an error with a clear message, never a silent skip.
// - The port: the server cannot report a port it picked itself yet, so a free port is found
//   here (listen on 0, read it, close) and passed as --listen 127.0.0.1:PORT. Should another
//   process take it in between, the start is retried on a new port.
// - Storage: a fresh temporary --data directory; when $SAMVERKAN_TEST_POSTGRES is set (a
//   server URL without a database name, e.g. postgresql://samverkan@127.0.0.1:5432) a fresh
//   database is created with psql and passed as --database. restart() and a second
//   startServer({ storage }) reuse both, which is how durability is tested.
// - Ready means GET /readyz answered 200, within 30 s.
// - The server's output is kept (server.output()) and printed when a start fails.
// - $SAMVERKAN_SERVE_ARGS adds arguments to `serve` (split on spaces), for local set-ups.

import { spawn, execFile } from "node:child_process";
import { access, constants, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const binaryPath = process.env.SAMVERKAN_BIN
  ? resolve(process.env.SAMVERKAN_BIN)
  : join(repoRoot, "build", "release", "bin", "samverkan");

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

// Throws unless the server binary exists and is executable.
export async function requireBinary() {
  try {
    await access(binaryPath, constants.X_OK);
  } catch {
    throw new Error(
      `The samverkan server binary was not found or is not executable: ${binaryPath}\n` +
        "Build it first (cmake --preset release && cmake --build --preset release), " +
        "or point SAMVERKAN_BIN at it.",
    );
  }
}

// A TCP port that was free a moment ago on 127.0.0.1.
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

function postgresServerUrl() {
  const url = process.env.SAMVERKAN_TEST_POSTGRES;
  return url && url.trim() ? url.trim().replace(/\/+$/, "") : null;
}

async function psql(serverUrl, sql) {
  try {
    await execFileAsync("psql", [`${serverUrl}/postgres`, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]);
  } catch (err) {
    throw new Error(`psql failed for ${sql}: ${err.stderr || err.message}`);
  }
}

// Where a server keeps its state: a temporary data directory and, with
// SAMVERKAN_TEST_POSTGRES, a database of its own. dispose() removes both.
export async function createStorage() {
  const dataDir = await mkdtemp(join(tmpdir(), "samverkan-test-"));
  const serverUrl = postgresServerUrl();
  let database = null;
  let databaseName = null;
  if (serverUrl) {
    databaseName = `test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await psql(serverUrl, `CREATE DATABASE ${databaseName}`);
    database = `${serverUrl}/${databaseName}`;
  }
  return {
    dataDir,
    database,
    // The options every samverkan command needs to find this state.
    args() {
      return database ? ["--data", dataDir, "--database", database] : ["--data", dataDir];
    },
    async dispose() {
      if (serverUrl && databaseName) {
        await psql(serverUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch((err) =>
          console.error(err.message),
        );
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Runs a samverkan command to completion (e.g. ["export", "messages", ...storage.args()]).
// env: variables added to this process's environment for the command.
export async function runCli(args, { timeoutMs = 60_000, env = {} } = {}) {
  await requireBinary();
  return execFileAsync(binaryPath, args, {
    cwd: repoRoot,
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
}

// Like runCli, but writes `input` to the command's standard input (e.g. the password of
// `samverkan user add`). Resolves with { stdout, stderr }; rejects when the command exits
// with a non-zero code (err.code, err.stdout and err.stderr tell why) or takes too long.
export async function runCliInput(args, input, { timeoutMs = 60_000, env = {} } = {}) {
  await requireBinary();
  return new Promise((resolveRun, reject) => {
    const child = spawn(binaryPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolveRun({ stdout, stderr });
      const err = new Error(
        `samverkan ${args.join(" ")} exited with ${signal ? `signal ${signal}` : `code ${code}`}: ${stderr.trim()}`,
      );
      Object.assign(err, { code, signal, stdout, stderr });
      reject(err);
    });
    child.stdin.on("error", () => {}); // the command may exit before reading everything
    child.stdin.end(input);
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

class RunningServer {
  constructor({ child, port, storage, ownsStorage, args }) {
    this.child = child;
    this.port = port;
    this.host = "127.0.0.1";
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.storage = storage;
    this.args = args;
    this.ownsStorage = ownsStorage;
    this.pid = child.pid;
    this.log = [];
    this.exit = new Promise((resolveExit) => {
      child.once("exit", (code, signal) => resolveExit({ code, signal }));
    });
    this.exited = false;
    this.exit.then(() => {
      this.exited = true;
    });
    const keep = (stream) => (chunk) => {
      this.log.push(`[${stream}] ${chunk}`);
      if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
    };
    child.stdout.setEncoding("utf8").on("data", keep("stdout"));
    child.stderr.setEncoding("utf8").on("data", keep("stderr"));
  }

  url(path = "/") {
    return new URL(path, this.baseUrl).toString();
  }

  // The server's output: by default its standard error (start-up, errors, shutdown) and the
  // last lines of standard output (the access log), for failure messages.
  output({ stdoutLines = 10 } = {}) {
    const lines = (stream) =>
      this.log
        .filter((chunk) => chunk.startsWith(`[${stream}] `))
        .map((chunk) => chunk.slice(stream.length + 3))
        .join("")
        .split("\n")
        .filter(Boolean);
    const stdout = lines("stdout");
    const shown = stdoutLines > 0 ? stdout.slice(-stdoutLines) : [];
    return [
      ...lines("stderr").map((l) => `stderr: ${l}`),
      ...(stdout.length > shown.length ? [`stdout: … ${stdout.length - shown.length} lines …`] : []),
      ...shown.map((l) => `stdout: ${l}`),
    ].join("\n");
  }

  // SIGTERM, then wait for the process to exit. Returns { code, signal }.
  async stop({ timeoutMs = STOP_TIMEOUT_MS } = {}) {
    if (!this.exited) this.child.kill("SIGTERM");
    let timer;
    const timeout = new Promise((r) => {
      timer = setTimeout(() => r(null), timeoutMs);
    });
    const result = await Promise.race([this.exit, timeout]);
    clearTimeout(timer);
    if (!result) {
      this.child.kill("SIGKILL");
      await this.exit;
      throw new Error(
        `samverkan (pid ${this.pid}) did not exit within ${timeoutMs} ms of SIGTERM; killed.\n` +
          this.output(),
      );
    }
    return result;
  }

  // SIGKILL: no chance to flush or clean up. Returns { code, signal }.
  async kill() {
    if (!this.exited) this.child.kill("SIGKILL");
    return this.exit;
  }

  // Stops this server (SIGTERM) unless it already exited, then removes its storage when it
  // was created for it.
  async dispose() {
    if (!this.exited) await this.stop().catch((err) => console.error(err.message));
    if (this.ownsStorage) await this.storage.dispose();
  }
}

async function waitForReady(server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (server.exited) {
      const { code, signal } = await server.exit;
      return { ok: false, reason: `exited early (code ${code}, signal ${signal})` };
    }
    try {
      const res = await fetch(server.url("/readyz"), { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return { ok: true };
      last = `GET /readyz answered ${res.status}`;
    } catch (err) {
      last = err.cause?.code || err.message;
    }
    await sleep(100);
  }
  return { ok: false, reason: `not ready within ${timeoutMs} ms (${last})` };
}

// Starts `samverkan serve` and waits until it is ready.
//   storage: from createStorage(), to reuse state (otherwise a fresh one, disposed with
//            the server); demo: false adds --no-demo; extraArgs: more arguments to serve,
//            or a function ({ port, baseUrl }) => [...] for arguments that name the server's
//            own address (e.g. --public-url).
export async function startServer({
  storage = null,
  demo = true,
  extraArgs = [],
  env = {},
  readyTimeoutMs = READY_TIMEOUT_MS,
} = {}) {
  await requireBinary();
  const ownsStorage = !storage;
  const state = storage || (await createStorage());
  const fromEnv = (process.env.SAMVERKAN_SERVE_ARGS || "").split(/\s+/).filter(Boolean);
  let lastError = null;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const args = [
      "serve",
      "--listen",
      `127.0.0.1:${port}`,
      ...state.args(),
      ...(demo ? [] : ["--no-demo"]),
      ...fromEnv,
      ...(typeof extraArgs === "function" ? extraArgs({ port, baseUrl: `http://127.0.0.1:${port}` }) : extraArgs),
    ];
    const child = spawn(binaryPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const spawned = await new Promise((resolveSpawn) => {
      child.once("spawn", () => resolveSpawn(null));
      child.once("error", (err) => resolveSpawn(err));
    });
    if (spawned) {
      if (ownsStorage) await state.dispose();
      throw new Error(`Could not start ${binaryPath}: ${spawned.message}`);
    }
    const server = new RunningServer({ child, port, storage: state, ownsStorage, args });
    const ready = await waitForReady(server, readyTimeoutMs);
    if (ready.ok) return server;
    if (!server.exited) await server.kill();
    lastError = new Error(
      `samverkan ${args.join(" ")}\n${ready.reason}. Its output:\n${server.output() || "(none)"}`,
    );
    // Another process may have taken the port between probing and binding: try again.
    if (!/address already in use|cannot listen/i.test(server.output())) break;
  }
  if (ownsStorage) await state.dispose();
  throw lastError;
}
