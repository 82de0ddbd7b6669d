/**
 * A stand-in for a provider's resource class, for `validateResourceOfType`: @pulumi/policy matches a
 * resource on the class's `__pulumiType` alone (server.js `isTypeOf`, policy.js `getPulumiType`), so a
 * policy names the type token and takes the class as a type only; @pulumi/okta is not loaded at start.
 */
export function resourceOfType<ResourceClass>(type: string): ResourceClass {
  return { __pulumiType: type } as unknown as ResourceClass;
}
