/**
 * Escapes a field for COPY text input (the sink): backslash, tab, newline, carriage return — the
 * characters PostgreSQL's text format gives meaning to. (Reads use the binary format, copy-binary.ts.)
 */
export function escapeCopy(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
