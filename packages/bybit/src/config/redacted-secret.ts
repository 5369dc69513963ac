import { inspect } from 'node:util';

/**
 * Holds the API secret so that it cannot leak by accident: JSON, `util.inspect`, template
 * strings and pino all see `[redacted]`. Only the signing code calls `reveal()`.
 */
export class RedactedSecret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}
