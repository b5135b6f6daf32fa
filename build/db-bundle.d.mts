/** The database process's bundle options (see db-bundle.mjs). */
export declare const UNUSED_BY_JSPDF: string[];
export declare const DB_PROCESS_EXTERNAL: string[];
export declare const DB_PROCESS_DEFINE: Record<string, string>;
