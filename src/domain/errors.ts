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
  | 'E_USAGE';

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
