import { writeJsonText } from '../../../src/core';

/** The JSON text of plain data, as JSON.stringify(data, null, indent) but without recursion (see writeJsonText). */
export function toJsonText(data: unknown, indent = 0): string {
  const pieces: string[] = [];
  writeJsonText(data, indent, (t) => pieces.push(t));
  return pieces.join('');
}
