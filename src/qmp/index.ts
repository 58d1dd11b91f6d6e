/** The QMP adapter: a client for QEMU's machine protocol and live captures over it (used by the CLI, the VS Code client and scripts). */
export { QmpClient, QmpError } from './client';
export type { QmpErrorKind, QmpEvent, QmpGreeting, QmpOptions } from './client';
export { parseQmpAddress, formatQmpAddress } from './address';
export type { QmpAddress } from './address';
export { captureFromQmp, writeFileAtomically } from './capture';
export type { QmpCaptureOptions } from './capture';
