/** The contract's read channels, for eslint.config.js (see lint-read-channels.mjs). */
export declare const READ_CHANNELS: readonly string[];
