// Where the server writes what happens: pino's shape (an object, a message), so a pino logger fits as it is.

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}
