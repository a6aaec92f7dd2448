// SPDX-License-Identifier: AGPL-3.0-or-later
// A small but ordinary Fedify application used as the independent peer in the
// interop test. It serves one actor (a Person with an RSA key and an Ed25519 key,
// as Fedify apps usually have), a personal inbox and a shared inbox, and records
// every activity that Fedify has *verified* and dispatched to a listener.
//
// Signature verification is left exactly as Fedify ships it. The only things
// changed for a loopback test are:
//   * allowPrivateAddress: true (Fedify refuses loopback addresses otherwise);
//   * globalThis.fetch is wrapped so that https://127.x.y.z/... becomes http://
//     (Fedify always looks acct: handles up over https) and so that nothing
//     outside 127.0.0.0/8 can be reached; the wrapper also records every
//     request Fedify makes, for the report.

import { AsyncLocalStorage } from "node:async_hooks";
import { EventEmitter } from "node:events";
import http from "node:http";
import { appendFileSync } from "node:fs";

import {
  createFederation,
  generateCryptoKeyPair,
  MemoryKvStore,
} from "@fedify/fedify";
import {
  Accept,
  Activity,
  Announce,
  Create,
  Delete,
  Endpoints,
  Follow,
  Like,
  Person,
  Reject,
  Undo,
  Update,
} from "@fedify/fedify/vocab";
import { configure, getTextFormatter } from "@logtape/logtape";

/** True for 127.0.0.0/8 and localhost. */
export function isLoopbackHost(hostname) {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) ||
    hostname === "localhost" || hostname === "[::1]";
}

/** Requests made by Fedify through fetch: what it fetched and how it signed. */
export const outgoing = [];
/** Requests the peer's HTTP server received: what the blog sent us. */
export const incoming = [];

/** Summarises the signature headers of a request, for logs and the report. */
export function describeSignature(headers) {
  const get = (n) => headers.get?.(n) ?? headers[n];
  const sigInput = get("signature-input");
  const sig = get("signature");
  if (sigInput) {
    // RFC 9421: label=("@method" "@target-uri" ...);alg=...;keyid=...;created=...
    const m = /\(([^)]*)\)(.*)$/.exec(sigInput);
    const params = m?.[2] ?? "";
    const alg = /;alg="([^"]+)"/.exec(params)?.[1];
    const keyid = /;keyid="([^"]+)"/.exec(params)?.[1];
    return {
      scheme: "rfc9421",
      components: m ? m[1].replaceAll('"', "") : sigInput,
      alg,
      keyId: keyid,
    };
  }
  if (sig) {
    const field = (n) => new RegExp(`${n}="([^"]*)"`).exec(sig)?.[1];
    return {
      scheme: "draft-cavage",
      components: field("headers"),
      alg: field("algorithm"),
      keyId: field("keyId"),
    };
  }
  return { scheme: "none" };
}

let fetchInstalled = false;
const originalFetch = globalThis.fetch;

/**
 * Wraps globalThis.fetch (which Fedify's WebFinger client, document loader and
 * delivery code all call) so that https to a loopback host becomes http and
 * anything off-loopback is refused.
 */
export function installLoopbackFetch() {
  if (fetchInstalled) return;
  fetchInstalled = true;
  globalThis.fetch = async function loopbackFetch(input, init) {
    const isRequest = input instanceof Request;
    const url = new URL(isRequest ? input.url : input instanceof URL ? input.href : String(input));
    const method = init?.method ?? (isRequest ? input.method : "GET");
    const headers = new Headers(isRequest ? input.headers : undefined);
    for (const [k, v] of new Headers(init?.headers ?? {})) headers.set(k, v);
    if (!isLoopbackHost(url.hostname)) {
      outgoing.push({ method, url: url.href, blocked: true });
      throw new TypeError(
        `interop peer: refusing to fetch ${url.href} (only loopback is reachable in this test)`,
      );
    }
    const entry = {
      method,
      url: url.href,
      accept: headers.get("accept"),
      contentType: headers.get("content-type"),
      digest: headers.get("digest"),
      contentDigest: headers.get("content-digest"),
      signature: describeSignature(headers),
      status: null,
    };
    outgoing.push(entry);
    if (url.protocol === "https:") {
      url.protocol = "http:";
      entry.rewrittenTo = url.href;
      if (isRequest) {
        const body = method === "GET" || method === "HEAD"
          ? undefined
          : await input.clone().arrayBuffer();
        input = new Request(url, {
          method,
          headers,
          body,
          redirect: init?.redirect ?? input.redirect,
          signal: init?.signal ?? input.signal,
        });
        init = undefined;
      } else {
        input = url;
      }
    }
    try {
      const response = await originalFetch(input, init);
      entry.status = response.status;
      entry.responseType = response.headers.get("content-type");
      return response;
    } catch (error) {
      entry.error = String(error?.cause ?? error);
      throw error;
    }
  };
}

/** Sends Fedify's log records to a file (all levels) and errors to stderr. */
export async function configureLogging(logFile, consoleLevel = "error") {
  const text = getTextFormatter({ timestamp: "time" });
  const fileSink = (record) => appendFileSync(logFile, text(record));
  const order = ["trace", "debug", "info", "warning", "error", "fatal"];
  const consoleSink = (record) => {
    if (order.indexOf(record.level) >= order.indexOf(consoleLevel)) {
      process.stderr.write("  [fedify] " + text(record));
    }
  };
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { file: fileSink, console: consoleSink },
    loggers: [
      { category: "fedify", lowestLevel: "debug", sinks: ["file", "console"] },
      {
        category: ["logtape", "meta"],
        lowestLevel: "warning",
        sinks: ["file"],
      },
    ],
  });
}

