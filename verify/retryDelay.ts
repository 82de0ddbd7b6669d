/** How long a 429 asks to wait: `Retry-After` (seconds or an HTTP date), else `X-Rate-Limit-Reset` (epoch seconds). */
export function retryDelayMs(headers: { get(name: string): string | null }, nowMs: number, defaultWaitMs: number): number {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers.get("x-rate-limit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) {
    // Measured against the server's own clock when it sends one, so local clock skew does not matter.
    const serverNow = Date.parse(headers.get("date") ?? "");
    const reference = Number.isNaN(serverNow) ? nowMs : serverNow;
    return Math.max(0, Number(reset) * 1000 - reference);
  }
  return defaultWaitMs;
}
