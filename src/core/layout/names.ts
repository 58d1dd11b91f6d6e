/** A word the layout lexer reads as one bare name. */
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_.\-/:@[\]]*$/;

/**
 * A name as the layout language reads it back: bare when the lexer takes it as one word (it ends words
 * before `->`; keywords are fine in name positions), else quoted with `\"` and `\\` escapes.
 */
export function layoutName(name: string): string {
  if (BARE_NAME.test(name) && !name.includes('->')) return name;
  return '"' + name.replace(/[\\"]/g, (c) => '\\' + c) + '"';
}
