import { generateKeyPairSync } from "crypto";

// Credentials full of characters that change form in output (quotes, backslashes, percent signs,
// plus, ampersands, angle brackets), for the tests that no command ever prints any part of one.

export const TOKEN = `00a"Quote\\Back%25Pct+Plus&Amp<Lt>'Sq{Br}=Eq/Sl?Q#H~T`;
export const { privateKey: PRIVATE_KEY, publicKey: PUBLIC_KEY } = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const PEM = PRIVATE_KEY.export({ type: "pkcs8", format: "pem" }).toString();
/** The PEM on one line with literal "\n", as CI systems store it. */
export const PEM_ONE_LINE = PEM.trim().replace(/\n/g, "\\n");

/** Every form a credential can take in output, for every piece of it. */
export function forms(secret: string): string[] {
  const pieces = [secret, ...secret.replace(/\\n/g, "\n").split("\n").filter((line) => line.length >= 8 && !line.startsWith("-----"))];
  return pieces.flatMap((piece) => [piece, JSON.stringify(piece).slice(1, -1), encodeURIComponent(piece), new URLSearchParams({ v: piece }).toString().slice(2)]);
}

/** No form of the token or the key, and no stack trace, in what a command printed. */
export function expectNoCredential(result: { stdout: string; stderr: string }): void {
  const output = result.stdout + result.stderr;
  for (const form of [...forms(TOKEN), ...forms(PEM)]) expect(output).not.toContain(form);
  expect(output).not.toMatch(/\n\s+at /);
}
