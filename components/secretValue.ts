/**
 * What an offline run hands the program in place of a value it cannot decrypt (`tools/plan/capture.ts`
 * sets it for every secret key). The program's reader reads it back as a secret without plaintext.
 */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * A config value that is encrypted in the stack file (`secure:`), on any key. The plaintext is only
 * known when Pulumi decrypted it; it never appears in `String()`, JSON or error messages.
 */
export class SecretConfigValue {
  readonly #plaintext: string | undefined;
  constructor(plaintext?: string) {
    this.#plaintext = plaintext;
  }
  get plaintext(): string | undefined {
    return this.#plaintext;
  }
  toString(): string {
    return SECRET_PLACEHOLDER;
  }
  toJSON(): string {
    return SECRET_PLACEHOLDER;
  }
}
