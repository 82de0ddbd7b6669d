import { ConfigError, parseStackConfig } from "../../components/config";

// The stack setting okta-managed-device-check:testGroups (components/config.ts).

const base = { "okta-managed-device-check:bookmarkUrl": "https://www.okta.com/" };
const problemsOf = (raw: Record<string, unknown>): string[] => {
  try {
    parseStackConfig(raw, "Pulumi.dev.yaml");
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems.map((problem) => `${problem.key}: ${problem.message}`) : [String(error)];
  }
};

test("pilot groups beside or instead of test users", () => {
  expect(parseStackConfig({ ...base, "okta-managed-device-check:testGroups": ["Pilot Devices", " Pilot Laptops "] }, "Pulumi.dev.yaml").settings).toMatchObject({
    testUsers: [],
    testGroups: ["Pilot Devices", "Pilot Laptops"],
  });
  expect(parseStackConfig({ ...base, "okta-managed-device-check:testUsers": ["alice@acme.example"], "okta-managed-device-check:testGroups": ["Pilot Devices"] }, "Pulumi.dev.yaml").settings).toMatchObject({
    testUsers: ["alice@acme.example"],
    testGroups: ["Pilot Devices"],
  });
  expect(parseStackConfig({ ...base, "okta-managed-device-check:testUsers": ["alice@acme.example"] }, "Pulumi.dev.yaml").settings.testGroups).toEqual([]);
});

test.each([
  [{ ...base }, "okta-managed-device-check:testUsers: is required: expected a list of 1 or more test users (logins or Okta user ids)"],
  [{ ...base, "okta-managed-device-check:testGroups": [] }, "okta-managed-device-check:testGroups: expected at least 1 pilot group"],
  [{ ...base, "okta-managed-device-check:testGroups": "Pilot Devices" }, "okta-managed-device-check:testGroups: expected a list of 1 or more pilot groups (Okta group names)"],
  [{ ...base, "okta-managed-device-check:testGroups": ["Pilot", "pilot"] }, 'okta-managed-device-check:testGroups[1]: duplicate pilot group "pilot" (already listed at index 0); list each group once'],
  [{ ...base, "okta-managed-device-check:testGroups": ["  "] }, "okta-managed-device-check:testGroups[0]: expected a non-empty group name"],
])("refused: %j", (raw, problem) => {
  expect(problemsOf(raw)).toEqual([problem]);
});
