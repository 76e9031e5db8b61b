/** An error caused by the user's input (config, revisions, flags): printed without a stack, exit code 2. */
export class UserError extends Error {
  constructor(
    message: string,
    /** optional file annotation for the Action (config errors) */
    readonly location?: { file: string; line?: number; column?: number },
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Several user errors at once (e.g. every config problem). */
export class UserErrors extends UserError {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('\n'), errors[0]?.location);
    this.name = 'UserErrors';
  }
}

export const EXIT_USER_ERROR = 2;
export const EXIT_FAILURE = 1;
