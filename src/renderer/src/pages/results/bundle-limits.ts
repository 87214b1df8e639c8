// The bundle size limit as a plain value: the contract's schema module (zod) must stay out of the renderer's
// initial bundle. tests/unit/renderer/bundles checks it equals MAX_BUNDLE_UPLOAD_BYTES.
export const MAX_BUNDLE_UPLOAD_BYTES_VALUE = 1024 ** 3;