const INBOX_TYPES = { Accept, Reject, Create, Update, Delete, Announce, Like, Undo, Follow };

/**
 * Starts the peer. Returns an object with the Fedify federation, a context for
 * the peer's origin, the actor's URI, the list of verified activities received,
 * and helpers to wait for one and to stop the server.
 */
export async function startPeer({
  host,
  port,
  username = "alice",
  ed25519 = true,
  firstKnock = undefined,
}) {
  installLoopbackFetch();
  const origin = `http://${host}:${port}`;
  const events = new EventEmitter();
  /** Verified activities, in arrival order. */
  const received = [];
  /** Inbox POSTs that Fedify refused to verify. */
  const unverified = [];
  /** Raw JSON bodies of inbox POSTs, by activity id. */
  const rawById = new Map();

  const keyPairs = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  if (ed25519) keyPairs.push(await generateCryptoKeyPair("Ed25519"));

  const federation = createFederation({
    kv: new MemoryKvStore(),
    origin,
    allowPrivateAddress: true,
    // Fedify's default is "rfc9421" with a fall back to draft-cavage.
    ...(firstKnock ? { firstKnock } : {}),
    // No queue: Fedify sends and processes activities immediately, so a
    // failed delivery surfaces as an exception in the test step.
  });

  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== username) return null;
      const pairs = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: "Alice (Fedify interop peer)",
        summary: "<p>An independent ActivityPub peer built on Fedify.</p>",
        url: new URL(`/@${identifier}`, origin),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: pairs[0].cryptographicKey,
        assertionMethods: pairs.map((p) => p.multikey),
        manuallyApprovesFollowers: false,
      });
    })
    .mapHandle((_ctx, handle) => (handle === username ? username : null))
    .setKeyPairsDispatcher((_ctx, identifier) =>
      identifier === username ? keyPairs : []
    );

  federation.setOutboxDispatcher("/users/{identifier}/outbox", () => ({ items: [] }));
  federation.setFollowersDispatcher("/users/{identifier}/followers", () => ({ items: [] }));

  const listeners = federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox");
  for (const [name, cls] of Object.entries(INBOX_TYPES)) {
    listeners.on(cls, (ctx, activity) => {
      const raw = activity.id ? rawById.get(activity.id.href) : undefined;
      const event = {
        type: name,
        activity,
        raw,
        inbox: ctx.recipient == null ? "shared" : `personal (${ctx.recipient})`,
        at: Date.now(),
      };
      received.push(event);
      events.emit("activity", event);
    });
  }
  listeners
    .onUnverifiedActivity((_ctx, activity, reason) => {
      // Only recorded for diagnosis; returning nothing keeps Fedify's 401.
      const entry = {
        type: activity.constructor?.name,
        id: activity.id?.href,
        reason: reason.type,
        keyId: reason.keyId?.href,
        keyFetch: reason.result
          ? ("status" in reason.result
            ? `HTTP ${reason.result.status}`
            : String(reason.result.error))
          : undefined,
      };
      unverified.push(entry);
      events.emit("unverified", entry);
    })
    .onError((_ctx, error) => {
      events.emit("error", error);
    });

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (Array.isArray(v)) for (const x of v) headers.append(k, x);
      else if (v != null) headers.set(k, v);
    }
    // Rebuild the URL the way Fedify's own framework adapters do: from the
    // Host header as received.
    const url = new URL(req.url, `http://${req.headers.host ?? `${host}:${port}`}`);
    const entry = {
      at: Date.now(),
      method: req.method,
      path: req.url,
      host: req.headers.host,
      accept: req.headers.accept,
      contentType: req.headers["content-type"],
      userAgent: req.headers["user-agent"],
      digest: req.headers.digest,
      contentDigest: req.headers["content-digest"],
      date: req.headers.date,
      signature: describeSignature(headers),
      status: null,
    };
    incoming.push(entry);
    if (req.method === "POST" && body.length > 0) {
      try {
        const json = JSON.parse(body.toString("utf8"));
        entry.activityType = json?.type;
        entry.activityId = json?.id;
        entry.ldSignature = json?.signature != null;
        entry.proof = json?.proof != null;
        if (typeof json?.id === "string") rawById.set(json.id, json);
      } catch {
        entry.activityType = "(not JSON)";
      }
    }
    let response;
    try {
      response = await federation.fetch(
        new Request(url, {
          method: req.method,
          headers,
          body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
        }),
        { contextData: undefined },
      );
    } catch (error) {
      response = new Response(`peer error: ${error}`, { status: 500 });
    }
    entry.status = response.status;
    const out = Buffer.from(await response.arrayBuffer());
    if (response.status >= 400) entry.responseBody = out.toString("utf8").slice(0, 300);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(out);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });

  const ctx = federation.createContext(new URL(origin), undefined);

  /**
   * Resolves with the first verified activity for which pred(event) is true
   * (including ones already received); rejects after timeoutMs.
   */
  function waitFor(pred, timeoutMs, what) {
    const found = received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onActivity = (ev) => {
        if (pred(ev)) {
          cleanup();
          resolve(ev);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        events.off("activity", onActivity);
      };
      events.on("activity", onActivity);
    });
  }

  return {
    origin,
    username,
    actorUri: ctx.getActorUri(username),
    federation,
    ctx,
    received,
    unverified,
    events,
    waitFor,
    sender: { identifier: username },
    /** The actor's key pairs (RSA first), for tests that sign by hand. */
    keyPairs,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export { Activity };
