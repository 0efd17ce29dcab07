// Public surface of the pure kernels (no DOM): geometry, frames, samplers, view plans, TS reference.
export * from './geometry';
export * from './frames';
export * from './sample';
export * from './views';
export * from './reference';
