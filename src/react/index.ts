// flamekit: React components, plus everything from flamekit/core and flamekit/render so that an
// app needs one import.
export * from '../core/index';
export * from '../render/index';
