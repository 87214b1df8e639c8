// Plain values of the artifacts contract, kept apart from the zod schemas in artifacts.ts so the renderer
// can use them without carrying zod into its initial bundle.

export const MIN_CACHE_LIMIT_BYTES = 10 * 1024 * 1024;
export const MAX_CACHE_LIMIT_BYTES = 4 * 1024 ** 4;
