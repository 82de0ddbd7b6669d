import type * as http from "http";
import { FakeOkta, InterceptedRequest, oktaError } from "./fakeOkta";

/**
 * Faults a real network and a hostile or broken tenant produce, injected into the loopback tenant
 * through its one hook (FakeOkta.intercept). Each fault answers the requests its `path` matches
 * and lets the others through.
 */

type Match = string | RegExp;

const matches = (match: Match, path: string) => (typeof match === "string" ? match === path : match.test(path));

/** Adds a fault in front of whatever the fake already intercepts. */
function inject(fake: FakeOkta, fault: (request: InterceptedRequest, response: http.ServerResponse) => boolean): void {
  const earlier = fake.intercept;
  fake.intercept = (request, response) => fault(request, response) || (earlier?.(request, response) ?? false);
}

/** The answer's headers and the first bytes of a body announced as longer, then the connection reset (TCP RST). */
export function resetMidBody(fake: FakeOkta, path: Match): void {
  inject(fake, (request, response) => {
    if (!matches(path, request.path)) return false;
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "4096" });
    response.write('[{"id":"0oa1', () => response.socket?.resetAndDestroy());
    return true;
  });
}

export interface Trickle {
  /** When the fake's side of each trickling connection was closed (by verify, or by the fake stopping). */
  closedAt: number[];
  startedAt: number[];
}

/** A body announced as 1 MiB and sent one byte every `everyMs`, for as long as the connection lasts. */
export function trickle(fake: FakeOkta, path: Match, everyMs: number): Trickle {
  const record: Trickle = { closedAt: [], startedAt: [] };
  inject(fake, (request, response) => {
    if (!matches(path, request.path)) return false;
    record.startedAt.push(Date.now());
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(1024 * 1024) });
    response.write("[");
    const timer = setInterval(() => response.write(" "), everyMs);
    response.socket?.on("close", () => {
      clearInterval(timer);
      record.closedAt.push(Date.now());
    });
    return true;
  });
  return record;
}

/**
 * Every answer says the endpoint has no request left until a reset `resetInS` seconds after the
 * fake's clock (X-Rate-Limit-Remaining: 0), as a tenant whose limits others' traffic uses up does.
 * The reset is in epoch seconds, read against the answer's Date header, as okta-sdk-nodejs
 * src/default-request-executor.js (getRetryDelayMs) reads the two.
 */
export function exhaustedRateLimit(fake: FakeOkta, resetInS: number): void {
  inject(fake, (_request, response) => {
    const now = fake.now();
    response.setHeader("X-Rate-Limit-Limit", "100");
    response.setHeader("X-Rate-Limit-Remaining", "0");
    response.setHeader("X-Rate-Limit-Reset", String(Math.ceil(now / 1000) + resetInS));
    response.setHeader("Date", new Date(now).toUTCString());
    return false;
  });
}

/**
 * Okta echoing the credential it was sent in an error body: the token of the Authorization header
 * in errorSummary and errorCauses (`status` 401 or 500), in plain, base64, base64url, hex and
 * halves; on the token endpoint, the signed client assertion in `error_description`. Returns each
 * credential echoed.
 */
export function echoCredential(fake: FakeOkta, path: Match, status: number): string[] {
  const echoed: string[] = [];
  inject(fake, (request, response) => {
    if (request.method === "POST" && request.path === "/oauth2/v1/token") {
      const assertion = new URLSearchParams(request.body).get("client_assertion") ?? "";
      if (!matches(path, request.path)) return false;
      echoed.push(assertion);
      send(response, 401, { error: "invalid_client", error_description: `The client_assertion ${assertion} is not valid; half: ${assertion.slice(0, assertion.length / 2)}` });
      return true;
    }
    if (!matches(path, request.path)) return false;
    const token = (request.authorization ?? "").replace(/^\S+\s+/, "");
    echoed.push(token);
    const forms = [
      token,
      Buffer.from(token).toString("base64"),
      Buffer.from(token).toString("base64url"),
      Buffer.from(token).toString("hex"),
      token.slice(0, Math.ceil(token.length / 2)),
      token.slice(Math.floor(token.length / 2)),
    ];
    send(response, status, oktaError("E0000011", `Invalid token provided: ${forms.join(" / ")}`, forms.map((form) => ({ errorSummary: `token: ${form}` }))));
    return true;
  });
  return echoed;
}

/** An error summary from the tenant carrying terminal controls and a bidi override. */
export function hostileErrorSummary(fake: FakeOkta, path: Match, summary: string): void {
  inject(fake, (request, response) => {
    if (!matches(path, request.path)) return false;
    send(response, 500, oktaError("E0000009", summary));
    return true;
  });
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}
