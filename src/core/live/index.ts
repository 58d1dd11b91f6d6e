/** Live capture: what to ask a running QEMU and how to write the answers as one transcript (no I/O here). */
export * from './transcript';
export { probeAddresses, gpa2hvaFlatView } from './probes';
