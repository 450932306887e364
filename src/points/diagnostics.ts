// Problems found in a points list, each tied to a line so a person can go straight to it.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line: number;
  severity: Severity;
  message: string;
}

/** `file:line: message` for errors, `file:line: warning: message` for warnings. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** Collects every problem of one document in one pass, sorted by line when read. */
export class DiagnosticList {
  private readonly items: Diagnostic[] = [];

  constructor(readonly file: string) {}

  error(line: number, message: string): void {
    this.items.push({ file: this.file, line, severity: 'error', message });
  }

  warn(line: number, message: string): void {
    this.items.push({ file: this.file, line, severity: 'warning', message });
  }

  get all(): Diagnostic[] {
    return [...this.items].sort((a, b) => a.line - b.line);
  }

  get errors(): Diagnostic[] {
    return this.all.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.all.filter((d) => d.severity === 'warning');
  }

  hasErrorsAt(line: number): boolean {
    return this.items.some((d) => d.severity === 'error' && d.line === line);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}
