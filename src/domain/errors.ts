// One error type for the whole product: a stable machine-readable code, a message for people, and where it applies
// the HTTP status. Tests and clients match on `code`, never on the message.

export type VigilErrorCode =
  | 'E_INVALID_JSON'
  | 'E_INVALID_UTF8'
  | 'E_INVALID_ITEM'
  | 'E_LINE_TOO_LONG'
  | 'E_TEXT_TOO_LONG'
  | 'E_INVALID_POLICY'
  | 'E_INVALID_MODEL'
  | 'E_UNREADABLE_INPUT'
  | 'E_USAGE'
  // The server and its store.
  | 'E_INVALID_CONFIG'
  | 'E_INVALID_REQUEST'
  | 'E_BATCH_TOO_LARGE'
  | 'E_PAYLOAD_TOO_LARGE'
  | 'E_UNSUPPORTED_MEDIA_TYPE'
  | 'E_UNAUTHORIZED'
  | 'E_FORBIDDEN'
  | 'E_RATE_LIMITED'
  | 'E_NOT_FOUND'
  | 'E_POLICY_CONFLICT'
  | 'E_STORE_UNAVAILABLE'
  | 'E_DATA_DIR_LOCKED'
  | 'E_SHUTTING_DOWN'
  | 'E_INTERNAL'
  // Human review: the reviewer's hold on a case ran out (or never existed), or the case is already decided.
  | 'E_LEASE_EXPIRED'
  | 'E_CASE_CLOSED'
  // Appeals: too late, already decided, or offered to the reviewer who took the decision appealed.
  | 'E_APPEAL_WINDOW_CLOSED'
  | 'E_APPEAL_CLOSED'
  | 'E_SAME_REVIEWER';

export class VigilError extends Error {
  constructor(
    readonly code: VigilErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'VigilError';
  }

  toJSON(): { code: VigilErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
