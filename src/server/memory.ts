import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// V8 hands `gc` only to contexts made while --expose-gc is set; the flag is put back at once.
setFlagsFromString('--expose-gc');
/** A full garbage collection, now. */
export const fullGc = runInNewContext('gc') as () => void;
setFlagsFromString('--no-expose-gc');

/** Texts from this size up leave enough garbage behind (about 15 times their size) to be worth a collection. */
const COLLECT_FROM_CHARS = 1_000_000;

/**
 * Collects garbage fully when a big document's analysis has just been dropped, before the next is made.
 * V8 would leave the dropped analysis in its heap until the heap had grown several times over (the
 * server's peak memory then held three or four analyses instead of one). With the old analysis the only
 * big thing left, the collection itself takes 5–10 ms for a 7 MB capture; the analysis after it runs
 * about 100 ms longer (V8 grows its heap anew and collects once more while the analysis is built).
 */
export function collectDropped(textChars: number): void {
  if (textChars >= COLLECT_FROM_CHARS) fullGc();
}
