// Types of distState.mjs (plain JavaScript: it runs before tsx is loaded).
export declare const STAMP_FILE: string
export type DistState = { fresh: true } | { fresh: false; reason: string }
export declare function distState(pkgDir: string): DistState
