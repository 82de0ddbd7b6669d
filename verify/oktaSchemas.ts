import { z } from "zod";
import { TenantReadError } from "./errors";

// Only the fields verify reads are declared; Okta's other fields are ignored. Fields Okta documents
// as nullable or that some tenants omit are `nullish`, so only a response verify cannot use fails.
const text = z.string().nullish();
const flag = z.boolean().nullish();

export const appSchema = z.object({
  id: z.string(),
  name: z.string(),
  label: z.string(),
  status: z.string(),
  _links: z.object({ accessPolicy: z.object({ href: z.string() }).nullish() }).nullish(),
});
export type OktaApp = z.infer<typeof appSchema>;

export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  type: z.string(),
});
export type OktaPolicy = z.infer<typeof policySchema>;

const constraintSchema = z.object({
  possession: z
    .object({
      required: flag,
      authenticationMethods: z.array(z.object({ key: z.string(), method: text })).nullish(),
    })
    .nullish(),
});

export const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  system: flag,
  priority: z.number().nullish(),
  conditions: z
    .object({ device: z.object({ registered: flag, managed: flag }).nullish() })
    .nullish(),
  actions: z
    .object({
      appSignOn: z
        .object({
          access: text,
          verificationMethod: z
            .object({ type: text, factorMode: text, reauthenticateIn: text, constraints: z.array(constraintSchema).nullish() })
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type OktaRule = z.infer<typeof ruleSchema>;

export const userSchema = z.object({
  id: z.string(),
  status: z.string(),
  profile: z.object({ login: z.string() }),
});
export type OktaUser = z.infer<typeof userSchema>;

export const appUserSchema = z.object({ id: z.string() });

export const logEventSchema = z.object({
  uuid: z.string(),
  published: z.string().refine((value) => !Number.isNaN(Date.parse(value)), { error: "expected an ISO-8601 time" }),
  eventType: z.string(),
  actor: z.object({ id: z.string(), type: z.string(), alternateId: text, displayName: text }),
  outcome: z.object({ result: z.string(), reason: text }).nullish(),
  target: z.array(z.object({ id: z.string(), type: z.string(), alternateId: text, displayName: text })).nullish(),
  device: z.object({ id: text, name: text, os_platform: text, managed: flag, registered: flag }).nullish(),
});
export type OktaLogEvent = z.infer<typeof logEventSchema>;

const deviceProfileSchema = z.object({ displayName: text, platform: text, registered: flag }).nullish();

/** An entry of `GET /api/v1/users/{id}/devices`. */
export const userDeviceSchema = z.object({
  device: z.object({ id: z.string(), status: text, profile: deviceProfileSchema }),
});

/** An entry of `GET /api/v1/devices?expand=user`. */
export const deviceSchema = z.object({
  id: z.string(),
  status: text,
  profile: deviceProfileSchema,
  _embedded: z
    .object({
      users: z.array(z.object({ managementStatus: text, user: z.object({ id: z.string() }) })).nullish(),
    })
    .nullish(),
});
export type OktaDevice = z.infer<typeof deviceSchema>;

/** Validates one response body; a mismatch is an unexpected response (exit 4) named by its first problem. */
export function parseResponse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new TenantReadError(`unexpected response from ${what}: ${describeIssue(result.error.issues[0])}`);
}

export function parseItems<T>(schema: z.ZodType<T>, values: unknown[], what: string): T[] {
  return values.map((value, index) => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new TenantReadError(`unexpected response from ${what}: item ${index + 1}: ${describeIssue(result.error.issues[0])}`);
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : String(part))).join(".").replace(/\.\[/g, "[");
  return path ? `${path}: ${issue.message}` : issue.message;
}
