// A local SMTP server that keeps every message it receives, for tests that follow an e-mail
// (registration → verification link, password reset) and for the C++ SmtpSender test.
//
//   const sink = await startSmtpSink();              // 127.0.0.1, a free port
//   … start samverkan with --smtp-url sink.url …
//   const mail = await sink.waitFor((m) => m.to === "anna@example.se", 10_000);
//   mail.subject, mail.text, mail.html                // decoded: UTF-8 strings
//   await sink.stop();
//
// It speaks real SMTP over a socket (smtp-server): no TLS (STARTTLS is not offered), AUTH
// optional and any user name and password accepted over plain text, so a client configured
// with credentials works too. Each message is parsed with mailparser, which decodes MIME,
// quoted-printable, base64 and RFC 2047 headers independently of the sender under test.
//
// As a command line, for tests in other languages:
//   node tests/http/smtp-sink.mjs [--host 127.0.0.1] [--port 0] --out DIR [--stdin-lifeline]
// prints its URL (smtp://127.0.0.1:PORT) as the first line on standard output once it
// listens, then writes each message as DIR/N.eml (as received) and DIR/N.json (parsed, the
// fields below), N = 1, 2, …; the .json appears complete (written, then renamed) after the
// .eml. It stops on SIGTERM or SIGINT, and with --stdin-lifeline also when standard input
// closes, so a test that dies does not leave it behind.
//
// A message: { to, from, fromName, subject, text, html, date, messageId, headers,
//              envelope: { from, to: [...] }, auth, raw }
//   to        the To header's addresses, comma-separated ("anna@example.se")
//   from      the From header's address; fromName its display name
//   text/html the decoded bodies ("" when absent); headers: lower-case name → raw value
//   envelope  MAIL FROM and RCPT TO of the SMTP conversation; auth: the AUTH user or null
//   raw       the message as received (not in the .json file)

import { realpathSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

function addresses(field) {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((f) => f.value ?? []);
}

function flattenAddresses(value) {
  return value.flatMap((a) => (a.group ? flattenAddresses(a.group) : [a]));
}

async function parseMessage(raw, session) {
  const parsed = await simpleParser(raw);
  const to = flattenAddresses(addresses(parsed.to)).map((a) => a.address);
  const from = flattenAddresses(addresses(parsed.from))[0] ?? {};
  const headers = {};
  for (const line of parsed.headerLines ?? []) {
    const value = line.line.slice(line.line.indexOf(":") + 1).trim();
    headers[line.key] = headers[line.key] === undefined ? value : `${headers[line.key]}\n${value}`;
  }
  return {
    to: to.join(", "),
    from: from.address ?? "",
    fromName: from.name ?? "",
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    date: parsed.date ? parsed.date.toISOString() : null,
    messageId: parsed.messageId ?? null,
    headers,
    envelope: {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
      to: session.envelope.rcptTo.map((r) => r.address),
    },
    auth: session.user ?? null,
    raw: raw.toString("utf8"),
  };
}

// Starts the sink. `outDir`, when given, receives N.eml and N.json per message.
export async function startSmtpSink({ host = "127.0.0.1", port = 0, outDir = null } = {}) {
  const messages = [];
  const waiters = new Set();
  if (outDir) await mkdir(outDir, { recursive: true });

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    logger: false,
    onAuth(auth, session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("error", (err) => callback(err));
      stream.on("end", async () => {
        try {
          const raw = Buffer.concat(chunks);
          const message = await parseMessage(raw, session);
          messages.push(message);
          if (outDir) {
            const n = messages.length;
            await writeFile(join(outDir, `${n}.eml`), raw);
            const { raw: _raw, ...fields } = message;
            const tmp = join(outDir, `.${n}.json.tmp`);
            await writeFile(tmp, JSON.stringify(fields, null, 2));
            await rename(tmp, join(outDir, `${n}.json`));
          }
          for (const w of [...waiters]) w.check();
          callback(null, "Message queued");
        } catch (err) {
          callback(err);
        }
      });
    },
  });

  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  server.on("error", () => {}); // a client's broken connection must not crash a test run
  const actualPort = server.server.address().port;

  // Resolves with the first message (received before or after the call) that `predicate`
  // accepts; rejects after `timeoutMs` and says what did arrive.
  function waitFor(predicate = () => true, timeoutMs = 10_000) {
    return new Promise((resolveWait, reject) => {
      const waiter = {
        check() {
          const found = messages.find((m) => predicate(m));
          if (!found) return false;
          clearTimeout(waiter.timer);
          waiters.delete(waiter);
          resolveWait(found);
          return true;
        },
      };
      if (waiter.check()) return;
      waiter.timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen = messages.map((m) => `${m.to}: ${m.subject}`).join("; ") || "none";
        reject(new Error(`No matching e-mail within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  function stop() {
    for (const w of waiters) clearTimeout(w.timer);
    waiters.clear();
    return new Promise((resolveStop) => server.close(() => resolveStop()));
  }

  return { port: actualPort, url: `smtp://${host}:${actualPort}`, messages, waitFor, stop };
}

function parseArgs(argv) {
  const options = { host: "127.0.0.1", port: 0, outDir: null, lifeline: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--host") options.host = argv[++i];
    else if (arg === "--port") options.port = Number(argv[++i]);
    else if (arg === "--out") options.outDir = argv[++i];
    else if (arg === "--stdin-lifeline") options.lifeline = true;
    else throw new Error(`smtp-sink: unknown argument ${arg}`);
  }
  if (!options.outDir) throw new Error("smtp-sink: --out DIR is required");
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error("smtp-sink: --port takes 0–65535");
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const sink = await startSmtpSink(options);
  process.stdout.write(`${sink.url}\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await sink.stop();
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  if (options.lifeline) {
    process.stdin.on("end", shutdown);
    process.stdin.on("close", shutdown);
    process.stdin.resume();
  }
}

// Run as a command (also through a symbolic link), not when imported.
if (process.argv[1] && realpathSync(resolve(process.argv[1])) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
