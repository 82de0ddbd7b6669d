import * as http from "http";
import * as https from "https";

/**
 * One HTTP exchange with a deadline over the whole of it: connecting, the answer's headers and every
 * byte of its body. At the deadline, on an abort (Ctrl-C, --timeout) or when the body outgrows its
 * limit, the socket is destroyed at once; a connection reset or closed mid-body fails at once.
 *
 * Written on Node's http because the SDK's node-fetch 2.7 cannot give that: its `timeout` stops at
 * the headers and its body timeout rejects without destroying the socket (a body trickling a byte
 * at a time keeps the process alive), and a reset during a Content-Length body is never noticed
 * (node-fetch lib/index.js: fixResponseChunkedTransferBadEnding watches chunked bodies only).
 */

export interface TransportRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The SDK's HTTPS proxy agent, when HTTPS_PROXY is set. */
  agent?: http.Agent;
}

export interface TransportLimits {
  deadlineMs: number;
  maxBodyBytes: number;
  signal?: AbortSignal;
}

/** Why an exchange failed: the deadline passed, the signal aborted, the body was too large, or the network failed (`code`). */
export class TransportError extends Error {
  constructor(
    readonly kind: "deadline" | "aborted" | "too_large" | "network",
    readonly code?: string,
  ) {
    super(`${kind}${code ? ` ${code}` : ""}`);
    this.name = "TransportError";
  }
}

/** The answer with its body read whole: what the SDK's Http, Collection and errorFilter call on a node-fetch Response. */
export interface HttpResponse {
  status: number;
  statusText: string;
  ok: boolean;
  url: string;
  headers: { get(name: string): string | null; has(name: string): boolean; forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
  json(): Promise<unknown>;
  buffer(): Promise<Buffer>;
  clone(): HttpResponse;
}

class ResponseHeaders {
  constructor(private readonly values: Record<string, string>) {}

  get(name: string): string | null {
    return this.values[name.toLowerCase()] ?? null;
  }

  has(name: string): boolean {
    return name.toLowerCase() in this.values;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of Object.entries(this.values)) callback(value, name);
  }
}

export function exchange(request: TransportRequest, limits: TransportLimits): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const send = url.protocol === "https:" ? https.request : http.request;
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const req = send(url, { method: request.method, headers: request.headers, agent: request.agent });
    const fail = (error: TransportError) => {
      if (settled) return;
      settled = true;
      cleanUp();
      // Destroying the request destroys its socket and the answer being read from it.
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new TransportError("deadline")), limits.deadlineMs);
    const onAbort = () => fail(new TransportError("aborted"));
    const cleanUp = () => {
      clearTimeout(timer);
      limits.signal?.removeEventListener("abort", onAbort);
    };
    if (limits.signal?.aborted) return onAbort();
    limits.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error: NodeJS.ErrnoException) => fail(new TransportError("network", error.code ?? "ECONNRESET")));
    req.on("response", (res) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBodyBytes) return fail(new TransportError("too_large"));
        chunks.push(chunk);
      });
      res.on("aborted", () => fail(new TransportError("network", "ECONNRESET")));
      res.on("error", (error: NodeJS.ErrnoException) => fail(new TransportError("network", error.code ?? "ECONNRESET")));
      res.on("end", () => {
        if (settled) return;
        if (!res.complete) return fail(new TransportError("network", "ECONNRESET"));
        settled = true;
        cleanUp();
        resolve(answer(res.statusCode ?? 0, res.statusMessage ?? "", request.url, new ResponseHeaders(headers), Buffer.concat(chunks)));
      });
      res.on("close", () => {
        if (!settled && !res.complete) fail(new TransportError("network", "ECONNRESET"));
      });
    });
    req.end(request.body);
  });
}

function answer(status: number, statusText: string, url: string, headers: ResponseHeaders, body: Buffer): HttpResponse {
  const response: HttpResponse = {
    status,
    statusText,
    ok: status >= 200 && status < 300,
    url,
    headers,
    text: async () => body.toString("utf8"),
    json: async () => JSON.parse(body.toString("utf8")) as unknown,
    buffer: async () => body,
    clone: () => answer(status, statusText, url, headers, body),
  };
  return response;
}
