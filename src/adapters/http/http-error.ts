/**
 * The stable codes of the HTTP API's errors. A client may branch on them; the messages are for
 * people and may change.
 */
export const HTTP_ERROR_CODES = {
  not_found: 404,
  person_not_found: 404,
  group_not_found: 404,
  invalid_parameter: 400,
  invalid_input: 400,
  missing_header: 400,
  malformed_payload: 400,
  rejected_payload: 400,
  invalid_signature: 401,
  payload_too_large: 413,
  unsupported_media_type: 415,
  webhooks_disabled: 503,
  storage_busy: 503,
  internal_error: 500,
} as const;

/** One of {@link HTTP_ERROR_CODES}. */
export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

/** The one JSON shape of every error answer. */
export interface HttpErrorBody {
  readonly error: {
    readonly code: HttpErrorCode;
    readonly message: string;
    /** The query parameter or header at fault, when there is one. */
    readonly parameter?: string;
  };
}

/**
 * An error meant for the client: the edge's one error handler answers it with its status and the
 * {@link HttpErrorBody} shape (or an error page, for pages). Anything else thrown is an
 * `internal_error` whose details stay in the server's log.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly parameter: string | undefined;

  constructor(code: HttpErrorCode, message: string, parameter?: string) {
    super(message);
    this.code = code;
    this.parameter = parameter;
  }

  /** The HTTP status of the code. */
  get status(): number {
    return HTTP_ERROR_CODES[this.code];
  }

  /** The body to answer with. */
  toBody(): HttpErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.parameter === undefined ? {} : { parameter: this.parameter }),
      },
    };
  }
}
