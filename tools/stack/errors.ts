/** A project or stack file that is missing where required, or is not YAML/JSON of the shape Pulumi reads: the user's to fix. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** A stack name or reference Pulumi refuses; its message never holds more than the position of the bad character. */
export class StackNameError extends StackFileError {
  constructor(message: string) {
    super(message);
    this.name = "StackNameError";
  }
}

/** A stack reference whose stack file does not exist: the plan and verify read a stack's file, so they run on no empty stack. */
export class UnknownStackError extends StackFileError {
  constructor(message: string) {
    super(message);
    this.name = "UnknownStackError";
  }
}
