/** Escapes LIKE wildcards so user text matches literally; pair with `escape '\'` in the SQL. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
