/** The Okta provider's stack keys (`okta:<name>`) the program accepts, each with its check. */
import { z } from "zod";
import { OKTA_SCOPE } from "../policies/okta";
import { SecretConfigValue } from "./secretValue";
import { element, oneOf, text } from "./text";

// Provider keys: the engine coerces untyped text "true"/"false" to booleans and canonical decimal
// text to integers before it configures the provider (sdk/go/common/resource/config/object.go,
// `coerce`, used by value.go `coerceObject`). A text key must therefore not be true/false.
const providerText = (expected: string) =>
  text(expected)
    .refine((v) => v.trim().length > 0, { error: expected, abort: true })
    .refine((v) => v !== "true" && v !== "false", { error: `${expected}, not true or false` });

// Numbers: only canonical decimal text is coerced to an integer (object.go `coerce`: no sign, no
// leading zero, no spaces); a blank or null value reaches the provider as "" (loaders.go, checkForEmptyConfig).
const wholeNumber = (expected: string, max?: number) =>
  text(expected)
    .refine((v) => /^(0|[1-9][0-9]{0,8})$/.test(v), { error: expected, abort: true })
    .transform((v) => Number(v))
    .refine((n) => max === undefined || (n >= 1 && n <= max), { error: expected });

// Booleans: "true" and "false" only (object.go `coerce`).
const booleanText = oneOf(["true", "false"], "expected true or false").transform((v) => v === "true");

const secret = (name: string) =>
  z.custom<SecretConfigValue>((v) => v instanceof SecretConfigValue, {
    error: `must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run \`pulumi config set --secret ${name}\``,
  });

const OKTA_BASE_URLS = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil", "okta-miltest.com", "trexcloud.com"] as const;

const SCOPES_EXPECTED = "expected a list of OAuth scopes such as [okta.apps.manage, okta.policies.manage]";
const scopes = z
  .string({ error: SCOPES_EXPECTED })
  .transform((value, ctx) => {
    if (!/^\s*\[/.test(value)) return value.split(/[\s,]+/).filter(Boolean);
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: SCOPES_EXPECTED });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(element("expected an Okta scope such as okta.apps.manage").pipe(z.string().regex(OKTA_SCOPE, { error: "expected an Okta scope such as okta.apps.manage" })), {
        error: SCOPES_EXPECTED,
      })
      .min(1, { error: "expected at least 1 scope" }),
  );

/** How a provider key is checked. */
interface ProviderKeySpec {
  schema: z.ZodType;
  /** A credential: a plaintext value is refused, whatever it holds. */
  credential?: boolean;
  /** Line breaks are allowed (a PEM key). */
  multiline?: boolean;
}

export const PROVIDER_KEYS: Readonly<Record<string, ProviderKeySpec>> = {
  "okta:orgName": {
    schema: providerText("expected the Okta org name, the first label of the org's host (acme for acme.okta.com)").refine((v) => /^[a-z0-9][a-z0-9-]*$/i.test(v), {
      error: "expected the org name alone (acme for acme.okta.com), not a URL",
    }),
  },
  "okta:baseUrl": { schema: oneOf(OKTA_BASE_URLS, `expected one of ${OKTA_BASE_URLS.join(", ")}`) },
  "okta:clientId": { schema: providerText("expected the OAuth service app's client id") },
  "okta:privateKeyId": { schema: providerText("expected the key id (kid) of the service app's private key") },
  "okta:privateKey": { schema: secret("okta:privateKey"), credential: true, multiline: true },
  "okta:apiToken": { schema: secret("okta:apiToken"), credential: true },
  "okta:accessToken": { schema: secret("okta:accessToken"), credential: true },
  "okta:scopes": { schema: scopes },
  "okta:backoff": { schema: booleanText },
  "okta:maxRetries": { schema: wholeNumber("expected a whole number of retries") },
  "okta:maxApiCapacity": { schema: wholeNumber("expected a percentage of the rate limit from 1 to 100", 100) },
  "okta:minWaitSeconds": { schema: wholeNumber("expected a whole number of seconds") },
  "okta:maxWaitSeconds": { schema: wholeNumber("expected a whole number of seconds") },
  "okta:requestTimeout": { schema: wholeNumber("expected a whole number of seconds") },
  "okta:parallelism": { schema: wholeNumber("expected a whole number of parallel requests") },
  "okta:logLevel": { schema: wholeNumber("expected a log level number") },
  "okta:httpProxy": { schema: providerText("expected a proxy URL") },
};

/** Provider keys whose values are credentials: a stack file may hold them only as `secure:` values. */
export const SECRET_KEYS: readonly string[] = Object.keys(PROVIDER_KEYS).filter((key) => PROVIDER_KEYS[key].credential);
