/**
 * Typed handles on the parts of `@pulumi/policy` that its typings export untyped (`any`): the
 * engine's unknown-checking proxy and the error it throws on reading a value not known in preview.
 */
import * as policySdk from "@pulumi/policy";

/** Thrown by {@link unknownCheckingProxy} when a policy reads a value not known during preview. */
export interface UnknownValueErrorLike extends Error {
  /** The property path read, e.g. `["rules", "0", "access"]`. */
  props: string[];
}

export const UnknownValueError = policySdk.UnknownValueError as new (unknownTypeSentinel: string, props: string[]) => UnknownValueErrorLike;

/** Wraps resource properties as the engine does: reading an unknown value throws {@link UnknownValueError}. */
export const unknownCheckingProxy = policySdk.unknownCheckingProxy as <T extends object>(props: T) => T;
