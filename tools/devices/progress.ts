import type { OutputStream } from "../redact";

/** How far the read is: one updating line on a terminal, one plain line per page elsewhere, nothing without a stream (--json). */
export class ReadProgress {
  private drawn = false;

  constructor(private readonly out: OutputStream | undefined) {}

  page(devices: number, pages: number): void {
    if (!this.out) return;
    const state = `${devices.toLocaleString("en-US")} device${devices === 1 ? "" : "s"} read (${pages} page${pages === 1 ? "" : "s"})`;
    if (this.out.isTTY && this.out.rewriteLine) {
      this.out.rewriteLine(`devices: ${state}`);
      this.drawn = true;
    } else {
      this.out.write(`devices: ${state}\n`);
    }
  }

  /** Clears the terminal line, so that the report starts on a clean one. */
  end(): void {
    if (this.drawn) this.out?.rewriteLine?.("");
    this.drawn = false;
  }
}
