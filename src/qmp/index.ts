/** The QMP adapter: a client for QEMU's machine protocol and live captures over it (used by the CLI, the VS Code client and scripts). */
export { QmpClient, QmpError } from './client';
export type { QmpErrorKind, QmpEvent, QmpGreeting, QmpOptions } from './client';
export { parseQmpAddress, formatQmpAddress } from './address';
export type { QmpAddress } from './address';
export { captureFromQmp } from './capture';
export { writeFileAtomically } from './write-file';
/** Re-exported so that code loading this bundle at run time tells its failures apart (instanceof needs the bundle's own class). */
export { LiveCaptureError } from '../core/live';
export type { QmpCaptureOptions } from './capture';
