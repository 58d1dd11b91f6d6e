/**
 * Loaded into the language server with `node --expose-gc -r` by the endurance test only (nothing in the
 * product): on the message 'heap' over the Node IPC channel, collects garbage fully and answers with the
 * heap in use, so the test can compare the server's heap before and after thousands of edits.
 */
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
  process.send?.({ heapUsed: process.memoryUsage().heapUsed });
});
// The IPC channel must not keep the server alive after the editor says exit.
process.channel?.unref();
