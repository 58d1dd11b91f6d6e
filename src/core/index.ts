/** The core's public surface: pure TypeScript, no editor, LSP or Node APIs. */
export * from './model/address';
export * from './model/span';
export * from './model/issues';
export * from './model/region';
export * from './model/capture';
export * from './model/json';
export { parseCapture } from './capture/parse';
export { splitLines } from './capture/lines';
export { summarizeCapture, type CaptureSummary } from './capture/summary';
