/**
 * Every error kubesim raises on purpose carries a stable code, so the CLI and tests can
 * name an error without matching on its text (the idea is immer's error catalogue).
 */
export type ErrorCode =
  | 'E_DURATION' // a duration string Go's time.ParseDuration would reject
  | 'E_QUANTITY' // a resource quantity the API server would reject
  | 'E_INT_OR_PERCENT' // an int-or-percent value that cannot be scaled
  | 'E_SELECTOR' // a label selector that does not parse or validate
  | 'E_INVALID' // an object the API server would reject (field errors attached)
  | 'E_NOT_FOUND' // an action names an object that does not exist
  | 'E_ALREADY_EXISTS' // create of an object whose name is taken
  | 'E_CONFLICT' // an update whose resourceVersion precondition failed
  | 'E_RUN_BOUND' // a run stopped at its event or time bound
  | 'E_EFFECT' // a controller returned an effect the engine cannot carry out
  | 'E_REPLAY' // a log that cannot be replayed
  | 'E_SCENARIO' // a scenario or manifest file that is malformed (the message names file, line and field)
  | 'E_USAGE'; // the public API used in a way it does not support

/** An error kubesim raises on purpose, with a code a program can branch on. */
export class KubesimError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'KubesimError';
    this.code = code;
  }
}

/** Whether an error is a KubesimError (of the given code, if any). */
export function isKubesimError(e: unknown, code?: ErrorCode): e is KubesimError {
  return e instanceof KubesimError && (code === undefined || e.code === code);
}
