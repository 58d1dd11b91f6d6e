/**
 * Loaded into the language server with `node --expose-gc -r` by the endurance test only (nothing in the
 * product): on the message 'heap' over the Node IPC channel, collects garbage fully and answers with the
 * heap in use (less machine code), so the test can compare the server's heap before and after thousands of edits.
 */
import { getHeapSpaceStatistics } from 'node:v8';

process.on('message', (m) => {
  if (m !== 'heap') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    process.send?.({ error: 'start node with --expose-gc' });
    return;
  }
  // Twice: the first pass can leave objects whose finalisation frees more.
  gc();
  gc();
  // Less the machine code V8 keeps compiling as rarer paths of the server get hot: over 24,000 edits it
  // grew 1.1 → 1.7 MB, as much in a build with no change to the server as in one with, and it is no leak.
  const code = getHeapSpaceStatistics().reduce((n, s) => (s.space_name.startsWith('code') ? n + s.space_used_size : n), 0);
  process.send?.({ heapUsed: process.memoryUsage().heapUsed - code });
});
// The IPC channel must not keep the server alive after the editor says exit.
process.channel?.unref();
