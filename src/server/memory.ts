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
 * Collects garbage fully at the two moments a big document's analysis leaves the most of it, when a
 * collection is cheap because little else is alive:
 * - when its old analysis has just been dropped, before the next is made: V8 would leave the dropped
 *   analysis in its heap until the heap had grown several times over (the server's peak memory then held
 *   three or four analyses instead of one). The collection takes 5–10 ms for a 7 MB capture; the analysis
 *   after it runs about 100 ms longer (V8 grows its heap anew and collects once more while building it);
 * - when the new analysis is published, before the index that requests need is built: the parse's and
 *   lint's temporaries (about three times what the analysis keeps) would otherwise stay until the next
 *   edit, and the index would be built on top of them (the server's peak). This one takes 10–30 ms,
 *   after the diagnostics are out.
 */
export function collectGarbage(textChars: number): void {
  if (textChars >= COLLECT_FROM_CHARS) fullGc();
}
